import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/cli';
import type { JsonReport } from '../../server/src/cli/format/json';
import { SHARED_ADVISORIES } from '../helpers/advisories';
import { startOsvServer, type OsvServer } from '../helpers/osv-server';
import { removeProjects, tempProject, validateSarif, type CliRun } from './helpers';

// `vigil advisories` and `vigil scan` on manifests and lockfiles, with the real engine and the
// real OSV records of ../shared/advisories, served the way OSV serves its archives (zips built
// at test time from the records). These scans are --offline (VIGIL_OFFLINE): online-advisories.test has the API.

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const PROJECT = {
  'web/package.json': '{\n  "name": "web",\n  "dependencies": {\n    "lodash": "4.17.4",\n    "react": "^19.0.0"\n  }\n}\n',
  'api/requirements.txt': 'fastapi==0.115.0\nPyYAML==3.13\n',
  'api/app.py': 'import yaml\n\n\ndef load(path):\n    with open(path) as f:\n        return yaml.safe_load(f)\n',
  // These tests are about advisory data: the project has no lockfile, which unpinned-dependency (tested in supply-chain.test) would report.
  'vigil.config.json': '{ "rules": { "unpinned-dependency": "off" } }\n',
};

describe('cli: vigil advisories and dependency scans', function () {
  this.timeout(120_000);
  let server: OsvServer;
  before(async () => (server = await startOsvServer()));
  after(async () => {
    await server.close();
    removeProjects();
  });

  it('update downloads the npm and PyPI archives and builds the index; import of the same records as JSON Lines builds the same', async () => {
    const cwd = tempProject({});
    const updated = await cli(['advisories', 'update', '--source', server.url, '--index-dir', 'downloaded'], cwd);
    assert.strictEqual(updated.code, 0, updated.stderr);
    assert.deepStrictEqual(server.requests.slice(-2).map((r) => r.url), ['/npm/all.zip', '/PyPI/all.zip']);
    const counts = /(\d+) advisories \((\d+) malicious\) for (\d+) packages, data of (\d{4}-\d\d-\d\d)/.exec(updated.stdout);
    assert.ok(counts, updated.stdout);
    // 2,661 PyPI + 449 npm records, less the withdrawn ones and those with only GIT ranges.
    assert.ok(Number(counts[1]) > 3000 && Number(counts[1]) <= 3110, updated.stdout);

    const imported = await cli(['advisories', 'import', path.join(SHARED_ADVISORIES, 'npm.osv.jsonl'), path.join(SHARED_ADVISORIES, 'pypi.osv.jsonl'), '--index-dir', 'imported'], cwd);
    assert.strictEqual(imported.code, 0, imported.stderr);
    assert.ok(imported.stdout.includes(counts[0]), `same index from the JSON Lines:\n${imported.stdout}\n${updated.stdout}`);
    const status = await cli(['advisories', 'status', '--index-dir', 'imported'], cwd);
    assert.strictEqual(status.code, 0);
    assert.ok(status.stdout.includes(counts[0]), status.stdout);
  });

  it('scan reports the vulnerable lodash and PyYAML in their manifests, in every format, with the data\'s date', async () => {
    const cwd = tempProject(PROJECT);
    const env = { VIGIL_ADVISORIES_DIR: path.join(cwd, '.advisories'), VIGIL_OFFLINE: '1' };
    assert.strictEqual((await cli(['advisories', 'import', path.join(SHARED_ADVISORIES, 'npm-all.zip'), path.join(SHARED_ADVISORIES, 'PyPI-all.zip')], cwd, env)).code, 0);

    const json = await cli(['scan', '.', '--format', 'json', '--fail-on', 'warning'], cwd, env);
    assert.strictEqual(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout) as JsonReport;
    const found = report.findings.map((x) => `${x.path}:${x.location.line} ${x.ruleId}`);
    assert.deepStrictEqual(found, ['api/requirements.txt:2 vulnerable-dependency', 'web/package.json:4 vulnerable-dependency']);
    const lodash = report.findings.find((f) => f.path === 'web/package.json')!;
    assert.match(lodash.message, /lodash 4\.17\.4 has 2 known vulnerabilities: .*CVE-2018-16487.*First fixed version: 4\.17\.11\. \(offline index, data of \d{4}-\d\d-\d\d: \d+ days old/);

    const sarif = await cli(['scan', '.', '--format', 'sarif'], cwd, env);
    const log = JSON.parse(sarif.stdout);
    assert.deepStrictEqual(validateSarif(log), []);
    const locations = log.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }) => {
      const at = r.locations[0].physicalLocation;
      return `${at.artifactLocation.uri}:${at.region.startLine}:${at.region.startColumn} ${r.ruleId}`;
    });
    assert.deepStrictEqual(locations, ['api/requirements.txt:2:1 vulnerable-dependency', 'web/package.json:4:5 vulnerable-dependency']);

    const junit = await cli(['scan', '.', '--format', 'junit'], cwd, env);
    assert.match(junit.stdout, /vulnerable-dependency[\s\S]*web\/package\.json/);
    const html = await cli(['scan', '.', '--format', 'html'], cwd, env);
    assert.match(html.stdout, /web\/package\.json/);
    assert.match(html.stdout, /A06:2021/);
    const text = await cli(['scan', '.', '--no-color'], cwd, env);
    assert.match(text.stdout, /fix: Bump to the nearest fixed version \(lodash 4\.17\.11\) \(preferred\)/);
  });

  it('scan --fix bumps the manifests to the nearest fixed versions, and the findings are gone', async () => {
    const cwd = tempProject(PROJECT);
    const env = { VIGIL_ADVISORIES_DIR: path.join(cwd, '.advisories'), VIGIL_OFFLINE: '1' };
    await cli(['advisories', 'import', SHARED_ADVISORIES + '/npm.osv.jsonl', SHARED_ADVISORIES + '/pypi.osv.jsonl'], cwd, env);
    const fixed = await cli(['scan', '.', '--fix', '--format', 'json', '--fail-on', 'warning'], cwd, env);
    // What is left: PyYAML, whose fix crosses a major version and is never applied in bulk.
    assert.strictEqual(fixed.code, 1, `${fixed.stdout}\n${fixed.stderr}`);
    assert.deepStrictEqual((JSON.parse(fixed.stdout) as JsonReport).findings.map((f) => `${f.path}:${f.location.line}`), ['api/requirements.txt:2']);
    assert.ok(fs.readFileSync(path.join(cwd, 'web/package.json'), 'utf8').includes('"lodash": "4.17.11"'));
    assert.ok(fs.readFileSync(path.join(cwd, 'api/requirements.txt'), 'utf8').includes('PyYAML==3.13'));
  });

  it('without an index, manifests are scanned quietly; bad sources are usage errors, failed downloads internal errors', async () => {
    const cwd = tempProject(PROJECT);
    const env = { VIGIL_ADVISORIES_DIR: path.join(cwd, 'none'), VIGIL_OFFLINE: '1' };
    const scan = await cli(['scan', '.', '--format', 'json', '--fail-on', 'hint'], cwd, env);
    assert.strictEqual(scan.code, 0, scan.stdout);
    const quiet = JSON.parse(scan.stdout) as JsonReport;
    assert.deepStrictEqual([quiet.findings, quiet.summary.scannedFiles], [[], 3]);
    const missing = await cli(['advisories', 'import', 'nowhere.zip'], cwd, env);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: .*nowhere\.zip/);
    const notFound = await cli(['advisories', 'update', '--source', `${server.url}/missing`], cwd, env);
    assert.strictEqual(notFound.code, 3);
    assert.match(notFound.stderr, /cannot download .*\/missing\/npm\/all\.zip: HTTP 404/);
    const status = await cli(['advisories', 'status'], cwd, env);
    assert.strictEqual(status.code, 1);
    assert.match(status.stdout, /no advisory index/);
  });
});
