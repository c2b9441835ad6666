import * as assert from 'assert';
import { runCli } from '../../server/src/cli/cli';
import type { JsonReport } from '../../server/src/cli/format/json';
import { removeProjects, tempProject, validateSarif, type CliRun } from './helpers';

// The dependency checks that need no advisory data, through `vigil scan` in every format: a
// workflow under .github is found and reported at its line, like the manifests beside it.

async function cli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  // No advisory index: only the checks that need none may report.
  const code = await runCli(args, { cwd, env: { VIGIL_ADVISORIES_DIR: `${cwd}/no-index`, VIGIL_OFFLINE: '1' }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const PROJECT = {
  'web/package.json': '{\n  "name": "web",\n  "scripts": {\n    "postinstall": "curl -fsSL https://get.acme.dev/install.sh | sh"\n  },\n  "dependencies": {\n    "next": "^15.1.3",\n    "ui-kit": "github:acme/ui-kit#main"\n  }\n}\n',
  'api/requirements.txt': '--extra-index-url https://pypi.acme.internal/simple\nfastapi==0.115.6\nuvicorn>=0.32\n',
  'api/pyproject.toml': '[tool.poetry]\nname = "api"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "^0.115.0"\nhttpx = "^0.28.1"\n',
  'api/poetry.lock': '[[package]]\nname = "fastapi"\nversion = "0.115.6"\n\n[metadata]\nlock-version = "2.0"\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0\n',
};

const EXPECTED = [
  '.github/workflows/ci.yml:6 unpinned-github-action',
  'api/pyproject.toml:8 lockfile-out-of-sync',
  'api/requirements.txt:1 dependency-confusion',
  'api/requirements.txt:3 unpinned-dependency',
  'web/package.json:4 download-piped-to-shell',
  'web/package.json:7 unpinned-dependency',
  'web/package.json:8 non-registry-dependency',
];

describe('cli: supply-chain checks without advisory data', function () {
  this.timeout(120_000);
  after(removeProjects);

  it('reports each check at its line in JSON, SARIF, JUnit and HTML', async () => {
    const cwd = tempProject(PROJECT);
    const json = await cli(['scan', '.', '--format', 'json', '--fail-on', 'warning'], cwd);
    assert.strictEqual(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout) as JsonReport;
    assert.deepStrictEqual(report.findings.map((f) => `${f.path}:${f.location.line} ${f.ruleId}`).sort(), EXPECTED);
    assert.match(report.findings.find((f) => f.ruleId === 'unpinned-github-action')!.message, /actions\/checkout is used by the tag v4: .*git ls-remote https:\/\/github\.com\/actions\/checkout refs\/tags\/v4/);

    const sarif = await cli(['scan', '.', '--format', 'sarif'], cwd);
    const log = JSON.parse(sarif.stdout);
    assert.deepStrictEqual(validateSarif(log), []);
    const results = log.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    assert.deepStrictEqual(results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine} ${r.ruleId}`).sort(), EXPECTED);
    const rules = log.runs[0].tool.driver.rules as { id: string }[];
    for (const id of new Set(EXPECTED.map((e) => e.split(' ')[1]))) assert.ok(rules.some((r) => r.id === id), `SARIF describes ${id}`);

    const junit = await cli(['scan', '.', '--format', 'junit'], cwd);
    assert.match(junit.stdout, /unpinned-github-action[\s\S]*\.github\/workflows\/ci\.yml/);
    const html = await cli(['scan', '.', '--format', 'html'], cwd);
    assert.match(html.stdout, /\.github\/workflows\/ci\.yml/);
    assert.match(html.stdout, /A08:2021/);
  });
});
