// The VS Code side of Vigil: starts the language server and wires the VS Code UI to it
// (status bar, commands, the OWASP overview). All analysis, diagnostics, fixes and hovers
// come from the server.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  WorkDoneProgress,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CACHE_DIRECTORY_FLAG,
  CLIENT_ID,
  CLIENT_NAME,
  Commands,
  CONFIG_DOCUMENTS_GLOB,
  DEPENDENCY_DOCUMENTS_GLOB,
  DOCUMENT_LANGUAGES,
  OUTPUT_CHANNEL_NAME,
  OVERVIEW_VIEW_ID,
  OWASP_OVERVIEW_REQUEST,
  SCAN_WORKSPACE_REQUEST,
  SERVER_EXEC_ARGV,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type InitializationOptions,
  type OwaspOverview,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  type ServerStatus,
} from '../../server/src/protocol';
import { logFirstDiagnostics } from './first-diagnostics';
import { OwaspOverviewTree } from './overview';
import { registerRuleDocsCommand } from './rule-docs';
import { StatusBar } from './status';

let client: LanguageClient | undefined;

/** Restarts allowed after crashes within RESTART_WINDOW_MS before Vigil gives up and says so. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // From the extension host's start: the first squiggle's timeline begins here (the server logs the rest).
  const activatedAt = performance.now();
  const module = context.asAbsolutePath('dist/server.js');
  // The cache directory on the command line too: the server loads its own bundle from the code cache before any message comes.
  const args = [`${CACHE_DIRECTORY_FLAG}=${context.globalStorageUri.fsPath}`];
  const serverOptions: ServerOptions = {
    run: { module, args, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, args, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(logFirstDiagnostics((message) => outputChannel.info(message), DOCUMENT_LANGUAGES, activatedAt));
  const status = new StatusBar();
  const clientOptions: LanguageClientOptions = {
    // Config files too: their unsaved text applies while the team lead types.
    documentSelector: [...DOCUMENT_LANGUAGES.map((language) => ({ scheme: 'file', language })), { scheme: 'file', pattern: CONFIG_DOCUMENTS_GLOB }, { scheme: 'file', pattern: DEPENDENCY_DOCUMENTS_GLOB }],
    outputChannel,
    // A function: read again on every (re)start, e.g. after trust is granted.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted, cacheDirectory: context.globalStorageUri.fsPath, openRuleDocsCommand: true, ...proxySettings() }),
    // The hover's docs link is a `command:` link; only that command is trusted in Vigil's hovers.
    markdown: { isTrusted: { enabledCommands: [Commands.openRuleDocs] } },
    errorHandler: crashHandler(outputChannel),
  };
  // The client id makes the library honour the `vigil.trace.server` setting.
  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = languageClient;

  const overview = new OwaspOverviewTree(async () => {
    if (languageClient.state !== State.Running) return undefined;
    return languageClient.sendRequest<OwaspOverview>(OWASP_OVERVIEW_REQUEST, { edition: edition() });
  });
  const overviewView = vscode.window.createTreeView(OVERVIEW_VIEW_ID, { treeDataProvider: overview, showCollapseAll: true });
  const refreshOverview = debounce(() => {
    if (overviewView.visible) void overview.refresh().then(() => (overviewView.badge = badge(overview.total)));
  }, 300);

  context.subscriptions.push(
    outputChannel,
    status,
    overview,
    overviewView,
    languageClient.onNotification(STATUS_NOTIFICATION, (serverStatus: ServerStatus) => status.serverStatus(serverStatus)),
    languageClient.onDidChangeState(({ newState }) => status.serverRunning(newState === State.Running)),
    vscode.languages.onDidChangeDiagnostics(refreshOverview),
    overviewView.onDidChangeVisibility(refreshOverview),
    // Trust granted: the server starts over without the restricted-mode limits.
    vscode.workspace.onDidGrantWorkspaceTrust(() => languageClient.restart()),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      outputChannel.appendLine('Restarting the Vigil language server.');
      await languageClient.restart();
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => outputChannel.show(true)),
    registerRuleDocsCommand(context),
    vscode.commands.registerCommand(Commands.showOwaspOverview, async () => {
      await vscode.commands.executeCommand(`${OVERVIEW_VIEW_ID}.focus`);
      await overview.refresh();
    }),
    vscode.commands.registerCommand(Commands.scanWorkspace, async () => {
      const result = await scanWorkspace(languageClient);
      if (!result) return;
      await vscode.commands.executeCommand(`${OVERVIEW_VIEW_ID}.focus`);
      await overview.refresh();
      const summary = `Vigil: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} file${result.filesWithFindings === 1 ? '' : 's'} (${result.files} scanned)${result.cancelled ? ' (scan cancelled)' : ''}.`;
      void vscode.window.showInformationMessage(summary);
      return result;
    }),
  );
  await languageClient.start();
  outputChannel.info(`activated ${Math.round(activatedAt)} ms after the extension host started; the language server answered initialize ${Math.round(performance.now() - activatedAt)} ms later`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Vigil: Scan Workspace, with a cancellable notification fed by the server's `$/progress`. */
async function scanWorkspace(languageClient: LanguageClient): Promise<ScanWorkspaceResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showWarningMessage('Vigil: open a folder to scan a workspace.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Vigil: scanning the workspace', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `vigil-scan-${Date.now()}`;
      let reported = 0;
      const listener = languageClient.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'report') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: percentage - reported });
        reported = percentage;
      });
      try {
        const params: ScanWorkspaceParams = { workDoneToken };
        return await languageClient.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, params, token);
      } finally {
        listener.dispose();
      }
    },
  );
}

/** Restarts a crashed server a few times, then stops and tells the user once. */
function crashHandler(outputChannel: vscode.LogOutputChannel): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0] > RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length <= MAX_RESTARTS) {
        outputChannel.warn(`The Vigil language server stopped unexpectedly; restarting it (${crashes.length}/${MAX_RESTARTS}).`);
        return { action: CloseAction.Restart, handled: true };
      }
      const message = `The Vigil language server crashed ${crashes.length} times in ${RESTART_WINDOW_MS / 60_000} minutes and will not be restarted. Run "Vigil: Restart Language Server" once the cause (see the "Vigil" output) is fixed.`;
      outputChannel.error(message);
      void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => choice && outputChannel.show());
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}

function edition(): '2021' | '2025' {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<'2021' | '2025'>('owaspEdition') ?? '2021';
}

function badge(total: number): vscode.ViewBadge | undefined {
  return total > 0 ? { value: total, tooltip: `${total} Vigil finding${total === 1 ? '' : 's'}` } : undefined;
}

function debounce(run: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

/** VS Code's proxy settings, for the server's requests to the OSV API (read at every (re)start). */
function proxySettings(): Pick<InitializationOptions, 'proxy' | 'proxyStrictSSL'> {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy')?.trim();
  return { ...(proxy ? { proxy } : {}), proxyStrictSSL: http.get<boolean>('proxyStrictSSL') !== false };
}
