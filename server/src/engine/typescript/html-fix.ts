import type * as ts from 'typescript';
import * as semver from 'semver';
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
/**
 * The range the fix adds to package.json. isomorphic-dompurify 4 (jsdom 30) runs only on
 * Node ^22.22.2 || ^24.15.0 || >=26 and crashes on import elsewhere; 3.19 runs on
 * ^20.19 || ^22.13 || >=24. The newer major only when the app's `engines.node` allows no
 * older Node; without `engines` the app's Node is unknown, so the one that runs on more.
 */
const RANGE_CURRENT = { range: '^4.6.0', node: '^22.22.2 || ^24.15.0 || >=26.0.0' };
const RANGE_WIDE = '^3.19.0';

function dompurifyRange(manifestText: string): string {
  let engines: unknown;
  try {
    engines = (JSON.parse(manifestText) as { engines?: { node?: unknown } }).engines?.node;
  } catch {
    return RANGE_WIDE;
  }
  if (typeof engines !== 'string' || !semver.validRange(engines)) return RANGE_WIDE;
  return semver.subset(engines, RANGE_CURRENT.node) ? RANGE_CURRENT.range : RANGE_WIDE;
}

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
  const dependency = npmDependencyChange(w.input.files, w.input.path, PACKAGE, dompurifyRange);
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
