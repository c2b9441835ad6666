import type { ModuleSummarizer, ModuleSummary, ProjectFiles, ProjectModules } from './modules';
import type { CompiledTaintSpec } from './rules/compiled-spec';
import type { RuleCatalog } from './rules/catalog';
import type { SpecLanguage } from './rules/spec-types';
import type { OffsetEdit } from './text/edits';
import type { LineIndex } from './text/positions';
import type { Finding } from './types';

/** What a language backend gets for one analysis. */
export interface BackendInput<Tree> {
  tree: Tree;
  text: string;
  lines: LineIndex;
  /** Path of the file (for handler `files` globs), `/`-separated. */
  path: string;
  spec: CompiledTaintSpec;
  catalog: RuleCatalog;
  isRuleEnabled(ruleId: string): boolean;
  /** An open document, analyzed again after its next edit: results worth keeping for that may be kept (a one-shot analysis, e.g. the CLI's, keeps none). */
  open?: boolean;
  /** Other project modules' summaries (cross-module taint); absent when the embedder gives none. */
  modules?: ProjectModules;
  /** Other project files, for fixes that complete or create them; absent when the embedder gives none (such fixes are then not offered). */
  files?: ProjectFiles;
}

/**
 * One language: parsing (incremental from the previous tree when edits are given) and
 * analysis. Findings carry their rewrite fixes; the engine adds suppression handling,
 * ignore fixes and configured severities.
 */
export interface LanguageBackend<Tree = unknown> {
  readonly language: SpecLanguage;
  /** The comment leader for suppression comments. */
  readonly comment: '#' | '//';
  /** The comment leader for an "ignore on this line" comment above the line starting at `lineStart` (an offset), where it differs from `comment` (a JSX child line needs `{/*`). */
  commentAbove?(tree: Tree, lineStart: number): '#' | '//' | '{/*';
  parse(text: string, fileName: string, previous?: { tree: Tree; edits: readonly OffsetEdit[] }): Tree;
  /**
   * A tree of a text that will not change (a scan's shared trees), never edited or re-parsed
   * from, where the backend has a form cheaper to read than `parse`'s (Python: a copy out of
   * native memory, see python/frozen-tree.ts).
   */
  parseFrozen?(text: string, fileName: string): Tree;
  /** Whether the tree has syntax errors (findings still come for the parts that parse). */
  hasSyntaxErrors(tree: Tree): boolean;
  analyze(input: BackendInput<Tree>): Finding[];
  /** What importers of this file need: its exported functions' summaries (see modules.ts). */
  summarize?(input: BackendInput<Tree>): ModuleSummary;
  /** The same a function at a time (see ModuleSummarizer; its `release` lets go of the backend's state, the engine's of the tree); without it, summarize's at once. */
  summarizer?(input: BackendInput<Tree>): ModuleSummarizer;
  /** Drops what analyses attached to a tree (caches by node), so that its next use sees it as freshly parsed (shared trees, see Engine.shareTrees). */
  forget?(tree: Tree): void;
  /**
   * Lets go of what reading a kept tree built, which its next read builds again (Python: the
   * frozen tree's node objects): a scan keeps such trees in a second, larger budget than the
   * trees in use (see ScanTrees).
   */
  compact?(tree: Tree): void;
  /**
   * Loads now what the language's first document would load (TS/JS: the compiler), for an
   * embedder that does it at a quiet moment rather than on the first file's squiggles.
   */
  warm?(): void;
  /** Frees native memory held by a tree, where the parser has any. */
  dispose?(tree: Tree): void;
  /**
   * The trees live in native memory that is freed only when V8 collects their JS wrappers
   * (tree-sitter's), and V8 does not know their size (see EngineOptions.onNativeTreeDropped).
   */
  readonly nativeTrees?: boolean;
}
