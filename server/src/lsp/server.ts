import { fileURLToPath } from 'url';
import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  Diagnostic,
  DidChangeConfigurationParams,
  DidChangeTextDocumentParams,
  DidChangeWatchedFilesParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
} from 'vscode-languageserver/node';
import { CONFIG_WATCH_GLOB, Engine, isSupportedLanguage, languageOfPath, type AnalysisResult, type Finding, type Language, type RuleCatalog } from '../engine';
import { CLIENT_ID } from '../protocol';
import { clientFeatures, serverCapabilities, type ClientFeatures } from './capabilities';
import { codeActions } from './code-action';
import { ConfigFiles } from './config-files';
import { toDiagnostic } from './diagnostics';
import { hover } from './hover';
import type { LspClient } from './lsp-client';
import { NoticeLog } from './notices';
import { DebouncedQueue } from './scheduler';
import { NO_PROJECT_CONFIG, SettingsProvider, type ProjectConfigProvider } from './settings';

export interface VigilServerOptions {
  /** Builds the engine at initialize; in-process tests pass one with their own backends. */
  createEngine?: () => Engine;
  /** Where rule settings come from; vigil.config.json files by default. */
  projectConfig?: (catalog: RuleCatalog, client: LspClient) => ProjectConfigProvider;
  /** Quiet time after the last change before a document is analyzed again (an edit after a pause this long is analyzed at once). */
  debounceMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 30;

interface OpenDocument {
  version: number;
  language: Language;
  /** Path the engine knows the document by, `/`-separated. */
  path: string;
  /** The file on disk, for config lookup; undefined for untitled buffers. */
  file?: string;
}

/** The findings last published for a document version (hovers read them). */
interface Published {
  version: number;
  findings: Finding[];
}

/**
 * The language server: document sync into the engine (which owns the text), debounced
 * analysis, diagnostics out, code actions and hovers. It talks to the editor only through
 * an LspClient; connection.ts wires it to a real connection.
 */
export class VigilServer {
  private engine?: Engine;
  private features: ClientFeatures = clientFeatures({});
  private settings: SettingsProvider;
  private readonly documents = new Map<string, OpenDocument>();
  private readonly published = new Map<string, Published>();
  private readonly queue = new DebouncedQueue((uri) => this.analyzeAndPublish(uri));
  private readonly notices: NoticeLog;
  private readonly debounceMs: number;

  constructor(
    private readonly client: LspClient,
    private readonly options: VigilServerOptions = {},
  ) {
    this.notices = new NoticeLog(client);
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.settings = new SettingsProvider(client, NO_PROJECT_CONFIG, false);
  }

  initialize(params: InitializeParams): InitializeResult {
    this.features = clientFeatures(params.capabilities);
    try {
      const engine = this.options.createEngine?.() ?? new Engine();
      const projectConfig = this.options.projectConfig?.(engine.catalog, this.client) ?? new ConfigFiles(engine.catalog, this.client);
      this.settings = new SettingsProvider(this.client, projectConfig, this.features.pullConfiguration);
      this.engine = engine;
    } catch (e) {
      this.client.log('error', `cannot load the rules, no file will be analyzed: ${describe(e)}`);
      this.client.notify('error', 'Vigil could not load its rules. See the "Vigil" output for details.');
    }
    return { capabilities: serverCapabilities, serverInfo: { name: CLIENT_ID } };
  }

  async initialized(): Promise<void> {
    if (this.features.registerConfigurationChanges) await this.client.registerForConfigurationChanges();
    if (this.features.watchFiles) await this.client.watchFiles(CONFIG_WATCH_GLOB);
  }

  didOpen({ textDocument: { uri, languageId, version, text } }: DidOpenTextDocumentParams): void {
    if (!this.engine) return;
    const file = filePath(uri);
    const path = file ?? otherPath(uri);
    const language = isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language) {
      this.client.log('log', `not analyzing ${uri}: language "${languageId}" is not supported`);
      return;
    }
    this.engine.open(uri, language, text, version, path);
    this.documents.set(uri, { version, language, path, file });
    this.queue.schedule(uri, 0);
  }

  didChange({ textDocument: { uri, version }, contentChanges }: DidChangeTextDocumentParams): void {
    if (!this.engine) return;
    const doc = this.documents.get(uri);
    if (!doc || !this.engine.has(uri)) {
      this.client.log('warn', `ignoring a change to ${uri} (version ${version}): the document is not open`);
      return;
    }
    try {
      this.engine.change(uri, version, contentChanges);
    } catch (e) {
      // The editor's text and ours now differ: analyzing a wrong text is worse than none.
      this.client.log('error', `cannot apply a change to ${uri}, analysis stops until it is reopened: ${describe(e)}`);
      this.didClose({ textDocument: { uri } });
      return;
    }
    doc.version = version;
    this.queue.scheduleChange(uri, this.debounceMs);
  }

  didClose({ textDocument: { uri } }: DidCloseTextDocumentParams): void {
    this.queue.forget(uri);
    this.engine?.close(uri);
    this.documents.delete(uri);
    this.published.delete(uri);
    this.settings.forget(uri);
    this.notices.forget(uri);
    this.client.publishDiagnostics({ uri, diagnostics: [] });
  }

  didChangeConfiguration(params: DidChangeConfigurationParams): void {
    this.settings.changed(params.settings);
    for (const uri of this.documents.keys()) this.queue.schedule(uri, 0);
  }

  /** A vigil.config.json changed on disk (the only files the server watches). */
  didChangeWatchedFiles(_params: DidChangeWatchedFilesParams): void {
    this.settings.projectChanged();
    for (const uri of this.documents.keys()) this.queue.schedule(uri, 0);
  }

  codeAction(params: CodeActionParams): CodeAction[] {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return [];
    return codeActions(params, { version: doc.version, documentChanges: this.features.documentChanges });
  }

  /** `token`: the client gave up on this hover (moved the mouse on): no analysis is started for it, no answer computed. */
  async hover(params: HoverParams, token?: CancellationToken): Promise<Hover | null> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !this.engine || token?.isCancellationRequested) return null;
    const findings = await this.currentFindings(params.textDocument.uri, doc);
    if (token?.isCancellationRequested) return null;
    return findings ? hover(findings, params.position, this.engine.catalog, doc.language) : null;
  }

  shutdown(): void {
    this.queue.cancelAll();
    for (const uri of this.documents.keys()) this.engine?.close(uri);
    this.documents.clear();
    this.published.clear();
  }

  /** The findings for the document's current version, analyzing now if that is still pending. */
  private async currentFindings(uri: string, doc: OpenDocument): Promise<Finding[] | undefined> {
    if (this.published.get(uri)?.version !== doc.version || this.queue.isPending(uri)) {
      this.queue.cancel(uri);
      await this.analyzeAndPublish(uri);
    }
    const published = this.published.get(uri);
    return published?.version === doc.version ? published.findings : undefined;
  }

  private async analyzeAndPublish(uri: string): Promise<void> {
    try {
      const doc = this.documents.get(uri);
      if (!doc || !this.engine) return;
      const version = doc.version;
      const settings = await this.settings.forDocument(uri, doc.file);
      // Changed or closed while the settings came: a newer analysis is queued, drop this one.
      if (this.documents.get(uri) !== doc || doc.version !== version) return;
      let findings: Finding[] = [];
      if (settings.editor.enable && !settings.project.excluded) {
        const size = this.engine.text(uri)?.length ?? 0;
        const result: Pick<AnalysisResult, 'findings' | 'notices'> =
          size > settings.editor.maxFileSize
            ? { findings: [], notices: [{ kind: 'skipped', message: `skipped: ${size} characters is over the size limit of ${settings.editor.maxFileSize} (setting vigil.maxFileSize)` }] }
            : this.engine.analyzeWith(uri, settings.project);
        this.notices.report(uri, version, result.notices);
        findings = result.findings;
      }
      this.published.set(uri, { version, findings });
      const catalog = this.engine.catalog;
      const diagnostics: Diagnostic[] = findings.map((finding) => toDiagnostic(finding, uri, version, catalog));
      this.client.publishDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      this.client.log('error', `analysis of ${uri} failed: ${describe(e)}`);
    }
  }
}

/** The file of a `file:` URI, `/`-separated; undefined for other schemes. */
function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri).replace(/\\/g, '/') : undefined;
  } catch {
    return undefined;
  }
}

/** The path part of a non-file URI (`untitled:Untitled-1` → `Untitled-1`). */
function otherPath(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/^[a-z][\w+.-]*:(\/\/[^/]*)?/i, ''));
  } catch {
    return uri;
  }
}

export function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
