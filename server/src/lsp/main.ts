// The language server (dist/server-main.js, loaded by start.ts, the entry point). The transport
// comes from the command line: --stdio, --node-ipc (VS Code), --socket=<port> or --pipe=<name>.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { listen } from './connection';
import { connectionClient } from './lsp-client';
import { VigilServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const client = connectionClient(connection);
listen(connection, new VigilServer(client), client);
