import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { Engine, RuleCatalog } from '../../server/src/engine';
import { VigilServer } from '../../server/src/lsp/server';
import { UNGUARDED } from '../helpers/modules';
import { FakeClient } from './fakes';

// Cross-module taint in the editor: a route (A) calls a helper of another module (B). B's
// unsaved text wins over the disk; editing B, saving it elsewhere or closing it re-analyzes A.

const HELPER = `from flask import request


def search_term():
    return request.args.get("q", "")
`;
const HELPER_FIXED = `from flask import request


def search_term():
    return "fixed"
`;
const ROUTE = `from flask import Flask

from app.helpers import search_term

app = Flask(__name__)


@app.route("/search")
def search(cursor):
    cursor.execute(f"SELECT id FROM products WHERE name = '{search_term()}'")
    return cursor.fetchall()
`;

let catalog: RuleCatalog | undefined;
const sqlLines = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'sql-injection').map((d) => d.range.start.line);

describe('cross-module taint in the server (in-process, real engine)', () => {
  let root: string;
  let client: FakeClient;
  let server: VigilServer;
  const uriOf = (relative: string) => pathToFileURL(path.join(root, relative)).href;
  const ROUTE_URI = () => uriOf('app/routes.py');
  const HELPER_URI = () => uriOf('app/helpers.py');

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-modules-')));
    fs.mkdirSync(path.join(root, 'app'));
    fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'app', 'helpers.py'), HELPER);
    client = new FakeClient();
    const engine = new Engine({ catalog: (catalog ??= RuleCatalog.load()) });
    server = new VigilServer(client, { createEngine: () => engine, debounceMs: 0, moduleLimits: UNGUARDED });
    server.initialize({ processId: null, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'shop' }], capabilities: { workspace: { configuration: true } } });
  });
  afterEach(() => {
    server.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function openRoute(): Promise<Diagnostic[]> {
    const published = client.nextPublish(ROUTE_URI(), 1);
    server.didOpen({ textDocument: { uri: ROUTE_URI(), languageId: 'python', version: 1, text: ROUTE } });
    return (await published).diagnostics;
  }

  it('finds request data returned by the imported helper, and the hover shows where it was read', async () => {
    assert.deepStrictEqual(sqlLines(await openRoute()), [9]);
    const hover = await server.hover({ textDocument: { uri: ROUTE_URI() }, position: { line: 9, character: 60 } });
    const text = JSON.stringify(hover);
    assert.ok(text.includes('returned by `search_term()` (app/helpers.py line 5 reads Flask request.args)'), text);
  });

  it('editing the open helper so it no longer returns request data clears the importer, and undoing brings it back', async () => {
    assert.deepStrictEqual(sqlLines(await openRoute()), [9]);
    server.didOpen({ textDocument: { uri: HELPER_URI(), languageId: 'python', version: 1, text: HELPER } });
    const line = 4;
    const cleared = client.nextPublish(ROUTE_URI(), 1);
    server.didChange({
      textDocument: { uri: HELPER_URI(), version: 2 },
      contentChanges: [{ range: { start: { line, character: 11 }, end: { line, character: 36 } }, text: '"fixed"' }],
    });
    assert.deepStrictEqual(sqlLines((await cleared).diagnostics), []);
    // Closed without saving: the disk's helper (still returning request data) counts again.
    const back = client.nextPublish(ROUTE_URI(), 1);
    server.didClose({ textDocument: { uri: HELPER_URI() } });
    assert.deepStrictEqual(sqlLines((await back).diagnostics), [9]);
  });

  it('a helper changed on disk (a save elsewhere, a checkout) re-analyzes the open importer', async () => {
    assert.deepStrictEqual(sqlLines(await openRoute()), [9]);
    fs.writeFileSync(path.join(root, 'app', 'helpers.py'), HELPER_FIXED);
    const cleared = client.nextPublish(ROUTE_URI(), 1);
    server.didChangeWatchedFiles({ changes: [{ uri: HELPER_URI(), type: FileChangeType.Changed }] });
    assert.deepStrictEqual(sqlLines((await cleared).diagnostics), []);
  });

  it('a helper created after the importer was opened is found once the watcher reports it', async () => {
    fs.rmSync(path.join(root, 'app', 'helpers.py'));
    assert.deepStrictEqual(sqlLines(await openRoute()), []);
    fs.writeFileSync(path.join(root, 'app', 'helpers.py'), HELPER);
    const found = client.nextPublish(ROUTE_URI(), 1);
    server.didChangeWatchedFiles({ changes: [{ uri: HELPER_URI(), type: FileChangeType.Created }] });
    // Nothing recorded the importer while the module was missing: a creation re-analyzes every open Python file.
    assert.deepStrictEqual(sqlLines((await found).diagnostics), [9]);
  });
});

const TS_HELPER = `import type { NextRequest } from 'next/server';

export function searchTerm(request: NextRequest) {
  return request.nextUrl.searchParams.get('q') ?? '';
}
`;
const TS_ROUTE = `import { NextResponse, type NextRequest } from 'next/server';
import { pool } from 'mysql2/promise';
import { searchTerm } from '@/lib/request';

export async function GET(request: NextRequest) {
  const [rows] = await pool.query(\`SELECT id FROM products WHERE name = '\${searchTerm(request)}'\`);
  return NextResponse.json(rows);
}
`;
const TSCONFIG = (alias: string) => JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': [alias] } } });

describe('cross-module taint in the server: TypeScript through tsconfig `paths`', () => {
  let root: string;
  let client: FakeClient;
  let server: VigilServer;
  const ROUTE_URI = () => pathToFileURL(path.join(root, 'app', 'api', 'search', 'route.ts')).href;
  const HELPER_URI = () => pathToFileURL(path.join(root, 'lib', 'request.ts')).href;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ts-modules-')));
    fs.mkdirSync(path.join(root, 'lib'));
    fs.mkdirSync(path.join(root, 'app', 'api', 'search'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tsconfig.json'), TSCONFIG('./*'));
    fs.writeFileSync(path.join(root, 'lib', 'request.ts'), TS_HELPER);
    client = new FakeClient();
    server = new VigilServer(client, { createEngine: () => new Engine({ catalog: (catalog ??= RuleCatalog.load()) }), debounceMs: 0, moduleLimits: UNGUARDED });
    server.initialize({ processId: null, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'web' }], capabilities: { workspace: { configuration: true } } });
  });
  afterEach(() => {
    server.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function openRoute(): Promise<Diagnostic[]> {
    const published = client.nextPublish(ROUTE_URI(), 1);
    server.didOpen({ textDocument: { uri: ROUTE_URI(), languageId: 'typescript', version: 1, text: TS_ROUTE } });
    return (await published).diagnostics;
  }

  it('finds request data a helper behind the `@/` alias reads from the request passed to it; the hover names the helper file', async () => {
    const diagnostics = await openRoute();
    assert.deepStrictEqual(sqlLines(diagnostics), [5]);
    const hover = JSON.stringify(await server.hover({ textDocument: { uri: ROUTE_URI() }, position: diagnostics.find((d) => d.code === 'sql-injection')!.range.start }));
    assert.ok(hover.includes('`searchTerm()` (lib/request.ts line 4'), hover);
  });

  it('editing the open helper clears the importer', async () => {
    assert.deepStrictEqual(sqlLines(await openRoute()), [5]);
    server.didOpen({ textDocument: { uri: HELPER_URI(), languageId: 'typescript', version: 1, text: TS_HELPER } });
    const cleared = client.nextPublish(ROUTE_URI(), 1);
    server.didChange({
      textDocument: { uri: HELPER_URI(), version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 9 }, end: { line: 3, character: 52 } }, text: "'fixed'" }],
    });
    assert.deepStrictEqual(sqlLines((await cleared).diagnostics), []);
  });

  it('a tsconfig whose alias no longer reaches the helper (changed on disk) re-resolves the import', async () => {
    assert.deepStrictEqual(sqlLines(await openRoute()), [5]);
    fs.writeFileSync(path.join(root, 'tsconfig.json'), TSCONFIG('./src/*'));
    const cleared = client.nextPublish(ROUTE_URI(), 1);
    server.didChangeWatchedFiles({ changes: [{ uri: pathToFileURL(path.join(root, 'tsconfig.json')).href, type: FileChangeType.Changed }] });
    assert.deepStrictEqual(sqlLines((await cleared).diagnostics), []);
  });
});
