import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from '../protocol';

export const serverCapabilities: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
  hoverProvider: true,
};

/** The client features the server adapts to. */
export interface ClientFeatures {
  /** `workspace/configuration` can be asked; otherwise settings come with didChangeConfiguration. */
  pullConfiguration: boolean;
  /** didChangeConfiguration must be registered for dynamically (VS Code). */
  registerConfigurationChanges: boolean;
  /** File watchers can be registered (for vigil.config.json). */
  watchFiles: boolean;
  /** Versioned `documentChanges` in WorkspaceEdits. */
  documentChanges: boolean;
  /** LSP 3.18 SnippetTextEdits in `documentChanges` (vscode-languageclient 11 sends it): the cursor can land on a placeholder. */
  snippetEdits: boolean;
  /** `create` resource operations in `documentChanges`: fixes that create a file (a Next.js middleware) can be offered. */
  createFiles: boolean;
}

export function clientFeatures(capabilities: ClientCapabilities): ClientFeatures {
  return {
    pullConfiguration: capabilities.workspace?.configuration === true,
    registerConfigurationChanges: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
    snippetEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true && capabilities.workspace.workspaceEdit.snippetEditSupport === true,
    createFiles: capabilities.workspace?.workspaceEdit?.documentChanges === true && (capabilities.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
  };
}
