// A hover the client has already given up on starts no analysis and computes no answer.
import * as assert from 'assert';
import type { CancellationToken } from 'vscode-languageserver/node';
import { Engine } from '../../server/src/engine';
import { VigilServer } from '../../server/src/lsp/server';
import { FakeClient } from '../protocol/fakes';
import { engine } from '../helpers/fixtures';

const TEXT = "import express from 'express';\nconst app = express();\napp.get('/o', (req, res) => db.query(`SELECT * FROM o WHERE id = ${req.query.id}`));\n";
const token = (cancelled: boolean): CancellationToken => ({ isCancellationRequested: cancelled, onCancellationRequested: () => ({ dispose() {} }) });

describe('LSP requests honour cancellation', () => {
  it('a cancelled hover returns null without analyzing a pending version; an active one analyzes and answers', async () => {
    const client = new FakeClient();
    let analyses = 0;
    const server = new VigilServer(client, {
      createEngine: () => {
        const e = new Engine({ catalog: engine().catalog });
        const analyzeWith = e.analyzeWith.bind(e);
        e.analyzeWith = (uri, settings) => (analyses++, analyzeWith(uri, settings));
        return e;
      },
      debounceMs: 60_000, // the change stays pending: only a hover could analyze it
    });
    server.initialize({ processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } });
    const uri = 'file:///p/app/routes.ts';
    const opened = client.nextPublish(uri, 1);
    server.didOpen({ textDocument: { uri, languageId: 'typescript', version: 1, text: TEXT } });
    await opened;
    server.didChange({ textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }] });
    const before = analyses;
    const at = { textDocument: { uri }, position: { line: 3, character: 40 } };
    assert.strictEqual(await server.hover(at, token(true)), null);
    assert.strictEqual(analyses, before, 'no analysis for a cancelled request');
    const answer = await server.hover(at, token(false));
    assert.strictEqual(analyses, before + 1);
    assert.ok(answer && JSON.stringify(answer.contents).includes('SQL'), 'the hover explains the finding');
    server.shutdown();
  });
});
