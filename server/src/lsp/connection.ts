import type { Connection } from 'vscode-languageserver/node';
import { Requests } from '../protocol';
import { describe, VigilServer } from './server';
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

  connection.onInitialize((params) => server.initialize(params));
  connection.onInitialized(guard('initialized', undefined, () => server.initialized()));
  connection.onDidOpenTextDocument(guard('textDocument/didOpen', undefined, (p) => server.didOpen(p)));
  connection.onDidChangeTextDocument(guard('textDocument/didChange', undefined, (p) => server.didChange(p)));
  connection.onDidCloseTextDocument(guard('textDocument/didClose', undefined, (p) => server.didClose(p)));
  connection.onDidChangeConfiguration(guard('workspace/didChangeConfiguration', undefined, (p) => server.didChangeConfiguration(p)));
  connection.onDidChangeWatchedFiles(guard('workspace/didChangeWatchedFiles', undefined, (p) => server.didChangeWatchedFiles(p)));
  connection.onCodeAction(guard('textDocument/codeAction', [], (p) => server.codeAction(p)));
  connection.onHover((params, token) => guard('textDocument/hover', null, (p: typeof params) => server.hover(p, token))(params));
  connection.onRequest(Requests.memoryUsage, () => process.memoryUsage());
  connection.onShutdown(guard('shutdown', undefined, () => server.shutdown()));
  connection.listen();
}
