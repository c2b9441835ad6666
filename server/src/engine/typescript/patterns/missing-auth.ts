import type * as ts from 'typescript';
import {
  SyntaxKind,
  isArrowFunction,
  isCallExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isStringLiteralLike,
  isTemplateExpression,
  isVariableStatement,
} from '../compiler';
import type { MissingAuthSpec, RouteAuthSpec } from '../../rules/spec-types';
import type { ProjectFiles, ProjectModules } from '../../modules';
import { routersMountedWithAuth } from '../route-auth/mounted-routers';
import { middlewareGuards } from '../route-auth/next-middleware';
import { compileRouteAuth, registeredRoutes, specsFor, type RegisteredRoute } from '../route-auth/registered-routes';
import { CalleeMatcher } from '../../taint/callee-pattern';
import { bodyStatements, dottedName, forEachDescendant, hasDirective, hasModifier, isFunctionNode, skipOuter, type FunctionNode } from '../syntax';

/** A request handler that changes data without the session check the file's other handlers make. */
export interface UnguardedHandler {
  name: ts.Node;
  /** The handler's name (`POST`, `deleteOrder`, `router.post('/orders')`). */
  label: string;
}

/** Where authentication may live outside the file: the framework data, and the project's other modules and files. */
export interface RouteAuthContext {
  path: string;
  frameworks: readonly RouteAuthSpec[];
  modules?: ProjectModules;
  files?: ProjectFiles;
}

/** HTTP methods whose route handlers change data (a `GET` should not). */
const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** `hash.update(...)`, `cipher.update(...)`: crypto's `update` digests data, it writes nothing. */
const CRYPTO_RECEIVER = /hash|hmac|cipher|digest/i;

interface Compiled {
  session: CalleeMatcher;
  mutation: CalleeMatcher;
  sql?: RegExp;
  refusal?: RegExp;
  publicRoutes?: RegExp;
}
const compiled = new WeakMap<MissingAuthSpec, Compiled>();

/**
 * A01 Broken Access Control, within one file: when some route handler or Server Action here
 * checks the session (`await auth()`), or some route is registered behind authenticating middleware
 * (`router.post('/x', requireAuth, …)`), every other one that writes data (an INSERT, a
 * `prisma.x.delete`) must be authenticated too. Calls into the file's own functions count, one level
 * deep (`await requireStaff()` wrapping `getServerSession`). Authentication outside the handler
 * counts as the framework runs it: an earlier `router.use(requireAuth)`, the router mounted behind
 * authentication (here or in the module assembling the app), the Next.js middleware whose matcher
 * selects the route. Files where nothing is authenticated are left alone: there the project's auth
 * lives elsewhere or nowhere we can see.
 */
export function unguardedHandlers(sf: ts.SourceFile, spec: MissingAuthSpec, context?: RouteAuthContext): UnguardedHandler[] {
  let c = compiled.get(spec);
  if (!c) {
    c = {
      session: new CalleeMatcher(spec.sessionCalls),
      mutation: new CalleeMatcher(spec.mutationCalls),
      sql: spec.mutationSql ? new RegExp(spec.mutationSql, 'i') : undefined,
      refusal: spec.refusal ? new RegExp(spec.refusal) : undefined,
      publicRoutes: spec.publicRoutes ? new RegExp(spec.publicRoutes, 'i') : undefined,
    };
    compiled.set(spec, c);
  }
  const local = localFunctions(sf);
  const routeSpecs = specsFor(sf, (context?.frameworks ?? []).filter((f) => f.routes).map(compileRouteAuth));
  const handlers: Handler[] = [...requestHandlers(sf), ...registeredRoutes(sf, routeSpecs, local).map((r) => ({ ...r, route: r }))];
  if (handlers.length < 2) return [];
  const facts = handlers.map((h) => ({ ...h, ...callFacts(h.fn, c!, local) }));
  if (!facts.some((f) => f.checksSession || f.route?.guarded)) return [];
  const candidates = facts.filter((f) => f.mutates && (!f.route || MUTATING_METHODS.has(f.route.method)) && !f.checksSession && !f.route?.guarded && !refuses(f.fn, sf, c!) && !isPublic(f, c!) && !saysPublic(f.fn, sf));
  if (candidates.length === 0) return [];
  // Authentication outside the file, looked up only when there is something to report.
  const mounted = context && candidates.some((f) => f.route) ? routersMountedWithAuth(context.path, sf, context.modules) : new Set<string>();
  const middleware = context?.frameworks.find((f) => f.middleware)?.middleware;
  const guardedByMiddleware = middleware && candidates.some((f) => !f.route && !f.action) ? !!middlewareGuards(context!.path, context!.files, middleware) : false;
  return candidates
    .filter((f) => (f.route ? !mounted.has(f.route.receiver) : f.action || !guardedByMiddleware))
    .map((f) => ({ name: f.name, label: f.label }));
}

/** The handler turns callers away itself (`res.status(401)`, `ctx.throw(403)`): checked, though not by a session call we know. */
function refuses(fn: FunctionNode, sf: ts.SourceFile, c: Compiled): boolean {
  return !!c.refusal && !!fn.body && c.refusal.test(sf.text.slice(fn.body.pos, fn.body.end));
}

/** The handler says it is public on purpose (`// This endpoint doesn't require authentication`), as Python docstrings do. */
const PUBLIC_INTENT = /\b(?:does\s*n[o']t|do\s*n[o']t|no)\s+(?:require|need)s?\s+(?:any\s+)?(?:authentication|auth\b|login|a\s+session)/i;

function saysPublic(fn: FunctionNode, sf: ts.SourceFile): boolean {
  return !!fn.body && PUBLIC_INTENT.test(sf.text.slice(fn.body.pos, fn.body.end));
}

/** Routes public by design: logging in, signing up, webhooks (by their path or handler name). */
function isPublic(h: Handler, c: Compiled): boolean {
  if (!h.route || !c.publicRoutes) return false;
  return c.publicRoutes.test(h.route.path ?? '') || (isFunctionDeclaration(h.fn) && !!h.fn.name && c.publicRoutes.test(h.fn.name.text));
}

interface Handler {
  fn: FunctionNode;
  name: ts.Node;
  label: string;
  /** A Server Action: any page can call it, so no middleware matcher guards it. */
  action?: boolean;
  /** An Express/Koa route registration. */
  route?: RegisteredRoute;
}

/** Mutating route handlers (`export async function POST`), exported Server Actions (`'use server'` file) and inline ones (`'use server'` in the body). */
function requestHandlers(sf: ts.SourceFile): Handler[] {
  const out: Handler[] = [];
  const serverFile = hasDirective(sf.statements, 'use server');
  for (const statement of sf.statements) {
    if (!hasModifier(statement, SyntaxKind.ExportKeyword)) continue;
    const exported: [ts.Identifier, FunctionNode][] = [];
    if (isFunctionDeclaration(statement) && statement.name && statement.body) exported.push([statement.name, statement]);
    if (isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer && skipOuter(d.initializer);
        if (isIdentifier(d.name) && init && (isArrowFunction(init) || isFunctionExpression(init))) exported.push([d.name, init]);
      }
    }
    for (const [name, fn] of exported) {
      if (MUTATING_METHODS.has(name.text) || serverFile) out.push({ fn, name, label: name.text, action: !MUTATING_METHODS.has(name.text) });
    }
  }
  // Inline Server Actions need the directive's text: a client component posting forms with
  // `method: 'POST'` is not walked once more per keystroke.
  if (!serverFile && sf.text.includes('use server')) {
    forEachDescendant(sf, (n) => {
      if (isFunctionNode(n) && hasDirective(bodyStatements(n), 'use server')) {
        const name = isFunctionDeclaration(n) && n.name ? n.name : n;
        out.push({ fn: n, name, label: isFunctionDeclaration(n) && n.name ? n.name.text : 'inline Server Action', action: true });
      }
    });
  }
  return out;
}

/** Top-level functions by name, for one level of calls into the file's own helpers. */
function localFunctions(sf: ts.SourceFile): Map<string, FunctionNode> {
  const functions = new Map<string, FunctionNode>();
  for (const statement of sf.statements) {
    if (isFunctionDeclaration(statement) && statement.name) functions.set(statement.name.text, statement);
    if (isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer && skipOuter(d.initializer);
        if (isIdentifier(d.name) && init && isFunctionNode(init)) functions.set(d.name.text, init);
      }
    }
  }
  return functions;
}

interface CallFacts {
  checksSession: boolean;
  mutates: boolean;
}

/** What a function's own calls do, and the file's functions it calls by name (`await requireStaff()`). */
interface DirectFacts extends CallFacts {
  calls: string[];
}

/**
 * Direct facts by function node, per compiled spec: they read the function's subtree alone, and the
 * incremental parser hands unedited functions to the next tree as the same nodes, so a keystroke
 * walks only the handler it edits.
 */
const directFactsCache = new WeakMap<Compiled, WeakMap<FunctionNode, DirectFacts>>();

function callFacts(fn: FunctionNode, c: Compiled, local: ReadonlyMap<string, FunctionNode>, depth = 0): CallFacts {
  const direct = directFacts(fn, c);
  const facts = { checksSession: direct.checksSession, mutates: direct.mutates };
  if (depth > 0) return facts;
  // One level of calls into the file's own helpers.
  for (const name of direct.calls) {
    const helper = local.get(name);
    if (!helper || helper === fn) continue;
    const inner = callFacts(helper, c, local, 1);
    facts.checksSession ||= inner.checksSession;
    facts.mutates ||= inner.mutates;
  }
  return facts;
}

function directFacts(fn: FunctionNode, c: Compiled): DirectFacts {
  let byFunction = directFactsCache.get(c);
  if (!byFunction) directFactsCache.set(c, (byFunction = new WeakMap()));
  const known = byFunction.get(fn);
  if (known) return known;
  const facts: DirectFacts = { checksSession: false, mutates: false, calls: [] };
  byFunction.set(fn, facts);
  if (!fn.body) return facts;
  forEachDescendant(fn.body, (n) => {
    if (!isCallExpression(n)) return;
    const callee = dottedName(n.expression);
    if (!callee) return;
    if (c.session.matches(callee)) facts.checksSession = true;
    else if (c.mutation.matches(callee) && !CRYPTO_RECEIVER.test(callee)) facts.mutates = true;
    else if (c.sql && /(?:^|\.)(?:query|execute|run|\$executeRaw|\$executeRawUnsafe)$/.test(callee) && writesSql(n.arguments[0], c.sql)) facts.mutates = true;
    else if (isIdentifier(n.expression)) facts.calls.push(callee);
  });
  return facts;
}

function writesSql(arg: ts.Expression | undefined, sql: RegExp): boolean {
  if (!arg) return false;
  const e = skipOuter(arg);
  if (isStringLiteralLike(e)) return sql.test(e.text);
  if (isTemplateExpression(e)) return sql.test(e.head.text);
  return false;
}
