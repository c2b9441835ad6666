import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { JsonReport } from '../../server/src/cli/format/json';
import { readAnnotations, REPO_ROOT, RULE_FIXTURES } from '../helpers/fixtures';
import { removeProjects, runBuiltCli, SAFE_PY, SAFE_ROUTE_TS, tempProject, validateSarif, VULNERABLE_PY, VULNERABLE_ROUTE_TS } from './helpers';

// The bundled CLI (`node dist/cli.js`, built by `npm run build`) as a user runs it, over
// files on disk and the real engine.

const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

function json(run: { stdout: string }): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

describe('cli: the built vigil command', () => {
  after(removeProjects);

  describe('hard-coded secrets', () => {
    const STRIPE = 'sk_live_51HqLyjWDarjtT1zdp7dcXlyw0';
    const DB_URL = 'postgres://reports:Xq7pL2vR9mKt@db.internal:5432/reports';
    const files = {
      'shop/settings.py': `import os\n\nSTRIPE_KEY = "${STRIPE}"\nDEBUG_LEVEL = os.environ.get("LEVEL", "info")\n`,
      'web/lib/db.ts': `export const reportsUrl = '${DB_URL}';\nexport const region = 'eu-central-1';\n`,
    };
    for (const format of ['text', 'html', 'junit', 'json', 'sarif']) {
      it(`${format}: no code frame, message or excerpt prints the secret`, () => {
        const { stdout } = runBuiltCli(['scan', '--format', format], tempProject(files));
        assert.ok(stdout.includes('hardcoded-secret'), stdout);
        for (const secret of [STRIPE, DB_URL]) {
          for (let i = 0; i + 7 <= secret.length; i++) {
            const piece = secret.slice(i, i + 7);
            if (!/\d/.test(piece)) continue; // `sk_live`, `postgres://` are the kind of secret (the embedded rule docs name them), not this one
            assert.ok(!stdout.includes(piece), `${format} prints ${piece} of ${secret}`);
          }
        }
      });
    }
    it('text and HTML code frames show the line redacted, the flagged span still marked', () => {
      const text = runBuiltCli(['scan'], tempProject(files)).stdout;
      assert.ok(text.includes('3 | STRIPE_KEY = "sk…w0"\n      |              ^~~~~~~\n'), text);
      const html = runBuiltCli(['scan', '--format', 'html'], tempProject(files)).stdout;
      assert.ok(html.includes('<code>STRIPE_KEY = <mark>&quot;sk…w0&quot;</mark></code>'), html);
      // Lines without a secret are shown as written.
      assert.ok(html.includes('DEBUG_LEVEL = os.environ.get(&quot;LEVEL&quot;, &quot;info&quot;)'), html);
    });
  });

  it('--help prints the usage with the exit codes', () => {
    const run = runBuiltCli(['--help'], REPO_ROOT);
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^Usage: vigil scan \[paths\.\.\.\]/);
    assert.match(run.stdout, /--fail-on/);
    assert.match(run.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /);
  });

  it('a reader that leaves early (`vigil scan | head -1`) ends the scan quietly, without an EPIPE stack', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'scan', 'examples', '--fail-on', 'none'], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy(); // the reader is gone before the report is written
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
    assert.strictEqual(code, 0);
  });

  it('--version prints the package version, built into the bundle', () => {
    const run = runBuiltCli(['--version'], tempProject({}));
    assert.deepStrictEqual(run, { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('exits 2 for an unknown flag, a bad --format and a missing path', () => {
    const dir = tempProject({ 'a.py': SAFE_PY });
    for (const [argv, message] of [
      [['scan', '--bogus'], /Unknown option '--bogus'/],
      [['scan', '--format', 'xml'], /--format must be one of text, json, sarif/],
      [['scan', 'no/such/dir'], /no such file or folder: no\/such\/dir/],
    ] as const) {
      const run = runBuiltCli([...argv], dir);
      assert.strictEqual(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  it('exits 2 for a broken vigil.config.json, naming file:line:col', () => {
    const dir = tempProject({ 'src/a.py': SAFE_PY, 'vigil.config.json': '{\n  // strict in CI\n  "rules": {\n    "sql-injection": "error",\n    "no-such-rule": "off"\n  }\n}\n' });
    const run = runBuiltCli(['scan', 'src'], dir);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /^vigil\.config\.json:5:5: unknown rule "no-such-rule"/);
  });

  it('exits 0 on a clean project, and its SARIF validates', () => {
    const dir = tempProject({ 'api/orders.py': SAFE_PY, 'app/api/orders/route.ts': SAFE_ROUTE_TS, 'node_modules/bad/db.py': VULNERABLE_PY });
    const text = runBuiltCli(['scan'], dir);
    assert.strictEqual(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /^0 findings \(0 errors, 0 warnings\) in 0 files, scanned 2 files in \d+ ms\n$/);
    const sarif = runBuiltCli(['scan', '--format', 'sarif'], dir);
    assert.strictEqual(sarif.code, 0);
    assert.deepStrictEqual(validateSarif(JSON.parse(sarif.stdout)), []);
  });

  // Everything below needs the real Python and TypeScript analyzers (server/src/engine/python,
  // server/src/engine/typescript) to find the SQL injections.
  describe('with the real analyzers', () => {
    it('finds SQL injection in a FastAPI route and a Next.js route handler: exit 1, fixes on offer', () => {
      const dir = tempProject({ 'api/customers.py': VULNERABLE_PY, 'app/api/orders/route.ts': VULNERABLE_ROUTE_TS });
      const run = runBuiltCli(['scan'], dir);
      assert.strictEqual(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^api\/customers\.py:9:20 {2}error {2}sql-injection {2}SQL injection: /m);
      assert.match(run.stdout, /^app\/api\/orders\/route\.ts:8:\d+ {2}error {2}sql-injection {2}SQL injection: /m);
      assert.match(run.stdout, /^ {4}fix: Parameterize this query \(preferred\)$/m);
      assert.match(run.stdout, /^ {4}fix: Ignore sql-injection on this line \(with reason\)$/m);
      assert.match(run.stdout, /^ {4}path: .*`email`.*\(line 7\) → .*\(line 9\)$/m);
      assert.match(run.stdout, /OWASP A03:2021-Injection · OWASP A05:2025-Injection · CWE-89/);
      assert.match(run.stdout, /\n2 findings \(2 errors, 0 warnings\) in 2 files, scanned 2 files in \d+ ms\n$/);
      assert.strictEqual(runBuiltCli(['scan', '--fail-on', 'none'], dir).code, 0);
    });

    it('JSON: findings with location, OWASP/CWE, taint path and a preferred parameterize fix', () => {
      const dir = tempProject({ 'api/customers.py': VULNERABLE_PY });
      const report = json(runBuiltCli(['scan', '--format', 'json'], dir));
      assert.strictEqual(report.findings.length, 1);
      const [finding] = report.findings;
      assert.strictEqual(finding.path, 'api/customers.py');
      assert.strictEqual(finding.location.line, 9);
      assert.deepStrictEqual([finding.ruleId, finding.severity, finding.cwe, finding.owasp?.['2025']], ['sql-injection', 'error', [89], 'A05:2025-Injection']);
      assert.ok(finding.taintPath.length > 0 && finding.taintPath[0].location.line === 7, JSON.stringify(finding.taintPath));
      assert.ok(finding.fixes.some((f) => f.kind === 'rewrite' && f.isPreferred && f.title === 'Parameterize this query'), JSON.stringify(finding.fixes));
    });

    it('SARIF: validates, with results, code flows and fixes', () => {
      const dir = tempProject({ 'api/customers.py': VULNERABLE_PY, 'app/api/orders/route.ts': VULNERABLE_ROUTE_TS });
      const run = runBuiltCli(['scan', '--format', 'sarif', '--output', 'vigil.sarif'], dir);
      assert.strictEqual(run.code, 1);
      const log = JSON.parse(fs.readFileSync(path.join(dir, 'vigil.sarif'), 'utf8'));
      assert.deepStrictEqual(validateSarif(log), []);
      const results = log.runs[0].results;
      assert.deepStrictEqual(results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri), ['api/customers.py', 'app/api/orders/route.ts']);
      for (const result of results) {
        assert.strictEqual(result.ruleId, 'sql-injection');
        assert.ok(result.codeFlows[0].threadFlows[0].locations.length >= 2);
        assert.strictEqual(result.fixes[0].description.text, 'Parameterize this query');
      }
    });

    it('config: "off" in the nearest config removes findings below it; a severity override changes the exit code', () => {
      const dir = tempProject({ 'legacy/old.py': VULNERABLE_PY, 'legacy/vigil.config.json': '{ "rules": { "sql-injection": "off" } }', 'api/new.py': VULNERABLE_PY });
      assert.deepStrictEqual(json(runBuiltCli(['scan', '--format', 'json'], dir)).findings.map((f) => f.path), ['api/new.py']);
      fs.writeFileSync(path.join(dir, 'vigil.config.json'), '{ "rules": { "sql-injection": "warning" } }');
      const run = runBuiltCli(['scan', '--format', 'json'], dir);
      assert.strictEqual(run.code, 0);
      assert.deepStrictEqual(json(run).findings.map((f) => f.severity), ['warning']);
      assert.strictEqual(runBuiltCli(['scan', '--fail-on', 'warning'], dir).code, 1);
    });

    it('reports exactly the `expect: sql-injection` lines of the rule fixtures', () => {
      const dir = path.join(RULE_FIXTURES, 'sql-injection');
      const fixtureFiles = fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(py|tsx?|jsx?)$/.test(f)) : [];
      assert.ok(fixtureFiles.length > 0, 'test/fixtures/rules/sql-injection has no fixtures yet');
      const report = json(runBuiltCli(['scan', dir, '--format', 'json', '--fail-on', 'none'], REPO_ROOT));
      for (const file of fixtureFiles) {
        const relative = path.relative(REPO_ROOT, path.join(dir, file)).split(path.sep).join('/');
        const expected = readAnnotations(fs.readFileSync(path.join(dir, file), 'utf8'))
          .filter((a) => a.kind === 'expect' && a.ruleId === 'sql-injection')
          .map((a) => a.line + 1);
        const reported = report.findings.filter((f) => f.path === relative && f.ruleId === 'sql-injection').map((f) => f.location.line);
        assert.deepStrictEqual([...new Set(reported)], [...new Set(expected)], relative);
      }
    });

    it('`npm run example`: scanning examples/ prints a readable report and exits 0 with --fail-on none', () => {
      const run = runBuiltCli(['scan', 'examples', '--fail-on', 'none'], REPO_ROOT);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stdout, /^examples\/\S+:\d+:\d+ {2}error {2}sql-injection/m);
      assert.match(run.stdout, /fix: Parameterize this query \(preferred\)/);
      assert.match(run.stdout, /\n[1-9]\d* findings? \(.*\) in [1-9]\d* files?, scanned \d+ files? in \d+ ms\n$/);
    });
  });
});
