import type * as ts from 'typescript';
import { SyntaxKind, isBinaryExpression, isCallExpression, isPropertyAccessExpression } from '../compiler';
import type { TextEdit } from '../../types';
import { skipOuter } from '../syntax';
import type { FixContext } from './fix';
import { inAsyncFunction, type PatternHit } from './match';

const CRYPTO = ['node:crypto', 'crypto'];
const ARGON2 = ['argon2'];

/**
 * `crypto.createHash('sha256').update(password).digest('hex')` → `await argon2.hash(password)`
 * (npm `argon2`: salted, memory-hard, parameters stored in the hash). Compared with a stored
 * value (`=== user.passwordHash`), the comparison becomes `await argon2.verify(stored, password)`.
 * Only in async functions: argon2 returns promises.
 */
export function argon2Hash(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const update = hit.node as ts.CallExpression;
  if (!isCallExpression(update) || update.arguments.length !== 1 || !inAsyncFunction(update)) return undefined;
  const digest = update.parent;
  const digestCall = digest.parent;
  if (!isPropertyAccessExpression(digest) || digest.name.text !== 'digest' || !isCallExpression(digestCall) || digestCall.expression !== digest) return undefined;
  const [argon2, importEdit] = c.ensureImport(ARGON2, 'argon2');
  const password = c.text(update.arguments[0]);
  let replaced: ts.Node = digestCall;
  let code = `await ${argon2}.hash(${password})`;
  const comparison = digestCall.parent;
  if (isBinaryExpression(comparison) && isEquality(comparison.operatorToken.kind)) {
    const other = comparison.left === digestCall ? comparison.right : comparison.left;
    const verify = `await ${argon2}.verify(${c.text(other)}, ${password})`;
    replaced = comparison;
    code = isNegated(comparison.operatorToken.kind) ? `!(${verify})` : verify;
  }
  return [c.replace(replaced, code), ...(importEdit ? [importEdit] : [])];
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
