import { WorkDoneProgress, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { OWASP_OVERVIEW_REQUEST, Requests, SCAN_WORKSPACE_REQUEST, type InitializationOptions, type OwaspOverviewParams, type ScanWorkspaceParams } from '../protocol';
import { attachCodeCacheLog, useCodeCache } from '../workspace/code-cache';
import { describe, VigilServer, type WorkDoneReporter } from './server';
import type { LspClient } from './lsp-client';

/**
 * Wires a VigilServer to a connection. Every handler is guarded: a failure is logged and
 * answered with an empty result, so no request or notification can stop the server.
 */
export function listen(connection: Connection, server: VigilServer, client: LspClient): void {
  const guard =
    <P, R>(method: string, fallback: R, handler: (params: P) => R | Promise<R>) =>
    async (params: P): Promise<R> => {
      try {
        return await handler(params);
      } catch (e) {
        client.log('error', `${method} failed: ${describe(e)}`);
        return fallback;
      }
    };

  connection.onInitialize((params) => {
    // Before any file is analyzed: the TypeScript compiler is loaded on the first TS/JS file.
    // A cache already installed from the command line (see start.ts) keeps its directory.
    const { cacheDirectory } = (params.initializationOptions ?? {}) as InitializationOptions;
    const log = (message: string, level: 'info' | 'warn' = 'info') => client.log(level, message);
    if (cacheDirectory) useCodeCache(cacheDirectory, log);
    else attachCodeCacheLog(log);
    return server.initialize(params);
  });
  connection.onInitialized(guard('initialized', undefined, () => server.initialized()));
  connection.onDidOpenTextDocument(guard('textDocument/didOpen', undefined, (p) => server.didOpen(p)));
  connection.onDidChangeTextDocument(guard('textDocument/didChange', undefined, (p) => server.didChange(p)));
  connection.onDidCloseTextDocument(guard('textDocument/didClose', undefined, (p) => server.didClose(p)));
  connection.onDidChangeConfiguration(guard('workspace/didChangeConfiguration', undefined, (p) => server.didChangeConfiguration(p)));
  connection.onDidChangeWatchedFiles(guard('workspace/didChangeWatchedFiles', undefined, (p) => server.didChangeWatchedFiles(p)));
  connection.onCodeAction(guard('textDocument/codeAction', [], (p) => server.codeAction(p)));
  connection.onHover((params, token) => guard('textDocument/hover', null, (p: typeof params) => server.hover(p, token))(params));
  connection.onRequest(Requests.memoryUsage, () => process.memoryUsage());
  connection.onRequest(SCAN_WORKSPACE_REQUEST, (params: ScanWorkspaceParams, token: CancellationToken) =>
    guard(SCAN_WORKSPACE_REQUEST, undefined, (p: ScanWorkspaceParams) => server.scanWorkspace(p, token, workDone(connection, p.workDoneToken)))(params ?? {}),
  );
  connection.onRequest(OWASP_OVERVIEW_REQUEST, guard(OWASP_OVERVIEW_REQUEST, undefined, (p: OwaspOverviewParams | undefined) => server.owaspOverview(p ?? {})));
  connection.onShutdown(guard('shutdown', undefined, () => server.shutdown()));
  connection.listen();
}

/** `$/progress` for a client-supplied work-done token (reports nothing without one). */
function workDone(connection: Connection, token: string | number | undefined): WorkDoneReporter {
  const send = (value: Parameters<typeof connection.sendProgress<unknown>>[2]) => {
    if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, value as never);
  };
  return {
    begin: (title, message) => send({ kind: 'begin', title, message, cancellable: true, percentage: 0 }),
    report: (percentage, message) => send({ kind: 'report', percentage, message }),
    done: (message) => send({ kind: 'end', message }),
  };
}
