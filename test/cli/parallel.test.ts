import * as assert from 'assert';
import type { JsonReport } from '../../server/src/cli/format/json';
import { runCli } from '../../server/src/cli/cli';
import { BYTES_PER_EXTRA_THREAD, MIN_FILES_PER_WORKER, threadsForSize } from '../../server/src/cli/parallel';
import { createEngine } from './fake-engine';
import { removeProjects, runBuiltCli, runFakeCli, SAFE_PY, tempProject, VULNERABLE_PY, VULNERABLE_ROUTE_TS } from './helpers';

// Worker threads: with enough files and --jobs > 1 each thread analyzes with its own engine;
// the report must not depend on how many there are or which finished first.

/** Enough files for two threads: findings in every third one, spread over folders. */
function bigProject(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2 * MIN_FILES_PER_WORKER + 6; i++) files[`pkg${i % 4}/mod_${i}.py`] = i % 3 === 0 ? VULNERABLE_PY : SAFE_PY;
  return tempProject({ ...files, ...extra });
}

function strip(report: JsonReport): JsonReport {
  return { ...report, summary: { ...report.summary, durationMs: 0 } };
}

describe('cli: parallel scan', () => {
  after(removeProjects);

  it('--jobs 2 gives byte-for-byte the report of --jobs 1 (files in path order)', async () => {
    const dir = bigProject();
    const one = await runFakeCli(['scan', '--jobs', '1', '--format', 'json'], dir);
    const two = await runFakeCli(['scan', '--jobs', '2', '--format', 'json'], dir);
    assert.strictEqual(two.code, 1, two.stderr);
    assert.deepStrictEqual(strip(JSON.parse(two.stdout)), strip(JSON.parse(one.stdout)));
    assert.strictEqual((JSON.parse(two.stdout) as JsonReport).findings.length, 13);
    const sarif = (jobs: string) => runFakeCli(['scan', '--jobs', jobs, '--format', 'sarif'], dir);
    assert.strictEqual((await sarif('2')).stdout, (await sarif('1')).stdout);
  });

  it('worker threads report suppressed findings (comments and config waivers) as the main thread does', async () => {
    const suppressed = VULNERABLE_PY.replace('    cursor.execute(', '    # vigil-ignore[sql-injection]: email is validated by the gateway\n    cursor.execute(');
    const waiver = { waivers: [{ rule: 'sql-injection', paths: ['pkg0'], reason: 'generated code' }] };
    const dir = bigProject({ 'pkg1/suppressed.py': suppressed, 'vigil.config.json': JSON.stringify(waiver) });
    const sarif = async (jobs: string) => (await runFakeCli(['scan', '--jobs', jobs, '--format', 'sarif', '--fail-on', 'none'], dir)).stdout;
    const two = await sarif('2');
    assert.strictEqual(two, await sarif('1'));
    const results = JSON.parse(two).runs[0].results as { suppressions?: { kind: string }[] }[];
    assert.deepStrictEqual([results.filter((r) => r.suppressions?.[0].kind === 'inSource').length, results.filter((r) => r.suppressions?.[0].kind === 'external').length], [1, 4]);
  });

  it('a file that throws in a worker: exit 3 naming it, every other file reported', async () => {
    const dir = bigProject({ 'pkg1/broken.py': '# CRASH\n' });
    const run = await runFakeCli(['scan', '--jobs', '2', '--format', 'json'], dir);
    assert.strictEqual(run.code, 3);
    assert.match(run.stderr, /^pkg1\/broken\.py: could not be analyzed: Error: fake parser crashed/m);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.strictEqual(report.findings.length, 13);
    assert.strictEqual(report.summary.failedFiles, 1);
  });

  it('a worker thread that dies fails only the file it was on; a new thread scans the rest', async () => {
    const dir = bigProject({ 'pkg2/native_crash.py': '# KILL_THREAD\n' });
    const run = await runFakeCli(['scan', '--jobs', '2', '--format', 'json'], dir);
    assert.strictEqual(run.code, 3);
    assert.match(run.stderr, /^pkg2\/native_crash\.py: could not be analyzed: the analyzer thread stopped: exit code 70$/m);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.strictEqual(report.findings.length, 13, 'every other file was still analyzed');
    assert.strictEqual(report.summary.scannedFiles, 2 * MIN_FILES_PER_WORKER + 7);
  });

  it('threads that cannot start: every file fails with the reason, exit 3, no endless restarts', async () => {
    const dir = bigProject({ FAIL_WORKER_START: '' });
    const run = await runFakeCli(['scan', '--jobs', '2', '--format', 'json'], dir);
    assert.strictEqual(run.code, 3);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.strictEqual(report.notices.length, 2 * MIN_FILES_PER_WORKER + 6);
    for (const notice of report.notices) assert.match(notice.message, /^could not be analyzed: the analyzer thread stopped: Error: fake engine cannot load/);
  });

  it('an injected createEngine (no module for the threads) analyzes in the main thread only', async () => {
    // KILL_THREAD only ends a worker thread: in the main thread the file is analyzed like any other.
    const dir = bigProject({ 'pkg2/native_crash.py': '# KILL_THREAD\n' });
    let stdout = '';
    const code = await runCli(['scan', '--jobs', '2', '--format', 'json'], { cwd: dir, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, createEngine });
    assert.strictEqual(code, 1);
    assert.deepStrictEqual((JSON.parse(stdout) as JsonReport).notices, []);
  });

  it('the built CLI loads tree-sitter and TypeScript in its worker threads (dist/cli-worker.js)', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2 * MIN_FILES_PER_WORKER; i++) {
      files[`api/r${i}.py`] = i % 2 === 0 ? VULNERABLE_PY : SAFE_PY;
      files[`app/r${i}/route.ts`] = VULNERABLE_ROUTE_TS;
    }
    const dir = tempProject(files);
    const one = runBuiltCli(['scan', '--jobs', '1', '--format', 'json'], dir);
    const two = runBuiltCli(['scan', '--jobs', '2', '--format', 'json'], dir);
    assert.strictEqual(two.code, 1, two.stderr);
    const report = strip(JSON.parse(two.stdout));
    assert.deepStrictEqual(report.notices, []);
    assert.strictEqual(report.findings.length, 3 * MIN_FILES_PER_WORKER);
    assert.deepStrictEqual(report, strip(JSON.parse(one.stdout)));
  });
});

describe('cli: default thread count from the size of the files', () => {
  const ts = (bytes: number) => ({ path: 'src/a.ts', bytes });
  const py = (bytes: number) => ({ path: 'app/a.py', bytes });
  const step = BYTES_PER_EXTRA_THREAD;

  it('one thread below the threshold, one more per threshold of weighted bytes, never above the cores', () => {
    assert.strictEqual(threadsForSize([], 8), 1);
    assert.strictEqual(threadsForSize([ts(step - 1)], 8), 1);
    assert.strictEqual(threadsForSize([ts(step / 2), ts(step / 2)], 8), 2);
    assert.strictEqual(threadsForSize([ts(3 * step)], 8), 4);
    assert.strictEqual(threadsForSize([ts(100 * step)], 2), 2);
    assert.strictEqual(threadsForSize([ts(100 * step)], 1), 1);
  });

  it('a Python byte counts as a TS/JS byte does', () => {
    assert.strictEqual(threadsForSize([py(step)], 8), 2);
    assert.strictEqual(threadsForSize([py(step / 2), ts(step / 2)], 8), 2);
  });

  it('the peers benchmark trees take one thread on 2 cores: dispatch (2.45 MB Python), polar (6.45 MB Python), outline shared (1.50 MB TS), medusa modules (3.00 MB TS)', () => {
    assert.strictEqual(threadsForSize([py(2_452_156)], 2), 1);
    assert.strictEqual(threadsForSize([py(6_450_775)], 2), 1);
    assert.strictEqual(threadsForSize([ts(1_502_836)], 2), 1);
    assert.strictEqual(threadsForSize([ts(3_004_025)], 2), 1);
  });
});
