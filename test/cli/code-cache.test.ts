import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliCodeCacheDirectory } from '../../server/src/cli/code-cache';
import { MIN_FILES_PER_WORKER } from '../../server/src/cli/parallel';
import { REPO_ROOT } from '../helpers/fixtures';
import { BUILT_CLI, removeProjects, runBuiltCli, tempProject, VULNERABLE_ROUTE_TS } from './helpers';

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

  it('two installs sharing the cache folder (a global vigil and a project\'s) keep a cache each', () => {
    const dir = tempProject({ 'src/route.ts': VULNERABLE_ROUTE_TS });
    const cache = path.join(dir, '.cache-dir');
    // Another install: the CLI's bundles copied to another folder, the rest of dist and the rules linked.
    const dist = path.dirname(BUILT_CLI);
    const other = path.join(dir, '.other-install');
    fs.mkdirSync(path.join(other, 'dist'), { recursive: true });
    for (const entry of fs.readdirSync(dist)) {
      const [from, to] = [path.join(dist, entry), path.join(other, 'dist', entry)];
      if (entry === 'cli.js' || entry === 'cli-main.js') fs.copyFileSync(from, to);
      else fs.symlinkSync(from, to);
    }
    for (const entry of ['rules', 'package.json']) fs.symlinkSync(path.join(REPO_ROOT, entry), path.join(other, entry));
    const scan = (cli: string) => JSON.parse(runBuiltCli(['scan', 'src', '--format', 'json', '--fail-on', 'none'], dir, { VIGIL_CODE_CACHE_DIR: cache }, cli).stdout) as { findings: unknown[] };
    const bundleCaches = () => fs.readdirSync(cache).filter((f) => f.startsWith('cli-main-') && f.endsWith('.code-cache')).sort();

    const first = scan(BUILT_CLI);
    const [own] = bundleCaches();
    assert.ok(own, fs.readdirSync(cache).join(', '));
    assert.deepStrictEqual(scan(path.join(other, 'dist', 'cli.js')).findings, first.findings);
    assert.strictEqual(bundleCaches().length, 2, 'the other install wrote its own cache and left this one');
    // A cache is written beside and renamed into place: a rewritten one is another file.
    const written = fs.statSync(path.join(cache, own)).ino;
    assert.deepStrictEqual(scan(BUILT_CLI).findings, first.findings);
    assert.strictEqual(fs.statSync(path.join(cache, own)).ino, written, 'this install loaded its cache rather than compiling and writing it again');
    assert.strictEqual(bundleCaches().length, 2);
  });

  it('of the caches other install folders left, the two most recently used stay (an upgrade installs elsewhere)', () => {
    const dir = tempProject({ 'src/app.py': 'import os\n' });
    const cache = path.join(dir, '.cache-dir');
    fs.mkdirSync(cache);
    // Three other installs' bundle caches (one named as before the folder was part of the name), used a day, an hour and a minute ago.
    const others = ['cli-main-0123456789abcdef.code-cache', 'cli-main-aaaaaaaa-0123456789abcdef.code-cache', 'cli-main-bbbbbbbb-0123456789abcdef.code-cache'];
    const ago = [24 * 3600, 3600, 60];
    others.forEach((name, i) => {
      const file = path.join(cache, name);
      fs.writeFileSync(file, 'a cache of another install');
      const then = new Date(Date.now() - ago[i] * 1000);
      fs.utimesSync(file, then, then);
    });
    fs.writeFileSync(path.join(cache, 'typescript-cccccccc-0123456789abcdef.code-cache'), 'the compiler: another module');
    runBuiltCli(['scan', 'src', '--format', 'json', '--fail-on', 'none'], dir, { VIGIL_CODE_CACHE_DIR: cache });
    const left = fs.readdirSync(cache).sort();
    const own = left.filter((f) => f.startsWith('cli-main-') && !others.includes(f));
    assert.strictEqual(own.length, 1, left.join(', '));
    assert.deepStrictEqual(left.filter((f) => others.includes(f)), others.slice(1), 'the least recently used one went');
    assert.ok(left.includes('typescript-cccccccc-0123456789abcdef.code-cache'), 'another module\'s cache is not counted');
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
