import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import { builtServerJs, LspProcess } from './lsp-process';
import { NEXT_ROUTE } from './samples';

// The TypeScript compiler's code cache (server/src/lsp/code-cache.ts) over real stdio: the
// first session compiles the compiler and writes the cache, the next loads it, a damaged one
// is rejected and rewritten, and the diagnostics are the same every time.
describe('code cache of the TypeScript compiler (dist/server.js)', function () {
  this.timeout(60_000);
  const serverJs = builtServerJs(REPO_ROOT);
  let directory: string;

  before(() => (directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-code-cache-'))));
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  async function session(expectLog: RegExp): Promise<string[]> {
    const { server } = await LspProcess.start(serverJs, { initializationOptions: { cacheDirectory: directory } });
    try {
      const published = await server.open(NEXT_ROUTE.uri, NEXT_ROUTE.languageId, NEXT_ROUTE.text);
      await server.logMessage(expectLog);
      return published.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
    } finally {
      await server.shutdown();
    }
  }

  const cacheFiles = () => fs.readdirSync(directory).filter((f) => f.endsWith('.code-cache'));

  it('writes the cache in the first session, loads it in the next, and rewrites a damaged one', async () => {
    const first = await session(/wrote the TypeScript compiler's code cache/);
    assert.ok(first.includes(`sql-injection@${NEXT_ROUTE.sinkLine}`), first.join(', '));
    assert.strictEqual(cacheFiles().length, 1);

    assert.deepStrictEqual(await session(/loaded the TypeScript compiler from the code cache/), first);

    const file = path.join(directory, cacheFiles()[0]);
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 7));
    assert.deepStrictEqual(await session(/wrote the TypeScript compiler's code cache/), first);
    assert.deepStrictEqual(cacheFiles(), [path.basename(file)], 'the rewritten cache replaces the damaged one');
    assert.notStrictEqual(fs.readFileSync(file)[0], 7);
  });
});
