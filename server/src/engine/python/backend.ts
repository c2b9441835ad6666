import type Parser = require('tree-sitter');
import type { LanguageBackend } from '../backend';
import { analyzeModule, moduleSummarizer, summarizeModule } from './analyzer';
import { createParser } from './parser';
import { AnalysisCache } from './cache';
import { treeEditOf } from './tree-edit';
import { FrozenTree } from './frozen-tree';
import { nativeFreezer } from './native-freeze';
import type { PythonTree } from './syntax';

/**
 * Python through tree-sitter: one parser for the backend, incremental reparses from the
 * previous tree, and a per-function result cache so a keystroke re-walks one function.
 *
 * The analysis reads the tree through a cursor where it can: the binding keeps every node
 * object JS has read and `Tree.edit` updates each of them, so fewer node objects make the
 * next reparse cheaper too.
 */
/** Files whose function summaries are kept for their module summaries (a scan's whole tree, typically). */
const MODULE_SUMMARY_FILES = 2048;

export function pythonBackend(): LanguageBackend<PythonTree> {
  let parser: Parser | undefined;
  const cache = new AnalysisCache();
  // Module summaries keep their own per-function caches: a scan asks for many modules, each at several import depths.
  const summaryCache = new AnalysisCache(MODULE_SUMMARY_FILES);
  return {
    language: 'python',
    comment: '#',
    nativeTrees: true,
    parse(text, _fileName, previous) {
      // A frozen tree is never edited (a scan's); were one given, the text is parsed afresh.
      const old = previous && !(previous.tree instanceof FrozenTree) ? (previous.tree as Parser.Tree) : undefined;
      if (old) for (const edit of previous!.edits) old.edit(treeEditOf(edit));
      parser ??= createParser();
      // One read buffer for the whole text rather than the binding's 32K-unit chunks.
      return parser.parse(text, old, { bufferSize: text.length + 1 });
    },
    parseFrozen(text) {
      const freezer = nativeFreezer();
      if (freezer) return new FrozenTree(freezer.parse(text), text);
      parser ??= createParser();
      // The native tree is garbage once copied: its memory goes back when V8 collects it.
      return new FrozenTree(parser.parse(text, undefined, { bufferSize: text.length + 1 }), text);
    },
    compact(tree) {
      if (tree instanceof FrozenTree) tree.compact();
    },
    hasSyntaxErrors: (tree) => tree.rootNode.hasError,
    analyze: (input) => analyzeModule(input, cache.file(input.path, input.spec), summaryCache.peek(input.path, input.spec)),
    summarize: (input) => summarizeModule(input, summaryCache.file(input.path, input.spec), cache.peek(input.path, input.spec)),
    summarizer: (input) => moduleSummarizer(input, summaryCache.file(input.path, input.spec), cache.peek(input.path, input.spec)),
  };
}
