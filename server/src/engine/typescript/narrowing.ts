import type * as ts from 'typescript';
import {
  SyntaxKind,
  isArrayLiteralExpression,
  isBinaryExpression,
  isCallExpression,
  isIdentifier,
  isNumericLiteral,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isStringLiteralLike,
} from './compiler';
import { isTainted } from '../taint/taint';
import { dottedName, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/** Checks that only numbers pass. */
const NUMBER_CHECKS = new Set(['Number.isInteger', 'Number.isSafeInteger', 'Number.isFinite']);
/** Membership tests against a collection: an allow-list when the collection is constant. */
const MEMBERSHIP_METHODS = new Set(['includes', 'has']);

/**
 * Variables that a condition proves clean when it evaluates to `truthy`: the allow-list
 * (`SORTABLE.includes(sort)`, `COLUMNS.has(col)`), comparison with a constant
 * (`dir === 'asc'`) and `Number.isInteger(id)`, through `!`, `&&` and `||`.
 */
export function cleanWhen(condition: ts.Expression, truthy: boolean, w: TaintWalker): string[] {
  const node = skipOuter(condition);
  if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.ExclamationToken) return cleanWhen(node.operand, !truthy, w);
  if (isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // `a && b` is true when both are, false when either is (then only what both sides prove holds); `||` the other way round.
    const both = (op === SyntaxKind.AmpersandAmpersandToken) === truthy;
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
      const left = cleanWhen(node.left, truthy, w);
      const right = cleanWhen(node.right, truthy, w);
      return both ? [...left, ...right] : left.filter((name) => right.includes(name));
    }
    const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
    const notEqual = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    if ((equal && truthy) || (notEqual && !truthy)) {
      const left = skipOuter(node.left);
      const right = skipOuter(node.right);
      if (isIdentifier(left) && isConstant(right)) return [left.text];
      if (isIdentifier(right) && isConstant(left)) return [right.text];
    }
    return [];
  }
  if (truthy && isCallExpression(node) && node.arguments.length > 0) {
    const subject = skipOuter(node.arguments[0]);
    if (!isIdentifier(subject)) return [];
    const callee = skipOuter(node.expression);
    if (NUMBER_CHECKS.has(dottedName(callee) ?? '')) return [subject.text];
    if (isPropertyAccessExpression(callee) && MEMBERSHIP_METHODS.has(callee.name.text) && isConstantCollection(callee.expression, w)) return [subject.text];
  }
  return [];
}

function isConstant(node: ts.Expression): boolean {
  return isStringLiteralLike(node) || isNumericLiteral(node);
}

/** `['name', 'date']`, or a name (or `A.b`) holding no user data. */
function isConstantCollection(node: ts.Expression, w: TaintWalker): boolean {
  node = skipOuter(node);
  if (isArrayLiteralExpression(node)) return node.elements.every((e) => isConstant(e));
  let root = node;
  while (isPropertyAccessExpression(root)) root = skipOuter(root.expression);
  return isIdentifier(root) && !w.roleOf(root.text) && !isTainted(w.lookup(root.text));
}
