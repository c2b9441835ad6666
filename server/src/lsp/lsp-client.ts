import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { SETTINGS_SECTION, STATUS_NOTIFICATION, type ServerStatus } from '../protocol';

export type LogLevel = 'error' | 'warn' | 'info' | 'log';

/**
 * What the server needs from the editor, and nothing else: the server talks to this
 * interface, so in-process tests can stand in for the editor without a connection.
 */
export interface LspClient {
  publishDiagnostics(params: PublishDiagnosticsParams): void;
  /** A line in the output channel (`window/logMessage`). */
  log(level: LogLevel, message: string): void;
  /** A message the user sees (`window/showMessage`); the server sends each one once. */
  notify(level: 'error' | 'warn', message: string): void;
  /** The `vigil` settings section for a document (`workspace/configuration`). */
  configuration(uri: string): Promise<unknown>;
  /** Asks to be told when settings change (dynamic registration of didChangeConfiguration). */
  registerForConfigurationChanges(): Promise<void>;
  /** Asks to be told when files matching the glob change on disk (didChangeWatchedFiles). */
  watchFiles(globPattern: string): Promise<void>;
  /** What the status bar shows besides finding counts (`vigil/status`). */
  status(status: ServerStatus): void;
}

/** The LspClient of a real connection. */
export function connectionClient(connection: Connection): LspClient {
  return {
    publishDiagnostics: (params) => void connection.sendDiagnostics(params),
    log: (level, message) => connection.console[level](message),
    notify: (level, message) =>
      void (level === 'error' ? connection.window.showErrorMessage(message) : connection.window.showWarningMessage(message)),
    configuration: (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }),
    registerForConfigurationChanges: async () => {
      await connection.client.register(DidChangeConfigurationNotification.type, undefined);
    },
    watchFiles: async (globPattern) => {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] });
    },
    status: (status) => void connection.sendNotification(STATUS_NOTIFICATION, status),
  };
}
