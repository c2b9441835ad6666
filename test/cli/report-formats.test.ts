import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { JsonReport } from '../../server/src/cli/format/json';
import { RuleCatalog } from '../../server/src/engine';
import { removeProjects, runFakeCli, SAFE_PY, tempProject, validateSarif, VULNERABLE_PY } from './helpers';

// In-process runs over an engine with a fake Python backend (helpers.ts): they test the CLI's
// own work (discovery, config, formats, exit codes) independently of the real analyzers.

const catalog = RuleCatalog.load();

function project(): string {
  return tempProject({
    'api/customers.py': VULNERABLE_PY,
    'api/orders.py': SAFE_PY,
    'web/page.tsx': 'export default function Page() { return null; }\n',
    'node_modules/lib/db.py': VULNERABLE_PY,
  });
}

describe('cli: scan over a fake analyzer', () => {
  after(removeProjects);

  describe('exit codes', () => {
    it('0 for a clean folder', async () => {
      const run = (await runFakeCli(['scan'], tempProject({ 'a.py': SAFE_PY })));
      assert.strictEqual(run.code, 0, run.stderr);
    });

    it('1 for a finding at or above --fail-on (default error), 0 below it or with none', async () => {
      const dir = project();
      assert.strictEqual((await runFakeCli(['scan'], dir)).code, 1);
      assert.strictEqual((await runFakeCli(['scan', '--fail-on', 'warning'], dir)).code, 1);
      assert.strictEqual((await runFakeCli(['scan', '--fail-on', 'none'], dir)).code, 0);
      fs.writeFileSync(path.join(dir, 'vigil.config.json'), '{ "rules": { "sql-injection": "warning" } }');
      assert.strictEqual((await runFakeCli(['scan'], dir)).code, 0, 'a warning does not fail --fail-on error');
      assert.strictEqual((await runFakeCli(['scan', '--fail-on', 'warning'], dir)).code, 1);
      assert.strictEqual((await runFakeCli(['scan', '--fail-on', 'info'], dir)).code, 1);
    });

    it('2 for usage errors, with a hint', async () => {
      const dir = project();
      for (const argv of [['scan', '--bogus'], ['scan', '--format', 'xml'], ['scan', 'missing/path']]) {
        const run = (await runFakeCli(argv, dir));
        assert.strictEqual(run.code, 2, argv.join(' '));
        assert.match(run.stderr, /^vigil: .*\nRun `vigil --help` for usage\.\n$/);
        assert.strictEqual(run.stdout, '');
      }
    });

    it('2 for a broken config, as file:line:col: message, before any output', async () => {
      const dir = project();
      fs.writeFileSync(path.join(dir, 'api', 'vigil.config.json'), '{\n  "rules": { "sql-injection": "loud" }\n}\n');
      const run = (await runFakeCli(['scan'], dir));
      assert.strictEqual(run.code, 2);
      assert.strictEqual(run.stdout, '');
      assert.strictEqual(run.stderr, 'api/vigil.config.json:2:31: "rules.sql-injection" must be one of "off", "error", "warning", "info", "hint"\n');
    });

    it('3 when a file cannot be analyzed: named on stderr, the other files still reported', async () => {
      const dir = tempProject({ 'a.py': VULNERABLE_PY, 'b.py': '# CRASH\n', 'c.py': VULNERABLE_PY });
      const run = (await runFakeCli(['scan', '--format', 'json'], dir));
      assert.strictEqual(run.code, 3);
      assert.match(run.stderr, /^b\.py: could not be analyzed: Error: fake parser crashed/);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepStrictEqual(report.findings.map((f) => f.path), ['a.py', 'c.py']);
      assert.deepStrictEqual(report.notices.map((n) => [n.path, n.kind]), [['b.py', 'internal-error']]);
      assert.strictEqual(report.summary.failedFiles, 1);
    });
  });

  describe('text', () => {
    it('groups findings by file with a code frame, the taint path, the fixes and OWASP/CWE', async () => {
      const run = (await runFakeCli(['scan'], project()));
      const expected = [
        'api/customers.py',
        `api/customers.py:9:20  error  sql-injection  SQL injection: FastAPI parameter \`email\` reaches \`cursor.execute\` through \`f"SELECT * FROM customers WHERE email = '{email}'"\`.`,
        `    9 |     cursor.execute(f"SELECT * FROM customers WHERE email = '{email}'")`,
        `      |                    ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~`,
        '    path: FastAPI parameter `email` (line 7) → `cursor.execute` (line 9)',
        '    fix: Parameterize this query (preferred)',
        '    fix: Ignore sql-injection on this line (with reason)',
        '    fix: Ignore sql-injection in this file',
        `    OWASP A03:2021-Injection · OWASP A05:2025-Injection · CWE-89 · ${catalog.get('sql-injection')!.docsFile}`,
        '',
      ].join('\n');
      assert.ok(run.stdout.startsWith(expected), run.stdout);
      assert.match(run.stdout, /\n1 finding \(1 error, 0 warnings\) in 1 file, scanned 3 files in \d+ ms\n$/);
      assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colours when stdout is not a terminal');
    });

    it('colours only on a terminal, and not with --no-color or NO_COLOR', async () => {
      const dir = project();
      assert.match((await runFakeCli(['scan'], dir, { isTTY: true })).stdout, /\u001b\[31merror\u001b\[39m/);
      assert.doesNotMatch((await runFakeCli(['scan', '--no-color'], dir, { isTTY: true })).stdout, /\u001b\[/);
      assert.doesNotMatch((await runFakeCli(['scan'], dir, { isTTY: true, env: { NO_COLOR: '1' } })).stdout, /\u001b\[/);
      assert.doesNotMatch((await runFakeCli(['scan', '--output', 'report.txt'], dir, { isTTY: true })).stdout, /\u001b\[/);
      assert.doesNotMatch(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), /\u001b\[/);
    });

    it('puts OWASP 2025 first when the config asks for that edition', async () => {
      const dir = project();
      fs.writeFileSync(path.join(dir, 'vigil.config.json'), '{ "owaspEdition": "2025" }');
      assert.match((await runFakeCli(['scan'], dir)).stdout, /OWASP A05:2025-Injection · OWASP A03:2021-Injection · CWE-89/);
    });

    it('--quiet prints findings only; skipped files are notices on stderr', async () => {
      const dir = tempProject({ 'a.py': VULNERABLE_PY, 'blob.py': 'x = 1\0\0\0\n' });
      const run = (await runFakeCli(['scan'], dir));
      assert.strictEqual(run.stderr, 'blob.py: skipped: the file looks binary (it contains NUL characters)\n');
      const quiet = (await runFakeCli(['scan', '--quiet'], dir));
      assert.strictEqual(quiet.stderr, '');
      assert.doesNotMatch(quiet.stdout, /scanned/);
      assert.match(quiet.stdout, /a\.py:9:20 {2}error {2}sql-injection/);
    });

    it('says so when there is nothing to report', async () => {
      const run = (await runFakeCli(['scan'], tempProject({ 'a.py': SAFE_PY })));
      assert.match(run.stdout, /^0 findings \(0 errors, 0 warnings\) in 0 files, scanned 1 file in \d+ ms\n$/);
    });
  });

  describe('json', () => {
    it('has the documented shape', async () => {
      const run = (await runFakeCli(['scan', '--format', 'json', '--fail-on', 'none'], project()));
      assert.strictEqual(run.code, 0);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepStrictEqual(Object.keys(report), ['version', 'findings', 'notices', 'summary']);
      assert.strictEqual(report.version, require('../../../package.json').version);
      assert.strictEqual(report.findings.length, 1);
      const finding = report.findings[0];
      const range = { start: { line: 8, character: 19 }, end: { line: 8, character: 69 } };
      assert.deepStrictEqual(finding, {
        ruleId: 'sql-injection',
        severity: 'error',
        confidence: 'high',
        message: finding.message,
        path: 'api/customers.py',
        range,
        location: { line: 9, column: 20, endLine: 9, endColumn: 70 },
        owasp: { '2021': 'A03:2021-Injection', '2025': 'A05:2025-Injection' },
        owaspCategory: 'A03:2021-Injection',
        cwe: [89],
        docsUrl: 'rules/sql-injection/README.md',
        fingerprint: finding.fingerprint,
        sink: 'cursor.execute',
        taintPath: [{ label: 'FastAPI parameter `email`', range: { start: { line: 6, character: 0 }, end: { line: 6, character: 3 } }, location: { line: 7, column: 1, endLine: 7, endColumn: 4 } }],
        fixes: [
          { title: 'Parameterize this query', kind: 'rewrite', isPreferred: true, edits: [{ range, newText: '"SELECT * FROM customers WHERE email = %s", (email,)' }] },
          { title: 'Ignore sql-injection on this line (with reason)', kind: 'ignore-line', isPreferred: false, edits: finding.fixes[1].edits },
          { title: 'Ignore sql-injection in this file', kind: 'ignore-file', isPreferred: false, edits: finding.fixes[2].edits },
        ],
      });
      assert.match(finding.fingerprint, /^[0-9a-f]{32}$/);
      assert.deepStrictEqual(report.notices, []);
      assert.deepStrictEqual({ ...report.summary, durationMs: 0 }, {
        findings: 1,
        bySeverity: { error: 1, warning: 0, info: 0, hint: 0 },
        filesWithFindings: 1,
        scannedFiles: 3,
        failedFiles: 0,
        skippedFiles: 0,
        durationMs: 0,
      });
    });

    it('--output writes the report to a file and nothing to stdout', async () => {
      const dir = project();
      const run = (await runFakeCli(['scan', '--format', 'json', '-o', 'vigil.json'], dir));
      assert.strictEqual(run.code, 1);
      assert.strictEqual(run.stdout, '');
      assert.strictEqual((JSON.parse(fs.readFileSync(path.join(dir, 'vigil.json'), 'utf8')) as JsonReport).findings.length, 1);
    });
  });

  describe('sarif', () => {
    async function sarif(dir: string, args: string[] = []) {
      const run = (await runFakeCli(['scan', '--format', 'sarif', ...args], dir));
      return { run, log: JSON.parse(run.stdout) };
    }

    it('validates against the SARIF 2.1.0 schema', async () => {
      const { log } = await sarif(tempProject({ 'a.py': VULNERABLE_PY, 'b.py': 'x\0' }));
      assert.deepStrictEqual(validateSarif(log), []);
      assert.strictEqual(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.strictEqual(log.version, '2.1.0');
      assert.strictEqual(log.runs.length, 1);
    });

    it('describes every rule of the catalog with docs, OWASP/CWE tags and a security severity', async () => {
      const { log } = await sarif(project());
      const driver = log.runs[0].tool.driver;
      assert.strictEqual(driver.name, 'Vigil');
      assert.strictEqual(driver.informationUri, undefined, 'no address the project does not publish');
      assert.deepStrictEqual(driver.rules.map((r: { id: string }) => r.id), [...catalog.rules.keys()]);
      const rule = driver.rules.find((r: { id: string }) => r.id === 'sql-injection');
      const docs = catalog.get('sql-injection')!.docs;
      assert.deepStrictEqual(rule, {
        id: 'sql-injection',
        name: 'SqlInjection',
        shortDescription: { text: 'SQL injection' },
        fullDescription: { text: catalog.get('sql-injection')!.meta.summary },
        help: { text: docs, markdown: docs },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security', 'injection', 'sql', 'OWASP-A03:2021', 'OWASP-A05:2025', 'CWE-89', 'external/cwe/cwe-089'], 'security-severity': '8.0', precision: 'high' },
      });
    });

    it('links the rules where the config\'s docsBaseUrl says the team publishes them (JSON, SARIF, text)', async () => {
      const files = { 'api/customers.py': VULNERABLE_PY, 'vigil.config.json': '{ "docsBaseUrl": "https://wiki.acme.example/vigil/{rule}.html" }' };
      const { log } = await sarif(tempProject(files));
      const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'sql-injection');
      assert.strictEqual(rule.helpUri, 'https://wiki.acme.example/vigil/sql-injection.html');
      assert.strictEqual(rule.help.markdown, catalog.get('sql-injection')!.docs, 'the docs stay embedded');
      const json = JSON.parse((await runFakeCli(['scan', '--format', 'json'], tempProject(files))).stdout);
      assert.strictEqual(json.findings[0].docsUrl, 'https://wiki.acme.example/vigil/sql-injection.html');
      const shipped = JSON.parse((await runFakeCli(['scan', '--format', 'json'], tempProject({ 'api/customers.py': VULNERABLE_PY }))).stdout);
      assert.strictEqual(shipped.findings[0].docsUrl, 'rules/sql-injection/README.md', 'without docsBaseUrl: the docs shipped in the package');
      assert.strictEqual(path.relative(path.dirname(path.dirname(path.dirname(catalog.get('sql-injection')!.docsFile))), catalog.get('sql-injection')!.docsFile).split(path.sep).join('/'), shipped.findings[0].docsUrl);
      assert.ok((await runFakeCli(['scan'], tempProject(files))).stdout.includes('CWE-89 · https://wiki.acme.example/vigil/sql-injection.html'));
    });

    it('reports results with locations, the taint path, a fingerprint and the rewrite fix', async () => {
      const { log } = await sarif(project());
      const run = log.runs[0];
      assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'), true);
      assert.strictEqual(run.results.length, 1);
      const result = run.results[0];
      const artifactLocation = { uri: 'api/customers.py', uriBaseId: '%SRCROOT%' };
      const region = { startLine: 9, startColumn: 20, endLine: 9, endColumn: 70 };
      assert.strictEqual(result.ruleId, 'sql-injection');
      assert.strictEqual(run.tool.driver.rules[result.ruleIndex].id, 'sql-injection');
      assert.strictEqual(result.level, 'error');
      assert.deepStrictEqual(result.locations, [{ physicalLocation: { artifactLocation, region } }]);
      const source = { physicalLocation: { artifactLocation, region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 4 } }, message: { text: 'FastAPI parameter `email`' } };
      assert.deepStrictEqual(result.relatedLocations, [{ id: 0, ...source }]);
      assert.deepStrictEqual(result.codeFlows[0].threadFlows[0].locations, [
        { location: source },
        { location: { physicalLocation: { artifactLocation, region }, message: { text: '`cursor.execute`' } } },
      ]);
      assert.deepStrictEqual(result.fixes, [
        {
          description: { text: 'Parameterize this query' },
          artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: region, insertedContent: { text: '"SELECT * FROM customers WHERE email = %s", (email,)' } }] }],
        },
      ]);
      assert.match(result.partialFingerprints['vigilFindingHash/v2'], /^[0-9a-f]{32}$/);
      assert.deepStrictEqual(run.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    });

    const fingerprints = async (dir: string): Promise<string[]> =>
      (await sarif(dir)).log.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['vigilFindingHash/v2']);

    it('fingerprints ignore line numbers and re-indentation but tell repeats apart', async () => {
      const line = `    cursor.execute(f"SELECT * FROM t WHERE a = '{a}'")\n`;
      const dir = tempProject({ 'a.py': `def f(a):\n${line}${line}` });
      const before = (await fingerprints(dir));
      fs.writeFileSync(path.join(dir, 'a.py'), `import os\n\n\ndef f(a):\n    if a:\n    ${line}    ${line}`);
      assert.strictEqual(before.length, 2);
      assert.notStrictEqual(before[0], before[1]);
      assert.deepStrictEqual((await fingerprints(dir)), before);
    });

    it('fingerprints tell the same code in different functions and files apart', async () => {
      const line = `    cursor.execute(f"SELECT * FROM t WHERE a = '{a}'")\n`;
      const dir = tempProject({ 'a.py': `def f(a):\n${line}\ndef g(a):\n${line}`, 'b.py': `def f(a):\n${line}` });
      const [f, g, other] = (await fingerprints(dir));
      assert.strictEqual(new Set([f, g, other]).size, 3);
      fs.writeFileSync(path.join(dir, 'a.py'), `def g(a):\n${line}\ndef f(a):\n${line}`);
      assert.deepStrictEqual((await fingerprints(dir)), [g, f, other], 'swapping the functions swaps the fingerprints');
    });

    it('JSON findings carry the same fingerprint as SARIF', async () => {
      const dir = project();
      const json = JSON.parse((await runFakeCli(['scan', '--format', 'json'], dir)).stdout) as JsonReport;
      assert.deepStrictEqual(json.findings.map((f) => f.fingerprint), (await fingerprints(dir)));
    });

    it('lists skipped and failed files as tool execution notifications', async () => {
      const { run, log } = await sarif(tempProject({ 'a.py': '# CRASH\n', 'b.py': 'x\0' }));
      assert.strictEqual(run.code, 3);
      assert.deepStrictEqual(validateSarif(log), []);
      const invocation = log.runs[0].invocations[0];
      assert.strictEqual(invocation.executionSuccessful, false);
      assert.deepStrictEqual(
        invocation.toolExecutionNotifications.map((n: { level: string; descriptor: { id: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
          n.locations[0].physicalLocation.artifactLocation.uri,
          n.level,
          n.descriptor.id,
        ]),
        [
          ['a.py', 'error', 'internal-error'],
          ['b.py', 'warning', 'skipped'],
        ],
      );
    });
  });

  describe('config', () => {
    it('a rule set to "off" in the nearest config removes its findings there only', async () => {
      const dir = tempProject({ 'legacy/old.py': VULNERABLE_PY, 'legacy/vigil.config.json': '{ "rules": { "sql-injection": "off" } }', 'app/new.py': VULNERABLE_PY });
      const report = JSON.parse((await runFakeCli(['scan', '--format', 'json'], dir)).stdout) as JsonReport;
      assert.deepStrictEqual(report.findings.map((f) => f.path), ['app/new.py']);
    });

    it('a severity override changes the reported severity and the exit code', async () => {
      const dir = tempProject({ 'a.py': VULNERABLE_PY, 'vigil.config.json': '{ "rules": { "sql-injection": { "severity": "info" } } }' });
      const run = (await runFakeCli(['scan', '--format', 'json'], dir));
      assert.strictEqual(run.code, 0);
      assert.deepStrictEqual((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.severity), ['info']);
      assert.strictEqual((await runFakeCli(['scan', '--fail-on', 'info'], dir)).code, 1);
    });

    it('--config replaces the discovered configs', async () => {
      const dir = tempProject({ 'a.py': VULNERABLE_PY, 'vigil.config.json': '{ "rules": { "sql-injection": "off" } }', 'ci.json': '{}' });
      assert.strictEqual((await runFakeCli(['scan'], dir)).code, 0);
      assert.strictEqual((await runFakeCli(['scan', '--config', 'ci.json'], dir)).code, 1);
      const missing = (await runFakeCli(['scan', '--config', 'nope.json'], dir));
      assert.strictEqual(missing.code, 2);
      assert.strictEqual(missing.stderr, 'nope.json:1:1: config file not found\n');
    });

    it('exclude globs drop files from the scan', async () => {
      const dir = tempProject({ 'src/a.py': VULNERABLE_PY, 'src/generated/b.py': VULNERABLE_PY, 'vigil.config.json': '{ "exclude": ["src/generated"] }' });
      const report = JSON.parse((await runFakeCli(['scan', '--format', 'json'], dir)).stdout) as JsonReport;
      assert.deepStrictEqual(report.findings.map((f) => f.path), ['src/a.py']);
      assert.strictEqual(report.summary.scannedFiles, 1);
    });
  });

  it('output is deterministic: files in path order, findings by position, paths relative to the working folder', async () => {
    const dir = tempProject({
      'z.py': VULNERABLE_PY,
      'a/b.py': VULNERABLE_PY + VULNERABLE_PY,
      'A.py': VULNERABLE_PY,
      'a-b.py': VULNERABLE_PY,
    });
    const runs: JsonReport[] = [];
    for (let i = 0; i < 2; i++) runs.push(JSON.parse((await runFakeCli(['scan', '--format', 'json'], dir)).stdout) as JsonReport);
    const strip = (r: JsonReport) => ({ ...r, summary: { ...r.summary, durationMs: 0 } });
    assert.deepStrictEqual(strip(runs[0]), strip(runs[1]));
    assert.deepStrictEqual(runs[0].findings.map((f) => `${f.path}:${f.location.line}`), ['A.py:9', 'a-b.py:9', 'a/b.py:9', 'a/b.py:19', 'z.py:9']);
    const fromSub = JSON.parse((await runFakeCli(['scan', '..', '--format', 'json'], path.join(dir, 'a'))).stdout) as JsonReport;
    assert.deepStrictEqual(fromSub.findings.map((f) => f.path), ['../A.py', '../a-b.py', 'b.py', 'b.py', '../z.py']);
  });
});
