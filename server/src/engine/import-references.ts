import type Parser = require('tree-sitter');
import { languageOfPath } from './languages';
import { pythonImportReferences } from './python/import-references';
import { createParser } from './python/parser';

/** One import as written: the module specifier, and for Python's `from M import a, b` the names (each may be a submodule). */
export interface ImportReference {
  specifier: string;
  names?: string[];
}

let pythonParser: Parser | undefined;
// The compiler loads on the first TS/JS file, as in the backends: a Python-only run never loads it.
type TypeScriptReferences = typeof import('./typescript/import-references');
let typescript: TypeScriptReferences | undefined;

/**
 * The modules a file's text imports, read from its parse (tree-sitter for Python, the
 * TypeScript compiler's import scanner for TS/JS), for embedders that need a file's importers
 * (`vigil scan --changed-since`). Empty for a language Vigil does not analyze. Pure: text in,
 * specifiers out; resolving them to files is the embedder's business.
 */
export function importReferences(path: string, text: string): ImportReference[] {
  const language = languageOfPath(path);
  if (language === undefined) return [];
  if (language !== 'python') return (typescript ??= require('./typescript/import-references') as TypeScriptReferences).typescriptImportReferences(text);
  pythonParser ??= createParser();
  const tree = pythonParser.parse(text, undefined, { bufferSize: text.length + 1 });
  return pythonImportReferences(tree.rootNode, text);
}
