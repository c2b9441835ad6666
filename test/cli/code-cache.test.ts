import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliCodeCacheDirectory } from '../../server/src/cli/code-cache';
import { MIN_FILES_PER_WORKER } from '../../server/src/cli/parallel';
import { removeProjects, runBuiltCli, tempProject, VULNERABLE_ROUTE_TS } from './helpers';

// `vigil scan` keeps the TypeScript compiler's compiled code (workspace/code-cache.ts).
describe('cli: code cache', () => {
  after(removeProjects);

  it('lives in $VIGIL_CODE_CACHE_DIR, else $XDG_CACHE_HOME/vigil, else ~/.cache/vigil; set empty, none', () => {
    assert.strictEqual(cliCodeCacheDirectory({ VIGIL_CODE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), '/c');
    assert.strictEqual(cliCodeCacheDirectory({ VIGIL_CODE_CACHE_DIR: '' }), undefined);
    assert.strictEqual(cliCodeCacheDirectory({ XDG_CACHE_HOME: '/x' }), path.join('/x', 'vigil', 'code-cache'));
    assert.strictEqual(cliCodeCacheDirectory({}), path.join(os.homedir(), '.cache', 'vigil', 'code-cache'));
  });

  it('the built CLI writes the compiler cache on its first TS scan and gives the same report from it', () => {
    const dir = tempProject({ 'src/route.ts': VULNERABLE_ROUTE_TS });
    const cache = path.join(dir, '.cache-dir');
    const env = { VIGIL_CODE_CACHE_DIR: cache };
    const first = runBuiltCli(['scan', 'src', '--format', 'json', '--fail-on', 'none'], dir, env);
    const files = fs.readdirSync(cache).filter((f) => f.startsWith('typescript-') && f.endsWith('.code-cache'));
    assert.strictEqual(files.length, 1, first.stderr);
    const second = runBuiltCli(['scan', 'src', '--format', 'json', '--fail-on', 'none'], dir, env);
    const strip = (out: string) => ({ ...JSON.parse(out), summary: { ...JSON.parse(out).summary, durationMs: 0 } });
    assert.deepStrictEqual(strip(second.stdout), strip(first.stdout));
    assert.ok(JSON.parse(first.stdout).findings.length > 0);
  });

  it('worker threads (terminated, no exit handlers) write the compiler cache too', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2 * MIN_FILES_PER_WORKER; i++) files[`src/m${i}.ts`] = VULNERABLE_ROUTE_TS;
    const dir = tempProject(files);
    const cache = path.join(dir, '.cache-dir');
    const run = runBuiltCli(['scan', 'src', '--jobs', '2', '--format', 'json', '--fail-on', 'none'], dir, { VIGIL_CODE_CACHE_DIR: cache });
    assert.strictEqual(JSON.parse(run.stdout).summary.scannedFiles, 2 * MIN_FILES_PER_WORKER, run.stderr);
    assert.ok(fs.readdirSync(cache).some((f) => f.startsWith('typescript-') && f.endsWith('.code-cache')));
    assert.deepStrictEqual(fs.readdirSync(cache).filter((f) => f.endsWith('.partial')), []);
  });
});
