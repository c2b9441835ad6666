import ts = require('typescript');
import type { ImportReference } from '../import-references';

/**
 * Every module specifier of a TS/JS file, read by the compiler's own import scanner (the one
 * its language service uses: no full parse, comments and strings skipped): `import … from`,
 * `export * from`, `export { x } from`, `import x = require()`, `require()`, `import()`.
 */
export function typescriptImportReferences(text: string): ImportReference[] {
  return ts.preProcessFile(text, /*readImportFiles*/ true, /*detectJavaScriptImports*/ true).importedFiles.map((file) => ({ specifier: file.fileName }));
}
