// The language server's entry point (dist/server.js). The transport comes from the command
// line: --stdio, --node-ipc (VS Code), --socket=<port> or --pipe=<name>.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { listen } from './connection';
import { connectionClient } from './lsp-client';
import { VigilServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const client = connectionClient(connection);
listen(connection, new VigilServer(client), client);
