import * as assert from 'assert';
import type { JsonReport } from '../../server/src/cli/format/json';
import { removeProjects, runFakeCli, tempProject, validateSarif, VULNERABLE_PY } from './helpers';

// A CI gate must not pass by mistake: a skipped file shows in every format, the size limit is
// the team's to set, and a scan that found nothing to scan is an error.

const BIG_PY = `${VULNERABLE_PY}# ${'x'.repeat(400)}\n`;

describe('cli: skipped files and empty scans', () => {
  after(removeProjects);

  it('--max-file-size skips a longer file, and every format shows it', async () => {
    const root = tempProject({ 'big.py': BIG_PY, 'app.py': VULNERABLE_PY });
    const limit = String(VULNERABLE_PY.length + 10);

    const json = JSON.parse((await runFakeCli(['scan', '--max-file-size', limit, '--format', 'json'], root)).stdout) as JsonReport;
    assert.deepStrictEqual(json.findings.map((f) => f.path), ['app.py']);
    assert.deepStrictEqual(json.notices.map((n) => [n.path, n.kind]), [['big.py', 'skipped']]);
    assert.match(json.notices[0].message, new RegExp(`over the size limit of ${limit} \\(maxFileSize\\)`));
    assert.strictEqual(json.summary.skippedFiles, 1);

    const text = await runFakeCli(['scan', '--max-file-size', limit], root);
    assert.match(text.stdout, /; 1 file skipped \(see the notices\)/);
    assert.match(text.stderr, /^big\.py: skipped: /m);

    const sarif = JSON.parse((await runFakeCli(['scan', '--max-file-size', limit, '--format', 'sarif'], root)).stdout);
    assert.deepStrictEqual(validateSarif(sarif), []);
    const [notification] = sarif.runs[0].invocations[0].toolExecutionNotifications;
    assert.strictEqual(notification.level, 'warning');
    assert.strictEqual(notification.locations[0].physicalLocation.artifactLocation.uri, 'big.py');

    const junit = (await runFakeCli(['scan', '--max-file-size', limit, '--format', 'junit'], root)).stdout;
    assert.match(junit, /<testsuite name="vigil: files skipped" tests="1" failures="0" errors="0" skipped="1">\n\s*<testcase name="analyze big.py" classname="big.py" file="big.py">\n\s*<skipped message="skipped: \d+ characters is over the size limit/);
    assert.match(junit, /<testsuites [^>]*skipped="1"/);

    const html = (await runFakeCli(['scan', '--max-file-size', limit, '--format', 'html'], root)).stdout;
    assert.match(html, /<span class="pill warning">1 file skipped<\/span>/);
    assert.match(html, /<section id="skipped"><h2>Files skipped<\/h2><ul><li><code>big.py<\/code>: skipped: /);
  });

  it("the config's maxFileSize applies, and --max-file-size overrides it", async () => {
    const root = tempProject({ 'big.py': BIG_PY, 'app.py': VULNERABLE_PY, 'vigil.config.json': `{ "maxFileSize": ${VULNERABLE_PY.length + 10} }` });
    const byConfig = JSON.parse((await runFakeCli(['scan', '--format', 'json'], root)).stdout) as JsonReport;
    assert.deepStrictEqual(byConfig.notices.map((n) => n.path), ['big.py']);
    const lifted = JSON.parse((await runFakeCli(['scan', '--format', 'json', '--max-file-size', '100000'], root)).stdout) as JsonReport;
    assert.deepStrictEqual(lifted.notices, []);
    assert.deepStrictEqual(lifted.findings.map((f) => f.path), ['app.py', 'big.py']);
  });

  it('--max-file-size takes a whole number of at least 1', async () => {
    const run = await runFakeCli(['scan', '--max-file-size', '1e6'], tempProject({ 'app.py': VULNERABLE_PY }));
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /--max-file-size must be a whole number/);
  });

  it('nothing to scan (an empty folder, a mistyped glob-free path, configs excluding all) exits 2 unless --allow-empty', async () => {
    const root = tempProject({ 'docs/README.md': '# docs\n', 'app/main.py': VULNERABLE_PY, 'vigil.config.json': '{ "exclude": ["app"] }' });
    for (const args of [['docs'], ['app']]) {
      const run = await runFakeCli(['scan', ...args], root);
      assert.strictEqual(run.code, 2, `${args}: ${run.stderr}`);
      assert.match(run.stderr, /^vigil: nothing to scan: no Python or TypeScript\/JavaScript file .* \(pass --allow-empty if that is expected\)$/m);
      assert.strictEqual(run.stdout, '');
      const allowed = await runFakeCli(['scan', ...args, '--allow-empty', '--format', 'json'], root);
      assert.strictEqual(allowed.code, 0, allowed.stderr);
      assert.strictEqual((JSON.parse(allowed.stdout) as JsonReport).summary.scannedFiles, 0);
    }
  });
});
