import type * as ts from 'typescript';
import { isIdentifier, isImportDeclaration, isStringLiteral } from './compiler';
import { importInsertion } from './imports';
import type { Fix, TextEdit } from '../types';
import type { TaintWalker } from './taint-walker';
import { ruleText } from '../rules/spec-types';
import { npmDependencyChange } from '../fixes/npm-manifest';

/**
 * isomorphic-dompurify rather than dompurify: Next.js renders components on the server too,
 * where plain DOMPurify has no DOM and cannot sanitize; the isomorphic package is DOMPurify
 * over jsdom there and the browser's DOM on the client, with the same `sanitize` API.
 */
const PACKAGE = 'isomorphic-dompurify';
const KNOWN_PACKAGES = new Set([PACKAGE, 'dompurify']);
/** The range the fix adds to package.json. */
const RANGE = '^4.6.0';

/**
 * "Sanitize with DOMPurify" on `dangerouslySetInnerHTML={{ __html: html }}`: the value becomes
 * `DOMPurify.sanitize(html)` (markup kept, scripts and event handlers removed), with the
 * import added unless the file already has one.
 */
export function sanitizeHtmlFixes(w: TaintWalker, value: ts.Expression): Fix[] {
  const existing = importedName(w.sf);
  const name = existing ?? 'DOMPurify';
  const edits: TextEdit[] = [{ range: w.range(value), newText: `${name}.sanitize(${w.text(value)})` }];
  if (!existing) edits.push(importInsertion(w.sf, w.input.lines, `import ${name} from ${w.facts.quote}${PACKAGE}${w.facts.quote};`));
  const title = ruleText(w.input.catalog.get('xss')?.meta, 'typescript', 'fixTitle') ?? 'Sanitize with DOMPurify';
  if (existing) return [{ title, kind: 'rewrite', isPreferred: true, edits }];
  // A new import of a package the app may not have: added to package.json, or said in the title and not preferred.
  const dependency = npmDependencyChange(w.input.files, w.input.path, PACKAGE, RANGE);
  return [{ title: `${title}${dependency.note}`, kind: 'rewrite', isPreferred: dependency.listed, edits, ...(dependency.files ? { files: dependency.files } : {}) }];
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
