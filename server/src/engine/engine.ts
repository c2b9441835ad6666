import type { BackendInput, LanguageBackend } from './backend';
import { effectiveSeverity, type AnalysisSettings, type RuleSettings, type TaintAdditions, type UnknownOriginSettings } from './config/config';
import { policyKey, unknownOriginPolicy } from './taint/unknown-origin';
import { extendTaintSpec } from './config/merge';
import type { BaseFiles, ModuleSummarizer, ModuleSummary, ProjectFiles, ProjectModules } from './modules';
import { isSupportedLanguage, languageOfPath, specLanguage } from './languages';
import { RuleCatalog } from './rules/catalog';
import { ScanTrees } from './scan-trees';
import { CompiledTaintSpec } from './rules/compiled-spec';
import type { SpecLanguage } from './rules/spec-types';
import { isTestCode, testCodeSeverity } from './rules/test-code';
import { applySuppressions, AUDIT_RULES, ignoreFixes } from './suppressions/suppressions';
import { applyContentChanges, type OffsetEdit } from './text/edits';
import { generatedReason } from './text/generated';
import { LineIndex, comparePositions } from './text/positions';
import type { AnalysisNotice, AnalysisResult, Confidence, ContentChange, Finding, Fix, Language, Severity } from './types';
import { ImportContext, withUnusedImportsRemoved, type ImportSyntax } from './fixes/unused-imports';
import { analyzeDependencies, dependencyFileKind, hashComments, NEW_INSTALL_SCRIPT, type AdvisoryIndex, type DependencyFileKind, type NearbyFiles } from './dependencies';
import { pythonBackend } from './python/backend';
import { typescriptBackend } from './typescript/backend';

export interface EngineOptions {
  catalog?: RuleCatalog;
  /** Files larger than this (in UTF-16 code units) are skipped with a notice. */
  maxFileSize?: number;
  /** Backends by spec language; tests may pass their own. */
  backends?: Partial<Record<SpecLanguage, LanguageBackend>>;
  /** Today as YYYY-MM-DD, for suppression expiry (`until`); the local date by default. Tests pin it. */
  today?: () => string;
  /**
   * Rules run beside the backends' own, each isolated (a throw costs that rule's findings for
   * the file and yields a rule-error notice). Code, so never reachable from a config file:
   * tests inject failing rules here, embedders may add rules.
   */
  extraRules?: readonly EngineRule[];
  /** How many open documents keep their parse tree between analyses, and how much text they may hold together (see `parsed`). */
  maxParsedDocuments?: number;
  maxParsedCharacters?: number;
  /** Other project modules for cross-module taint; may also be set later (`Engine.projectModules`). */
  projectModules?: ProjectModules;
  /** Other project files fixes may read (see ProjectFiles); may also be set later (`Engine.projectFiles`). */
  projectFiles?: ProjectFiles;
  /**
   * Told the text length of every native parse tree the engine lets go of (a document past
   * the parsed limits, closed or analyzed once). Such a tree (~40 bytes per character) is
   * freed only when V8 collects its wrapper, and V8, not knowing its size, may let hundreds of
   * MB of them wait: a long-running embedder can collect garbage once many have been dropped.
   */
  onNativeTreeDropped?: (characters: number) => void;
  /** Advisory data for manifests and lockfiles; may also be set later (`Engine.advisories`). Without it only the checks that need no data run. */
  advisories?: AdvisoryIndex;
  /** Lockfiles at the base revision (see BaseFiles); may also be set later (`Engine.baseFiles`). Without it no package is new. */
  baseFiles?: BaseFiles;
}

/** A rule given to the engine as code (see EngineOptions.extraRules). */
export interface EngineRule {
  id: string;
  language: SpecLanguage;
  analyze(input: BackendInput<unknown>): Finding[];
}

export const DEFAULT_MAX_FILE_SIZE = 1_000_000;
/**
 * A TypeScript AST costs ~5 MB of heap per 1,000 lines and a tree-sitter tree ~1.5 MB of native
 * memory: with 50 files open, keeping every tree alone is over the 150 MB budget. The files
 * being edited are few, and only they gain from an incremental reparse: four keep their trees
 * (eight cost ~10 MB more RSS in the memory benchmark, where edits go to every file in turn).
 */
export const DEFAULT_MAX_PARSED_DOCUMENTS = 4;
/** ~100 MB of TypeScript ASTs: a few very large files do not keep each other's trees. */
export const DEFAULT_MAX_PARSED_CHARACTERS = 2_000_000;

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/**
 * The configured severity, unless the analysis lowered this finding below its rule's default
 * (a debug server in `if __name__ == "__main__":` is `info`): then the lower of the two.
 */
function findingSeverity(finding: Finding, configured: Severity, catalog: RuleCatalog): Severity {
  const ruleDefault = catalog.get(finding.ruleId)?.meta.severity;
  const lowered = ruleDefault !== undefined && SEVERITY_RANK[finding.severity] < SEVERITY_RANK[ruleDefault];
  return lowered && SEVERITY_RANK[finding.severity] < SEVERITY_RANK[configured] ? finding.severity : configured;
}

interface OpenDocument {
  uri: string;
  path: string;
  /** A source file's language; a manifest or lockfile has `dependencies` instead (and never a tree). */
  language: Language;
  dependencies?: DependencyFileKind;
  version: number;
  text: string;
  /** Parse state, refreshed lazily: edits since the last parse are replayed on the old tree. */
  tree?: unknown;
  pendingEdits: OffsetEdit[];
  skipReason?: string;
  /** Line index of `text`, built on first use after each change and shared by change() and analysis. */
  lines?: LineIndex;
  /** The tree came from edits on an earlier tree (not a parse from scratch). */
  edited?: boolean;
  /** The last analysis used an edited tree with syntax errors (see needsFreshParse). */
  brokenEdited?: boolean;
  /** `tree` belongs to the scan's shared trees (see shareTrees): dropped, never disposed, here. */
  sharedTree?: boolean;
}

/**
 * The engine's whole API, shared by the language server and the CLI: open/change/close
 * documents and analyze them (text + settings in, findings with fixes out). No I/O except
 * reading the rule catalog once; no editor or protocol types.
 */
export class Engine {
  readonly catalog: RuleCatalog;
  /** Files larger than this (UTF-16 code units) are skipped with a notice. */
  readonly maxFileSize: number;
  private readonly backends: Partial<Record<SpecLanguage, LanguageBackend>>;
  private readonly today: () => string;
  private readonly documents = new Map<string, OpenDocument>();
  /** Open documents holding a parse tree, least recently analyzed first; the others keep text only and parse afresh when analyzed. */
  private readonly parsed = new Set<OpenDocument>();
  private readonly maxParsedDocuments: number;
  private readonly maxParsedCharacters: number;
  private readonly extraRules: readonly EngineRule[];
  private readonly onNativeTreeDropped: ((characters: number) => void) | undefined;
  /** Built-in specs extended by a config's taint additions (and the unknown-origin tier's policy), compiled once per additions object and policy. */
  private readonly configSpecs = new WeakMap<TaintAdditions, Map<string, CompiledTaintSpec>>();
  /** The key for a config with no taint additions of its own. */
  private readonly noAdditions: Record<SpecLanguage, TaintAdditions> = { python: {}, typescript: {} };
  /**
   * Where imported project modules' summaries come from (the CLI and the server supply one that
   * reads files); without it a call into another module is unknown, as in a single-file analysis.
   */
  projectModules: ProjectModules | undefined;
  /** Where fixes read other project files from (a package.json, a middleware); without it fixes that need them are not offered. */
  projectFiles: ProjectFiles | undefined;
  /** Parse trees shared by one-shot analyses and summaries (a scan); none until shareTrees(). */
  private scanTrees: ScanTrees | undefined;
  /** Advisory data manifests and lockfiles are checked against (see EngineOptions.advisories). */
  advisories: AdvisoryIndex | undefined;
  /** Where a lockfile's base text comes from (see EngineOptions.baseFiles). */
  baseFiles: BaseFiles | undefined;

  constructor(options: EngineOptions = {}) {
    this.catalog = options.catalog ?? RuleCatalog.load();
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.backends = options.backends ?? { python: pythonBackend(), typescript: typescriptBackend() };
    this.today = options.today ?? localDate;
    this.maxParsedDocuments = Math.max(1, options.maxParsedDocuments ?? DEFAULT_MAX_PARSED_DOCUMENTS);
    this.maxParsedCharacters = options.maxParsedCharacters ?? DEFAULT_MAX_PARSED_CHARACTERS;
    this.extraRules = options.extraRules ?? [];
    this.projectModules = options.projectModules;
    this.projectFiles = options.projectFiles;
    this.onNativeTreeDropped = options.onNativeTreeDropped;
    this.advisories = options.advisories;
    this.baseFiles = options.baseFiles;
  }

  /**
   * For a scan, where files do not change while it runs: one-shot analyses (analyzeTextWith) and
   * summaries share a file's parse tree while the kept texts fit in `maxCharacters` (and
   * `maxCompactCharacters` more of trees compacted by their backend), instead of parsing the
   * file again for each (see ScanTrees). Open documents keep their own trees.
   */
  shareTrees(maxCharacters: number, maxCompactCharacters = 0): void {
    this.scanTrees = new ScanTrees(maxCharacters, maxCompactCharacters);
  }

  /** Opens (or replaces) a document. `path` is the file path for globs; defaults to the URI. */
  open(uri: string, languageId: string, text: string, version = 0, path = uri): void {
    this.close(uri);
    this.documents.set(uri, { ...this.documentKind(languageId, path), uri, path, version, text, pendingEdits: [], skipReason: this.skipReason(text, path) });
  }

  /** A manifest or lockfile by its name (whatever the editor's language id: json, yaml, toml…), else a source file by language. */
  private documentKind(languageId: string | undefined, path: string): Pick<OpenDocument, 'language' | 'dependencies'> {
    const dependencies = dependencyFileKind(path);
    if (dependencies) return { language: 'javascript', dependencies };
    const language = languageId && isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language) throw new Error(languageId ? `unsupported language "${languageId}"` : `unsupported file type: ${path}`);
    return { language };
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  text(uri: string): string | undefined {
    return this.documents.get(uri)?.text;
  }

  /** Applies editor changes. Returns false for an unknown document (nothing happens). */
  change(uri: string, version: number, changes: readonly ContentChange[]): boolean {
    const doc = this.documents.get(uri);
    if (!doc) return false;
    const { text, edits } = applyContentChanges(doc.text, changes, doc.lines);
    doc.lines = undefined;
    doc.text = text;
    doc.version = version;
    doc.skipReason = this.skipReason(text, doc.path);
    // Without a tree the next analysis parses from scratch: no edits to keep (each holds whole texts).
    if (doc.skipReason) this.dropTree(doc);
    else if (doc.tree !== undefined) doc.pendingEdits.push(...edits);
    return true;
  }

  close(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    this.dropTree(doc);
    this.documents.delete(uri);
  }

  analyze(uri: string, rules: RuleSettings = {}): AnalysisResult {
    return this.analyzeWith(uri, { rules });
  }

  /** Analysis under a whole config (rules, confidence floor, custom taint entries). */
  analyzeWith(uri: string, settings: AnalysisSettings): AnalysisResult {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`unknown document ${uri}`);
    return this.analyzeDocument(doc, settings);
  }

  /** One-shot analysis of a file's text; keeps nothing. */
  analyzeText(path: string, text: string, rules: RuleSettings = {}, languageId?: string): AnalysisResult {
    return this.analyzeTextWith(path, text, { rules }, languageId);
  }

  /** One-shot analysis of a file's text under a whole config (the CLI); keeps nothing. */
  analyzeTextWith(path: string, text: string, settings: AnalysisSettings, languageId?: string): AnalysisResult {
    const doc: OpenDocument = { ...this.documentKind(languageId, path), uri: path, path, version: 0, text, pendingEdits: [], skipReason: this.skipReason(text, path) };
    try {
      return this.analyzeDocument(doc, settings);
    } finally {
      this.dropTree(doc);
    }
  }

  /**
   * What importers of the file at `path` need of it (cross-module taint): its exported
   * functions' summaries under `settings`' taint additions. Undefined for a file that is
   * skipped (size, binary, generated) or whose language has no summaries; keeps nothing.
   */
  summarize(path: string, text: string, settings: AnalysisSettings, languageId?: string): ModuleSummary | undefined {
    const language = languageId && isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language || dependencyFileKind(path) || this.skipReason(text, path, settings.maxFileSize)) return undefined;
    const backend = this.backendFor(language);
    if (!backend.summarize) return undefined;
    const summarize = (tree: unknown) => backend.summarize?.(this.inputFor(backend, tree, text, new LineIndex(text), path, settings));
    let shared: unknown;
    try {
      shared = this.sharedTree(backend, path, text);
    } catch (e) {
      if (e instanceof RangeError) return undefined; // nesting past the parser's stack, as in withTree
      throw e;
    }
    if (shared === undefined) return withTree(backend, text, path, undefined, summarize);
    try {
      return summarize(shared);
    } finally {
      this.scanTrees?.release(path, shared);
    }
  }

  /**
   * The same summary a function at a time (cross-module taint asks for few of a module's
   * functions): the summarizer keeps the file's tree until released. Undefined where
   * `summarize` gives none.
   */
  summarizer(path: string, text: string, settings: AnalysisSettings, languageId?: string): ModuleSummarizer | undefined {
    const language = languageId && isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language || dependencyFileKind(path) || this.skipReason(text, path, settings.maxFileSize)) return undefined;
    const backend = this.backendFor(language);
    if (!backend.summarizer) {
      const summary = this.summarize(path, text, settings, language);
      return summary && wholeSummary(summary);
    }
    let tree: unknown;
    let shared = false;
    try {
      tree = this.sharedTree(backend, path, text);
      shared = tree !== undefined;
      tree ??= backend.parse(text, path);
    } catch (e) {
      if (e instanceof RangeError) return undefined; // nesting past the parser's stack, as in withTree
      throw e;
    }
    const letGo = () => (shared ? this.scanTrees?.release(path, tree) : backend.dispose?.(tree));
    let summarizer: ModuleSummarizer;
    try {
      summarizer = backend.summarizer(this.inputFor(backend, tree, text, new LineIndex(text), path, settings));
    } catch (e) {
      letGo();
      throw e;
    }
    let released = false;
    return {
      head: summarizer.head,
      names: summarizer.names,
      function: (name) => summarizer.function(name),
      release() {
        if (released) return;
        released = true;
        summarizer.release();
        letGo();
      },
    };
  }

  /** Whether `text` parses without syntax errors in `language` (fix verification). */
  parses(language: Language, text: string, fileName = 'file'): boolean {
    const dependencies = dependencyFileKind(fileName);
    if (dependencies) return analyzeDependencies({ kind: dependencies, text, lines: new LineIndex(text), catalog: this.catalog, today: this.today(), isRuleEnabled: () => false }).file?.error === undefined;
    const backend = this.backendFor(language);
    return withTree(backend, text, fileName, false, (tree) => !backend.hasSyntaxErrors(tree));
  }

  private analyzeDocument(doc: OpenDocument, settings: AnalysisSettings): AnalysisResult {
    const { rules, minConfidence } = settings;
    const notices: AnalysisNotice[] = [];
    const result: AnalysisResult = { uri: doc.uri, version: doc.version, findings: [], notices, suppressions: [], suppressed: [], expired: [] };
    // A config's own limit (maxFileSize) replaces the engine's; the kept reason is the engine's (it decides which trees are kept).
    const skipReason = settings.maxFileSize === undefined ? doc.skipReason : this.skipReason(doc.text, doc.path, settings.maxFileSize);
    if (skipReason) {
      notices.push({ kind: 'skipped', message: skipReason });
      return result;
    }
    if (doc.dependencies) return this.analyzeDependencyFile(doc, doc.dependencies, settings, result);
    const backend = this.backendFor(doc.language);
    let tree: unknown;
    try {
      tree = this.treeOf(doc, backend);
    } catch (e) {
      this.dropTree(doc);
      // The TypeScript parser recurses: ~1,000 nested parentheses exhaust the stack. And it
      // asserts on a few broken texts (TypeScript 5.9: `@/b/ await`, met mid-edit). Both are the
      // input's doing; any other parser failure is a bug and goes to the caller (the CLI's exit code 3).
      if (e instanceof RangeError) {
        notices.push({ kind: 'skipped', message: `skipped: the file cannot be parsed (${e.message}); nesting this deep is likely generated code` });
        return result;
      }
      if (e instanceof Error && e.message.startsWith('Debug Failure.')) {
        notices.push({ kind: 'skipped', message: `skipped: the TypeScript parser fails on this text (${e.message}), a fault of the parser (please report it)` });
        return result;
      }
      throw e;
    }
    const syntaxErrors = backend.hasSyntaxErrors(tree);
    doc.brokenEdited = syntaxErrors && !!doc.edited;
    if (syntaxErrors) {
      notices.push({ kind: 'parse-error', message: 'the file has syntax errors; findings cover the parts that parse' });
    }
    const lines = (doc.lines ??= new LineIndex(doc.text));
    const input = this.inputFor(backend, tree, doc.text, lines, doc.path, settings, this.documents.get(doc.uri) === doc);
    // A bug in a rule must not take the file (or the server) down: each one that throws is
    // reported as a notice with its id, and the others' findings still go out.
    const analyzed = isolated(undefined, notices, () => backend.analyze(input));
    // Incomplete findings: no suppression may be called unused.
    let ruleError = analyzed === undefined;
    const raw = analyzed ?? [];
    for (const rule of this.extraRules) {
      if (rule.language !== backend.language || !input.isRuleEnabled(rule.id)) continue;
      const extra = isolated(rule.id, notices, () => rule.analyze(input));
      if (extra) raw.push(...extra);
      else ruleError = true;
    }
    const outcome = applySuppressions({
      text: doc.text,
      lines,
      findings: raw,
      today: this.today(),
      isRuleActive: input.isRuleEnabled,
      isKnownRule: (id) => this.catalog.get(id) !== undefined || AUDIT_RULES.has(id),
      knownRules: [...this.catalog.rules.keys(), ...AUDIT_RULES.keys()],
      waivers: settings.documentWaivers,
      honorForeign: settings.honorForeignSuppressions,
      complete: !syntaxErrors && !ruleError,
    });
    result.suppressions = outcome.records;
    result.suppressed = outcome.suppressed;
    result.expired = outcome.expired;
    const inTests = isTestCode(doc.path);
    const importSyntax = importSyntaxOf(backend.language);
    const imports = new ImportContext(doc.text, lines, importSyntax);
    // Each rewrite also takes out the imports it leaves unused; should that step fail, the fix stays as the rule made it.
    const tidy = (fix: Fix): Fix => isolated(undefined, [], () => withUnusedImportsRemoved(fix, imports)) ?? fix;
    for (const finding of outcome.findings) {
      const configured = effectiveSeverity(finding.ruleId, rules, this.catalog);
      const severity = inTests && configured !== 'off' ? testCodeSeverity(this.catalog.get(finding.ruleId)?.meta, configured) : configured;
      if (severity === 'off') continue;
      if (minConfidence && CONFIDENCE_RANK[finding.confidence] < CONFIDENCE_RANK[minConfidence]) continue;
      const ignore = isolated(finding.ruleId, notices, () => ignoreFixes(finding, lines, backend.commentAbove?.(tree, lines.lineStart(finding.range.start.line)) ?? backend.comment));
      result.findings.push({ ...finding, severity: findingSeverity(finding, severity, this.catalog), fixes: [...finding.fixes.map(tidy), ...(ignore ?? [])] });
    }
    for (const finding of outcome.audit) {
      const severity = effectiveSeverity(finding.ruleId, rules, this.catalog);
      if (severity !== 'off') result.findings.push({ ...finding, severity });
    }
    result.findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
    return result;
  }

  /** A manifest or lockfile: its dependencies against the advisory data, then suppressions and configured severities as for code. */
  private analyzeDependencyFile(doc: OpenDocument, kind: DependencyFileKind, settings: AnalysisSettings, result: AnalysisResult): AnalysisResult {
    const lines = (doc.lines ??= new LineIndex(doc.text));
    const isRuleEnabled = (id: string) => effectiveSeverity(id, settings.rules, this.catalog) !== 'off';
    const analyzed = isolated(undefined, result.notices, () => analyzeDependencies({ kind, text: doc.text, lines, catalog: this.catalog, ...(this.advisories ? { advisories: this.advisories } : {}), ...this.nearbyFiles(doc.path), ...this.baseOf(doc.path, result.notices), path: doc.path, today: this.today(), isRuleEnabled }));
    result.notices.push(...(analyzed?.notices ?? []));
    const comments = hashComments(kind);
    const outcome = applySuppressions({
      text: comments ? doc.text : '',
      lines: comments ? lines : new LineIndex(''),
      findings: analyzed?.findings ?? [],
      today: this.today(),
      isRuleActive: isRuleEnabled,
      isKnownRule: (id) => this.catalog.get(id) !== undefined || AUDIT_RULES.has(id),
      knownRules: [...this.catalog.rules.keys(), ...AUDIT_RULES.keys()],
      waivers: settings.documentWaivers,
      honorForeign: settings.honorForeignSuppressions,
      complete: analyzed !== undefined && analyzed.file?.error === undefined,
    });
    Object.assign(result, { suppressions: outcome.records, suppressed: outcome.suppressed, expired: outcome.expired });
    for (const finding of outcome.findings) {
      const severity = effectiveSeverity(finding.ruleId, settings.rules, this.catalog);
      if (severity === 'off') continue;
      const ignore = comments ? ignoreFixes(finding, lines, '#') : [];
      result.findings.push({ ...finding, severity: findingSeverity(finding, severity, this.catalog), fixes: [...finding.fixes, ...ignore] });
    }
    for (const finding of outcome.audit) {
      const severity = effectiveSeverity(finding.ruleId, settings.rules, this.catalog);
      if (severity !== 'off') result.findings.push({ ...finding, severity });
    }
    result.findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
    return result;
  }

  /** The lockfile's base text, read through the embedder's BaseFiles only when a check asks; a throw there is that rule's notice (no base), not the file's. */
  private baseOf(path: string, notices: AnalysisNotice[]): { baseText?: () => string | null | undefined } {
    const base = this.baseFiles;
    return base ? { baseText: () => isolated(NEW_INSTALL_SCRIPT, notices, () => base.read(path)) } : {};
  }

  /** The project files beside a manifest, by relative path (`yarn.lock`, `../pnpm-lock.yaml`), through the embedder's ProjectFiles. */
  private nearbyFiles(path: string): { nearby?: NearbyFiles } {
    const files = this.projectFiles;
    if (!files) return {};
    const separator = path.includes('\\') && !path.includes('/') ? '\\' : '/';
    const folder = path.split(/[\\/]/).slice(0, -1);
    return {
      nearby: {
        read(relative) {
          const parts = [...folder];
          for (const part of relative.split('/')) {
            if (part === '..') {
              // Above a relative path's first folder (or the file system's root) there is nothing to read.
              if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) return undefined;
              parts.pop();
            } else parts.push(part);
          }
          return files.read(parts.join(separator));
        },
      },
    };
  }

  private inputFor(backend: LanguageBackend, tree: unknown, text: string, lines: LineIndex, path: string, settings: AnalysisSettings, open = false): BackendInput<unknown> {
    return {
      tree,
      ...(open ? { open } : {}),
      text,
      lines,
      path,
      spec: this.specFor(backend.language, settings.taint?.[backend.language], settings.unknownOrigin),
      catalog: this.catalog,
      isRuleEnabled: (id) => effectiveSeverity(id, settings.rules, this.catalog) !== 'off',
      ...(this.projectModules ? { modules: this.projectModules } : {}),
      ...(this.projectFiles ? { files: this.projectFiles } : {}),
    };
  }

  private specFor(language: SpecLanguage, additions: TaintAdditions | undefined, unknownOrigin: UnknownOriginSettings | undefined): CompiledTaintSpec {
    const policy = unknownOriginPolicy(unknownOrigin);
    if (!additions && !policy) return this.catalog.taint(language);
    // Keyed by the additions object (the config's, stable until it changes) and the tier's policy text.
    const byPolicy = this.configSpecs.get(additions ?? this.noAdditions[language]) ?? new Map<string, CompiledTaintSpec>();
    this.configSpecs.set(additions ?? this.noAdditions[language], byPolicy);
    const key = policyKey(policy);
    let spec = byPolicy.get(key);
    if (!spec) {
      const base = this.catalog.specs.get(language) ?? { language };
      spec = new CompiledTaintSpec(additions ? extendTaintSpec(base, additions) : base, policy);
      byPolicy.set(key, spec);
    }
    return spec;
  }

  private treeOf(doc: OpenDocument, backend: LanguageBackend): unknown {
    if (doc.tree === undefined || doc.pendingEdits.length === 0) {
      if (doc.tree === undefined) {
        // A one-shot analysis (not an open document) may use the scan's shared tree.
        const shared = this.documents.get(doc.uri) === doc ? undefined : this.sharedTree(backend, doc.path, doc.text);
        doc.tree = shared ?? backend.parse(doc.text, doc.path);
        doc.sharedTree = shared !== undefined;
        doc.edited = false;
      }
    } else {
      const previous = doc.tree;
      doc.tree = backend.parse(doc.text, doc.path, { tree: previous, edits: doc.pendingEdits });
      if (previous !== doc.tree) backend.dispose?.(previous);
      doc.edited = true;
    }
    doc.pendingEdits = [];
    if (this.documents.get(doc.uri) === doc) this.keepParsed(doc);
    return doc.tree;
  }

  /** Marks `doc` most recently parsed and drops the trees of the documents past the limits (never its own). */
  private keepParsed(doc: OpenDocument): void {
    this.parsed.delete(doc);
    this.parsed.add(doc);
    let characters = 0;
    for (const parsed of this.parsed) characters += parsed.text.length;
    for (const oldest of this.parsed) {
      if (oldest === doc || (this.parsed.size <= this.maxParsedDocuments && characters <= this.maxParsedCharacters)) break;
      characters -= oldest.text.length;
      this.dropTree(oldest);
    }
  }

  /**
   * Whether the document's last analysis used a tree updated by edits that has syntax errors.
   * On broken code the parsers' error recovery can differ between an updated tree and a fresh
   * parse of the same text (TypeScript's incremental parser can read `/$/` as a regex where a
   * fresh parse reads a division; tree-sitter recovers differently): the embedder re-parses
   * such a document once typing pauses (`reparse`), so what it shows settles on the fresh result.
   */
  needsFreshParse(uri: string): boolean {
    return !!this.documents.get(uri)?.brokenEdited;
  }

  /** Loads the language's parser and analyzer now, as its first document would (see LanguageBackend.warm). */
  warm(language: SpecLanguage): void {
    this.backends[language]?.warm?.();
  }

  /**
   * Brings a document's tree up to date now, as its next analysis would (which then reuses it):
   * for an embedder that times the parse apart from the analysis. A parser failure is left for
   * that analysis to meet and report.
   */
  parse(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc || doc.skipReason || doc.dependencies) return;
    try {
      this.treeOf(doc, this.backendFor(doc.language));
    } catch {
      this.dropTree(doc);
    }
  }

  /** Drops the document's tree: its next analysis parses it from scratch. */
  reparse(uri: string): void {
    const doc = this.documents.get(uri);
    if (doc) this.dropTree(doc);
  }

  /** Whether a document holds a parse tree now (tests of the tree limits). */
  isParsed(uri: string): boolean {
    return this.documents.get(uri)?.tree !== undefined;
  }

  private dropTree(doc: OpenDocument): void {
    this.parsed.delete(doc);
    if (doc.tree !== undefined && !doc.sharedTree) {
      const backend = this.backendFor(doc.language);
      backend.dispose?.(doc.tree);
      if (backend.nativeTrees) this.onNativeTreeDropped?.(doc.text.length);
    }
    if (doc.tree !== undefined && doc.sharedTree) this.scanTrees?.release(doc.path, doc.tree);
    doc.tree = undefined;
    doc.sharedTree = false;
    doc.pendingEdits = [];
  }

  /**
   * The scan's shared tree of `text` (parsed and kept now if it is not kept yet), as a fresh
   * parse would give it: what earlier uses attached to it is forgotten. In use (kept as it is)
   * until released: by dropTree for an analysis, by summarize for a summary. Undefined when
   * trees are not shared or the text is too large to keep; the parser's errors go to the caller.
   */
  private sharedTree(backend: LanguageBackend, path: string, text: string): unknown {
    const trees = this.scanTrees;
    if (!trees?.fits(text)) return undefined;
    const kept = trees.take(path, text);
    if (kept !== undefined) {
      backend.forget?.(kept);
      return kept;
    }
    const tree = backend.parseFrozen ? backend.parseFrozen(text, path) : backend.parse(text, path);
    trees.add(path, text, tree, backend.compact && (() => backend.compact!(tree)));
    return tree;
  }

  private backendFor(language: Language): LanguageBackend {
    const backend = this.backends[specLanguage(language)];
    if (!backend) throw new Error(`no backend for ${language}`);
    return backend;
  }

  private skipReason(text: string, path: string, maxFileSize = this.maxFileSize): string | undefined {
    if (text.length > maxFileSize) {
      return `skipped: ${text.length} characters is over the size limit of ${maxFileSize} (maxFileSize)`;
    }
    if (text.slice(0, 8192).includes('\0')) return 'skipped: the file looks binary (it contains NUL characters)';
    return generatedReason(path, text);
  }
}

/** A summary computed at once, as a summarizer (a backend without one of its own). */
function wholeSummary(summary: ModuleSummary): ModuleSummarizer {
  return {
    head: { ...summary, functions: {} },
    names: Object.keys(summary.functions),
    function: (name) => (Object.hasOwn(summary.functions, name) ? summary.functions[name] : undefined),
    release() {},
  };
}

/** `use(tree)` of a one-off parse, the tree freed after; `tooDeep` when nesting exhausts the parser's stack (the input's doing). */
function withTree<T>(backend: LanguageBackend, text: string, fileName: string, tooDeep: T, use: (tree: unknown) => T): T {
  let tree: unknown;
  try {
    tree = backend.parse(text, fileName);
  } catch (e) {
    if (e instanceof RangeError) return tooDeep;
    throw e;
  }
  try {
    return use(tree);
  } finally {
    backend.dispose?.(tree);
  }
}

/** `run()`'s result, or undefined with a rule-error notice (naming `ruleId` when known) if it throws. */
/** A language's import statements, loaded on first use (the TypeScript compiler is not loaded for Python alone, nor tree-sitter for TS). */
function importSyntaxOf(language: SpecLanguage): ImportSyntax {
  if (language === 'python') return (require('./python/unused-imports') as typeof import('./python/unused-imports')).pythonImports;
  return (require('./typescript/unused-imports') as typeof import('./typescript/unused-imports')).typescriptImports;
}

function isolated<T>(ruleId: string | undefined, notices: AnalysisNotice[], run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    const what = ruleId ? `rule ${ruleId} failed and was skipped for this file` : 'analysis failed';
    notices.push({ kind: 'rule-error', ...(ruleId ? { ruleId } : {}), message: `${what}: ${(e as Error)?.stack ?? e}` });
    return undefined;
  }
}

/** Today in the local time zone, YYYY-MM-DD: a suppression holds through its `until` day where the developer is. */
function localDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
