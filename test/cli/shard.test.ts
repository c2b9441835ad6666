import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { JsonReport } from '../../server/src/cli/format/json';
import { shardFiles } from '../../server/src/cli/shard';
import { removeProjects, runFakeCli, tempProject, validateSarif, VULNERABLE_PY } from './helpers';

// --shard K/N for CI matrix jobs, and merge-sarif joining their logs into the unsharded one.

describe('cli: shards and merge-sarif', () => {
  after(removeProjects);

  it('shards partition any file list: every file in exactly one shard, sizes within one', () => {
    const files = Array.from({ length: 23 }, (_, i) => `f${i}`);
    for (const count of [1, 2, 3, 7, 23, 30]) {
      const shards = Array.from({ length: count }, (_, k) => shardFiles(files, { index: k + 1, count }));
      assert.deepStrictEqual(shards.flat().sort(), [...files].sort(), `${count} shards`);
      const sizes = shards.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${count} shards: ${sizes}`);
    }
  });

  /** Every Python file has a finding, so the findings name exactly the files a shard scanned. */
  function project(): string {
    const files: Record<string, string> = { 'zz/broken.py': '# CRASH\n', 'web/page.tsx': 'export default function Page() { return null; }\n' };
    for (let i = 0; i < 11; i++) files[`${['api', 'jobs', 'lib'][i % 3]}/m${i}.py`] = VULNERABLE_PY;
    return tempProject(files);
  }

  it('--shard K/N: every file scanned by exactly one shard', async () => {
    const dir = project();
    const all = JSON.parse((await runFakeCli(['scan', '--format', 'json'], dir)).stdout) as JsonReport;
    const seen: string[] = [];
    let scanned = 0;
    for (const k of [1, 2, 3]) {
      const report = JSON.parse((await runFakeCli(['scan', '--shard', `${k}/3`, '--format', 'json'], dir)).stdout) as JsonReport;
      seen.push(...report.findings.map((f) => f.path), ...report.notices.map((n) => n.path));
      scanned += report.summary.scannedFiles;
    }
    assert.strictEqual(scanned, all.summary.scannedFiles);
    assert.deepStrictEqual(seen.sort(), [...all.findings.map((f) => f.path), ...all.notices.map((n) => n.path)].sort());
    assert.strictEqual(new Set(seen).size, seen.length, 'no file in two shards');
  });

  it('merge-sarif of the shards is exactly the unsharded SARIF', async () => {
    const dir = project();
    const unsharded = await runFakeCli(['scan', '--format', 'sarif', '-o', 'all.sarif'], dir);
    assert.strictEqual(unsharded.code, 3, 'the broken file makes the scan incomplete');
    for (const k of [1, 2, 3, 4]) await runFakeCli(['scan', '--shard', `${k}/4`, '--format', 'sarif', '-o', `shard${k}.sarif`], dir);
    // Shards given in any order.
    const merged = await runFakeCli(['merge-sarif', 'merged.sarif', 'shard3.sarif', 'shard1.sarif', 'shard4.sarif', 'shard2.sarif'], dir);
    assert.deepStrictEqual(merged, { code: 0, stdout: '', stderr: '' });
    // The crash's stack differs only in the frames of this test's calls (async stack traces).
    const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8').replace(/(\\n {4}at [^\\]*)+/g, '');
    assert.strictEqual(read('merged.sarif'), read('all.sarif'));
    assert.deepStrictEqual(validateSarif(JSON.parse(fs.readFileSync(path.join(dir, 'merged.sarif'), 'utf8'))), []);
  });

  it('merge-sarif refuses logs that are not Vigil SARIF or come from another version', async () => {
    const dir = project();
    await runFakeCli(['scan', '--format', 'sarif', '-o', 'a.sarif'], dir);
    const other = JSON.parse(fs.readFileSync(path.join(dir, 'a.sarif'), 'utf8'));
    other.runs[0].tool.driver.version = '0.0.1';
    fs.writeFileSync(path.join(dir, 'old.sarif'), JSON.stringify(other));
    fs.writeFileSync(path.join(dir, 'report.json'), '{ "findings": [] }');
    for (const [input, message] of [['old.sarif', /another Vigil version/], ['report.json', /not a one-run SARIF 2\.1\.0 log/], ['nope.sarif', /cannot read/]] as const) {
      const run = await runFakeCli(['merge-sarif', 'out.sarif', 'a.sarif', input], dir);
      assert.strictEqual(run.code, 2, input);
      assert.match(run.stderr, message);
      assert.ok(!fs.existsSync(path.join(dir, 'out.sarif')));
    }
  });
});
