import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/cli';
import type { JsonReport } from '../../server/src/cli/format/json';
import { TEAM_ROUTES_PY as ACME_ROUTES_PY, TEAM_ROUTES_TS as ACME_ROUTES_TS } from '../helpers/config';
import { REPO_ROOT } from '../helpers/fixtures';
import { removeProjects, runBuiltCli, tempProject, VULNERABLE_PY, type CliRun } from './helpers';

// A team config in CI: the CLI resolves it exactly as the editor does (extends, npm package,
// package.json / pyproject.toml, custom sinks and sanitizers), `--no-config` ignores it, and
// every config error exits 2 naming file:line:col.
const ACME_PACKAGE = path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'acme-vigil-config');

/** The CLI in this process over the real engine. */
async function runRealCli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

/** A project that installed @acme/vigil-config (the fixture package) and extends it. */
function acmeProject(extra: Record<string, string> = {}): string {
  const root = tempProject({
    'vigil.config.json': '{ "extends": ["@acme/vigil-config"] }',
    'api/routes.py': ACME_ROUTES_PY,
    'web/server.ts': ACME_ROUTES_TS,
    'api/migrations/0001.py': VULNERABLE_PY,
    ...extra,
  });
  fs.cpSync(ACME_PACKAGE, path.join(root, 'node_modules', '@acme', 'vigil-config'), { recursive: true });
  return root;
}

const findings = (run: CliRun) =>
  (JSON.parse(run.stdout) as JsonReport).findings.map((f) => `${f.path}:${f.location.line} ${f.ruleId} ${f.owaspCategory?.split('-')[0]}`).sort();

describe('cli: team configs', () => {
  after(removeProjects);

  it("applies the package's custom sink, sanitizer, exclude and OWASP edition in both languages", async () => {
    const run = (await runRealCli(['scan', '--format', 'json'], acmeProject()));
    assert.strictEqual(run.code, 1, run.stderr);
    assert.deepStrictEqual(findings(run), ['api/routes.py:12 sql-injection A05:2025', 'web/server.ts:6 sql-injection A05:2025']);
  });

  it('--no-config ignores every config: the built-in sinks and sanitizers only, nothing excluded', async () => {
    const run = (await runRealCli(['scan', '--format', 'json', '--no-config'], acmeProject()));
    assert.deepStrictEqual(findings(run), [
      'api/migrations/0001.py:9 sql-injection A03:2021',
      'api/routes.py:17 sql-injection A03:2021',
      'web/server.ts:7 sql-injection A03:2021',
    ]);
    assert.strictEqual((await runRealCli(['scan', '--no-config', '--config', 'x.json'], acmeProject())).code, 2);
  });

  it('reads a pyproject.toml [tool.vigil] table the same way', async () => {
    const root = tempProject({
      'pyproject.toml': '[project]\nname = "api"\n\n[tool.vigil]\nextends = "vigil:owasp-top10-2025"\n\n[[tool.vigil.taint.python.sinks]]\nid = "raw-sql"\nrule = "sql-injection"\ncalls = ["db.raw_sql"]\narg = 0\n',
      'routes.py': ACME_ROUTES_PY,
    });
    assert.deepStrictEqual(findings((await runRealCli(['scan', '--format', 'json'], root))), ['routes.py:12 sql-injection A05:2025', 'routes.py:17 sql-injection A05:2025']);
  });

  it("the README's repository configs (vigil.config.json and pyproject.toml) work as shown", async () => {
    const section = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').split('## For team leads')[1];
    const block = (start: string) => new RegExp('```' + start + '\\n([\\s\\S]*?)```').exec(section)![1];
    const jsonc = block('jsonc\\n// vigil\\.config\\.json at the repository root');
    const toml = block('toml');
    for (const config of [{ 'vigil.config.json': jsonc }, { 'pyproject.toml': toml, 'vigil.config.json': undefined }]) {
      const root = acmeProject();
      for (const [name, text] of Object.entries(config)) {
        if (text === undefined) fs.rmSync(path.join(root, name));
        else fs.writeFileSync(path.join(root, name), text);
      }
      assert.deepStrictEqual(findings((await runRealCli(['scan', '--format', 'json'], root))), ['api/routes.py:12 sql-injection A05:2025', 'web/server.ts:6 sql-injection A05:2025'], Object.keys(config)[0]);
    }
  });

  const broken: [string, Record<string, string>, RegExp][] = [
    ['a missing extends package', { 'vigil.config.json': '{\n  "extends": ["@acme/other-config"]\n}' }, /^vigil\.config\.json:2:15: extends target not found: the npm package "@acme\/other-config"/],
    ['an extends URL', { 'vigil.config.json': '{ "extends": "https://acme.example/vigil.json" }' }, /^vigil\.config\.json:1:14: cannot extend "https:\/\/acme\.example\/vigil\.json" is a URL/],
    ['an extends cycle', { 'vigil.config.json': '{ "extends": "./a.json" }', 'a.json': '{ "extends": "./vigil.config.json" }' }, /^a\.json:1:14: extends cycle: vigil\.config\.json → a\.json → vigil\.config\.json/],
    ['a ReDoS regex', { 'vigil.config.json': '{ "taint": { "python": { "sinks": [{ "id": "s", "rule": "xss", "calls": ["render"], "arg": 0, "when": [{ "arg": 0, "text": "(a+)+" }] }] } } }' }, /^vigil\.config\.json:1:124: "\(a\+\)\+": a repeated group/],
    ['a bad package.json "vigil" entry', { 'package.json': '{\n  "vigil": { "minConfidence": "certain" }\n}' }, /^package\.json:2:31: "minConfidence" must be one of "high", "medium", "low"/],
    ['invalid TOML in [tool.vigil]', { 'pyproject.toml': '[tool.vigil]\nowaspEdition = 2025"\n' }, /^pyproject\.toml:2:\d+: invalid TOML/],
  ];
  for (const [what, files, message] of broken) {
    it(`exits 2 for ${what}, naming file:line:col`, async () => {
      const run = (await runRealCli(['scan'], tempProject({ ...files, 'app.py': VULNERABLE_PY })));
      assert.strictEqual(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.strictEqual(run.stdout, '');
    });
  }

  it('the built CLI (dist/cli.js) resolves the npm package, the presets and pyproject.toml from its bundle', async () => {
    const root = acmeProject({ 'tools/pyproject.toml': '[tool.vigil]\nextends = "vigil:strict"\n', 'tools/seed.py': VULNERABLE_PY });
    const run = runBuiltCli(['scan', '--format', 'json'], root);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.deepStrictEqual(findings(run), ['api/routes.py:12 sql-injection A05:2025', 'tools/seed.py:9 sql-injection A03:2021', 'web/server.ts:6 sql-injection A05:2025']);
  });
});
