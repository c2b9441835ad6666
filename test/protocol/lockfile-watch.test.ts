import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { Engine, RuleCatalog } from '../../server/src/engine';
import { VigilServer } from '../../server/src/lsp/server';
import { FakeClient } from './fakes';

// An open package.json is checked against its lockfile on disk; when `npm install` rewrites the
// lockfile, the manifest's diagnostics follow without an edit to the manifest.

const MANIFEST = '{\n  "name": "shop",\n  "dependencies": {\n    "express": "^4.21.2"\n  }\n}\n';
const lock = (version: string) => JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { express: '^4.17.1' } }, 'node_modules/express': { version } } }, null, 2);

describe('language server: a manifest follows its lockfile on disk', () => {
  let root: string;
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lockfile-out-of-sync appears on open and goes when the lockfile is rewritten', async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-lock-')));
    fs.writeFileSync(path.join(root, 'package-lock.json'), lock('4.17.1'));
    const client = new FakeClient();
    const catalog = RuleCatalog.load();
    const server = new VigilServer(client, { createEngine: () => new Engine({ catalog }), debounceMs: 0 });
    server.initialize({ processId: null, rootUri: pathToFileURL(root).href, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    await server.initialized();

    const uri = pathToFileURL(path.join(root, 'package.json')).href;
    const opened = client.nextPublish(uri);
    server.didOpen({ textDocument: { uri, languageId: 'json', version: 1, text: MANIFEST } });
    const before = (await opened).diagnostics;
    assert.deepStrictEqual(before.map((d) => [d.code, d.range.start.line]), [['lockfile-out-of-sync', 3]]);
    assert.match(before[0].message as string, /package-lock\.json installs express 4\.17\.1, which \^4\.21\.2 does not allow/);

    fs.writeFileSync(path.join(root, 'package-lock.json'), lock('4.21.2'));
    const republished = client.nextPublish(uri);
    server.didChangeWatchedFiles({ changes: [{ uri: pathToFileURL(path.join(root, 'package-lock.json')).href, type: FileChangeType.Changed }] });
    assert.deepStrictEqual((await republished).diagnostics, []);
  });
});
