import type * as ts from 'typescript';
import {
  NodeFlags,
  SyntaxKind,
  isArrayLiteralExpression,
  isBlock,
  isCallExpression,
  isModuleBlock,
  isSourceFile,
  isVariableStatement,
  isElementAccessExpression,
  isIdentifier,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isStringLiteral,
} from './compiler';
import type { ArgLookup, ArgValue } from '../rules/compiled-patterns';
import type { ValueKind } from '../rules/spec-types';
import { boundNames, forEachDescendant, isFunctionNode, skipOuter } from './syntax';

/**
 * A call's arguments for the spec's argument conditions (`when` of a sink): `arg` is the
 * position; `keyword` is a property of an options object among the arguments
 * (`spawn(cmd, args, { shell: true })`), TS's nearest thing to a Python keyword argument.
 */
export function argLookup(args: readonly ts.Expression[], sf: ts.SourceFile): ArgLookup {
  return (arg, keyword) => {
    if (keyword !== undefined) {
      for (const candidate of args) {
        const options = resolveConst(candidate);
        if (!isObjectLiteralExpression(options)) continue;
        for (const p of options.properties) {
          if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === keyword) return argValue(resolveConst(p.initializer), sf);
          if (isShorthandPropertyAssignment(p) && p.name.text === keyword) return argValue(resolveConst(p.name), sf);
        }
      }
      if (arg === undefined) return undefined;
    }
    const node = arg !== undefined ? args[arg] : undefined;
    return node && !isSpreadElement(node) ? argValue(resolveConst(node), sf) : undefined;
  };
}

/**
 * Settings passed through a constant are read like inline ones: `options` in
 * `const options = { algorithms: ['none'] }; jwt.verify(token, key, options)` is that object.
 * Only a `const` of the enclosing blocks or the module whose value is an object or array literal
 * (a parameter of that name shadows it); anything else is the expression itself. A constant
 * string is not read through: a named secret is reported where it is written, once.
 */
export function resolveConst(node: ts.Expression): ts.Expression {
  const e = skipOuter(node);
  if (!isIdentifier(e)) return e;
  for (let scope: ts.Node | undefined = e.parent; scope; scope = scope.parent) {
    if (isFunctionNode(scope) && scope.parameters.some((p) => boundNames(p.name).includes(e.text))) return e;
    const statements = isBlock(scope) || isSourceFile(scope) || isModuleBlock(scope) ? scope.statements : undefined;
    for (const statement of statements ?? []) {
      if (!isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!isIdentifier(declaration.name) || declaration.name.text !== e.text) continue;
        const value = declaration.initializer && skipOuter(declaration.initializer);
        const constant = (statement.declarationList.flags & NodeFlags.Const) !== 0;
        return constant && value && (isObjectLiteralExpression(value) || isArrayLiteralExpression(value)) ? value : e;
      }
    }
  }
  return e;
}

/**
 * What pattern matches read outside their own top-level statement through resolveConst: the
 * module's constants (names and values), part of the statement cache's context.
 */
export function moduleConstants(sf: ts.SourceFile): string {
  const out: string[] = [];
  for (const statement of sf.statements) {
    if (!isVariableStatement(statement) || !(statement.declarationList.flags & NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const value = declaration.initializer && skipOuter(declaration.initializer);
      if (value && (isObjectLiteralExpression(value) || isArrayLiteralExpression(value))) out.push(declaration.getText(sf));
    }
  }
  return out.join('\n');
}

export function argValue(node: ts.Expression, sf: ts.SourceFile): ArgValue {
  const e = skipOuter(node);
  const { kind, literal } = kindOf(e);
  return {
    kind,
    literal,
    // Read on demand: most conditions never look at the text, and a value may be a whole function.
    get text() {
      return sf.text.slice(e.getStart(sf), e.getEnd());
    },
    names: () => {
      const names: string[] = [];
      if (isIdentifier(e)) names.push(e.text);
      forEachDescendant(e, (n) => {
        if (isIdentifier(n)) names.push(n.text);
        else if (isStringLiteral(n) && isKeyRead(n)) names.push(n.text);
      });
      return names;
    },
  };
}

function kindOf(e: ts.Expression): { kind: ValueKind; literal?: ArgValue['literal'] } {
  switch (e.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { kind: 'string', literal: (e as ts.StringLiteral).text };
    case SyntaxKind.TemplateExpression:
      return { kind: 'template' };
    case SyntaxKind.NumericLiteral:
      return { kind: 'number', literal: Number((e as ts.NumericLiteral).text) };
    case SyntaxKind.TrueKeyword:
      return { kind: 'bool', literal: true };
    case SyntaxKind.FalseKeyword:
      return { kind: 'bool', literal: false };
    case SyntaxKind.NullKeyword:
      return { kind: 'none' };
    case SyntaxKind.ArrayLiteralExpression:
      return { kind: 'list' };
    case SyntaxKind.ObjectLiteralExpression:
      return { kind: 'dict' };
    case SyntaxKind.Identifier:
      return (e as ts.Identifier).text === 'undefined' ? { kind: 'none' } : { kind: 'name' };
    case SyntaxKind.CallExpression:
      return { kind: 'call' };
    default:
      return { kind: 'other' };
  }
}

/** `headers['authorization']`, `headers.get('authorization')`: a string that names a member read. */
function isKeyRead(literal: ts.StringLiteral): boolean {
  const parent = literal.parent;
  if (isElementAccessExpression(parent)) return parent.argumentExpression === literal;
  return isCallExpression(parent) && parent.arguments.length === 1 && isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'get';
}
