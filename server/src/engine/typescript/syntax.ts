import type * as ts from 'typescript';
import {
  SyntaxKind,
  forEachChild,
  canHaveModifiers,
  getModifiers,
  isArrowFunction,
  isAsExpression,
  isBlock,
  isBreakOrContinueStatement,
  isCallExpression,
  isConstructorDeclaration,
  isElementAccessExpression,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isGetAccessorDeclaration,
  isIdentifier,
  isIfStatement,
  isMethodDeclaration,
  isNonNullExpression,
  isNumericLiteral,
  isOmittedExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isReturnStatement,
  isSatisfiesExpression,
  isSetAccessorDeclaration,
  isSourceFile,
  isStringLiteral,
  isStringLiteralLike,
  isThrowStatement,
  isTypeAssertionExpression,
} from './compiler';

// Small questions about TS syntax trees, shared by the taint walk and the fix.

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.ConstructorDeclaration | ts.AccessorDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    isFunctionDeclaration(node) ||
    isFunctionExpression(node) ||
    isArrowFunction(node) ||
    isMethodDeclaration(node) ||
    isConstructorDeclaration(node) ||
    isGetAccessorDeclaration(node) ||
    isSetAccessorDeclaration(node)
  );
}

/** Methods that read a part of a value by name (`searchParams.get('q')`, `headers.get('x-id')`). */
export const READ_METHODS: ReadonlySet<string> = new Set(['get', 'getAll']);

/** `a.b` called as a method (`a.b(...)`), not read as a value. */
export function isMethodCallee(node: ts.Node): node is ts.PropertyAccessExpression {
  return isPropertyAccessExpression(node) && isCallExpression(node.parent) && skipOuter(node.parent.expression) === node;
}

/** Strips what does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function skipOuter(node: ts.Expression): ts.Expression {
  for (;;) {
    if (isParenthesizedExpression(node) || isAsExpression(node) || isSatisfiesExpression(node) || isNonNullExpression(node) || isTypeAssertionExpression(node)) {
      node = node.expression;
    } else {
      return node;
    }
  }
}

/**
 * The dotted name of a callee as written: `pool.query`, `router.route.get` (calls on the way
 * are skipped, so `router.route('/x').get` matches `*.route.*`), `req.query` for `req['query']`.
 * Undefined when a part is not a name.
 */
export function dottedName(node: ts.Expression): string | undefined {
  node = skipOuter(node);
  if (isIdentifier(node)) return node.text;
  if (node.kind === SyntaxKind.ThisKeyword) return 'this';
  if (isPropertyAccessExpression(node)) {
    const base = dottedName(node.expression);
    return base && isIdentifier(node.name) ? `${base}.${node.name.text}` : undefined;
  }
  if (isElementAccessExpression(node) && isStringLiteralLike(node.argumentExpression)) {
    const base = dottedName(node.expression);
    return base && `${base}.${node.argumentExpression.text}`;
  }
  if (isCallExpression(node)) return dottedName(node.expression);
  return undefined;
}

/** The member name of `a.b` / `a['b']`, if it is a name. */
export function memberName(node: ts.Expression): string | undefined {
  if (isPropertyAccessExpression(node)) return isIdentifier(node.name) ? node.name.text : undefined;
  if (isElementAccessExpression(node) && isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

export function hasModifier(node: ts.Node, kind: SyntaxKind): boolean {
  return canHaveModifiers(node) && !!getModifiers(node)?.some((m) => m.kind === kind);
}

/** Whether a function body (or file) starts with the directive, e.g. `'use server'`. */
export function hasDirective(statements: readonly ts.Statement[] | undefined, directive: string): boolean {
  for (const statement of statements ?? []) {
    if (!isExpressionStatement(statement) || !isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

/** The body statements of a function, or undefined for an expression-bodied arrow. */
export function bodyStatements(fn: FunctionNode): readonly ts.Statement[] | undefined {
  return fn.body && isBlock(fn.body) ? fn.body.statements : undefined;
}

/** The names a binding introduces: `x`, or the leaves of `{ a, b: [c] }`. */
export function boundNames(name: ts.BindingName, out: string[] = []): string[] {
  if (isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!isOmittedExpression(element)) boundNames(element.name, out);
  return out;
}

/** The function (or the file) a node belongs to. */
export function enclosingContainer(node: ts.Node): FunctionNode | ts.SourceFile {
  let current = node.parent;
  while (current && !isFunctionNode(current) && !isSourceFile(current)) current = current.parent;
  return (current as FunctionNode | ts.SourceFile | undefined) ?? node.getSourceFile();
}

/**
 * Whether a statement always leaves its block (return, throw, break, continue, or a call that
 * `isExit` says never returns, such as Next.js `notFound()`): the code after it is not reached from it.
 */
export function alwaysExits(statement: ts.Statement, isExit?: (call: ts.CallExpression) => boolean): boolean {
  if (isReturnStatement(statement) || isThrowStatement(statement) || isBreakOrContinueStatement(statement)) return true;
  if (isBlock(statement)) return statement.statements.length > 0 && alwaysExits(statement.statements[statement.statements.length - 1], isExit);
  if (isIfStatement(statement)) return !!statement.elseStatement && alwaysExits(statement.thenStatement, isExit) && alwaysExits(statement.elseStatement, isExit);
  if (isExit && isExpressionStatement(statement)) {
    const call = skipOuter(statement.expression);
    return isCallExpression(call) && isExit(call);
  }
  return false;
}

/** Whether a statement ends by leaving the enclosing loop (`break`, `continue`), so what it did reaches the code after the loop. */
export function endsInBreak(statement: ts.Statement): boolean {
  if (isBreakOrContinueStatement(statement)) return true;
  return isBlock(statement) && statement.statements.length > 0 && endsInBreak(statement.statements[statement.statements.length - 1]);
}

/** Visits the nodes under `root` without recursion (a long `a + b + ...` is deep); `visit` returning false skips a node's children. */
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  forEachChild(root, push);
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) !== false) forEachChild(node, push);
  }
}


/** A string, number, boolean or null literal. */
export function isLiteral(node: ts.Expression): boolean {
  return isStringLiteralLike(node) || isNumericLiteral(node) || node.kind === SyntaxKind.TrueKeyword || node.kind === SyntaxKind.FalseKeyword || node.kind === SyntaxKind.NullKeyword;
}

/** `orders` for `orders.items[0].sku` or `rows.map(f).join()`: the variable a member expression starts from. */
export function rootName(node: ts.Expression): string | undefined {
  let current = skipOuter(node);
  while (isPropertyAccessExpression(current) || isElementAccessExpression(current) || isCallExpression(current)) current = skipOuter(current.expression);
  return isIdentifier(current) ? current.text : undefined;
}

/** The statement of the file that holds `node` (a top-level function's declaration or variable statement). */
export function topLevelStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent && !isSourceFile(current.parent)) current = current.parent;
  return current.parent ? (current as ts.Statement) : undefined;
}
