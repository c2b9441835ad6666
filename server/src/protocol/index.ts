// The typed protocol shared by the VS Code client and the language server.
export * from './ids';
export * from './messages';
export * from './settings';
