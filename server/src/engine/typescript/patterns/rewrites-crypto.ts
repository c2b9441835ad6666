import type * as ts from 'typescript';
import { NodeFlags, SyntaxKind, isBinaryExpression, isCallExpression, isIdentifier, isParenthesizedExpression, isPropertyAccessExpression, isStringLiteral, isVariableDeclaration, isVariableDeclarationList, isVariableStatement } from '../compiler';
import { npmDependencyChange } from '../../fixes/npm-manifest';
import type { TextEdit } from '../../types';
import { isFunctionNode, skipOuter } from '../syntax';
import type { FixContext, PatternFix } from './fix';
import { inAsyncFunction, type PatternHit } from './match';

const CRYPTO = ['node:crypto', 'crypto'];
const ARGON2 = ['argon2'];

/** The helper the verify fix adds once per file (a function declaration, hoisted: it goes after the function holding the check). */
const PASSWORD_MATCHES = 'passwordMatches';
/** The range of npm `argon2` the fix adds to package.json (0.4x: Node 18+, prebuilt binaries). */
const ARGON2_RANGE = '^0.45.0';

/**
 * "Hash with Argon2" (npm `argon2`: salted, memory-hard, parameters stored in the hash) changes
 * the verification, where correctness needs it: a weak digest compared with a stored value
 * (`digest === user.passwordHash`, or `const h = digest; if (h !== user.passwordHash)` with every
 * use of `h` a comparison) becomes `await passwordMatches(user.passwordHash, password)`, a helper
 * added once per file that verifies Argon2 hashes with `argon2.verify` and hashes stored before
 * the switch the old way, in constant time, so existing users still sign in. Preferred.
 * A digest that is stored (sign-up) becomes `await argon2.hash(password)` only as advice: the
 * login elsewhere must verify with Argon2 first. Only in async functions: argon2 returns promises.
 */
export function argon2Hash(hit: PatternHit, c: FixContext): PatternFix | undefined {
  const update = hit.node as ts.CallExpression;
  if (!isCallExpression(update) || update.arguments.length !== 1 || !inAsyncFunction(update)) return undefined;
  const digest = update.parent;
  const digestCall = digest.parent;
  if (!isPropertyAccessExpression(digest) || digest.name.text !== 'digest' || !isCallExpression(digestCall) || digestCall.expression !== digest) return undefined;
  const [argon2, argon2Import] = c.ensureImport(ARGON2, 'argon2');
  const dependency = npmDependencyChange(c.files, c.path, 'argon2', ARGON2_RANGE);
  const password = c.text(update.arguments[0]);
  const comparisons = comparisonsOf(digestCall, c);
  const encoded = digestCall.arguments.length === 1 && isStringLiteral(digestCall.arguments[0]);
  if (!comparisons?.length || !encoded || definesOtherwise(c, PASSWORD_MATCHES)) {
    const edits = [c.replace(digestCall, `await ${argon2}.hash(${password})`), ...(argon2Import ? [argon2Import] : [])];
    return { edits, files: dependency.files, title: `Hash with Argon2${dependency.note} (advice: existing hashes and the login must then switch to argon2.verify; not applied by fix-all)`, preferred: false };
  }
  const edits: TextEdit[] = [];
  for (const { comparison, stored } of comparisons) {
    const call = `await ${PASSWORD_MATCHES}(${c.text(stored)}, ${password})`;
    edits.push(c.replace(comparison, isNegated(comparison.operatorToken.kind) ? `!(${call})` : call));
  }
  const declaration = isVariableDeclaration(digestCall.parent) ? digestCall.parent.parent.parent : undefined;
  if (declaration) edits.push(c.deleteStatement(declaration));
  if (!c.sf.text.includes(`function ${PASSWORD_MATCHES}(`)) edits.push(...passwordMatchesHelper(c, digestCall, update, argon2), ...(argon2Import ? [argon2Import] : []));
  return { edits, files: dependency.files, title: `Hash with Argon2 and verify with it${dependency.note || ''} (old hashes still verify)`, preferred: dependency.listed };
}

/**
 * The comparisons of a digest with a stored value: the digest itself compared, or a `const` the
 * digest is assigned to, when every use of it in its function is such a comparison.
 * Undefined when the digest goes anywhere else (stored, returned, passed on).
 */
function comparisonsOf(digestCall: ts.CallExpression, c: FixContext): { comparison: ts.BinaryExpression; stored: ts.Expression }[] | undefined {
  const compared = comparisonOf(digestCall);
  if (compared) return [compared];
  const declaration = digestCall.parent;
  if (!isVariableDeclaration(declaration) || !isIdentifier(declaration.name) || declaration.initializer !== digestCall) return undefined;
  const list = declaration.parent;
  if (!isVariableDeclarationList(list) || list.declarations.length !== 1 || !(list.flags & NodeFlags.Const) || !isVariableStatement(list.parent)) return undefined;
  const scope = enclosingFunction(declaration);
  if (!scope) return undefined;
  const name = declaration.name.text;
  const out: { comparison: ts.BinaryExpression; stored: ts.Expression }[] = [];
  let unknown = false;
  const visit = (node: ts.Node): void => {
    if (unknown) return;
    if (isIdentifier(node) && node.text === name && node !== declaration.name) {
      const use = comparisonOf(node);
      if (use && !isPropertyAccessExpression(node.parent)) out.push(use);
      else if (!(isPropertyAccessExpression(node.parent) && node.parent.name === node)) unknown = true;
    }
    node.forEachChild(visit);
  };
  scope.forEachChild(visit);
  return unknown ? undefined : out;
}

/** `value === other` / `other !== value` (parentheses allowed): the comparison and the other side. */
function comparisonOf(value: ts.Node): { comparison: ts.BinaryExpression; stored: ts.Expression } | undefined {
  let outer = value;
  while (outer.parent && isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const comparison = outer.parent;
  if (!comparison || !isBinaryExpression(comparison) || !isEquality(comparison.operatorToken.kind)) return undefined;
  return { comparison, stored: comparison.left === outer ? comparison.right : comparison.left };
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

/** Whether the file uses `name` for something other than the helper this fix adds. */
function definesOtherwise(c: FixContext, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(c.sf.text) && !c.sf.text.includes(`function ${name}(`);
}

/** The `passwordMatches` helper, checking old hashes with the file's own digest (`update(<password>)` of the helper's parameter). */
function passwordMatchesHelper(c: FixContext, digestCall: ts.CallExpression, update: ts.CallExpression, argon2: string): TextEdit[] {
  const start = digestCall.getStart(c.sf);
  const argument = update.arguments[0];
  const legacy = `${c.sf.text.slice(start, argument.getStart(c.sf))}password${c.sf.text.slice(argument.getEnd(), digestCall.getEnd())}`;
  const module = c.importedModule(CRYPTO);
  const [equal, importEdit] = module ? [`${module}.timingSafeEqual`, undefined] : c.ensureImport(CRYPTO, 'timingSafeEqual', 'timingSafeEqual');
  const typed = /\.[cm]?tsx?$/.test(c.path);
  const q = (s: string) => c.string(s);
  const helper = [
    '',
    '',
    '/** Argon2 hashes verify with argon2; hashes stored before the switch to Argon2 still verify the old way, in constant time. */',
    `async function ${PASSWORD_MATCHES}(${typed ? 'stored: string | null | undefined, password: string' : 'stored, password'})${typed ? ': Promise<boolean>' : ''} {`,
    '  if (!stored) return false;',
    `  if (stored.startsWith(${q('$argon2')})) return ${argon2}.verify(stored, password).catch(() => false);`,
    '  // vigil-ignore[weak-password-hash]: checks hashes stored before the switch to Argon2 until every user has a new one',
    `  const legacy = Buffer.from(${legacy});`,
    '  const given = Buffer.from(stored);',
    `  return legacy.length === given.length && ${equal}(legacy, given);`,
    '}',
    '',
  ].join(c.lines.eol);
  // After the top-level statement holding the check (declarations are hoisted): not at the end of
  // the file, where other helpers (safeEqual, requiredEnv) go, so fix-all takes them in one pass.
  let statement: ts.Node = digestCall;
  while (statement.parent && statement.parent !== c.sf) statement = statement.parent;
  return [c.insertAt(statement.getEnd(), helper.replace(/(\r?\n)$/, '')), ...(importEdit ? [importEdit] : [])];
}

/** String methods after `Math.random().toString(36)` that only cut the digits: the whole chain is the token. */
const TOKEN_CHAIN = new Set(['toString', 'slice', 'substring', 'substr', 'padStart', 'padEnd', 'toUpperCase']);

/**
 * `Math.random().toString(36).slice(2)` → `randomUUID()` (122 random bits from the OS CSPRNG);
 * `Math.floor(Math.random() * n)` → `randomInt(n)`. Browser and Edge code (a `'use client'`
 * file, middleware) gets the Web Crypto global `crypto.randomUUID()` and no `randomInt`.
 */
export function secureRandom(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const random = hit.node;
  let chain: ts.Node = random;
  while (isPropertyAccessExpression(chain.parent) && TOKEN_CHAIN.has(chain.parent.name.text) && isCallExpression(chain.parent.parent) && chain.parent.parent.expression === chain.parent) {
    chain = chain.parent.parent;
  }
  if (chain !== random) return call(c, chain, 'randomUUID', '');
  const product = random.parent;
  const floor = product?.parent;
  if (
    isBinaryExpression(product) &&
    product.operatorToken.kind === SyntaxKind.AsteriskToken &&
    isCallExpression(floor) &&
    c.text(floor.expression) === 'Math.floor' &&
    floor.arguments.length === 1 &&
    skipOuter(floor.arguments[0]) === product &&
    !c.isBrowserOrEdge
  ) {
    return call(c, floor, 'randomInt', c.text(product.left === random ? product.right : product.left));
  }
  return undefined;
}

/** `crypto.<member>(args)` in place of `node`: through the file's crypto import, a new named import, or the Web Crypto global. */
function call(c: FixContext, node: ts.Node, member: string, args: string): TextEdit[] {
  const module = c.importedModule(CRYPTO);
  if (module) return [c.replace(node, `${module}.${member}(${args})`)];
  if (c.isBrowserOrEdge) return [c.replace(node, `crypto.${member}(${args})`)];
  const [name, importEdit] = c.ensureImport(CRYPTO, member, member);
  return [c.replace(node, `${name}(${args})`), ...(importEdit ? [importEdit] : [])];
}

/** The helper the constant-time fix adds once per file (function declarations are hoisted: it goes at the end). */
const SAFE_EQUAL = 'safeEqual';

/**
 * `token === expected` → `safeEqual(token, expected)`, through a helper added once per file:
 * the time taken no longer tells how many leading characters matched, a missing value (`null`
 * header, unset variable) or a different length is `false` without throwing, and it type-checks
 * under `strict` (string operands). Node only.
 */
export function timingSafeCompare(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const comparison = hit.node as ts.BinaryExpression;
  if (!isBinaryExpression(comparison) || c.isBrowserOrEdge) return undefined;
  const defined = new RegExp(`function ${SAFE_EQUAL}\\(`).test(c.sf.text);
  if (!defined && new RegExp(`\\b${SAFE_EQUAL}\\b`).test(c.sf.text)) return undefined; // the name means something else here
  const call = `${SAFE_EQUAL}(${c.text(comparison.left)}, ${c.text(comparison.right)})`;
  const edits = [c.replace(comparison, isNegated(comparison.operatorToken.kind) ? `!${call}` : call)];
  if (defined) return edits;
  const module = c.importedModule(CRYPTO);
  const [equal, importEdit] = module ? [`${module}.timingSafeEqual`, undefined] : c.ensureImport(CRYPTO, 'timingSafeEqual', 'timingSafeEqual');
  const typed = /\.[cm]?tsx?$/.test(c.path);
  const param = (name: string) => (typed ? `${name}: string | null | undefined` : name);
  const eol = c.sf.text.includes('\r\n') ? '\r\n' : '\n';
  const helper = [
    '',
    '',
    '/** Compares secrets in constant time; a missing value or a different length is not equal, as with `===`. */',
    `function ${SAFE_EQUAL}(${param('a')}, ${param('b')})${typed ? ': boolean' : ''} {`,
    '  if (a == null || b == null) return false;',
    '  const left = Buffer.from(a);',
    '  const right = Buffer.from(b);',
    `  return left.length === right.length && ${equal}(left, right);`,
    '}',
    '',
  ].join(eol);
  const end = c.sf.text.replace(/\s+$/, '').length;
  edits.push({ range: c.lines.rangeAt(end, c.sf.text.length), newText: helper });
  return importEdit ? [...edits, importEdit] : edits;
}

function isEquality(kind: SyntaxKind): boolean {
  return kind === SyntaxKind.EqualsEqualsEqualsToken || kind === SyntaxKind.EqualsEqualsToken || isNegated(kind);
}

function isNegated(kind: SyntaxKind): boolean {
  return kind === SyntaxKind.ExclamationEqualsEqualsToken || kind === SyntaxKind.ExclamationEqualsToken;
}
