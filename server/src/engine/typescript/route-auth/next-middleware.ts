import type * as ts from 'typescript';
import {
  isArrayLiteralExpression,
  isCallExpression,
  isExportAssignment,
  isExportDeclaration,
  isFunctionDeclaration,
  isIdentifier,
  isNamedExports,
  isNumericLiteral,
  isObjectLiteralExpression,
  isPropertyAssignment,
  isStringLiteralLike,
  isVariableStatement,
  SyntaxKind,
} from '../compiler';
import type { ProjectFiles } from '../../modules';
import type { RouteAuthSpec } from '../../rules/spec-types';
import { CalleeMatcher } from '../../taint/callee-pattern';
import { parse } from '../parser';
import { dottedName, forEachDescendant, hasModifier, skipOuter } from '../syntax';

// Next.js runs one middleware (`middleware.ts`, `proxy.ts` since Next 16) beside the `app/` folder
// before every request its `config.matcher` selects. It guards an App Router route handler when
// the matcher selects the route's path and the middleware checks the session and turns requests
// without one away (a redirect, a 401/403). Server Actions are not guarded this way: an action can
// be called from any page, so a matcher that covers the page does not cover the action.

type MiddlewareSpec = NonNullable<RouteAuthSpec['middleware']>;

interface Compiled {
  session: CalleeMatcher;
  reads: CalleeMatcher;
  names?: RegExp;
  refusals: CalleeMatcher;
  wrappers: CalleeMatcher;
}
const compiledSpecs = new WeakMap<MiddlewareSpec, Compiled>();

/** What a middleware file does, by its text (a project has one, read by every route file that asks). */
interface Middleware {
  authenticates: boolean;
  /** Path patterns it runs for; undefined: every path. Empty: none we can read. */
  matchers?: RegExp[];
}
const byText = new Map<string, Middleware>();
const CACHE_LIMIT = 50;

/** `app/api/orders/[id]/route.ts` under `web/src` → folder `web/src`, path `/api/orders/x`; undefined for a file that is no route handler. */
export function routeOfFile(file: string): { folder: string; path: string } | undefined {
  const m = /^(?:(.*)\/)?app\/((?:[^/]+\/)*)route\.[cm]?[jt]sx?$/.exec(file.replace(/\\/g, '/'));
  if (!m) return undefined;
  const segments = m[2]
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => (/^\[\[?\.\.\./.test(s) ? 'x/y' : /^\[.*\]$/.test(s) ? 'x' : s));
  return { folder: m[1] ?? '', path: `/${segments.join('/')}` };
}

/** Whether the project's middleware authenticates the route handler file at `file`, and which middleware file says so. */
export function middlewareGuards(file: string, files: ProjectFiles | undefined, spec: MiddlewareSpec): string | undefined {
  const route = routeOfFile(file);
  if (!route || !files) return undefined;
  for (const name of spec.files) {
    const path = route.folder ? `${route.folder}/${name}` : name;
    const text = files.read(path);
    if (text === undefined) continue;
    // One middleware per project: the first file found is the one Next.js runs.
    const middleware = read(text, name, spec);
    const covered = !middleware.matchers || middleware.matchers.some((m) => m.test(route.path));
    return middleware.authenticates && covered ? path : undefined;
  }
  return undefined;
}

function read(text: string, name: string, spec: MiddlewareSpec): Middleware {
  const key = `${name}\u0000${text}`;
  let found = byText.get(key);
  if (!found) {
    let c = compiledSpecs.get(spec);
    if (!c) {
      c = {
        session: new CalleeMatcher(spec.sessionCalls),
        reads: new CalleeMatcher(spec.sessionReads ?? []),
        names: spec.sessionNames ? new RegExp(spec.sessionNames, 'i') : undefined,
        refusals: new CalleeMatcher(spec.refusals),
        wrappers: new CalleeMatcher(spec.wrappers ?? []),
      };
      compiledSpecs.set(spec, c);
    }
    const sf = parse(text, name);
    found = { authenticates: authenticates(sf, c, spec), matchers: matchers(sf) };
    if (byText.size >= CACHE_LIMIT) byText.clear();
    byText.set(key, found);
  }
  return found;
}

/** The middleware function (`export function middleware`, `export default`, `export const proxy = …`), or a wrapper that authenticates by itself. */
function authenticates(sf: ts.SourceFile, c: Compiled, spec: MiddlewareSpec): boolean {
  const bodies: ts.Node[] = [];
  for (const statement of sf.statements) {
    if (isFunctionDeclaration(statement) && hasModifier(statement, SyntaxKind.ExportKeyword) && statement.body) bodies.push(statement.body);
    else if (isVariableStatement(statement) && hasModifier(statement, SyntaxKind.ExportKeyword)) {
      for (const d of statement.declarationList.declarations) if (d.initializer) bodies.push(d.initializer);
    } else if (isExportAssignment(statement)) {
      const e = skipOuter(statement.expression);
      // `export default withAuth(...)`: next-auth redirects every unauthenticated request itself.
      if (isCallExpression(e) && c.wrappers.matches(dottedName(e.expression))) return true;
      bodies.push(e);
    } else if (isExportDeclaration(statement) && statement.exportClause && isNamedExports(statement.exportClause)) {
      // `export { default } from 'next-auth/middleware'` (withAuth: `wrapperModules`), `export { withAuth as middleware }`.
      const from = statement.moduleSpecifier && isStringLiteralLike(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (from && spec.wrapperModules?.includes(from)) return true;
      if (statement.exportClause.elements.some((e) => c.wrappers.matches((e.propertyName ?? e.name).text))) return true;
    }
  }
  // The helpers the middleware calls in the same file count (`return await updateSession(request)` defined below).
  const local = new Map<string, ts.Node>();
  for (const statement of sf.statements) if (isFunctionDeclaration(statement) && statement.name && statement.body) local.set(statement.name.text, statement.body);
  let session = false;
  let refuses = false;
  const seen = new Set<ts.Node>();
  const visit = (root: ts.Node, depth: number) => {
    if (seen.has(root)) return;
    seen.add(root);
    forEachDescendant(root, (n) => {
      if (isCallExpression(n)) {
        const callee = dottedName(n.expression);
        if (c.session.matches(callee)) session = true;
        if (c.reads.matches(callee) && namesSession(n.arguments[0], c)) session = true;
        if (c.refusals.matches(callee)) refuses = true;
        if (depth === 0 && callee && local.has(callee)) visit(local.get(callee)!, 1);
      } else if (isPropertyStatus(n)) refuses = true;
      return undefined;
    });
  };
  for (const body of bodies) visit(body, 0);
  return session && refuses;
}

/** `status: 401` / `status: 403` in an object literal (`new NextResponse(null, { status: 401 })`, `Response.json(…, { status: 403 })`). */
function isPropertyStatus(n: ts.Node): boolean {
  if (!isPropertyAssignment(n) || !isIdentifier(n.name) || n.name.text !== 'status') return false;
  const v = skipOuter(n.initializer);
  return isNumericLiteral(v) && (v.text === '401' || v.text === '403');
}

function namesSession(arg: ts.Expression | undefined, c: Compiled): boolean {
  if (!arg || !c.names) return false;
  const e = skipOuter(arg);
  if (isStringLiteralLike(e)) return c.names.test(e.text);
  const name = dottedName(e);
  return !!name && c.names.test(name);
}

/** `export const config = { matcher: … }`: the paths it selects, as regular expressions; undefined when every path runs it. */
function matchers(sf: ts.SourceFile): RegExp[] | undefined {
  for (const statement of sf.statements) {
    if (!isVariableStatement(statement) || !hasModifier(statement, SyntaxKind.ExportKeyword)) continue;
    for (const d of statement.declarationList.declarations) {
      const init = d.initializer && skipOuter(d.initializer);
      if (!isIdentifier(d.name) || d.name.text !== 'config' || !init || !isObjectLiteralExpression(init)) continue;
      const matcher = init.properties.find((p) => isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === 'matcher') as ts.PropertyAssignment | undefined;
      if (!matcher) return undefined;
      const value = skipOuter(matcher.initializer);
      const entries = isArrayLiteralExpression(value) ? value.elements.map((e) => skipOuter(e)) : [value];
      const out: RegExp[] = [];
      for (const entry of entries) {
        const source = isStringLiteralLike(entry) ? entry.text : isObjectLiteralExpression(entry) ? objectSource(entry) : undefined;
        const regex = source === undefined ? undefined : matcherRegex(source);
        if (regex) out.push(regex);
      }
      return out;
    }
  }
  return undefined;
}

/** `{ source: '/api/:path*' }`; one with `has`/`missing` conditions runs for some requests only, so it guards none for sure. */
function objectSource(entry: ts.ObjectLiteralExpression): string | undefined {
  let source: string | undefined;
  for (const p of entry.properties) {
    if (!isPropertyAssignment(p) || !isIdentifier(p.name)) return undefined;
    if (p.name.text === 'has' || p.name.text === 'missing') return undefined;
    if (p.name.text === 'source' && isStringLiteralLike(skipOuter(p.initializer))) source = (skipOuter(p.initializer) as ts.StringLiteralLike).text;
  }
  return source;
}

/**
 * A matcher (path-to-regexp, as Next.js reads it) as a regular expression: `/admin/:path*`,
 * `/api/:id`, `/api/:rest+`, and regex groups such as `/((?!api|_next/static).*)`.
 */
export function matcherRegex(source: string): RegExp | undefined {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '/' && source[i + 1] === ':') {
      const name = /^:\w+/.exec(source.slice(i + 1));
      if (!name) return undefined;
      i += 1 + name[0].length;
      let segment = '[^/]+';
      if (source[i] === '(') {
        const group = balanced(source, i);
        if (group === undefined) return undefined;
        segment = source.slice(i + 1, group);
        i = group + 1;
      }
      const modifier = source[i];
      if (modifier === '*') out += `(?:/${segment})*`;
      else if (modifier === '+') out += `(?:/${segment})+`;
      else if (modifier === '?') out += `(?:/${segment})?`;
      else out += `/${segment}`;
      if (modifier === '*' || modifier === '+' || modifier === '?') i++;
    } else if (ch === '(') {
      const group = balanced(source, i);
      if (group === undefined) return undefined;
      out += source.slice(i, group + 1);
      i = group + 1;
    } else {
      out += ch === '*' ? '.*' : ch.replace(/[\\^$.+?[\]{}|]/g, '\\$&');
      i++;
    }
  }
  try {
    return new RegExp(`^${out}/?$`);
  } catch {
    return undefined;
  }
}

/** The index of the parenthesis closing the one at `open`. */
function balanced(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return undefined;
}
