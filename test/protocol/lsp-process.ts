// A minimal LSP client over a real server process's stdio, for the protocol tests. It answers
// the server's requests (settings, registrations) and lets tests wait for the events they
// need: every wait is for a message, with a deadline, never a sleep.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { applyTextEdits, type TextEdit } from '../../server/src/engine';
import { CACHE_DIRECTORY_FLAG, SERVER_EXEC_ARGV, type InitializationOptions } from '../../server/src/protocol';

const DEADLINE_MS = 15_000;

/** dist/server.js, built first when missing (`npm test` builds it; a single test file may not). */
export function builtServerJs(repoRoot: string): string {
  const serverJs = path.join(repoRoot, 'dist', 'server.js');
  if (!fs.existsSync(serverJs)) execFileSync(process.execPath, [path.join(repoRoot, 'server/scripts/build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  return serverJs;
}

interface Waiter<T> {
  match: (value: T) => boolean;
  resolve: (value: T) => void;
}

export class LspProcess {
  readonly connection: ProtocolConnection;
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  /** What the client answers to workspace/configuration for the `vigil` section. */
  settings: Record<string, unknown> = { enable: true };
  private readonly texts = new Map<string, { text: string; version: number }>();
  private diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private logWaiters: Waiter<LogMessageParams>[] = [];
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.push(params);
      this.diagnosticWaiters = this.diagnosticWaiters.filter((w) => !(w.match(params) && (w.resolve(params), true)));
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.logWaiters = this.logWaiters.filter((w) => !(w.match(params) && (w.resolve(params), true)));
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.listen();
  }

  /**
   * Spawns `node <flags the client uses> <serverJs> --stdio` and initializes it. A cache
   * directory goes on the command line too, as the extension passes it (unless
   * `cacheDirectoryFlag` is false: a client that passes it in the InitializationOptions only).
   */
  static async start(
    serverJs: string,
    options: { cwd?: string; initializationOptions?: InitializationOptions; cacheDirectoryFlag?: boolean; env?: NodeJS.ProcessEnv } = {},
  ): Promise<{ server: LspProcess; result: InitializeResult }> {
    // Offline unless a test says otherwise: tests reach no network but their own servers.
    const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_OFFLINE: '1', ...options.env };
    delete env.NODE_PATH;
    const cacheDirectory = options.cacheDirectoryFlag === false ? undefined : options.initializationOptions?.cacheDirectory;
    const args = [...SERVER_EXEC_ARGV, serverJs, '--stdio', ...(cacheDirectory ? [`${CACHE_DIRECTORY_FLAG}=${cacheDirectory}`] : [])];
    const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const server = new LspProcess(child);
    const result = await server.within('initialize', server.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
      },
      workspaceFolders: null,
      initializationOptions: options.initializationOptions,
    }));
    await server.connection.sendNotification(InitializedNotification.type, {});
    return { server, result };
  }

  /** The server's process id (benchmarks read its memory from /proc). */
  get pid(): number {
    return this.child.pid!;
  }

  text(uri: string): string {
    return this.texts.get(uri)!.text;
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(uri: string, languageId: string, text: string): Promise<PublishDiagnosticsParams> {
    this.texts.set(uri, { text, version: 1 });
    const published = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  /** Sends incremental changes (applied in order, as LSP specifies) and resolves with the new diagnostics. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const doc = this.texts.get(uri)!;
    for (const change of changes) {
      doc.text = 'range' in change ? applyTextEdits(doc.text, [{ range: change.range, newText: change.text }]) : change.text;
    }
    doc.version++;
    const published = this.nextDiagnostics(uri, doc.version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: changes });
    return published;
  }

  /** Applies edits the way an editor applies a WorkspaceEdit, sent as incremental changes. */
  applyEdits(uri: string, edits: TextEdit[]): Promise<PublishDiagnosticsParams> {
    // Edits are in the coordinates of the text before them; sent last-first, each stays valid.
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    return this.change(uri, ordered.map((edit) => ({ range: edit.range, text: edit.newText })));
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const what = `publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`;
    return this.within(what, new Promise((resolve) => {
      this.diagnosticWaiters.push({ match: (p) => p.uri === uri && (version === undefined || p.version === version), resolve });
    }));
  }

  /** A log line matching `pattern`, already received or still to come. */
  logMessage(pattern: RegExp): Promise<LogMessageParams> {
    const seen = this.logs.find((l) => pattern.test(l.message));
    if (seen) return Promise.resolve(seen);
    return this.within(`a window/logMessage matching ${pattern}`, new Promise((resolve) => {
      this.logWaiters.push({ match: (l) => pattern.test(l.message), resolve });
    }));
  }

  /** shutdown, then exit; resolves with the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.within('shutdown', this.connection.sendRequest(ShutdownRequest.type));
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.within('the server process to exit', this.exited);
    this.connection.dispose();
    return code;
  }

  /** Ends the process if a test failed before shutting it down. */
  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private within<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${DEADLINE_MS} ms; server stderr:\n${this.stderr}`)), DEADLINE_MS);
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }
}
