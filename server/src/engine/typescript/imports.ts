import type * as ts from 'typescript';
import {
  isCallExpression,
  isExpressionStatement,
  isIdentifier,
  isImportDeclaration,
  isNamedImports,
  isNamespaceImport,
  isObjectBindingPattern,
  isPropertyAccessExpression,
  isStringLiteral,
  isStringLiteralLike,
  isVariableStatement,
} from './compiler';
import type { LineIndex } from '../text/positions';
import type { TextEdit } from '../types';
import { skipOuter } from './syntax';

// What a file imports, for pattern rules (`createHash` is `crypto.createHash`) and for fixes
// that add an import (`argon2`, `helmet`, `randomUUID`).

/**
 * A module name as a callee segment: `node:crypto` → `crypto`, `node-serialize` →
 * `node_serialize`, `@/lib/db` → `__lib_db` (callee patterns are dotted identifiers).
 */
export function moduleSegment(module: string): string {
  return module.replace(/^node:/, '').replace(/[^A-Za-z0-9_$]/g, '_');
}

/** How a local name was imported. */
export interface ImportedName {
  module: string;
  /** The imported member (`createHash`), or undefined for the module itself (default, namespace, require). */
  member?: string;
}

/**
 * Local names bound by top-level imports and requires: `import jwt from 'jsonwebtoken'`,
 * `import { createHash as h } from 'crypto'`, `const { randomBytes } = require('node:crypto')`.
 */
export function importedNames(sf: ts.SourceFile): Map<string, ImportedName> {
  const names = new Map<string, ImportedName>();
  for (const statement of sf.statements) {
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause.name) names.set(clause.name.text, { module });
      const bindings = clause.namedBindings;
      if (bindings && isNamespaceImport(bindings)) names.set(bindings.name.text, { module });
      if (bindings && isNamedImports(bindings)) {
        for (const element of bindings.elements) names.set(element.name.text, { module, member: (element.propertyName ?? element.name).text });
      }
    } else if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && skipOuter(declaration.initializer);
        // `const exec = require('child_process').exec`: a member of the module.
        if (init && isPropertyAccessExpression(init) && isIdentifier(declaration.name) && isIdentifier(init.name)) {
          const from = requireOf(init.expression);
          const member = init.name.text;
          if (from) names.set(declaration.name.text, member === 'default' ? { module: from } : { module: from, member });
          continue;
        }
        const module = init && requireOf(init);
        if (!module) continue;
        if (isIdentifier(declaration.name)) names.set(declaration.name.text, { module });
        else if (isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            const member = element.propertyName ?? element.name;
            if (isIdentifier(element.name) && isIdentifier(member)) names.set(element.name.text, { module, member: member.text });
          }
        }
      }
    }
  }
  return names;
}

/** `require('x')` → `x`. */
export function requireOf(node: ts.Expression): string | undefined {
  const e = skipOuter(node);
  if (!isCallExpression(e) || !isIdentifier(e.expression) || e.expression.text !== 'require' || e.arguments.length !== 1) return undefined;
  const arg = e.arguments[0];
  return isStringLiteralLike(arg) ? arg.text : undefined;
}

/**
 * `createHash.update` → `crypto.createHash.update` when `createHash` came from `crypto`;
 * `require('node-serialize').unserialize` → `node_serialize.unserialize`. Undefined when the
 * first name is not imported.
 */
export function canonicalCallee(written: string, imports: ReadonlyMap<string, ImportedName>, callee?: ts.Expression): string | undefined {
  if (written.startsWith('require.') && callee) {
    let inner = skipOuter(callee);
    while (isPropertyAccessExpression(inner)) inner = skipOuter(inner.expression);
    const module = requireOf(inner);
    if (module) return moduleSegment(module) + written.slice('require'.length);
  }
  const dot = written.indexOf('.');
  const first = dot < 0 ? written : written.slice(0, dot);
  const imported = imports.get(first);
  if (!imported) return undefined;
  const base = moduleSegment(imported.module) + (imported.member ? `.${imported.member}` : '');
  return dot < 0 ? base : base + written.slice(dot);
}

/** The local name the file gives to a module (`import crypto from 'node:crypto'`) or one of its members; undefined if it has none. */
export function localNameOf(imports: ReadonlyMap<string, ImportedName>, modules: readonly string[], member?: string): string | undefined {
  for (const [local, imported] of imports) {
    if (modules.includes(imported.module) && imported.member === member) return local;
  }
  return undefined;
}

/** Whether the file loads modules with `require` rather than `import` (a CommonJS file): new imports follow suit. */
export function usesRequire(sf: ts.SourceFile): boolean {
  return !sf.statements.some(isImportDeclaration) && /\brequire\s*\(/.test(sf.text);
}

/**
 * An import for code a fix inserts: `import argon2 from 'argon2'` or, in a CommonJS file,
 * `const argon2 = require('argon2')`. `named`: a member (`{ randomUUID }`) rather than the module.
 */
export function importLine(sf: ts.SourceFile, quote: string, module: string, local: string, named = false): string {
  const from = `${quote}${module}${quote}`;
  if (usesRequire(sf)) return `const ${named ? `{ ${local} }` : local} = require(${from});`;
  return `import ${named ? `{ ${local} }` : local} from ${from};`;
}

/**
 * A new import line after the file's last import (or require), else after its directives
 * (`'use client'`), else below the file's header (a shebang, the comments that open the file),
 * never above them: a shebang must stay the first line, and a header comment stays the header.
 */
export function importInsertion(sf: ts.SourceFile, lines: LineIndex, line: string): TextEdit {
  const statements = sf.statements;
  let anchor: ts.Statement | undefined;
  for (const s of statements) {
    if (isImportDeclaration(s) || (isVariableStatement(s) && s.declarationList.declarations.some((d) => d.initializer && requireOf(d.initializer)))) anchor = s;
  }
  if (!anchor) {
    let directives: ts.Statement | undefined;
    for (const s of statements) {
      if (!isExpressionStatement(s) || !isStringLiteral(s.expression)) break;
      directives = s;
    }
    // Below the directives' line, or the shebang, and the comments that follow them.
    const from = directives ? lineAfter(sf.text, directives.getEnd()) : sf.text.startsWith('#!') ? lineAfter(sf.text, 0) : 0;
    const at = headerEnd(sf, from);
    if (directives && at === sf.text.length && !sf.text.endsWith('\n')) return { range: lines.rangeAt(at, at), newText: `${lines.eol}${line}` };
    return { range: lines.rangeAt(at, at), newText: `${line}${lines.eol}` };
  }
  return { range: lines.rangeAt(anchor.getEnd(), anchor.getEnd()), newText: `${lines.eol}${line}` };
}

/**
 * The start of the line after the comments that follow `from` (the file's start, its shebang or
 * its directives). A JSDoc comment right above the next statement (no blank line between)
 * documents that statement and stays with it.
 */
function headerEnd(sf: ts.SourceFile, from: number): number {
  const text = sf.text;
  let at = from;
  const first = sf.statements.find((s) => s.getStart(sf) >= from);
  for (;;) {
    const comment = /^[ \t]*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/[ \t]*\r?\n)/.exec(text.slice(at));
    if (!comment) break;
    const end = at + comment[0].length;
    const isDoc = comment[0].trimStart().startsWith('/**');
    if (isDoc && first && !/\n\s*\n/.test(text.slice(end - 1, first.getStart(sf)))) break;
    at = end;
  }
  return at;
}

function lineAfter(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end + 1;
}
