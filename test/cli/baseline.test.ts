import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { JsonReport } from '../../server/src/cli/format/json';
import { removeProjects, runFakeCli, tempProject, VULNERABLE_PY } from './helpers';

// --baseline / --write-baseline over the fake analyzer (every `execute(f"...")` is a finding).

const SECOND_ROUTE = `

@router.get("/customers/by-name")
def find_by_name(name: str, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute(f"SELECT * FROM customers WHERE name = '{name}'")
    return cursor.fetchall()
`;

describe('cli: baselines', () => {
  after(removeProjects);

  for (const name of ['baseline.json', 'baseline.sarif']) {
    it(`${name}: known findings pass, even after lines are inserted above them; a new one fails`, async () => {
      const dir = tempProject({ 'api/customers.py': VULNERABLE_PY, 'api/orders.py': VULNERABLE_PY });
      const written = await runFakeCli(['scan', '--write-baseline', name, '--format', 'json'], dir);
      assert.strictEqual(written.code, 0, 'writing a baseline is not a failure');
      assert.strictEqual(written.stdout, `wrote 2 findings to the baseline ${name}\n`);

      const clean = await runFakeCli(['scan', '--baseline', name, '--format', 'json'], dir);
      assert.strictEqual(clean.code, 0, clean.stderr);
      const report = JSON.parse(clean.stdout) as JsonReport;
      assert.deepStrictEqual(report.findings, []);
      assert.strictEqual(report.summary.baselined, 2);

      // Move the known finding down 4 lines and add a new one below it.
      const file = path.join(dir, 'api/customers.py');
      fs.writeFileSync(file, `import logging\nimport os\n\nlog = logging.getLogger(__name__)\n${fs.readFileSync(file, 'utf8')}${SECOND_ROUTE}`);
      const next = await runFakeCli(['scan', '--baseline', name, '--format', 'json'], dir);
      assert.strictEqual(next.code, 1);
      const after = JSON.parse(next.stdout) as JsonReport;
      assert.deepStrictEqual(after.findings.map((f) => `${f.path}:${f.location.line}`), ['api/customers.py:20']);
      assert.strictEqual(after.summary.baselined, 2);
    });
  }

  it('a SARIF baseline leaves suppressed findings out: removing the suppression brings the finding back', async () => {
    const suppressed = VULNERABLE_PY.replace('    cursor.execute(', '    # vigil-ignore[sql-injection]: email is validated by the gateway\n    cursor.execute(');
    const dir = tempProject({ 'api/customers.py': suppressed });
    const written = await runFakeCli(['scan', '--write-baseline', 'baseline.sarif', '--format', 'json'], dir);
    assert.strictEqual(written.code, 0, written.stderr);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'baseline.sarif'), 'utf8')).runs[0].results[0].suppressions[0].status, 'accepted');
    fs.writeFileSync(path.join(dir, 'api/customers.py'), VULNERABLE_PY);
    const run = await runFakeCli(['scan', '--baseline', 'baseline.sarif', '--format', 'json'], dir);
    assert.strictEqual(run.code, 1);
    assert.strictEqual((JSON.parse(run.stdout) as JsonReport).findings.length, 1);
  });

  it('text output says how many findings the baseline hides', async () => {
    const dir = tempProject({ 'a.py': VULNERABLE_PY });
    await runFakeCli(['scan', '--write-baseline', 'b.json'], dir);
    const run = await runFakeCli(['scan', '--baseline', 'b.json'], dir);
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^0 findings \(0 errors, 0 warnings\) in 0 files, scanned 1 file in \d+ ms; 1 in the baseline\n$/);
  });

  it('exits 2 for a missing or foreign baseline file', async () => {
    const dir = tempProject({ 'a.py': VULNERABLE_PY, 'other.json': '{ "results": [] }' });
    for (const [file, message] of [['missing.sarif', /cannot read the baseline/], ['other.json', /is not a baseline/]] as const) {
      const run = await runFakeCli(['scan', '--baseline', file], dir);
      assert.strictEqual(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.strictEqual(run.stdout, '');
    }
  });
});
