import type Parser = require('tree-sitter');
import type { LanguageBackend } from '../backend';
import { analyzeModule, summarizeModule } from './analyzer';
import { createParser } from './parser';
import { AnalysisCache } from './cache';
import { treeEditOf } from './tree-edit';

/**
 * Python through tree-sitter: one parser for the backend, incremental reparses from the
 * previous tree, and a per-function result cache so a keystroke re-walks one function.
 *
 * The analysis reads the tree through a cursor where it can: the binding keeps every node
 * object JS has read and `Tree.edit` updates each of them, so fewer node objects make the
 * next reparse cheaper too.
 */
export function pythonBackend(): LanguageBackend<Parser.Tree> {
  let parser: Parser | undefined;
  const cache = new AnalysisCache();
  return {
    language: 'python',
    comment: '#',
    nativeTrees: true,
    parse(text, _fileName, previous) {
      if (previous) for (const edit of previous.edits) previous.tree.edit(treeEditOf(edit));
      parser ??= createParser();
      // One read buffer for the whole text rather than the binding's 32K-unit chunks.
      return parser.parse(text, previous?.tree, { bufferSize: text.length + 1 });
    },
    hasSyntaxErrors: (tree) => tree.rootNode.hasError,
    analyze: (input) => analyzeModule(input, cache.file(input.path, input.spec)),
    summarize: (input) => summarizeModule(input),
  };
}
