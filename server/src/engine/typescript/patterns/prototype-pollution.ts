import type * as ts from 'typescript';
import { SyntaxKind, isBinaryExpression, isBlock, isCallExpression, isElementAccessExpression, isIdentifier, isPropertyAccessExpression, isVariableDeclaration } from '../compiler';
import { forEachDescendant, isFunctionNode, isLiteral, skipOuter, type FunctionNode } from '../syntax';
import { perStatement } from '../statement-cache';

// prototype-pollution (TS/JS): hand-written deep merges and set-by-path helpers that write
// `target[key] = value` with keys taken from data, so a key `__proto__` (or `constructor` then
// `prototype`) writes into Object.prototype for every object of the process. The shapes need
// the function around the write (its loops, its recursion, its guards), which no call or
// assignment pattern expresses, so it is a pass of its own.

/** The cheap pre-check on a file's text: a computed write at all (`x[k] = ...`). */
export const COMPUTED_WRITE = /\]\s*=[^=]/;

/** A function that rejects the dangerous keys, or writes into objects without a prototype, is safe. */
const GUARD = /__proto__|['"`]constructor['"`]|['"`]prototype['"`]|Object\.create\(\s*null\s*\)|\bnew Map\b|isSafeKey|isPrototypeKey|(?:UNSAFE|FORBIDDEN|BLOCKED|DANGEROUS|RESERVED)_KEYS/;

/** Loop counters and coordinates: a numeric index never names `__proto__`. */
const INDEX_NAME = /^(?:i|j|k|n|m|x|y|z|idx|index|row|col|column|pos|offset|level|depth|count|len|length)$|(?:Index|Idx|Row|Col|Count)$/;

export interface PollutingWrite {
  /** The assignment's target (`target[key]`). */
  target: ts.ElementAccessExpression;
  /** `merge` (a recursive copy of keys), `path` (a walk down by path segments) or `nested` (`obj[a][b] = v`). */
  shape: 'merge' | 'path' | 'nested';
}

/**
 * Writes through keys taken from data into plain objects, in functions with no guard against `__proto__`.
 * What a write is depends on its function only, which lies inside one top-level statement: the
 * statements a keystroke leaves alone keep their writes in the file's statement cache.
 */
export function pollutingWrites(sf: ts.SourceFile): PollutingWrite[] {
  return perStatement(sf, 'polluting-writes', [], (statement) => writesIn(statement, sf)).flat();
}

function writesIn(root: ts.Node, sf: ts.SourceFile): PollutingWrite[] {
  // One finding per function: its last such write, the one that stores the value (earlier ones make the path).
  const found = new Map<FunctionNode, PollutingWrite>();
  const guarded = new Map<FunctionNode, boolean>();
  forEachDescendant(root, (node) => {
    if (!isBinaryExpression(node) || node.operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const left = skipOuter(node.left);
    if (!isElementAccessExpression(left) || !isDataKey(left.argumentExpression)) return;
    const fn = enclosingFunction(node);
    if (!fn) return;
    const shape = writeShape(left, fn);
    if (!shape) return;
    // The guard may sit in the named function around a callback (`Object.keys(src).forEach(...)`).
    const outer = namedFunction(fn) ?? fn;
    let safe = guarded.get(outer);
    if (safe === undefined) guarded.set(outer, (safe = GUARD.test(outer.getText(sf))));
    const later = found.get(outer);
    if (!safe && (!later || later.target.pos < left.pos)) found.set(outer, { target: left, shape });
  });
  return [...found.values()].sort((a, b) => a.target.pos - b.target.pos);
}

/** Which polluting shape a write `object[key] = value` has in its function, if any. */
function writeShape(write: ts.ElementAccessExpression, fn: FunctionNode): PollutingWrite['shape'] | undefined {
  const object = skipOuter(write.expression);
  // `obj[section][key] = value`: two levels chosen by data.
  // The first key must arrive open-ended: a `string` parameter or a loop over some object's keys (a value looked up in a constant map, or typed as a union, is no `__proto__`).
  if (isElementAccessExpression(object) && isDataKey(object.argumentExpression) && isOpenKey(object.argumentExpression, fn)) return 'nested';
  if (!isIdentifier(object)) return undefined;
  // `cur = cur[part]` earlier in a loop, then `cur[last] = value`: a walk down a path.
  if (walksDown(object.text, fn) || reducesDown(object.text, write.argumentExpression, fn)) return 'path';
  // A recursive function copying every key of a source: a deep merge or clone.
  const named = namedFunction(fn);
  if (named && isIdentifier(write.argumentExpression) && isKeyLoopVariable(write.argumentExpression, named) && recursesInto(named, object.text, write.argumentExpression.text)) return 'merge';
  return undefined;
}

/** A key that may come from data: not a literal, not a numeric index, not a symbol or a length. */
function isDataKey(key: ts.Expression): boolean {
  const k = skipOuter(key);
  if (isLiteral(k) || k.kind === SyntaxKind.PrefixUnaryExpression || k.kind === SyntaxKind.BinaryExpression) return false;
  if (isIdentifier(k)) return !INDEX_NAME.test(k.text) && !/^[A-Z][A-Z0-9_]*$/.test(k.text);
  if (isPropertyAccessExpression(k)) return !/^(?:length|size|id|Symbol)$/.test(k.name.text) && !(isIdentifier(k.expression) && k.expression.text === 'Symbol');
  // `parts[i]`, `keys[keys.length - 1]`: an element of a list of keys.
  return isElementAccessExpression(k);
}

/** A key that may be any string: an untyped or `string` / `any` parameter of a function around it, or a for-in / `Object.keys` loop variable. */
function isOpenKey(key: ts.Expression, fn: FunctionNode): boolean {
  const k = skipOuter(key);
  if (!isIdentifier(k)) return false;
  for (let current: ts.Node | undefined = fn; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const parameter = current.parameters.find((p) => isIdentifier(p.name) && p.name.text === k.text);
    if (parameter) return !parameter.type || parameter.type.kind === SyntaxKind.StringKeyword || parameter.type.kind === SyntaxKind.AnyKeyword;
  }
  return isKeyLoopVariable(k, namedFunction(fn) ?? fn);
}

/** `name = name[key]` somewhere in the function: the variable walks down an object by keys. */
function walksDown(name: string, fn: FunctionNode): boolean {
  let found = false;
  forEachDescendant(fn, (node) => {
    if (found) return false;
    if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && isIdentifier(node.left) && node.left.text === name) {
      const right = stripFallback(skipOuter(node.right));
      if (isElementAccessExpression(right) && isIdentifier(skipOuter(right.expression)) && (skipOuter(right.expression) as ts.Identifier).text === name && isDataKey(right.argumentExpression)) found = true;
    }
    return undefined;
  });
  return found;
}

/** `path.split('.').reduce((o, k) => (o[k] = o[k] || {}), obj)`: the callback's accumulator walks down by its keys. */
function reducesDown(name: string, key: ts.Expression, fn: FunctionNode): boolean {
  const call = fn.parent;
  if (!isCallExpression(call) || !isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'reduce') return false;
  const [acc, item] = fn.parameters;
  const k = skipOuter(key);
  if (!acc || !item || acc.name.getText() !== name || !isIdentifier(k) || item.name.getText() !== k.text) return false;
  // The step hands the child on (`(o, k) => (o[k] = o[k] || {})`, `return o[k]`); `acc[k] = v; return acc` builds a flat object.
  const body = fn.body && !isBlock(fn.body) ? stripFallback(skipOuter(fn.body as ts.Expression)) : undefined;
  if (body) return (isBinaryExpression(body) && body.operatorToken.kind === SyntaxKind.EqualsToken) || isElementOf(body, name, k.text);
  let hands = false;
  forEachDescendant(fn, (node) => {
    if (node.kind === SyntaxKind.ReturnStatement && (node as ts.ReturnStatement).expression && isElementOf(stripFallback(skipOuter((node as ts.ReturnStatement).expression!)), name, k.text)) hands = true;
    return undefined;
  });
  return hands;
}

/** The nearest function around (or at) `fn` that has a name: the helper a callback belongs to. */
function namedFunction(fn: FunctionNode): FunctionNode | undefined {
  for (let current: ts.Node | undefined = fn; current; current = current.parent) {
    if (isFunctionNode(current) && functionName(current)) return current;
  }
  return undefined;
}

/** `cur[k] || {}`, `cur[k] ?? (cur[k] = {})`: the walk's step is the left side. */
function stripFallback(node: ts.Expression): ts.Expression {
  if (isBinaryExpression(node) && (node.operatorToken.kind === SyntaxKind.BarBarToken || node.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) return skipOuter(node.left);
  return node;
}

/** The key is the variable of a `for (key in src)` or `for (const key of Object.keys(src))` / `Object.entries(src)` loop. */
function isKeyLoopVariable(key: ts.Identifier, fn: FunctionNode): boolean {
  for (let node: ts.Node | undefined = key.parent; node && node !== fn; node = node.parent) {
    if (node.kind === SyntaxKind.ForInStatement) return declares((node as ts.ForInStatement).initializer, key.text);
    if (node.kind === SyntaxKind.ForOfStatement) {
      const loop = node as ts.ForOfStatement;
      const over = skipOuter(loop.expression);
      if (isCallExpression(over) && isPropertyAccessExpression(over.expression) && /^Object\.(?:keys|entries|getOwnPropertyNames)$/.test(over.expression.getText())) return declares(loop.initializer, key.text);
    }
    // `Object.keys(src).forEach((key) => ...)`
    if (isFunctionNode(node) && isCallExpression(node.parent) && isPropertyAccessExpression(node.parent.expression) && node.parent.expression.name.text === 'forEach') {
      const receiver = skipOuter(node.parent.expression.expression);
      const first = node.parameters[0];
      if (isCallExpression(receiver) && /^Object\.(?:keys|entries)$/.test(receiver.expression.getText()) && first && first.name.getText().replace(/[[\]\s]/g, '').split(',')[0] === key.text) return true;
    }
  }
  return false;
}

function declares(initializer: ts.ForInitializer, name: string): boolean {
  const text = initializer.getText();
  return new RegExp(`(?:^|[\\s\\[,(])${name.replace(/\$/g, '\\$')}(?:$|[\\s\\],)])`).test(text.replace(/^(?:const|let|var)\s+/, ' '));
}

/**
 * The function calls itself on `target[key]` (`deepMerge(target[key], source[key])`): it descends
 * into what the target already holds, `Object.prototype` for the key `__proto__`. A clone that
 * recurses into the source only writes into objects it made.
 */
function recursesInto(fn: FunctionNode, target: string, key: string): boolean {
  const name = functionName(fn);
  if (!name) return false;
  let found = false;
  forEachDescendant(fn, (node) => {
    if (found) return false;
    if (isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const self = (isIdentifier(callee) && callee.text === name) || (isPropertyAccessExpression(callee) && callee.name.text === name && callee.expression.kind === SyntaxKind.ThisKeyword);
      if (self && node.arguments.some((arg) => isElementOf(stripFallback(skipOuter(arg)), target, key))) found = true;
    }
    return undefined;
  });
  return found;
}

/** `target[key]`. */
function isElementOf(node: ts.Expression, target: string, key: string): boolean {
  if (!isElementAccessExpression(node)) return false;
  const object = skipOuter(node.expression);
  const index = skipOuter(node.argumentExpression);
  return isIdentifier(object) && object.text === target && isIdentifier(index) && index.text === key;
}

function functionName(fn: FunctionNode): string | undefined {
  const named = (fn as ts.FunctionDeclaration | ts.MethodDeclaration).name;
  if (named && isIdentifier(named)) return named.text;
  if (isVariableDeclaration(fn.parent) && isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current as FunctionNode | undefined;
}
