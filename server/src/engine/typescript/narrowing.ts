import type * as ts from 'typescript';
import {
  SyntaxKind,
  isArrayLiteralExpression,
  isBinaryExpression,
  isBlock,
  isReturnStatement,
  isCallExpression,
  isIdentifier,
  isNewExpression,
  isNumericLiteral,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isStringLiteralLike,
} from './compiler';
import { isTainted } from '../taint/taint';
import { dottedName, forEachDescendant, skipOuter } from './syntax';
import { URL_ORIGIN, declarationOf, fixesOrigin } from './url-origin';
import type { TaintWalker } from './taint-walker';

/** Checks that only numbers pass. */
const NUMBER_CHECKS = new Set(['Number.isInteger', 'Number.isSafeInteger', 'Number.isFinite']);
/** Membership tests against a collection: an allow-list when the collection is constant. */
const MEMBERSHIP_METHODS = new Set(['includes', 'has']);
/** URL members that name where it points. */
const ORIGIN_PARTS = new Set(['hostname', 'host', 'origin']);
/** What `file.startsWith(UPLOAD_DIR)` proves: the path stays under a folder of ours. */
const PATH_PREFIX_RULES = ['path-traversal'];

/** A variable a condition proves clean: for every rule, or (`rules`) for those only. */
export interface Proven {
  name: string;
  rules?: readonly string[];
  /** Rules the check has a known bypass for: the value stays reported for them, as a warning. */
  weak?: readonly string[];
  /** A member read checked in place (`ALLOWED.includes(req.params.file)`): `name` is its dotted path. */
  path?: ts.Expression;
}
const key = (p: Proven) => `${p.name} ${p.rules?.join(',') ?? ''}`;

/**
 * Variables that a condition proves clean when it evaluates to `truthy`: the allow-list
 * (`SORTABLE.includes(sort)`, `COLUMNS.has(col)`), comparison with a constant
 * (`dir === 'asc'`) and `Number.isInteger(id)`, through `!`, `&&` and `||`; and for some rules
 * only, a prefix check (`file.startsWith(INVOICE_DIR)`, `next.startsWith('https://shop.example/')`).
 */
export function cleanWhen(condition: ts.Expression, truthy: boolean, w: TaintWalker): Proven[] {
  const relative = relativePathChecks(condition, truthy);
  const proven = provenWhen(condition, truthy, w);
  return relative.length ? [...relative, ...proven.filter((p) => !relative.some((r) => r.name === p.name))] : proven;
}

/** What a relative-path check proves (see relativeFacts): with the backslash refused the URL stays here; without, `/\\evil.example` passes. */
function relativePathChecks(condition: ts.Expression, truthy: boolean): Proven[] {
  const facts = new Map<string, Set<RelativeFact>>();
  relativeFacts(condition, truthy, facts);
  const out: Proven[] = [];
  for (const [name, held] of facts) {
    if (!held.has('slash') || !held.has('noDouble')) continue;
    out.push(held.has('noBackslash') ? { name, rules: [URL_ORIGIN] } : { name, weak: ['open-redirect'] });
  }
  return out;
}

type RelativeFact = 'slash' | 'noDouble' | 'noBackslash';

/**
 * What holds of string variables when `condition` is `truthy`, as far as a relative-path check
 * goes: `next.startsWith('/')`, `!next.startsWith('//')`, `!next.startsWith('/\\')` or
 * `!next.includes('\\')`, through `!`, `&&` (true) and `||` (false).
 */
function relativeFacts(condition: ts.Expression, truthy: boolean, out: Map<string, Set<RelativeFact>>): void {
  const node = skipOuter(condition);
  if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.ExclamationToken) return relativeFacts(node.operand, !truthy, out);
  if (isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if ((op === SyntaxKind.AmpersandAmpersandToken && truthy) || (op === SyntaxKind.BarBarToken && !truthy)) {
      relativeFacts(node.left, truthy, out);
      relativeFacts(node.right, truthy, out);
    }
    return;
  }
  if (!isCallExpression(node) || node.arguments.length !== 1) return;
  const callee = skipOuter(node.expression);
  const arg = skipOuter(node.arguments[0]);
  if (!isPropertyAccessExpression(callee) || !isIdentifier(skipOuter(callee.expression)) || !isStringLiteralLike(arg)) return;
  const name = (skipOuter(callee.expression) as ts.Identifier).text;
  const method = callee.name.text;
  let fact: RelativeFact | undefined;
  if (method === 'startsWith' && arg.text === '/' && truthy) fact = 'slash';
  else if (method === 'startsWith' && arg.text === '//' && !truthy) fact = 'noDouble';
  else if (((method === 'startsWith' && arg.text === '/\\') || (method === 'includes' && arg.text === '\\')) && !truthy) fact = 'noBackslash';
  if (!fact) return;
  const held = out.get(name) ?? new Set<RelativeFact>();
  held.add(fact);
  out.set(name, held);
}

/** Predicates being looked into (a predicate that calls itself proves nothing). */
const predicatesInUse = new Set<ts.Node>();

/**
 * `isValidSlug(slug)` where the file's `isValidSlug(value)` returns a check of its parameter
 * (`/^[a-z0-9-]+$/.test(value)`, `REPORTS.includes(value)`): what the check proves of the
 * parameter, it proves of the argument.
 */
function predicateProves(node: ts.CallExpression, truthy: boolean, w: TaintWalker): Proven[] {
  const callee = skipOuter(node.expression);
  const arg = node.arguments[0] && skipOuter(node.arguments[0]);
  if (!isIdentifier(callee) || !arg || !isIdentifier(arg) || w.isLocal(callee.text)) return [];
  const fn = w.facts.functions.get(callee.text);
  const param = fn?.parameters[0]?.name;
  if (!fn || !param || !isIdentifier(param) || predicatesInUse.has(fn)) return [];
  const body = fn.body;
  const returned = !body ? undefined : isBlock(body) ? (body.statements.length === 1 && isReturnStatement(body.statements[0]) ? body.statements[0].expression : undefined) : (body as ts.Expression);
  if (!returned) return [];
  predicatesInUse.add(fn);
  try {
    return cleanWhen(returned, truthy, w)
      .filter((p) => p.name === param.text && !p.path)
      .map((p) => ({ ...p, name: arg.text }));
  } finally {
    predicatesInUse.delete(fn);
  }
}

function provenWhen(condition: ts.Expression, truthy: boolean, w: TaintWalker): Proven[] {
  const node = skipOuter(condition);
  if (isCallExpression(node) && isIdentifier(skipOuter(node.expression))) {
    const proven = predicateProves(node, truthy, w);
    if (proven.length) return proven;
  }
  if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.ExclamationToken) return cleanWhen(node.operand, !truthy, w);
  if (isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // `a && b` is true when both are, false when either is (then only what both sides prove holds); `||` the other way round.
    const both = (op === SyntaxKind.AmpersandAmpersandToken) === truthy;
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      const left = cleanWhen(node.left, truthy, w);
      const right = cleanWhen(node.right, truthy, w);
      return both ? [...left, ...right] : left.filter((p) => right.some((q) => key(q) === key(p)));
    }
    const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
    const notEqual = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    if ((equal && truthy) || (notEqual && !truthy)) {
      const left = skipOuter(node.left);
      const right = skipOuter(node.right);
      if (isIdentifier(left) && isConstant(right)) return [{ name: left.text }, ...hostOf(left)];
      if (isIdentifier(right) && isConstant(left)) return [{ name: right.text }, ...hostOf(right)];
      const path = isConstant(right) ? memberPath(left, w) : isConstant(left) ? memberPath(right, w) : undefined;
      if (path) return [path];
      // `target.origin === request.nextUrl.origin` / `=== SITE`: the URL points where we chose (not where the caller did).
      const urls = urlOf(left) && isOriginOfOurs(right, w) ? urlsOf(left) : urlOf(right) && isOriginOfOurs(left, w) ? urlsOf(right) : [];
      if (urls.length) return urls.map((name) => ({ name, rules: [URL_ORIGIN] }));
    }
    return [];
  }
  if (truthy && isCallExpression(node) && node.arguments.length > 0) {
    const callee = skipOuter(node.expression);
    const first = skipOuter(node.arguments[0]);
    const allowList = isPropertyAccessExpression(callee) && MEMBERSHIP_METHODS.has(callee.name.text) && isConstantCollection(callee.expression, w);
    if (isIdentifier(first)) {
      if (NUMBER_CHECKS.has(dottedName(callee) ?? '')) return [{ name: first.text }];
      if (isPropertyAccessExpression(callee) && callee.name.text === 'test' && isAllowPattern(skipOuter(callee.expression))) return [{ name: first.text }];
      if (allowList) return [{ name: first.text }, ...hostOf(first)];
    }
    // `ALLOWED_HOSTS.has(url.hostname)`: the host is one of ours, the rest of the URL is still the user's.
    const path = allowList && !isIdentifier(first) ? memberPath(first, w) : undefined;
    if (path) return [path];
    // `HOSTS.has(new URL(req.body.url).hostname)`: the request member the URL was parsed from, in place.
    const parsedPath = allowList ? parsedMemberPath(first, w) : undefined;
    if (parsedPath) return [parsedPath];
    const urls = allowList ? urlsOf(first) : [];
    if (urls.length) return urls.map((name) => ({ name, rules: [URL_ORIGIN] }));
    const subject = isPropertyAccessExpression(callee) && callee.name.text === 'startsWith' ? skipOuter(callee.expression) : undefined;
    if (subject && isIdentifier(subject)) return prefixProves(subject.text, first, w);
  }
  return [];
}

/**
 * `/^[a-z0-9-]+$/.test(slug)`: a literal anchored at both ends with no wildcard run (`.*`, `.+`)
 * admits only the characters it lists.
 */
function isAllowPattern(node: ts.Expression): boolean {
  if (node.kind !== SyntaxKind.RegularExpressionLiteral) return false;
  const text = (node as ts.RegularExpressionLiteral).text;
  const body = text.slice(1, text.lastIndexOf('/'));
  const flags = text.slice(text.lastIndexOf('/') + 1);
  return body.startsWith('^') && body.endsWith('$') && !body.endsWith('\\$') && !flags.includes('m') && !/(?<!\\)\.[*+{]/.test(body);
}

/**
 * The URL variables whose host `node` reads: `url.hostname` / `.host` / `.origin` of a URL
 * variable, `new URL(raw).hostname`,
 * or a name holding one (`const host = new URL(raw).hostname`, `const { hostname } = new URL(raw)`).
 * Comparing those settles where the URL points.
 */
function urlsOf(node: ts.Expression): string[] {
  node = skipOuter(node);
  if (isIdentifier(node)) {
    // Only a file that parses URLs has such names; the look for the declaration walks the function.
    if (!parsesUrls(node.getSourceFile())) return [];
    const declared = declarationOf(node);
    if (!declared) return [];
    if (declared.member === undefined) return isPropertyAccessExpression(declared.init) ? urlsOf(declared.init) : [];
    return ORIGIN_PARTS.has(declared.member) ? parsedFrom(declared.init) : [];
  }
  if (!isPropertyAccessExpression(node) || !ORIGIN_PARTS.has(node.name.text)) return [];
  return parsedFrom(skipOuter(node.expression));
}

const urlFiles = new WeakMap<ts.SourceFile, boolean>();
function parsesUrls(sf: ts.SourceFile): boolean {
  let found = urlFiles.get(sf);
  if (found === undefined) urlFiles.set(sf, (found = sf.text.includes('URL(')));
  return found;
}

/** `url` → `url`; `new URL(raw)` → `raw`. */
function parsedFrom(owner: ts.Expression): string[] {
  if (isNewExpression(owner) && dottedName(owner.expression) === 'URL' && owner.arguments?.length) {
    const raw = skipOuter(owner.arguments[0]);
    return isIdentifier(raw) ? [raw.text] : [];
  }
  // A URL variable checked by name proves that object (what is fetched next), not the text it was parsed from.
  return isIdentifier(owner) ? [owner.text] : [];
}

/** `req.params.file`, `request.query.sort`: a member read of a request object, by its dotted path. */
function memberPath(node: ts.Expression, w: TaintWalker): Proven | undefined {
  node = skipOuter(node);
  if (!isPropertyAccessExpression(node)) return undefined;
  const dotted = dottedName(node);
  const root = dotted?.split('.', 1)[0];
  return dotted && root && w.roleOf(root) ? { name: dotted, path: node } : undefined;
}

/** `new URL(req.body.url).hostname`: the member path `req.body.url`, proven for URL sinks. */
function parsedMemberPath(node: ts.Expression, w: TaintWalker): Proven | undefined {
  node = skipOuter(node);
  if (!isPropertyAccessExpression(node) || !ORIGIN_PARTS.has(node.name.text)) return undefined;
  const owner = skipOuter(node.expression);
  if (!isNewExpression(owner) || dottedName(owner.expression) !== 'URL' || owner.arguments?.length !== 1) return undefined;
  const path = memberPath(owner.arguments[0], w);
  return path && { ...path, rules: [URL_ORIGIN] };
}

/** `host` of `const host = new URL(raw).hostname` checked against constants: `raw` points where we chose. */
function hostOf(name: ts.Identifier): Proven[] {
  return urlsOf(name).map((url) => ({ name: url, rules: [URL_ORIGIN] }));
}

/** The first URL variable of urlsOf, for the checks that prove one. */
function urlOf(node: ts.Expression): string | undefined {
  return urlsOf(node)[0];
}

/** `x.startsWith(prefix)` with a prefix of ours: a folder keeps a path inside it; a constant origin or path keeps a URL on it. */
function prefixProves(name: string, prefix: ts.Expression, w: TaintWalker): Proven[] {
  if (isStringLiteralLike(prefix)) {
    const rules = [...PATH_PREFIX_RULES];
    if (fixesOrigin(prefix.text)) rules.push(URL_ORIGIN);
    return prefix.text.length > 1 ? [{ name, rules }] : [];
  }
  return readsUserData(prefix, w) ? [] : [{ name, rules: PATH_PREFIX_RULES }];
}

/** Whether an expression reads a variable holding user data or a request object (`req.query.base + '/'`). */
function readsUserData(node: ts.Expression, w: TaintWalker): boolean {
  const isUser = (id: ts.Identifier) => !!w.roleOf(id.text) || isTainted(w.lookup(id.text));
  if (isIdentifier(node)) return isUser(node);
  let found = false;
  forEachDescendant(node, (n) => {
    if (found) return false;
    if (isIdentifier(n) && !(isPropertyAccessExpression(n.parent) && n.parent.name === n) && isUser(n)) found = true;
  });
  return found;
}

/**
 * An origin (or host) the caller did not choose: a constant, a value holding no user data, or
 * the origin of the request's own URL (`request.nextUrl.origin`, `new URL(request.url).origin`),
 * which is the site the browser is already on.
 */
function isOriginOfOurs(node: ts.Expression, w: TaintWalker): boolean {
  node = skipOuter(node);
  if (isConstant(node) || !readsUserData(node, w)) return true;
  if (!isPropertyAccessExpression(node) || !ORIGIN_PARTS.has(node.name.text)) return false;
  const owner = skipOuter(node.expression);
  const requestUrl = (n: ts.Expression) => isPropertyAccessExpression(n) && isIdentifier(n.expression) && w.roleValue(n.expression.text) === 'request' && ['nextUrl', 'url'].includes(n.name.text);
  if (requestUrl(owner)) return true;
  return isNewExpression(owner) && dottedName(owner.expression) === 'URL' && owner.arguments?.length === 1 && requestUrl(skipOuter(owner.arguments[0]));
}

function isConstant(node: ts.Expression): boolean {
  // `x === undefined ? x : clean(x)`: in the first branch x holds no data at all.
  return isStringLiteralLike(node) || isNumericLiteral(node) || node.kind === SyntaxKind.NullKeyword || (isIdentifier(node) && node.text === 'undefined');
}

/** `['name', 'date']`, or a name (or `A.b`) holding no user data. */
function isConstantCollection(node: ts.Expression, w: TaintWalker): boolean {
  node = skipOuter(node);
  if (isArrayLiteralExpression(node)) return node.elements.every((e) => isConstant(e));
  let root = node;
  while (isPropertyAccessExpression(root)) root = skipOuter(root.expression);
  return isIdentifier(root) && !w.roleOf(root.text) && !isTainted(w.lookup(root.text));
}
