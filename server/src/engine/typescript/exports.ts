import type * as ts from 'typescript';
import {
  SyntaxKind,
  isBinaryExpression,
  isClassDeclaration,
  isExportAssignment,
  isExportDeclaration,
  isExpressionStatement,
  isFunctionDeclaration,
  isIdentifier,
  isMethodDeclaration,
  isNamedExports,
  isObjectLiteralExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isVariableStatement,
} from './compiler';
import type { FileFacts } from './file-facts';
import { requireOf } from './imports';
import { dottedName, hasModifier, isFunctionNode, skipOuter, type FunctionNode } from './syntax';

export interface Exports {
  /** Exported name (`default` for a default export or `module.exports = f`) → function. */
  functions: Map<string, FunctionNode>;
  reexports: Map<string, [string, string]>;
}

/** The file's exported functions and re-exports, from its top-level statements. */
export function exportsOf(sf: ts.SourceFile, facts: FileFacts): Exports {
  const functions = new Map<string, FunctionNode>();
  const reexports = new Map<string, [string, string]>();
  // An exported value: a function written in place, or the name of a top-level function.
  const add = (name: string, value: ts.Expression | undefined) => {
    const inner = value && skipOuter(value);
    const fn = !inner ? undefined : isFunctionNode(inner) ? inner : isIdentifier(inner) ? facts.functions.get(inner.text) : undefined;
    if (fn) functions.set(name, fn);
  };
  // Members of an exported object: `module.exports = { f, g: helper, h() {} }` (the module's own names),
  // `export const queries = { byName() {} }` (`queries.byName`), `export default { f }` (`default.f`).
  const addMembers = (object: ts.ObjectLiteralExpression, prefix: string) => {
    for (const property of object.properties) {
      if (isShorthandPropertyAssignment(property)) add(prefix + property.name.text, property.name);
      else if (isPropertyAssignment(property) && (isIdentifier(property.name) || isStringLiteral(property.name))) add(prefix + property.name.text, property.initializer);
      else if (isFunctionNode(property) && property.name && isIdentifier(property.name)) functions.set(prefix + property.name.text, property);
    }
  };
  // An exported value: a function is `name`, an object literal gives `name.member`s.
  const addValue = (name: string, value: ts.Expression) => {
    const inner = skipOuter(value);
    if (isObjectLiteralExpression(inner)) addMembers(inner, `${name}.`);
    else add(name, inner);
  };
  // `module.exports = ...` / `export = ...`: a function is the default, an object its members, a require a re-export of it all.
  const addModuleExports = (value: ts.Expression) => {
    const inner = skipOuter(value);
    const required = requireOf(inner);
    if (required !== undefined) reexports.set(`*${required}`, [required, '*']);
    else if (isObjectLiteralExpression(inner)) addMembers(inner, '');
    else add('default', inner);
  };

  for (const statement of sf.statements) {
    if (isFunctionDeclaration(statement) && statement.body && hasModifier(statement, SyntaxKind.ExportKeyword)) {
      if (hasModifier(statement, SyntaxKind.DefaultKeyword)) functions.set('default', statement);
      else if (statement.name) functions.set(statement.name.text, statement);
    } else if (isVariableStatement(statement) && hasModifier(statement, SyntaxKind.ExportKeyword)) {
      for (const declaration of statement.declarationList.declarations) {
        if (isIdentifier(declaration.name) && declaration.initializer) addValue(declaration.name.text, declaration.initializer);
      }
    } else if (isClassDeclaration(statement) && hasModifier(statement, SyntaxKind.ExportKeyword)) {
      // `export class Orders { static search(term) {} }`: `Orders.search`; its instance methods `Orders.prototype.find`.
      const name = hasModifier(statement, SyntaxKind.DefaultKeyword) ? 'default' : statement.name?.text;
      for (const member of statement.members) {
        if (!name || !isMethodDeclaration(member) || !member.body || !isIdentifier(member.name)) continue;
        const isStatic = hasModifier(member, SyntaxKind.StaticKeyword);
        functions.set(`${name}.${isStatic ? '' : 'prototype.'}${member.name.text}`, member);
      }
    } else if (isExportAssignment(statement)) {
      if (statement.isExportEquals) addModuleExports(statement.expression);
      else addValue('default', statement.expression);
    } else if (isExportDeclaration(statement) && !statement.isTypeOnly) {
      const from = statement.moduleSpecifier && isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from !== undefined) reexports.set(`*${from}`, [from, '*']);
      } else if (isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const local = (element.propertyName ?? element.name).text;
          if (from !== undefined) reexports.set(element.name.text, [from, local]);
          else add(element.name.text, element.propertyName ?? element.name);
        }
      }
    } else if (isExpressionStatement(statement) && isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === SyntaxKind.EqualsToken) {
      const target = dottedName(statement.expression.left);
      const member = target && /^(?:module\.)?exports\.([^.]+)$/.exec(target)?.[1];
      if (target === 'module.exports') addModuleExports(statement.expression.right);
      else if (member) add(member, statement.expression.right);
    }
  }
  return { functions, reexports };
}
