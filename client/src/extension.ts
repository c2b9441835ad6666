// The VS Code side of Vigil: starts the language server and wires the VS Code UI to it.
// All analysis, diagnostics, fixes and hovers come from the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_ID, CLIENT_NAME, Commands, DOCUMENT_LANGUAGES, OUTPUT_CHANNEL_NAME, SERVER_EXEC_ARGV } from '../../server/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_LANGUAGES.map((language) => ({ scheme: 'file', language })),
    outputChannel,
  };
  // The client id makes the library honour the `vigil.trace.server` setting.
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      outputChannel.appendLine('Restarting the Vigil language server.');
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
