import type * as ts from 'typescript';
import {
  SyntaxKind,
  isAwaitExpression,
  isCallExpression,
  isClassDeclaration,
  isExternalModuleReference,
  isFunctionDeclaration,
  NodeFlags,
  isIdentifier,
  isImportDeclaration,
  isObjectLiteralExpression,
  isImportEqualsDeclaration,
  isPropertyAccessExpression,
  isStringLiteral,
  isStringLiteralLike,
  isVariableStatement,
} from './compiler';
import { isFunctionNode, skipOuter, type FunctionNode } from './syntax';

/** What the analysis needs to know about a file before walking it; read from top-level statements only. */
export interface FileFacts {
  /** Modules imported or required (`mysql2/promise`, `@/lib/db`): they decide the SQL placeholder style. */
  modules: string[];
  /** Top-level functions by name (declarations and `const f = () => ...`), for summaries and `app.get('/', handler)`. */
  functions: Map<string, FunctionNode>;
  /** Top-level classes by name, for calls of their methods (`dao.findByName(q)`, `this.search(q)`). */
  classes: Map<string, ts.ClassDeclaration>;
  /** The quote the file writes strings with, for code the fixes insert. */
  quote: "'" | '"';
  /** Top-level `const` object literals (`const handlers = { csv: exportCsv, ... }`): what `handlers[kind](x)` can call. */
  tables: Map<string, ts.ObjectLiteralExpression>;
}

export function readFileFacts(sf: ts.SourceFile): FileFacts {
  const modules: string[] = [];
  const quotes = { "'": 0, '"': 0 };
  const functions = new Map<string, FunctionNode>();
  const classes = new Map<string, ts.ClassDeclaration>();
  const tables = new Map<string, ts.ObjectLiteralExpression>();
  const duplicates = new Set<string>();
  const addModule = (literal: ts.StringLiteralLike) => {
    modules.push(literal.text);
    const q = sf.text[literal.getStart(sf)];
    if (q === "'" || q === '"') quotes[q]++;
  };
  const addFunction = (name: string, fn: FunctionNode) => {
    if (functions.has(name)) duplicates.add(name);
    functions.set(name, fn);
  };

  for (const statement of sf.statements) {
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier)) {
      addModule(statement.moduleSpecifier);
    } else if (isImportEqualsDeclaration(statement) && isExternalModuleReference(statement.moduleReference)) {
      if (isStringLiteral(statement.moduleReference.expression)) addModule(statement.moduleReference.expression);
    } else if (isClassDeclaration(statement) && statement.name) {
      classes.set(statement.name.text, statement);
    } else if (isFunctionDeclaration(statement) && statement.name) {
      addFunction(statement.name.text, statement);
    } else if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && skipOuter(declaration.initializer);
        if (!init) continue;
        const required = requiredModule(init);
        if (required) addModule(required);
        else if (isIdentifier(declaration.name) && isFunctionNode(init)) addFunction(declaration.name.text, init);
        else if (isIdentifier(declaration.name) && isObjectLiteralExpression(init) && (statement.declarationList.flags & NodeFlags.Const) !== 0) tables.set(declaration.name.text, init);
      }
    }
  }
  for (const name of duplicates) functions.delete(name);
  return { modules, functions, classes, tables, quote: quotes['"'] > quotes["'"] ? '"' : "'" };
}

/** `require('x')`, `require('x').default`, `await import('x')`. */
export function requiredModule(node: ts.Expression): ts.StringLiteralLike | undefined {
  node = skipOuter(node);
  if (isAwaitExpression(node) || isPropertyAccessExpression(node)) return requiredModule(node.expression);
  if (!isCallExpression(node) || node.arguments.length !== 1 || !isStringLiteralLike(node.arguments[0])) return undefined;
  const isRequire = isIdentifier(node.expression) && node.expression.text === 'require';
  return isRequire || node.expression.kind === SyntaxKind.ImportKeyword ? node.arguments[0] : undefined;
}
