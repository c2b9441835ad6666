import type * as ts from 'typescript';
import { isExpressionStatement, isIdentifier, isImportDeclaration, isStringLiteral } from './compiler';
import type { Fix, TextEdit } from '../types';
import type { TaintWalker } from './taint-walker';

/**
 * isomorphic-dompurify rather than dompurify: Next.js renders components on the server too,
 * where plain DOMPurify has no DOM and cannot sanitize; the isomorphic package is DOMPurify
 * over jsdom there and the browser's DOM on the client, with the same `sanitize` API.
 */
const PACKAGE = 'isomorphic-dompurify';
const KNOWN_PACKAGES = new Set([PACKAGE, 'dompurify']);

/**
 * "Sanitize with DOMPurify" on `dangerouslySetInnerHTML={{ __html: html }}`: the value becomes
 * `DOMPurify.sanitize(html)` (markup kept, scripts and event handlers removed), with the
 * import added unless the file already has one.
 */
export function sanitizeHtmlFixes(w: TaintWalker, value: ts.Expression): Fix[] {
  const existing = importedName(w.sf);
  const name = existing ?? 'DOMPurify';
  const edits: TextEdit[] = [{ range: w.range(value), newText: `${name}.sanitize(${w.text(value)})` }];
  if (!existing) edits.push(importInsertion(w, `import ${name} from ${w.facts.quote}${PACKAGE}${w.facts.quote};`));
  const title = w.input.catalog.get('xss')?.meta.fixTitle ?? 'Sanitize with DOMPurify';
  return [{ title, kind: 'rewrite', isPreferred: true, edits }];
}

/** The default import of DOMPurify, if the file has one. */
function importedName(sf: ts.SourceFile): string | undefined {
  for (const statement of sf.statements) {
    if (!isImportDeclaration(statement) || !isStringLiteral(statement.moduleSpecifier) || !KNOWN_PACKAGES.has(statement.moduleSpecifier.text)) continue;
    const name = statement.importClause?.name;
    if (name && isIdentifier(name)) return name.text;
  }
  return undefined;
}

/** A new import line after the file's last import, else after its directives (`'use client'`), else at the top. */
function importInsertion(w: TaintWalker, line: string): TextEdit {
  const statements = w.sf.statements;
  const imports = statements.filter((s) => isImportDeclaration(s));
  let anchor: ts.Statement | undefined = imports[imports.length - 1];
  if (!anchor) {
    for (const s of statements) {
      if (!isExpressionStatement(s) || !isStringLiteral(s.expression)) break;
      anchor = s;
    }
  }
  if (!anchor) return { range: w.input.lines.rangeAt(0, 0), newText: `${line}${w.eol}` };
  return { range: w.input.lines.rangeAt(anchor.getEnd(), anchor.getEnd()), newText: `${w.eol}${line}` };
}
