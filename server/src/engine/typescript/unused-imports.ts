import type * as ts from 'typescript';
import type { ImportStatement, ImportSyntax } from '../fixes/unused-imports';
import { createSourceFile, isIdentifier, isImportDeclaration, isNamedImports, isNamespaceImport, isObjectBindingPattern, isVariableStatement, ScriptKind, ScriptTarget } from './compiler';

// TS/JS import statements for fixes/unused-imports.ts: `import x, { a, b as c } from 'm'`,
// `import * as m from 'm'`, `const { a, b } = require('m')`, read by the TypeScript parser.
// Side-effect imports (`import 'm'`), type-only imports and `import x = require()` are left alone.

/** Top-level (column 0) `import …` and `const|let|var … = require(…)` statements, to their `;` or quoted module name. */
function spans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const start = /^(?:import[\s{*]|(?:const|let|var)\s+[\w${][^=;]*=\s*require\s*\()/gm;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const end = /(?:from\s*|require\s*\(\s*)(['"])[^'"\n]*\1\s*\)?\s*;?/g;
    end.lastIndex = m.index;
    const found = end.exec(text);
    if (!found) break;
    out.push({ start: m.index, end: found.index + found[0].replace(/\s+$/, '').length });
    start.lastIndex = found.index + found[0].length;
  }
  return out;
}

function parse(statement: string): ImportStatement | undefined {
  const sf = createSourceFile('import.ts', statement, ScriptTarget.Latest, true, ScriptKind.TS);
  if (sf.statements.length !== 1) return undefined;
  const node = sf.statements[0];
  const text = (n: ts.Node) => n.getText(sf);
  if (isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly) return undefined;
    const module = text(node.moduleSpecifier);
    const named = clause.namedBindings && isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.filter((e) => !e.isTypeOnly) : [];
    const typeOnly = clause.namedBindings && isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.filter((e) => e.isTypeOnly) : [];
    const namespace = clause.namedBindings && isNamespaceImport(clause.namedBindings) ? clause.namedBindings.name.text : undefined;
    const names = [...(clause.name ? [clause.name.text] : []), ...named.map((e) => e.name.text), ...(namespace ? [namespace] : [])];
    const semicolon = statement.trimEnd().endsWith(';') ? ';' : '';
    return {
      names,
      without(drop) {
        const def = clause.name && !drop.has(clause.name.text) ? clause.name.text : undefined;
        const ns = namespace && !drop.has(namespace) ? `* as ${namespace}` : undefined;
        const members = [...named.filter((e) => !drop.has(e.name.text)), ...typeOnly].map(text);
        const parts = [def, ns, members.length ? `{ ${members.join(', ')} }` : undefined].filter((p) => p);
        if (!parts.length || (!def && !ns && members.length === typeOnly.length)) return typeOnly.length && !def && !ns ? `import { ${typeOnly.map(text).join(', ')} } from ${module}${semicolon}` : undefined;
        return `import ${parts.join(', ')} from ${module}${semicolon}`;
      },
    };
  }
  if (isVariableStatement(node) && node.declarationList.declarations.length === 1) {
    const declaration = node.declarationList.declarations[0];
    const keyword = statement.slice(0, statement.search(/\s/));
    const init = declaration.initializer ? text(declaration.initializer) : '';
    const semicolon = statement.trimEnd().endsWith(';') ? ';' : '';
    if (isIdentifier(declaration.name)) {
      const name = declaration.name.text;
      return { names: [name], without: (drop) => (drop.has(name) ? undefined : statement) };
    }
    if (isObjectBindingPattern(declaration.name)) {
      const elements = declaration.name.elements;
      if (elements.some((e) => !isIdentifier(e.name) || e.dotDotDotToken)) return undefined;
      return {
        names: elements.map((e) => (e.name as ts.Identifier).text),
        without(drop) {
          const kept = elements.filter((e) => !drop.has((e.name as ts.Identifier).text)).map(text);
          return kept.length ? `${keyword} { ${kept.join(', ')} } = ${init}${semicolon}` : undefined;
        },
      };
    }
  }
  return undefined;
}

export const typescriptImports: ImportSyntax = { spans, parse };
