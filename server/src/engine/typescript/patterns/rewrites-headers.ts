import type * as ts from 'typescript';
import { isCallExpression, isIdentifier, isImportDeclaration, isReturnStatement, isVariableDeclaration, isVariableStatement } from '../compiler';
import { addNpmDependency, dirOf, hasNpmDependency, joinPath, nearestPackageJson } from '../../fixes/npm-manifest';
import { LineIndex } from '../../text/positions';
import type { FileChange, TextEdit } from '../../types';
import { parse } from '../parser';
import { enclosingContainer, hasDirective, isFunctionNode, skipOuter } from '../syntax';
import type { FixContext, PatternFix } from './fix';
import type { PatternHit } from './match';

// Next.js: a nonce-based policy set per request in middleware, as Next.js's CSP guide documents.
// A policy with `script-src 'self'` and no nonce (in next.config's `headers()` or the middleware)
// blocks the App Router's inline bootstrap scripts: the page never hydrates. With a nonce in the
// request's Content-Security-Policy header Next.js puts it on its own scripts, and
// `'strict-dynamic'` lets them load the chunks. The nonce is new on every request, so pages must
// render per request: the fix sets `dynamic = 'force-dynamic'` in the App Router's root layout
// (a prerendered page carries no nonce and is blocked).

/** The policy, as a template literal where `${nonce}` is the request's nonce. Styles keep `'unsafe-inline'`: React's `style` props are inline styles no nonce covers. */
const NEXT_POLICY =
  "default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";

/** The other headers every response should carry (what helmet sets by default, in short). */
const OTHER_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
];

const HELPER = 'contentSecurityPolicy';
const MIDDLEWARE_NAMES = ['middleware.ts', 'middleware.js', 'middleware.mjs'];
const LAYOUT_NAMES = ['layout.tsx', 'layout.jsx', 'layout.ts', 'layout.js'];
/** The version range the Express fix adds (helmet 8: Node 18+, ESM and CommonJS). */
const HELMET_RANGE = '^8.0.0';

/** Code in the style of a file: its quote, line break, indentation step, and whether it is TypeScript. */
interface Style {
  q: (s: string) => string;
  eol: string;
  step: string;
  typescript: boolean;
}

function styleOf(c: FixContext, path: string): Style {
  return { q: (s) => c.string(s), eol: c.lines.eol, step: '  ', typescript: /\.[cm]?tsx?$/.test(path) };
}

/**
 * The helper both the created middleware and a merged one call: a fresh nonce, the policy with it,
 * and the request headers Next.js reads the nonce from (`x-nonce` for the app's own `<Script nonce>`).
 */
function helperLines(s: Style): string[] {
  const param = s.typescript ? 'request: { headers: Headers }' : 'request';
  return [
    `/** A Content-Security-Policy with a per-request nonce (Next.js's CSP guide): Next.js puts the nonce on its own scripts; read it with \`headers().get('x-nonce')\` for yours. */`,
    `function ${HELPER}(${param}) {`,
    `${s.step}const nonce = btoa(crypto.randomUUID());`,
    `${s.step}const policy = \`${NEXT_POLICY}\`;`,
    `${s.step}const requestHeaders = new Headers(request.headers);`,
    `${s.step}requestHeaders.set(${s.q('x-nonce')}, nonce);`,
    `${s.step}requestHeaders.set(${s.q('Content-Security-Policy')}, policy);`,
    `${s.step}return { policy, requestHeaders };`,
    `}`,
  ];
}

/** `return NextResponse.next()` → the response with the nonce passed on and the policy and other headers set (`indent` before each line but the first). */
function secureNextLines(s: Style, next: string, request: string, indent: string): string[] {
  return [
    `const { policy, requestHeaders } = ${HELPER}(${request});`,
    `${indent}const response = ${next}({ request: { headers: requestHeaders } });`,
    `${indent}response.headers.set(${s.q('Content-Security-Policy')}, policy);`,
    ...OTHER_HEADERS.map(([key, value]) => `${indent}response.headers.set(${s.q(key)}, ${s.q(value)});`),
    `${indent}return response;`,
  ];
}

/** A whole `middleware.ts` (or `.js`) that sets the policy on every page request. */
function newMiddleware(s: Style): string {
  const lines = [
    s.typescript ? `import { NextResponse, type NextRequest } from ${s.q('next/server')};` : `import { NextResponse } from ${s.q('next/server')};`,
    '',
    s.typescript ? 'export function middleware(request: NextRequest) {' : 'export function middleware(request) {',
    `${s.step}${secureNextLines(s, 'NextResponse.next', 'request', s.step).join(s.eol)}`,
    '}',
    '',
    ...helperLines(s),
    '',
    '// Pages only: not API routes, static files or prefetches (they need no policy and no nonce).',
    'export const config = {',
    `${s.step}matcher: [`,
    `${s.step.repeat(2)}{`,
    `${s.step.repeat(3)}source: ${s.q('/((?!api|_next/static|_next/image|favicon.ico).*)')},`,
    `${s.step.repeat(3)}missing: [`,
    `${s.step.repeat(4)}{ type: ${s.q('header')}, key: ${s.q('next-router-prefetch')} },`,
    `${s.step.repeat(4)}{ type: ${s.q('header')}, key: ${s.q('purpose')}, value: ${s.q('prefetch')} },`,
    `${s.step.repeat(3)}],`,
    `${s.step.repeat(2)}},`,
    `${s.step}],`,
    '};',
    '',
  ];
  return lines.join(s.eol);
}

/**
 * The edits that make `return NextResponse.next()` in a middleware send the policy, when that is
 * safe: a call without arguments (one with `{ request }` already passes headers the fix would
 * have to merge), in a function whose first parameter is the request, where the names the fix
 * declares are free. Undefined otherwise.
 */
function mergeIntoMiddleware(sf: ts.SourceFile, lines: LineIndex, call: ts.Node, s: Style): TextEdit[] | undefined {
  const statement = call.parent;
  if (!isCallExpression(call) || call.arguments.length > 0 || !isReturnStatement(statement) || skipOuter(statement.expression!) !== call) return undefined;
  const fn = enclosingContainer(statement);
  if (!isFunctionNode(fn)) return undefined;
  const request = fn.parameters[0]?.name;
  if (!request || !isIdentifier(request)) return undefined;
  const body = sf.text.slice(fn.getStart(sf), fn.getEnd());
  if (/\b(?:policy|requestHeaders|response)\b/.test(body)) return undefined;
  const lineStart = sf.text.lastIndexOf('\n', statement.getStart(sf) - 1) + 1;
  const indent = /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
  const next = sf.text.slice(call.expression.getStart(sf), call.expression.getEnd());
  const edits: TextEdit[] = [{ range: lines.rangeAt(statement.getStart(sf), statement.getEnd()), newText: secureNextLines(s, next, request.text, indent).join(s.eol) }];
  if (!new RegExp(`\\bfunction ${HELPER}\\b`).test(sf.text)) {
    // The helper goes after the top-level statement holding the middleware.
    let top: ts.Node = fn;
    while (top.parent && top.parent !== sf) top = top.parent;
    edits.push({ range: lines.rangeAt(top.getEnd(), top.getEnd()), newText: `${s.eol}${s.eol}${helperLines(s).join(s.eol)}` });
  }
  return edits;
}

/**
 * The root layout's edit that makes every page render per request (`export const dynamic =
 * 'force-dynamic'`, after its imports): `[]` when it already does, undefined when that cannot be
 * done safely (no App Router layout found, a client layout, another `dynamic` chosen).
 */
function dynamicLayout(c: FixContext, root: string): FileChange[] | undefined {
  if (!c.files) return undefined;
  for (const appDir of [joinPath(root, 'app'), joinPath(root, 'src/app')]) {
    for (const name of LAYOUT_NAMES) {
      const path = joinPath(appDir, name);
      const text = c.files.read(path);
      if (text === undefined) continue;
      const dynamic = /export\s+const\s+dynamic\s*=\s*(['"`])([^'"`]*)\1/.exec(text);
      if (dynamic) return dynamic[2] === 'force-dynamic' ? [] : undefined;
      const sf = parse(text, path);
      if (hasDirective(sf.statements, 'use client') || /\bdynamic\b\s*=/.test(text)) return undefined;
      const lines = new LineIndex(text);
      const imports = sf.statements.filter(isImportDeclaration);
      const after = imports.length ? imports[imports.length - 1].getEnd() : 0;
      const quote = /^[^'"\n]*"/m.test(text) && !/^[^'"\n]*'/m.test(text) ? '"' : "'";
      const line = `// Pages render per request: the Content-Security-Policy nonce (middleware) is new on every request.${lines.eol}export const dynamic = ${quote}force-dynamic${quote};`;
      const newText = after > 0 ? `${lines.eol}${lines.eol}${line}` : `${line}${lines.eol}${lines.eol}`;
      return [{ path, edits: [{ range: lines.rangeAt(after, after), newText }] }];
    }
  }
  return undefined;
}

/** The existing middleware next to a Next.js project folder (`middleware.ts` or `src/middleware.ts`). */
function existingMiddleware(c: FixContext, root: string): { path: string; text: string } | undefined {
  for (const dir of [root, joinPath(root, 'src')]) {
    for (const name of MIDDLEWARE_NAMES) {
      const path = joinPath(dir, name);
      const text = c.files?.read(path);
      if (text !== undefined) return { path, text };
    }
  }
  return undefined;
}

/** Whether the project is TypeScript: a tsconfig.json beside next.config, or a next.config.ts. */
function isTypeScriptProject(c: FixContext, root: string): boolean {
  return /\.ts$/.test(c.path) || c.files?.read(joinPath(root, 'tsconfig.json')) !== undefined;
}

/**
 * next.config without a Content-Security-Policy → the policy in ONE place, the middleware: a new
 * `middleware.ts` (or the existing middleware's `return NextResponse.next()` completed), the root
 * layout rendering per request, and a line in next.config saying where the policy is. Preferred
 * only when all of it could be done; a middleware the fix cannot merge into safely gets the
 * policy from its own finding's fix.
 */
export function addCspNextConfig(hit: PatternHit, c: FixContext): PatternFix | undefined {
  if (!c.files) return undefined; // which files exist decides the fix
  const root = dirOf(c.path);
  const statement = topStatement(hit.node);
  if (!statement) return undefined;
  const existing = existingMiddleware(c, root);
  const layout = dynamicLayout(c, root);
  const files: FileChange[] = [...(layout ?? [])];
  let where: string;
  if (existing) {
    const sf = parse(existing.text, existing.path);
    const lines = new LineIndex(existing.text);
    const s = { ...styleOf(c, existing.path), q: quoteIn(existing.text), eol: lines.eol };
    const calls = nextCalls(sf);
    const merged = calls.length === 1 && !/Content-Security-Policy/.test(existing.text) ? mergeIntoMiddleware(sf, lines, calls[0], s) : undefined;
    if (!merged) return undefined;
    files.unshift({ path: existing.path, edits: merged });
    where = existing.path.slice(existing.path.lastIndexOf('/') + 1);
  } else {
    const name = isTypeScriptProject(c, root) ? 'middleware.ts' : 'middleware.js';
    const path = joinPath(root, name);
    files.unshift({ path, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: newMiddleware({ ...styleOf(c, path), eol: c.lines.eol }) }] });
    where = name;
  }
  const marker = c.insertAt(lineStartOf(c, statement), `// Content-Security-Policy: set per request, with a nonce, in ${where} (Next.js's CSP guide).${c.lines.eol}`);
  const creates = existing ? '' : ` (creates ${where})`;
  return layout
    ? { edits: [marker], files, title: `Add a Content-Security-Policy with a nonce${creates}` }
    : { edits: [marker], files, title: `Add a Content-Security-Policy with a nonce${creates}; make every page render per request yourself`, preferred: false };
}

/**
 * `return NextResponse.next();` in middleware → the nonce policy (see addCspNextConfig), with
 * the root layout rendering per request when the project's files are known. Where the merge is
 * not safe (`NextResponse.next({ request })` already, no request parameter) the helper alone is
 * offered, not preferred, to wire in by hand.
 */
export function addCspMiddleware(hit: PatternHit, c: FixContext): PatternFix | undefined {
  const s = styleOf(c, c.path);
  const merged = mergeIntoMiddleware(c.sf, c.lines, hit.node, s);
  if (!merged) {
    const top = topStatement(hit.node);
    if (!top || new RegExp(`\\bfunction ${HELPER}\\b`).test(c.sf.text)) return undefined;
    const recipe = c.insertAt(top.getEnd(), `${s.eol}${s.eol}${helperLines(s).join(s.eol)}`);
    return { edits: [recipe], title: 'Add the Content-Security-Policy helper (pass its requestHeaders to NextResponse.next and set its policy on the response by hand)', preferred: false };
  }
  const root = /(^|\/)src$/.test(dirOf(c.path)) ? dirOf(dirOf(c.path)) : dirOf(c.path);
  const layout = dynamicLayout(c, root);
  if (layout) return { edits: merged, files: layout, title: 'Add a Content-Security-Policy with a nonce' };
  return { edits: merged, title: 'Add a Content-Security-Policy with a nonce; make every page render per request yourself', preferred: false };
}

/**
 * `const app = express();` → the same plus `app.use(helmet());` (CSP, HSTS, nosniff,
 * frame-ancestors and more, with helmet's strict defaults). An app whose package.json lacks
 * helmet gets it added there; without a package.json found the fix says so and is not preferred.
 */
export function addHelmet(hit: PatternHit, c: FixContext): PatternFix | undefined {
  const declaration = hit.node.parent;
  if (!isVariableDeclaration(declaration) || !isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  if (!isVariableStatement(statement)) return undefined;
  const [helmet, importEdit] = c.ensureImport(['helmet'], 'helmet');
  const use = c.insertAt(statement.getEnd(), `${c.lines.eol}${c.indentOf(statement)}${declaration.name.text}.use(${helmet}());`);
  const edits = [use, ...(importEdit ? [importEdit] : [])];
  const manifest = c.files && nearestPackageJson(c.files, dirOf(c.path));
  if (!manifest) return { edits, title: 'Add a Content-Security-Policy with helmet (add helmet to your dependencies)', preferred: false };
  if (hasNpmDependency(manifest.text, 'helmet')) return { edits, title: 'Add a Content-Security-Policy with helmet' };
  const added = addNpmDependency(manifest, 'helmet', HELMET_RANGE);
  if (!added) return undefined;
  return { edits, files: [added], title: 'Add a Content-Security-Policy with helmet (adds helmet)' };
}

/** The `NextResponse.next(...)` calls returned in a file. */
function nextCalls(sf: ts.SourceFile): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (isReturnStatement(node) && node.expression) {
      const e = skipOuter(node.expression);
      if (isCallExpression(e) && /(?:^|\.)NextResponse\.next$/.test(sf.text.slice(e.expression.getStart(sf), e.expression.getEnd()))) found.push(e);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return found;
}

/** The file's top-level statement holding `node`. */
function topStatement(node: ts.Node): ts.Node | undefined {
  let current: ts.Node | undefined = node;
  while (current?.parent && current.parent.parent) current = current.parent;
  return current?.parent ? current : undefined;
}

function lineStartOf(c: FixContext, node: ts.Node): number {
  return c.sf.text.lastIndexOf('\n', node.getStart(c.sf) - 1) + 1;
}

/** A string literal in another file's quote style. */
function quoteIn(text: string): (s: string) => string {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  const quote = double > single ? '"' : "'";
  return (s) => `${quote}${s.replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`;
}
