import type * as ts from 'typescript';
import { SyntaxKind, isBinaryExpression, isBlock, isCallExpression, isIdentifier, isIfStatement, isPropertyAccessExpression, isThrowStatement, isVariableDeclaration } from './compiler';
import { forEachDescendant, isFunctionNode, skipOuter, type FunctionNode } from './syntax';
import type { TaintWalker } from './taint-walker';

// A project's own validation functions (`assertPublicHost(url)` that throws for a private
// address): the taint spec's `validators` name the checks that decide (`ip.isPrivate(addr)`,
// `addr.range()`), the function's body shows that it refuses when they hold.

/**
 * The rules `fn` validates its first parameter for: a branch testing one of the spec's
 * validator members throws (`if (ip.isPrivate(address)) throw new Error(...)`), or the function
 * calls a same-file validator with a value of that parameter (`new URL(url).hostname`) where
 * what it throws is not caught, or is thrown again. Empty when it validates nothing.
 */
export function validatedRules(fn: FunctionNode, w: TaintWalker): string[] {
  const first = fn.parameters[0];
  const body = fn.body;
  if (!first || !isIdentifier(first.name) || !body || w.spec.spec.validators === undefined) return [];
  const derived = derivedNames(body, first.name.text);
  const rules = new Set<string>();
  forEachDescendant(body, (node) => {
    if (node !== body && isFunctionNode(node)) return false; // a nested function's checks are its own
    if (isIfStatement(node) && throws(node.thenStatement)) for (const rule of testedRules(node.expression, w)) rules.add(rule);
    if (isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const arg = node.arguments[0];
      const inner = isIdentifier(callee) && !w.isLocal(callee.text) ? w.facts.functions.get(callee.text) : undefined;
      if (!inner || inner === fn || !arg || !readsAny(arg, derived) || caught(node)) return;
      for (const rule of w.summaries.of(inner).validates ?? []) rules.add(rule);
    }
  });
  return [...rules].sort();
}

/** The parameter and the names declared or assigned from it (`const host = new URL(url).hostname`). */
function derivedNames(body: ts.Node, param: string): Set<string> {
  const names = new Set([param]);
  forEachDescendant(body, (node) => {
    if (isVariableDeclaration(node) && isIdentifier(node.name) && node.initializer && readsAny(node.initializer, names)) names.add(node.name.text);
    if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && isIdentifier(node.left) && readsAny(node.right, names)) names.add(node.left.text);
  });
  return names;
}

/** Whether `node` reads one of `names` (as a variable, not as a property name). */
function readsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (isIdentifier(node)) return names.has(node.text);
  let found = false;
  forEachDescendant(node, (n) => {
    if (found) return false;
    if (isIdentifier(n) && names.has(n.text) && !(isPropertyAccessExpression(n.parent) && n.parent.name === n)) found = true;
  });
  return found;
}

/** The rules the validator members tested in `condition` (`ip.isPrivate(a)`, `addr.range() !== 'unicast'`) validate for. */
function testedRules(condition: ts.Expression, w: TaintWalker): string[] {
  const out: string[] = [];
  forEachDescendant(condition, (node) => {
    if (isPropertyAccessExpression(node)) out.push(...(w.spec.validatedBy(node.name.text) ?? []));
  });
  return out;
}

/** Whether a branch refuses: it is, or ends with, a `throw`. */
function throws(statement: ts.Statement): boolean {
  if (isThrowStatement(statement)) return true;
  return isBlock(statement) && statement.statements.length > 0 && isThrowStatement(statement.statements[statement.statements.length - 1]);
}

/** Whether what `call` throws is caught by a `try` around it whose `catch` does not throw again. */
function caught(call: ts.Node): boolean {
  for (let n: ts.Node = call; n.parent && !isFunctionNode(n.parent); n = n.parent) {
    const parent = n.parent as ts.TryStatement;
    if (parent.kind === SyntaxKind.TryStatement && parent.tryBlock === n && parent.catchClause && !throws(parent.catchClause.block)) return true;
  }
  return false;
}
