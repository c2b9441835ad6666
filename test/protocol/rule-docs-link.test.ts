import * as assert from 'assert';
import * as fs from 'fs';
import { fileURLToPath } from 'url';
import type { ClientCapabilities, Diagnostic, MarkupContent } from 'vscode-languageserver/node';
import { VigilServer } from '../../server/src/lsp/server';
import { Commands, type InitializationOptions } from '../../server/src/protocol';
import { Engine } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';
import { FakeClient } from './fakes';

// The rule docs link of a diagnostic (codeDescription.href, the Problems panel's code link) and
// of the hover opens the docs shipped with Vigil: through the client's vigil.openRuleDocs
// command when the client registers it (VS Code opens `command:` links there), else the file.

const CAPABILITIES: ClientCapabilities = { workspace: { configuration: true } };
const SAMPLES = [
  { uri: 'file:///shop/api/orders.py', languageId: 'python', text: 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/orders")\ndef orders(status: str, db=None):\n    cur = db.cursor()\n    cur.execute(f"SELECT * FROM orders WHERE status = \'{status}\'")\n' },
  { uri: 'file:///shop/app/api/orders/route.ts', languageId: 'typescript', text: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\nexport async function GET(request: Request) {\n  const status = new URL(request.url).searchParams.get('status');\n  return pool.query(`SELECT * FROM orders WHERE status = '${status}'`);\n}\n" },
];

async function openSample(options: InitializationOptions | undefined, sample: (typeof SAMPLES)[number]): Promise<{ server: VigilServer; diagnostic: Diagnostic }> {
  const client = new FakeClient();
  // An engine of its own (the catalog shared): the server gives its engine the workspace's files,
  // which must not leak into the shared fixture engine of later tests.
  const server = new VigilServer(client, { createEngine: () => new Engine({ catalog: engine().catalog }) });
  server.initialize({ processId: null, rootUri: null, capabilities: CAPABILITIES, initializationOptions: options });
  const published = client.nextPublish(sample.uri, 1);
  server.didOpen({ textDocument: { uri: sample.uri, languageId: sample.languageId, version: 1, text: sample.text } });
  const diagnostic = (await published).diagnostics.find((d) => d.code === 'sql-injection');
  assert.ok(diagnostic, 'a sql-injection diagnostic');
  return { server, diagnostic };
}

async function hoverText(server: VigilServer, uri: string, diagnostic: Diagnostic): Promise<string> {
  const hover = await server.hover({ textDocument: { uri }, position: diagnostic.range.start });
  return (hover!.contents as MarkupContent).value;
}

describe('rule docs links', () => {
  for (const sample of SAMPLES) {
    describe(sample.languageId, () => {
      it('a client with the open-docs command: the code link and the hover run vigil.openRuleDocs with the rule id', async () => {
        const { server, diagnostic } = await openSample({ openRuleDocsCommand: true }, sample);
        const href = diagnostic.codeDescription?.href ?? '';
        const prefix = `command:${Commands.openRuleDocs}?`;
        assert.ok(href.startsWith(prefix), href);
        assert.deepStrictEqual(JSON.parse(decodeURIComponent(href.slice(prefix.length))), ['sql-injection']);
        assert.ok((await hoverText(server, sample.uri, diagnostic)).includes(`[More about this rule](${href})`));
      });

      it('any other client: the link is the README shipped with Vigil, which exists', async () => {
        const { server, diagnostic } = await openSample(undefined, sample);
        const href = diagnostic.codeDescription?.href ?? '';
        assert.match(href, /^file:\/\/.*\/rules\/sql-injection\/README\.md$/);
        assert.ok(fs.readFileSync(fileURLToPath(href), 'utf8').startsWith('# sql-injection'));
        assert.ok((await hoverText(server, sample.uri, diagnostic)).includes(`[More about this rule](${href})`));
      });
    });
  }
});
