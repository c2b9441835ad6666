import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { gitBaseFiles } from '../workspace/git-base';
import { diskFiles } from '../workspace/project-files';
import { FileChangeType } from 'vscode-languageserver/node';
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
import { defaultIndexDir } from '../advisories/store';
import { EditorAdvisories } from './advisories';
import { applyContentChanges, applyPreferredFixes, CONFIG_SOURCES, CONFIG_WATCH_GLOB, dependencyDocsLanguage, dependencyFileKind, diskConfigHost, Engine, isSupportedLanguage, languageOfPath, minimalEdit, specLanguage, type AnalysisResult, type Finding, type Language, type RuleCatalog } from '../engine';
import {
  CLIENT_ID,
  type InitializationOptions,
  type OwaspOverview,
  type OwaspOverviewParams,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  type ServerStatus,
  type SettingsSeverity,
} from '../protocol';
import { clientFeatures, serverCapabilities, type ClientFeatures } from './capabilities';
import { codeActions, fixAllAction, wantsFixAll } from './code-action';
import { disableRuleEdit } from './disable-rule';
import { ConfigFiles } from './config-files';
import { toDiagnostic } from './diagnostics';
import { hover } from './hover';
import { fileDocsLink, ruleDocsLink, type RuleDocsLink } from './rule-docs-link';
import { owaspOverview } from './overview';
import type { LspClient } from './lsp-client';
import { collectDroppedTrees } from './native-memory';
import { NoticeLog } from './notices';
import { DebouncedQueue } from './scheduler';
import { NO_PROJECT_CONFIG, SettingsProvider, type DocumentSettings, type ProjectConfigProvider } from './settings';
import { scanWorkspaceFiles } from './workspace-scan';
import { StartupTimeline } from './startup-timeline';
import { MODULE_WATCH_GLOB, WorkspaceModules, type CrossModuleLimits } from '../workspace/project-modules';
import { holdsScriptProject } from '../workspace/project-root';

/** The lockfiles a manifest is checked against (their workspace roots' files change with them). */
const LOCKFILE_WATCH_GLOB = '**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lock,bun.lockb,poetry.lock,uv.lock,pdm.lock,pylock.toml}';
const LOCKFILE_NAME = /(?:^|[\\/])(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|poetry\.lock|uv\.lock|pdm\.lock|pylock\.toml)$/;
const MANIFEST_NAME = /(?:^|[\\/])(?:package\.json|pyproject\.toml)$/;

export interface VigilServerOptions {
  /** Builds the engine at initialize; in-process tests pass one with their own backends. */
  createEngine?: () => Engine;
  /** Where rule settings come from; vigil.config.json files by default. */
  projectConfig?: (catalog: RuleCatalog, client: LspClient) => ProjectConfigProvider;
  /** Quiet time after the last change before a document is analyzed again (an edit after a pause this long is analyzed at once). */
  debounceMs?: number;
  /** Idle time after `initialized` before the TypeScript compiler is loaded ahead of the first TS/JS file (see warmUp). */
  warmUpAfterMs?: number;
  /** Cross-module budgets over EDITOR_LIMITS: an in-process test lifts the memory guard, which reads its whole host's RSS (mocha's). */
  moduleLimits?: Partial<CrossModuleLimits>;
}

/** See VigilServer.warmUp. */
export const WARM_UP_AFTER_MS = 1_000;

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
  /** The OWASP edition they were shown with. */
  edition: '2021' | '2025';
}

/** How long analysis must run before the status bar says so (no flicker per keystroke). */
const BUSY_AFTER_MS = 250;

/** A `$/progress` reporter for one request's work-done token. */
export interface WorkDoneReporter {
  begin(title: string, message?: string): void;
  report(percentage: number, message: string): void;
  done(message?: string): void;
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
  /** Findings of files that are not open, from the last workspace scan. */
  private readonly scanned = new Map<string, Finding[]>();
  /** Workspace folders, absolute and `/`-separated. */
  private folders: string[] = [];
  private trusted = true;
  /** How diagnostics and hovers link the rule docs (the client's command, else the shipped file). */
  private docsLink: RuleDocsLink = fileDocsLink;
  private running = 0;
  private busyTimer?: NodeJS.Timeout;
  private status: ServerStatus = { busy: false, configErrors: [] };
  /** Config files open in the editor, by file: their unsaved text is the config (live feedback). */
  private readonly configDocuments = new Map<string, { uri: string; text: string }>();
  private readonly queue = new DebouncedQueue((uri) => this.analyzeAndPublish(uri));
  /** Documents whose next analysis re-parses from scratch: typing paused on broken code (see Engine.needsFreshParse). */
  private readonly settling = new Set<string>();
  /** Imported project modules for cross-module taint (open documents' text first, else the disk). */
  private modules?: WorkspaceModules;
  /** Open documents by file (see moduleFile), for the modules' text and for re-analyzing importers. */
  private readonly openFiles = new Map<string, string>();
  private readonly notices: NoticeLog;
  private readonly debounceMs: number;
  /** Advisory data for manifests and lockfiles (OSV API answers, the offline index). */
  private advisories?: EditorAdvisories;
  /** What each language's first diagnostics waited for, logged once (issue 21's first squiggle). */
  private readonly timeline = new StartupTimeline();
  private warmUpTimer?: NodeJS.Timeout;
  /** A TS/JS document was opened, or a workspace scan analyzed one: the compiler is loaded (see warmUp). */
  private scriptsAnalyzed = false;

  constructor(
    private readonly client: LspClient,
    private readonly options: VigilServerOptions = {},
  ) {
    this.notices = new NoticeLog(client);
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.settings = new SettingsProvider(client, NO_PROJECT_CONFIG, false);
  }

  initialize(params: InitializeParams): InitializeResult {
    this.timeline.mark('initialize received');
    this.features = clientFeatures(params.capabilities);
    this.folders = workspaceFolders(params);
    this.trusted = (params.initializationOptions as InitializationOptions | undefined)?.workspaceTrusted !== false;
    this.docsLink = ruleDocsLink((params.initializationOptions as InitializationOptions | undefined)?.openRuleDocsCommand);
    try {
      const engine = this.options.createEngine?.() ?? new Engine({ onNativeTreeDropped: collectDroppedTrees() });
      // The offline advisory index is the user's data (like the CLI's), not the workspace's: read in any trust state.
      const initOptions = params.initializationOptions as InitializationOptions | undefined;
      // An engine a test hands in with its own advisories keeps them.
      if (!engine.advisories) {
        this.advisories = new EditorAdvisories(this.client, {
          indexDir: initOptions?.advisoriesDirectory ?? defaultIndexDir(),
          trusted: this.trusted,
          ...(initOptions?.proxy ? { proxy: initOptions.proxy } : {}),
          ...(initOptions?.proxyStrictSSL !== undefined ? { strictSSL: initOptions.proxyStrictSSL } : {}),
          env: process.env,
          onData: () => this.advisoriesArrived(),
        });
        engine.advisories = this.advisories.offline;
      }
      // Lockfiles are compared with git HEAD (new-install-script). git obeys the repository's own config
      // (core.fsmonitor names a command it runs): never in an untrusted workspace, where no package is then "new".
      if (this.trusted && !engine.baseFiles) engine.baseFiles = gitBaseFiles({ fileOf: (enginePath) => enginePath });
      // Restricted mode: the workspace's configs may only make the analysis stricter.
      const untrusted = this.trusted ? undefined : { folders: this.folders };
      // An open config's unsaved text applies while the file exists: a config deleted with its tab still open is gone.
      const host = { readFile: (file: string) => { const disk = diskConfigHost.readFile(file); return disk === undefined ? undefined : (this.configDocuments.get(file)?.text ?? disk); } };
      const projectConfig = this.options.projectConfig?.(engine.catalog, this.client) ?? new ConfigFiles(engine.catalog, this.client, untrusted, host);
      this.settings = new SettingsProvider(this.client, projectConfig, this.features.pullConfiguration, this.folders);
      this.modules = this.projectModules(engine);
      this.engine = engine;
      this.timeline.mark('rules loaded');
    } catch (e) {
      this.client.log('error', `cannot load the rules, no file will be analyzed: ${describe(e)}`);
      this.client.notify('error', 'Vigil could not load its rules. See the "Vigil" output for details.');
    }
    return { capabilities: serverCapabilities, serverInfo: { name: CLIENT_ID } };
  }

  async initialized(): Promise<void> {
    if (this.features.registerConfigurationChanges) await this.client.registerForConfigurationChanges();
    if (this.features.watchFiles) {
      await this.client.watchFiles(CONFIG_WATCH_GLOB);
      await this.client.watchFiles(MODULE_WATCH_GLOB);
      await this.client.watchFiles(LOCKFILE_WATCH_GLOB);
    }
    if (this.folders.some(holdsScriptProject)) this.warmUp();
  }

  /**
   * Loads the TypeScript compiler once the server has been idle a moment, in a workspace with a
   * JS/TS project, so that a TS/JS file opened later is not the one to wait for it: the load
   * was most of the first TS squiggle's time (issue 21: 1.1 s of 1.3 s in the editor with a
   * cold code cache). A Python-only workspace never loads it; the first file's analysis goes first.
   */
  private warmUp(): void {
    const timer = setTimeout(() => {
      if (!this.engine) return;
      if (this.running > 0 || this.queue.hasPending()) return this.warmUp();
      // A TS/JS file opened (or scanned) already loaded it.
      if (this.scriptsAnalyzed) return;
      const started = this.timeline.time();
      try {
        this.engine.warm('typescript');
      } catch (e) {
        // A timer's throw would stop the server; the first TS/JS file meets the same failure and reports it on the file.
        this.client.log('error', `cannot load the TypeScript compiler ahead of the first TS/JS file: ${describe(e)}`);
        return;
      }
      this.client.log('info', `loaded the TypeScript compiler ahead of the first TS/JS file in ${Math.round(this.timeline.time() - started)} ms`);
    }, this.options.warmUpAfterMs ?? WARM_UP_AFTER_MS);
    timer.unref();
    this.warmUpTimer = timer;
  }

  didOpen({ textDocument: { uri, languageId, version, text } }: DidOpenTextDocumentParams): void {
    if (!this.engine) return;
    const file = filePath(uri);
    const path = file ?? otherPath(uri);
    // package.json and pyproject.toml are both a config and a manifest.
    const dependencies = dependencyFileKind(path);
    if (file && isConfigFile(file)) {
      this.configDocuments.set(file, { uri, text });
      this.configEdited();
      if (!dependencies) return;
    }
    // A manifest is analyzed by its name; its hovers show the docs of its ecosystem's language.
    const language = dependencies ? (dependencyDocsLanguage(dependencies, text) === 'python' ? 'python' : 'typescript') : isSupportedLanguage(languageId) ? languageId : languageOfPath(path);
    if (!language) {
      this.client.log('log', `not analyzing ${uri}: language "${languageId}" is not supported`);
      return;
    }
    this.engine.open(uri, language, text, version, path);
    this.documents.set(uri, { version, language, path, file });
    if (!dependencies) this.timeline.documentOpened(uri, specLanguage(language));
    if (!dependencies && specLanguage(language) === 'typescript') this.scriptsAnalyzed = true;
    this.scanned.delete(uri);
    this.queue.schedule(uri, 0);
    if (file) {
      this.openFiles.set(moduleFile(file), uri);
      this.importedModuleChanged(file);
    }
  }

  didChange({ textDocument: { uri, version }, contentChanges }: DidChangeTextDocumentParams): void {
    if (!this.engine) return;
    const config = this.configDocumentOf(uri);
    if (config) {
      config.text = applyContentChanges(config.text, contentChanges).text;
      this.configEdited();
      if (!this.documents.has(uri)) return;
    }
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
    // A keystroke is no pause: the pending fresh parse waits for the next one.
    if (this.settling.delete(uri)) this.queue.cancel(uri);
    this.queue.scheduleChange(uri, this.debounceMs);
    if (doc.file) this.importedModuleChanged(doc.file);
  }

  didClose({ textDocument: { uri } }: DidCloseTextDocumentParams): void {
    this.timeline.documentClosed(uri);
    const config = this.configDocumentOf(uri);
    if (config) {
      // Closed (maybe unsaved): the file on disk is the config again.
      this.configDocuments.delete(filePath(uri)!);
      this.configEdited();
      if (!this.documents.has(uri)) return;
    }
    this.queue.forget(uri);
    this.settling.delete(uri);
    this.engine?.close(uri);
    const file = this.documents.get(uri)?.file;
    this.documents.delete(uri);
    if (file) {
      // Unsaved edits are gone: the file on disk is the module again.
      this.openFiles.delete(moduleFile(file));
      this.importedModuleChanged(file);
    }
    this.published.delete(uri);
    this.settings.forget(uri);
    this.notices.forget(uri);
    this.client.publishDiagnostics({ uri, diagnostics: [] });
  }

  didChangeConfiguration(params: DidChangeConfigurationParams): void {
    this.settings.changed(params.settings);
    for (const uri of this.documents.keys()) this.queue.schedule(uri, 0);
  }

  /** A config file changed on disk, a lockfile, or a source file that open documents may import. */
  didChangeWatchedFiles({ changes }: DidChangeWatchedFilesParams): void {
    const changed = changes
      .map((change) => ({ type: change.type, file: filePath(change.uri) }))
      .filter((change): change is { type: FileChangeType; file: string } => change.file !== undefined);
    // A shared config may come from an npm package (`extends`), so node_modules counts for configs.
    if (changed.some((change) => isConfigFile(change.file))) {
      this.settings.projectChanged();
      for (const uri of this.documents.keys()) this.queue.schedule(uri, 0);
    }
    // `npm install` or `poetry lock` rewrote a lockfile: the open manifests are checked against it again (lockfile-out-of-sync, unpinned-dependency).
    if (changed.some((change) => LOCKFILE_NAME.test(change.file))) {
      for (const [uri, doc] of this.documents) if (MANIFEST_NAME.test(doc.path) && !this.queue.isPending(uri)) this.queue.schedule(uri, 0);
    }
    // Installing packages touches thousands of files that no project import resolves to.
    const sources = changed.filter((change) => !isConfigFile(change.file) && !/[\\/]node_modules[\\/]/.test(change.file));
    if (sources.length === 0) return;
    // A file created or deleted, or a tsconfig's `paths`, can change what any import names (no importer is known of a missing module).
    if (sources.some((change) => change.type !== FileChangeType.Changed || /[\\/](?:tsconfig[^\\/]*|jsconfig)\.json$/.test(change.file))) {
      this.modules?.filesChanged();
      for (const uri of this.documents.keys()) if (!this.queue.isPending(uri)) this.queue.schedule(uri, IMPORTED_EDIT_DEBOUNCE_MS);
    } else {
      for (const { file } of sources) this.importedModuleChanged(file);
    }
  }

  async codeAction(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const settings = await this.settings.forDocument(uri, doc.file);
    const actions = codeActions(params, {
      version: doc.version,
      documentChanges: this.features.documentChanges,
      snippetEdits: this.features.snippetEdits,
      createFiles: this.features.createFiles,
      uriOf: (enginePath) => fileUri(enginePath),
      // Turning a rule off is what an untrusted workspace's config may not do.
      disableRule: this.trusted && doc.file ? (ruleId) => disableRuleEdit(ruleId, settings.project.configFile, this.newConfigDir(doc.file!)) : undefined,
    });
    if (wantsFixAll(params.context.only)) {
      const fixAll = this.fixAll(uri, doc, settings);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  /** `token`: the client gave up on this hover (moved the mouse on): no analysis is started for it, no answer computed. */
  async hover(params: HoverParams, token?: CancellationToken): Promise<Hover | null> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !this.engine || token?.isCancellationRequested) return null;
    const findings = await this.currentFindings(params.textDocument.uri, doc);
    if (token?.isCancellationRequested) return null;
    const edition = this.published.get(params.textDocument.uri)?.edition;
    return findings ? hover(findings, params.position, this.engine.catalog, doc.language, edition, this.docsLink) : null;
  }

  /**
   * Analyzes every file of the workspace folders that `vigil scan` would, publishing
   * diagnostics for files that are not open; the OWASP overview then covers them too.
   */
  async scanWorkspace(_params: ScanWorkspaceParams, token: CancellationToken, progress: WorkDoneReporter): Promise<ScanWorkspaceResult> {
    const engine = this.engine;
    if (!engine || this.folders.length === 0) {
      progress.done();
      return { files: 0, filesWithFindings: 0, findings: 0, skipped: 0, cancelled: false };
    }
    progress.begin('Vigil: scanning the workspace');
    this.startWork();
    try {
      const result = await scanWorkspaceFiles(
        this.folders,
        async (file, text, folder) => {
          const uri = fileUri(file);
          if (this.documents.has(uri)) return this.published.get(uri)?.findings.length ?? 0;
          // Editor settings of the folder (one workspace/configuration request per folder, not
          // per file); the project config is still the file's own.
          const settings = await this.settings.forDocument(fileUri(folder), file);
          if (!settings.editor.enable || settings.project.excluded) return 'skipped';
          this.modules?.startAnalysis(settings.project);
          if (this.advisories && dependencyFileKind(file)) engine.advisories = this.advisories.indexFor(file, text, settings.editor.advisories);
          const result = engine.analyzeTextWith(file, text, settings.project);
          if (!dependencyFileKind(file) && languageOfPath(file) !== 'python') this.scriptsAnalyzed = true;
          if (result.notices.some((notice) => notice.kind === 'skipped')) return 'skipped';
          this.scanned.set(uri, result.findings);
          this.client.publishDiagnostics({ uri, diagnostics: this.diagnosticsOf(result.findings, uri, undefined, settings) });
          return result.findings.length;
        },
        {
          isCancelled: () => token.isCancellationRequested,
          progress: (done, total, file) => progress.report(Math.floor((done / total) * 100), `${done}/${total} ${path.basename(file)}`),
        },
      );
      progress.done(result.cancelled ? 'cancelled' : `${result.findings} findings in ${result.filesWithFindings} files (${result.files} scanned)`);
      this.client.log('info', `workspace scan ${result.cancelled ? 'cancelled' : 'done'}: ${result.findings} findings in ${result.filesWithFindings} files (${result.files} scanned, ${result.skipped} skipped)`);
      return result;
    } finally {
      this.endWork();
    }
  }

  /** The findings of open files and of the last workspace scan, by OWASP category. */
  owaspOverview(params: OwaspOverviewParams): OwaspOverview {
    const edition = params.edition ?? '2021';
    const all: [string, Finding[]][] = [...this.scanned];
    for (const [uri, published] of this.published) all.push([uri, published.findings]);
    return owaspOverview(all, this.engine?.catalog, edition);
  }

  shutdown(): void {
    clearTimeout(this.warmUpTimer);
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
    this.startWork();
    try {
      const doc = this.documents.get(uri);
      if (!doc || !this.engine) return;
      const version = doc.version;
      const settings = await this.settings.forDocument(uri, doc.file);
      // Changed or closed while the settings came: a newer analysis is queued, drop this one.
      if (this.documents.get(uri) !== doc || doc.version !== version) return;
      // The language's first analysis is timed step by step (parsed apart from analyzed); one that does not run is not.
      let first = this.timeline.isFirst(uri, specLanguage(doc.language)) ? { settings: this.timeline.time(), parsed: 0, analyzed: 0 } : undefined;
      let result: Pick<AnalysisResult, 'findings' | 'notices'> = { findings: [], notices: [] };
      let partial: string | undefined;
      if (this.settling.delete(uri)) this.engine.reparse(uri);
      if (settings.editor.enable && !settings.project.excluded) {
        const size = this.engine.text(uri)?.length ?? 0;
        this.modules?.startAnalysis(settings.project);
        // The project config's maxFileSize is the team's (the CLI reads it too): it wins over the user's setting.
        const fromConfig = settings.project.maxFileSize;
        const limit = fromConfig ?? settings.editor.maxFileSize;
        const origin = fromConfig === undefined ? 'setting vigil.maxFileSize' : `maxFileSize in ${settings.project.configFile ?? 'the config'}`;
        if (size > limit) {
          result = { findings: [], notices: [{ kind: 'skipped', message: `skipped: ${size} characters is over the size limit of ${limit} (${origin})` }] };
          first = undefined;
        } else {
          if (first) {
            this.engine.parse(uri);
            first.parsed = this.timeline.time();
          }
          result = this.analyzeOpen(uri, doc, settings);
        }
        partial = this.modules?.partialAnalysis();
      } else first = undefined;
      if (first) first.analyzed = this.timeline.time();
      // A change sent while the analysis ran is read only now: if one came, these findings are
      // stale (their ranges point into the old text) and the newer version's analysis is queued.
      await receivePendingMessages();
      if (this.documents.get(uri) !== doc || doc.version !== version) return;
      this.notices.report(uri, version, result.notices, partial);
      const { findings } = result;
      this.published.set(uri, { version, findings, edition: editionOf(settings) });
      this.client.publishDiagnostics({ uri, version, diagnostics: this.diagnosticsOf(findings, uri, version, settings) });
      const line = first && this.timeline.firstAnalysis(uri, specLanguage(doc.language), { ...first, published: this.timeline.time() });
      if (line) this.client.log('info', line);
      // Broken code from edits: once typing pauses, a fresh parse has the last word (a keystroke cancels it).
      if (this.engine.needsFreshParse(uri) && !this.queue.isPending(uri)) {
        this.settling.add(uri);
        this.queue.schedule(uri, SETTLE_AFTER_MS);
      }
    } catch (e) {
      this.client.log('error', `analysis of ${uri} failed: ${describe(e)}`);
    } finally {
      this.endWork();
    }
  }

  /** An open document; a manifest or lockfile with the advisory data for its versions (the engine is synchronous: set just before). */
  private analyzeOpen(uri: string, doc: OpenDocument, settings: DocumentSettings): AnalysisResult {
    const engine = this.engine!;
    if (this.advisories && dependencyFileKind(doc.path)) engine.advisories = this.advisories.indexFor(doc.path, engine.text(uri) ?? '', settings.editor.advisories);
    return engine.analyzeWith(uri, settings.project);
  }

  /** OSV's answers arrived: the open manifests and lockfiles are analyzed again with them. */
  private advisoriesArrived(): void {
    for (const [uri, doc] of this.documents) if (dependencyFileKind(doc.path)) this.queue.schedule(uri, 0);
  }

  /**
   * Cross-module taint: open documents' unsaved text wins over the disk; paths stay absolute
   * (as the engine knows documents), traces name them relative to their workspace folder.
   */
  private projectModules(engine: Engine): WorkspaceModules {
    // Imports resolve below each file's project root, as in `vigil scan` (not the folder the editor was opened at).
    const modules = new WorkspaceModules({
      engine,
      fileOf: (enginePath) => enginePath,
      pathOf: (file) => file.replace(/\\/g, '/'),
      labelOf: (file) => {
        const folder = this.folders.find((f) => !path.relative(f, file).startsWith('..'));
        return folder ? path.relative(folder, file).replace(/\\/g, '/') : file;
      },
      openText: (file) => {
        const uri = this.openFiles.get(moduleFile(file));
        return uri === undefined ? undefined : engine.text(uri);
      },
      limits: this.options.moduleLimits,
    });
    engine.projectModules = modules;
    engine.projectFiles = diskFiles((enginePath) => enginePath, (file) => {
      const uri = this.openFiles.get(moduleFile(file));
      return uri === undefined ? undefined : engine.text(uri);
    });
    return modules;
  }

  /** A module changed (typed in, saved, closed): the open documents importing it are analyzed again when typing pauses. */
  private importedModuleChanged(file: string): void {
    for (const importer of this.modules?.importersOf(file) ?? []) {
      const uri = this.openFiles.get(importer);
      if (uri !== undefined && !this.queue.isPending(uri)) this.queue.schedule(uri, IMPORTED_EDIT_DEBOUNCE_MS);
    }
  }

  /** An open config file's unsaved text changed: re-read configs, re-analyze when typing pauses. */
  private configEdited(): void {
    this.settings.projectChanged();
    for (const uri of this.documents.keys()) this.queue.schedule(uri, CONFIG_EDIT_DEBOUNCE_MS);
  }

  private configDocumentOf(uri: string): { uri: string; text: string } | undefined {
    const file = filePath(uri);
    return file === undefined ? undefined : this.configDocuments.get(file);
  }

  /** Diagnostics with the user's floor (`vigil.minSeverity`, which only raises) and OWASP edition. */
  private diagnosticsOf(findings: readonly Finding[], uri: string, version: number | undefined, settings: DocumentSettings): Diagnostic[] {
    const catalog = this.engine!.catalog;
    const floor = settings.editor.minSeverity;
    const edition = editionOf(settings);
    return findings.map((finding) => {
      const raised = SEVERITY_RANK[finding.severity] < SEVERITY_RANK[floor] ? { ...finding, severity: floor } : finding;
      return toDiagnostic(raised, uri, version ?? 0, catalog, edition, this.docsLink);
    });
  }

  /** `source.fixAll.vigil`: every preferred fix of the document, as one edit. */
  private fixAll(uri: string, doc: OpenDocument, settings: DocumentSettings): CodeAction | undefined {
    const engine = this.engine;
    const text = engine?.text(uri);
    if (!engine || text === undefined || !settings.editor.enable || settings.project.excluded) return undefined;
    this.modules?.startAnalysis(settings.project);
    const fixed = applyPreferredFixes(
      text,
      (current) => engine.analyzeTextWith(doc.path, current, settings.project, doc.language).findings,
      (current) => engine.parses(doc.language, current, doc.path),
    );
    const edit = minimalEdit(text, fixed.text);
    return edit ? fixAllAction(uri, edit, fixed.applied, { version: doc.version, documentChanges: this.features.documentChanges }) : undefined;
  }

  /** Where "disable rule" creates a vigil.config.json: the file's workspace folder (else its folder). */
  private newConfigDir(file: string): string {
    return this.folders.find((folder) => !path.relative(folder, file).startsWith('..')) ?? path.dirname(file);
  }

  private startWork(): void {
    if (this.running++ === 0) this.busyTimer = setTimeout(() => this.sendStatus(true), BUSY_AFTER_MS);
  }

  private endWork(): void {
    if (--this.running > 0) return;
    clearTimeout(this.busyTimer);
    this.sendStatus(false);
  }

  /** Tells the client when busy or the broken config files change (never per keystroke). */
  private sendStatus(busy: boolean): void {
    const configErrors = this.settings.problems().map(({ file, message }) => ({ uri: fileUri(file), message }));
    const status: ServerStatus = { busy, configErrors };
    if (JSON.stringify(status) === JSON.stringify(this.status)) return;
    this.status = status;
    this.client.status(status);
  }
}

/** Typing in an imported module re-analyzes its open importers this long after the last keystroke. */
const IMPORTED_EDIT_DEBOUNCE_MS = 200;
/** How long typing must pause on code with syntax errors before it is parsed afresh (see Engine.needsFreshParse). */
const SETTLE_AFTER_MS = 750;

/** Typing in a config file re-analyzes the open files this long after the last keystroke. */
const CONFIG_EDIT_DEBOUNCE_MS = 200;

const CONFIG_NAMES: ReadonlySet<string> = new Set(CONFIG_SOURCES.map((source) => source.name));

function isConfigFile(file: string): boolean {
  return CONFIG_NAMES.has(path.basename(file));
}

const SEVERITY_RANK: Record<SettingsSeverity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** The project config's OWASP edition, else the user's. */
function editionOf(settings: DocumentSettings): '2021' | '2025' {
  return settings.project.owaspEdition ?? settings.editor.owaspEdition;
}

function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(filePath).filter((file): file is string => file !== undefined);
}

/** A file as the project modules spell it (OS separators), for looking up open documents. */
function moduleFile(file: string): string {
  return path.resolve(file);
}

function fileUri(file: string): string {
  return pathToFileURL(file).href;
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

/**
 * Lets the messages that came in during a synchronous analysis be dispatched: one event-loop
 * turn for the poll phase to read them, one for the JSON-RPC layer's setImmediate to hand them on.
 */
async function receivePendingMessages(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
