import type * as ts from 'typescript';
import {
  NodeFlags,
  isBlock,
  isElementAccessExpression,
  isIdentifier,
  isMethodDeclaration,
  isNumericLiteral,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSourceFile,
  isStringLiteralLike,
  isVariableStatement,
} from './compiler';
import { isFunctionNode, skipOuter, type FunctionNode } from './syntax';
import type { TaintWalker } from './taint-walker';

/**
 * Calls through a table of functions: `handlers[kind](input)`, or `const run = handlers[kind];
 * run(input)`, where `handlers` is a top-level `const` object literal of the file. The call calls
 * each function the table holds (its values: named functions of the file, function expressions,
 * methods) and no other: request data passed there reaches what their parameters reach.
 */
export function tableCandidates(callee: ts.Expression, w: TaintWalker): { table: string; functions: FunctionNode[] } | undefined {
  let node = skipOuter(callee);
  if (isIdentifier(node) && w.isLocal(node.text)) {
    const init = constInitializer(node);
    if (!init) return undefined;
    node = skipOuter(init);
  }
  if (!isElementAccessExpression(node)) return undefined;
  const key = skipOuter(node.argumentExpression);
  // `handlers["csv"]` names one property: an ordinary call, not a look-up.
  if (isStringLiteralLike(key) || isNumericLiteral(key)) return undefined;
  const object = skipOuter(node.expression);
  if (!isIdentifier(object) || w.isLocal(object.text)) return undefined;
  const table = w.facts.tables.get(object.text);
  if (!table) return undefined;
  const functions: FunctionNode[] = [];
  for (const property of table.properties) {
    let fn: FunctionNode | undefined;
    if (isMethodDeclaration(property)) fn = property;
    else if (isShorthandPropertyAssignment(property)) fn = w.facts.functions.get(property.name.text);
    else if (isPropertyAssignment(property)) {
      const value = skipOuter(property.initializer);
      fn = isFunctionNode(value) ? value : isIdentifier(value) ? w.facts.functions.get(value.text) : undefined;
    }
    if (fn) functions.push(fn);
  }
  return { table: object.text, functions };
}

/** The initializer of the `const` that declares `name` in a block around it (before it), if any. */
function constInitializer(name: ts.Identifier): ts.Expression | undefined {
  for (let up: ts.Node | undefined = name.parent; up; up = up.parent) {
    if (!isBlock(up) && !isSourceFile(up)) continue;
    for (const statement of up.statements) {
      if (statement.pos > name.pos) break;
      if (!isVariableStatement(statement) || (statement.declarationList.flags & NodeFlags.Const) === 0) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (isIdentifier(declaration.name) && declaration.name.text === name.text) return declaration.initializer;
      }
    }
  }
  return undefined;
}
