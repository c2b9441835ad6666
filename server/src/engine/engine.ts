import type { LanguageBackend } from './backend';
import { effectiveSeverity, type AnalysisSettings, type RuleSettings, type TaintAdditions } from './config/config';
import { extendTaintSpec } from './config/merge';
import { isSupportedLanguage, languageOfPath, specLanguage } from './languages';
import { RuleCatalog } from './rules/catalog';
import { CompiledTaintSpec } from './rules/compiled-spec';
import type { SpecLanguage } from './rules/spec-types';
import { applySuppressions, AUDIT_RULES, ignoreFixes } from './suppressions/suppressions';
import { applyContentChanges, type OffsetEdit } from './text/edits';
import { LineIndex, comparePositions } from './text/positions';
import type { AnalysisNotice, AnalysisResult, Confidence, ContentChange, Finding, Language } from './types';
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
}

export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

interface OpenDocument {
  uri: string;
  path: string;
  language: Language;
  version: number;
  text: string;
  /** Parse state, refreshed lazily: edits since the last parse are replayed on the old tree. */
  tree?: unknown;
  pendingEdits: OffsetEdit[];
  skipReason?: string;
  /** Line index of `text`, built on first use after each change and shared by change() and analysis. */
  lines?: LineIndex;
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
  /** Built-in specs extended by a config's taint additions, compiled once per additions object. */
  private readonly configSpecs = new WeakMap<TaintAdditions, CompiledTaintSpec>();

  constructor(options: EngineOptions = {}) {
    this.catalog = options.catalog ?? RuleCatalog.load();
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.backends = options.backends ?? { python: pythonBackend(), typescript: typescriptBackend() };
    this.today = options.today ?? localDate;
  }

  /** Opens (or replaces) a document. `path` is the file path for globs; defaults to the URI. */
  open(uri: string, languageId: string, text: string, version = 0, path = uri): void {
    const language = isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language) throw new Error(`unsupported language "${languageId}"`);
    this.close(uri);
    this.documents.set(uri, { uri, path, language, version, text, pendingEdits: [], skipReason: this.skipReason(text) });
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
    doc.skipReason = this.skipReason(text);
    if (doc.skipReason) this.dropTree(doc);
    else doc.pendingEdits.push(...edits);
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
    const language = languageId && isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language) throw new Error(`unsupported file type: ${path}`);
    const doc: OpenDocument = { uri: path, path, language, version: 0, text, pendingEdits: [], skipReason: this.skipReason(text) };
    try {
      return this.analyzeDocument(doc, settings);
    } finally {
      this.dropTree(doc);
    }
  }

  /** Whether `text` parses without syntax errors in `language` (fix verification). */
  parses(language: Language, text: string, fileName = 'file'): boolean {
    const backend = this.backendFor(language);
    const tree = backend.parse(text, fileName);
    try {
      return !backend.hasSyntaxErrors(tree);
    } finally {
      backend.dispose?.(tree);
    }
  }

  private analyzeDocument(doc: OpenDocument, settings: AnalysisSettings): AnalysisResult {
    const { rules, minConfidence, taint } = settings;
    const notices: AnalysisNotice[] = [];
    const result: AnalysisResult = { uri: doc.uri, version: doc.version, findings: [], notices, suppressions: [], suppressed: [], expired: [] };
    if (doc.skipReason) {
      notices.push({ kind: 'skipped', message: doc.skipReason });
      return result;
    }
    const backend = this.backendFor(doc.language);
    const tree = this.treeOf(doc, backend);
    const syntaxErrors = backend.hasSyntaxErrors(tree);
    if (syntaxErrors) {
      notices.push({ kind: 'parse-error', message: 'the file has syntax errors; findings cover the parts that parse' });
    }
    const lines = (doc.lines ??= new LineIndex(doc.text));
    const isRuleEnabled = (id: string) => effectiveSeverity(id, rules, this.catalog) !== 'off';
    let raw: Finding[];
    let ruleError = false;
    try {
      raw = backend.analyze({ tree, text: doc.text, lines, path: doc.path, spec: this.specFor(backend.language, taint?.[backend.language]), catalog: this.catalog, isRuleEnabled });
    } catch (e) {
      // A bug in a rule must not take the whole file (or the server) down.
      notices.push({ kind: 'rule-error', message: `analysis failed: ${(e as Error).stack ?? e}` });
      raw = [];
      ruleError = true;
    }
    const outcome = applySuppressions({
      text: doc.text,
      lines,
      findings: raw,
      today: this.today(),
      isRuleActive: isRuleEnabled,
      isKnownRule: (id) => this.catalog.get(id) !== undefined || AUDIT_RULES.has(id),
      waivers: settings.documentWaivers,
      honorForeign: settings.honorForeignSuppressions,
      complete: !syntaxErrors && !ruleError,
    });
    result.suppressions = outcome.records;
    result.suppressed = outcome.suppressed;
    result.expired = outcome.expired;
    for (const finding of outcome.findings) {
      const severity = effectiveSeverity(finding.ruleId, rules, this.catalog);
      if (severity === 'off') continue;
      if (minConfidence && CONFIDENCE_RANK[finding.confidence] < CONFIDENCE_RANK[minConfidence]) continue;
      result.findings.push({ ...finding, severity, fixes: [...finding.fixes, ...ignoreFixes(finding, lines, backend.commentAbove?.(tree, lines.lineStart(finding.range.start.line)) ?? backend.comment)] });
    }
    for (const finding of outcome.audit) {
      const severity = effectiveSeverity(finding.ruleId, rules, this.catalog);
      if (severity !== 'off') result.findings.push({ ...finding, severity });
    }
    result.findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
    return result;
  }

  private specFor(language: SpecLanguage, additions: TaintAdditions | undefined): CompiledTaintSpec {
    if (!additions) return this.catalog.taint(language);
    let spec = this.configSpecs.get(additions);
    if (!spec) {
      spec = new CompiledTaintSpec(extendTaintSpec(this.catalog.specs.get(language) ?? { language }, additions));
      this.configSpecs.set(additions, spec);
    }
    return spec;
  }

  private treeOf(doc: OpenDocument, backend: LanguageBackend): unknown {
    if (doc.tree === undefined || doc.pendingEdits.length === 0) {
      if (doc.tree === undefined) doc.tree = backend.parse(doc.text, doc.path);
      doc.pendingEdits = [];
      return doc.tree;
    }
    const previous = doc.tree;
    doc.tree = backend.parse(doc.text, doc.path, { tree: previous, edits: doc.pendingEdits });
    if (previous !== doc.tree) backend.dispose?.(previous);
    doc.pendingEdits = [];
    return doc.tree;
  }

  private dropTree(doc: OpenDocument): void {
    if (doc.tree !== undefined) this.backendFor(doc.language).dispose?.(doc.tree);
    doc.tree = undefined;
    doc.pendingEdits = [];
  }

  private backendFor(language: Language): LanguageBackend {
    const backend = this.backends[specLanguage(language)];
    if (!backend) throw new Error(`no backend for ${language}`);
    return backend;
  }

  private skipReason(text: string): string | undefined {
    if (text.length > this.maxFileSize) {
      return `skipped: ${text.length} characters is over the size limit of ${this.maxFileSize}`;
    }
    if (text.slice(0, 8192).includes('\0')) return 'skipped: the file looks binary (it contains NUL characters)';
    return undefined;
  }
}

/** Today in the local time zone, YYYY-MM-DD: a suppression holds through its `until` day where the developer is. */
function localDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
