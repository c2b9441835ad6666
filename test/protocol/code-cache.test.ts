import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import { builtServerJs, LspProcess } from './lsp-process';
import { NEXT_ROUTE } from './samples';

// The V8 code caches (server/src/workspace/code-cache.ts) over real stdio: the first session
// compiles the server's bundle and the TypeScript compiler and writes their caches, the next
// loads them, a damaged one is rejected and rewritten, and the diagnostics are the same every
// time. A client that names the cache directory only in the InitializationOptions gets the
// compiler's cache (the bundle is loaded before that message comes).
describe('code caches of the server and the TypeScript compiler (dist/server.js)', function () {
  this.timeout(60_000);
  const serverJs = builtServerJs(REPO_ROOT);
  let directory: string;

  beforeEach(() => (directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-code-cache-'))));
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  async function session(expectLogs: RegExp[], cacheDirectoryFlag = true): Promise<string[]> {
    const { server } = await LspProcess.start(serverJs, { initializationOptions: { cacheDirectory: directory }, cacheDirectoryFlag });
    try {
      const published = await server.open(NEXT_ROUTE.uri, NEXT_ROUTE.languageId, NEXT_ROUTE.text);
      for (const expected of expectLogs) await server.logMessage(expected);
      return published.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
    } finally {
      await server.shutdown();
    }
  }

  const cacheFiles = () => fs.readdirSync(directory).filter((f) => f.endsWith('.code-cache')).sort();
  const WROTE = [/wrote the server's code cache/, /wrote the TypeScript compiler's code cache/];
  const LOADED = [/loaded the server from the code cache/, /loaded the TypeScript compiler from the code cache/];

  it('writes both caches in the first session, loads them in the next, and rewrites a damaged one', async () => {
    const first = await session(WROTE);
    assert.ok(first.includes(`sql-injection@${NEXT_ROUTE.sinkLine}`), first.join(', '));
    const files = cacheFiles();
    assert.deepStrictEqual(files.map((f) => f.replace(/-[0-9a-f]{8}-[0-9a-f]{16}\.code-cache$/, '')), ['server-main', 'typescript']);

    assert.deepStrictEqual(await session(LOADED), first);

    for (const [i, file] of files.map((f) => path.join(directory, f)).entries()) {
      fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 7));
      assert.deepStrictEqual(await session([WROTE[i]]), first);
      assert.deepStrictEqual(cacheFiles(), files, 'the rewritten cache replaces the damaged one');
      assert.notStrictEqual(fs.readFileSync(file)[0], 7);
    }
  });

  it('caches the compiler when the directory comes only in the InitializationOptions', async () => {
    const first = await session([WROTE[1]], false);
    assert.deepStrictEqual(cacheFiles().map((f) => f.replace(/-[0-9a-f]{8}-[0-9a-f]{16}\.code-cache$/, '')), ['typescript']);
    assert.deepStrictEqual(await session([LOADED[1]], false), first);
  });
});
