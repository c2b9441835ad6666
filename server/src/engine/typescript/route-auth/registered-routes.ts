import type * as ts from 'typescript';
import {
  isArrayLiteralExpression,
  isArrowFunction,
  isCallExpression,
  isFunctionExpression,
  isIdentifier,
  isImportDeclaration,
  isStringLiteral,
  isStringLiteralLike,
  isVariableStatement,
} from '../compiler';
import type { RouteAuthSpec } from '../../rules/spec-types';
import { CalleeMatcher } from '../../taint/callee-pattern';
import { importedNames, requireOf } from '../imports';
import { dottedName, forEachDescendant, skipOuter, type FunctionNode } from '../syntax';
import { perStatement } from '../statement-cache';

// Express and Koa routers: `router.post(path, ...middleware, handler)` registers a route, and
// `router.use(requireAuth)` runs its middleware before every route registered after it on the same
// receiver (with a leading path, only before those under it), as the frameworks run them.
// `app.use('/admin', requireAuth, adminRouter)` guards every route of `adminRouter`: in this file
// when it is a local router, in its own module when it is imported (ModuleSummary.guardedIncludes).

/** One framework's routeAuth data, compiled once. */
export interface CompiledRouteAuth {
  imports: readonly string[];
  routes: CalleeMatcher;
  mounts: CalleeMatcher;
  authenticators: CalleeMatcher;
  authenticatorNames?: RegExp;
}

const compiledSpecs = new WeakMap<RouteAuthSpec, CompiledRouteAuth>();

export function compileRouteAuth(spec: RouteAuthSpec): CompiledRouteAuth {
  let c = compiledSpecs.get(spec);
  if (!c) {
    c = {
      imports: spec.imports ?? [],
      routes: new CalleeMatcher(spec.routes ?? []),
      mounts: new CalleeMatcher(spec.mounts ?? []),
      authenticators: new CalleeMatcher(spec.authenticators ?? []),
      authenticatorNames: spec.authenticatorNames ? new RegExp(spec.authenticatorNames) : undefined,
    };
    compiledSpecs.set(spec, c);
  }
  return c;
}

/** A route registered with a handler whose body this file shows. */
export interface RegisteredRoute {
  fn: FunctionNode;
  /** Where the finding goes: the registration's callee (`router.post`). */
  name: ts.Node;
  /** `router.post('/orders')`: names the route in the message. */
  label: string;
  method: string;
  /** The router it is registered on, as written (`router`, `adminRouter`). */
  receiver: string;
  path?: string;
  /** Authentication runs before it: its own middleware, an earlier `use` on its router, or the router mounted behind it here. */
  guarded: boolean;
}

const HTTP_METHODS: Record<string, string> = { post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', del: 'DELETE', get: 'GET', all: 'ALL' };

interface Use {
  pos: number;
  receiver: string;
  paths?: string[];
  auth: boolean;
  /** Routers it mounts: local names, or modules imported (`[specifier, export name]`); `behindAuth` when an authenticating middleware comes before it in the call. */
  routers: { local?: string; imported?: [string, string]; behindAuth: boolean }[];
}

/** The specs whose packages the file imports: only there do `router.post` calls register routes of that framework. */
export function specsFor(sf: ts.SourceFile, specs: readonly CompiledRouteAuth[]): CompiledRouteAuth[] {
  if (specs.length === 0) return [];
  const modules = new Set<string>();
  for (const statement of sf.statements) if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier)) modules.add(statement.moduleSpecifier.text);
  for (const m of sf.text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) modules.add(m[1]);
  return specs.filter((s) => s.imports.length === 0 || s.imports.some((p) => modules.has(p) || [...modules].some((m) => m.startsWith(`${p}/`))));
}

interface Registrations {
  routes: ts.CallExpression[];
  uses: ts.CallExpression[];
}

/**
 * The file's route registrations and `use` calls, in source order. Each top-level statement's
 * calls depend on it alone: the statements a keystroke leaves alone keep theirs in the file's
 * statement cache.
 */
function registrations(sf: ts.SourceFile, spec: CompiledRouteAuth): Registrations {
  const parts = perStatement(sf, 'route-registrations', [spec], (statement) => registrationsIn(statement, spec));
  return { routes: parts.flatMap((p) => p.routes), uses: parts.flatMap((p) => p.uses) };
}

function registrationsIn(root: ts.Node, spec: CompiledRouteAuth): Registrations {
  const routes: ts.CallExpression[] = [];
  const uses: ts.CallExpression[] = [];
  forEachDescendant(root, (n) => {
    if (!isCallExpression(n)) return;
    const callee = calleeOf(n);
    if (!callee) return;
    if (spec.routes.matches(callee)) routes.push(n);
    else if (spec.mounts.matches(callee)) uses.push(n);
  });
  const byPos = (a: ts.Node, b: ts.Node) => a.pos - b.pos;
  return { routes: routes.sort(byPos), uses: uses.sort(byPos) };
}

/** `router.post` of `router.post(...)`; not `getRouter().post` (unknown receiver). */
function calleeOf(call: ts.CallExpression): string | undefined {
  const e = skipOuter(call.expression);
  return isCallExpression(e) ? undefined : dottedName(e);
}

/**
 * Whether a middleware argument authenticates: `requireAuth`, `auth()`, `passport.authenticate('jwt')`,
 * `[auth, validate]`, or a name the file made with such a call (`const canWriteInvoices = authorize('invoices:write')`).
 */
export function authenticates(arg: ts.Expression, spec: CompiledRouteAuth, madeBy?: ReadonlyMap<string, string>): boolean {
  const e = skipOuter(arg);
  if (isArrayLiteralExpression(e)) return e.elements.some((el) => authenticates(el, spec, madeBy));
  if (isArrowFunction(e) || isFunctionExpression(e) || isStringLiteralLike(e)) return false;
  const name = dottedName(e);
  if (!name) return false;
  const factory = isIdentifier(e) ? madeBy?.get(e.text) : undefined;
  return authenticatingName(name, spec) || (factory !== undefined && authenticatingName(factory, spec));
}

function authenticatingName(name: string, spec: CompiledRouteAuth): boolean {
  return spec.authenticators.matches(name) || !!spec.authenticatorNames?.test(name.slice(name.lastIndexOf('.') + 1));
}

/** Top-level `const x = f(...)`: x → `f`, the factory that made it. */
function factories(sf: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of sf.statements) {
    if (!isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      const init = d.initializer && skipOuter(d.initializer);
      const callee = init && isCallExpression(init) ? dottedName(init.expression) : undefined;
      if (isIdentifier(d.name) && callee) out.set(d.name.text, callee);
    }
  }
  return out;
}

function pathsOf(arg: ts.Expression | undefined): string[] | undefined {
  if (!arg) return undefined;
  const e = skipOuter(arg);
  if (isStringLiteralLike(e)) return [e.text];
  if (isArrayLiteralExpression(e) && e.elements.length > 0 && e.elements.every((el) => isStringLiteralLike(el))) return e.elements.map((el) => (el as ts.StringLiteralLike).text);
  return undefined;
}

/** Whether a `use` limited to `prefix` runs before a route at `path` (`/admin` before `/admin/users`, not `/administrators`). */
function under(path: string | undefined, prefix: string): boolean {
  if (prefix === '/' || prefix === '' || prefix === '*' || prefix === '/*') return true;
  if (path === undefined) return false;
  const base = prefix.replace(/\/\*?$/, '');
  return path === base || path.startsWith(`${base}/`);
}

function usesOf(calls: readonly ts.CallExpression[], spec: CompiledRouteAuth, imported: ReturnType<typeof importedNames>, madeBy: ReadonlyMap<string, string>): Use[] {
  return calls.map((call) => {
    const callee = calleeOf(call)!;
    const paths = pathsOf(call.arguments[0]);
    const rest = paths ? call.arguments.slice(1) : [...call.arguments];
    const routers: Use['routers'] = [];
    let auth = false;
    for (const arg of rest) {
      const e = skipOuter(arg);
      if (authenticates(e, spec, madeBy)) {
        auth = true;
        continue;
      }
      const from = requireOf(e);
      if (from?.startsWith('.')) routers.push({ imported: [from, 'default'], behindAuth: auth });
      else if (isIdentifier(e)) {
        const binding = imported.get(e.text);
        if (binding?.module.startsWith('.')) routers.push({ imported: [binding.module, binding.member ?? 'default'], behindAuth: auth });
        else if (!binding) routers.push({ local: e.text, behindAuth: auth });
      }
    }
    return { pos: call.pos, receiver: callee.slice(0, callee.lastIndexOf('.')), paths, auth, routers };
  });
}

/** Whether an earlier `use` on `receiver` authenticates every request reaching `path`. */
function guardedByUse(uses: readonly Use[], receiver: string, pos: number, path: string | undefined): boolean {
  return uses.some((u) => u.pos < pos && u.receiver === receiver && u.auth && (!u.paths || u.paths.some((p) => under(path, p))));
}

/** Local routers mounted behind authentication in this file (`app.use('/admin', requireAuth, admin)`, or after `app.use(requireAuth)`). */
function guardedLocalRouters(uses: readonly Use[]): Set<string> {
  const out = new Set<string>();
  for (const u of uses) {
    const guarded = guardedByUse(uses, u.receiver, u.pos, u.paths?.[0]);
    for (const r of u.routers) if (r.local && (guarded || r.behindAuth)) out.add(r.local);
  }
  return out;
}

/** The routes registered in the file with a handler it shows, each with whether authentication runs before it. */
export function registeredRoutes(sf: ts.SourceFile, specs: readonly CompiledRouteAuth[], local: ReadonlyMap<string, FunctionNode>): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const imported = importedNames(sf);
  const madeBy = factories(sf);
  for (const spec of specs) {
    const { routes, uses: useCalls } = registrations(sf, spec);
    if (routes.length === 0) continue;
    const uses = usesOf(useCalls, spec, imported, madeBy);
    const mounted = guardedLocalRouters(uses);
    for (const call of routes) {
      const callee = calleeOf(call)!;
      const dot = callee.lastIndexOf('.');
      const receiver = callee.slice(0, dot);
      const method = HTTP_METHODS[callee.slice(dot + 1).toLowerCase()];
      const args = call.arguments;
      const last = args.length > 1 ? skipOuter(args[args.length - 1]) : undefined;
      const fn = !last ? undefined : isArrowFunction(last) || isFunctionExpression(last) ? last : isIdentifier(last) ? local.get(last.text) : undefined;
      if (!method || !fn) continue;
      // Koa's router takes an optional route name first: `router.post('documents.create', auth(), handler)`.
      const strings = args.slice(0, -1).filter((a) => isStringLiteralLike(skipOuter(a)));
      const path = strings.length > 0 ? (skipOuter(strings[strings.length - 1]) as ts.StringLiteralLike).text : undefined;
      const middleware = args.slice(0, -1).filter((a) => !isStringLiteralLike(skipOuter(a)));
      const guarded = middleware.some((a) => authenticates(a, spec, madeBy)) || guardedByUse(uses, receiver, call.pos, path) || mounted.has(receiver);
      out.push({ fn, name: call.expression, label: `${callee}(${path === undefined ? '…' : `'${path}'`})`, method, receiver, path, guarded });
    }
  }
  return out;
}

/**
 * What a module tells the modules it mounts (ModuleSummary.guardedIncludes): the routers it imports
 * and mounts behind authentication, as [specifier as written, export name] (`default` for a default
 * import or a whole `require`).
 */
export function guardedMounts(sf: ts.SourceFile, specs: readonly CompiledRouteAuth[]): [string, string][] {
  const out: [string, string][] = [];
  const imported = importedNames(sf);
  const madeBy = factories(sf);
  for (const spec of specs) {
    const { uses: useCalls } = registrations(sf, spec);
    const uses = usesOf(useCalls, spec, imported, madeBy);
    for (const u of uses) {
      const guarded = guardedByUse(uses, u.receiver, u.pos, u.paths?.[0]);
      for (const r of u.routers) if (r.imported && (guarded || r.behindAuth)) out.push(r.imported);
    }
  }
  return out;
}
