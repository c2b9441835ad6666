import * as assert from 'assert';
import * as path from 'path';
import { runCli } from '../../server/src/cli/cli';
import type { JsonReport } from '../../server/src/cli/format/json';
import { SHARED_ADVISORIES } from '../helpers/advisories';
import { startOsvServer, type OsvServer } from '../helpers/osv-server';
import { removeProjects, tempProject, type CliRun } from './helpers';

// `vigil scan` against a local server that speaks the OSV API (filled from ../shared/advisories):
// the same findings as from the offline index, only names, versions and ecosystems sent, answers
// cached, and every failure a one-line notice with the offline index used instead.

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const LOCK = {
  name: 'shop-web',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'shop-web', dependencies: { express: '4.16.0', lodash: '4.17.4' } },
    'node_modules/express': { version: '4.16.0', dependencies: { qs: '6.5.1' } },
    'node_modules/qs': { version: '6.5.1' },
    'node_modules/lodash': { version: '4.17.4' },
  },
};

const PROJECT = {
  'web/package.json': '{\n  "name": "shop-web",\n  "dependencies": {\n    "express": "4.16.0",\n    "lodash": "4.17.4"\n  }\n}\n',
  'web/package-lock.json': `${JSON.stringify(LOCK, null, 2)}\n`,
  // django 2.2.0 has dozens of advisories: their querybatch answers come in pages.
  'api/requirements.txt': 'django==2.2.0\nPyYAML==3.13\njinja2==2.10\nrequests==2.31.0\n',
};

/** A finding without the data note: the origin and date are the only things allowed to differ. */
function comparable(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.path}:${f.location.line}:${f.location.column} ${f.ruleId} ${f.severity} ${f.message.replace(/ \((?:OSV API|offline index), data of [^)]*\)$/, '')}`);
}

describe('cli: dependencies checked online against the OSV API', function () {
  this.timeout(180_000);
  let osv: OsvServer;
  let offlineIndex: string;
  before(async () => {
    osv = await startOsvServer();
    offlineIndex = tempProject({});
    const imported = await cli(['advisories', 'import', path.join(SHARED_ADVISORIES, 'npm.osv.jsonl'), path.join(SHARED_ADVISORIES, 'pypi.osv.jsonl'), '--index-dir', offlineIndex], offlineIndex, {});
    assert.strictEqual(imported.code, 0, imported.stderr);
  });
  beforeEach(() => {
    osv.mode = 'ok';
    osv.requests.length = 0;
  });
  after(async () => {
    await osv.close();
    removeProjects();
  });

  it('finds the same in the JSON report online as from the offline index, with the data\'s origin and date on each', async () => {
    const cwd = tempProject(PROJECT);
    const offline = await cli(['scan', '.', '--format', 'json', '--offline', '--fail-on', 'none'], cwd, { VIGIL_ADVISORIES_DIR: offlineIndex, VIGIL_OSV_URL: osv.url });
    assert.strictEqual(offline.code, 0, offline.stderr);
    assert.strictEqual(osv.requests.length, 0, '--offline sends nothing');
    // A fresh cache folder without an index: everything the online scan knows came from the server.
    const online = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, { VIGIL_ADVISORIES_DIR: path.join(cwd, '.vigil-online'), VIGIL_OSV_URL: osv.url });
    assert.strictEqual(online.code, 0, online.stderr);
    assert.strictEqual(online.stderr, '', 'no notice when the API answers');
    const offlineReport = JSON.parse(offline.stdout) as JsonReport;
    const onlineReport = JSON.parse(online.stdout) as JsonReport;
    const expected = comparable(offlineReport);
    assert.ok(expected.filter((f) => f.includes('vulnerable-dependency')).length >= 5, expected.join('\n'));
    for (const id of ['CVE-2018-16487', 'PYSEC-2018-49']) assert.ok(expected.some((f) => f.includes(id)), `${id} in\n${expected.join('\n')}`);
    assert.deepStrictEqual(comparable(onlineReport), expected);
    const today = new Date().toISOString().slice(0, 10);
    for (const f of onlineReport.findings.filter((x) => x.ruleId === 'vulnerable-dependency')) assert.ok(f.message.endsWith(`(OSV API, data of ${today})`), f.message);
    for (const f of offlineReport.findings.filter((x) => x.ruleId === 'vulnerable-dependency')) assert.match(f.message, /\(offline index, data of \d{4}-\d\d-\d\d: \d+ days old, newer advisories are missing; run `vigil advisories update`\)$/);
    // django's answer came in pages of 4, and every page was followed.
    assert.ok(osv.requests.some((r) => r.url === '/v1/querybatch' && r.body.includes('page_token')), 'a next_page_token was followed');
  });

  it('sends nothing but ecosystems, package names and versions', async () => {
    const cwd = tempProject(PROJECT);
    const run = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, { VIGIL_ADVISORIES_DIR: path.join(cwd, '.cache'), VIGIL_OSV_URL: osv.url });
    assert.strictEqual(run.code, 0, run.stderr);
    const names = new Set(['express', 'lodash', 'qs', 'django', 'PyYAML', 'jinja2', 'requests']);
    const batches = osv.requests.filter((r) => r.method === 'POST');
    assert.ok(batches.length >= 2, 'the first batch and its pages');
    for (const request of osv.requests) {
      if (request.method === 'GET') {
        assert.match(request.url, /^\/v1\/vulns\/[A-Z]+-[\w-]+$/, 'a GET names an advisory id and nothing else');
        assert.strictEqual(request.body, '');
        continue;
      }
      assert.strictEqual(request.url, '/v1/querybatch');
      const body = JSON.parse(request.body) as { queries: Record<string, unknown>[] };
      assert.deepStrictEqual(Object.keys(body), ['queries']);
      for (const query of body.queries) {
        assert.deepStrictEqual(Object.keys(query).filter((k) => k !== 'page_token'), ['package', 'version'], JSON.stringify(query));
        const pkg = query.package as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(pkg).sort(), ['ecosystem', 'name']);
        assert.ok(names.has(pkg.name as string), `only the project's packages: ${pkg.name}`);
        assert.ok(['npm', 'PyPI'].includes(pkg.ecosystem as string));
        assert.match(query.version as string, /^\d+(\.\d+)*$/);
      }
      // No path, project name or file name leaves the machine.
      for (const secret of [cwd, 'shop-web', 'requirements.txt', 'package-lock']) assert.ok(!request.body.includes(secret), `${secret} not in ${request.body}`);
    }
  });

  it('answers from the disk cache on the next scan: no request at all', async () => {
    const cwd = tempProject(PROJECT);
    const env = { VIGIL_ADVISORIES_DIR: path.join(cwd, '.cache'), VIGIL_OSV_URL: osv.url };
    const first = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, env);
    const asked = osv.requests.length;
    assert.ok(asked > 0);
    // The server is down now: the cache alone must give the same report.
    osv.mode = 'error-500';
    const second = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, env);
    assert.strictEqual(osv.requests.length, asked, 'nothing asked again within the time-to-live');
    assert.strictEqual(second.stderr, '');
    assert.deepStrictEqual((JSON.parse(second.stdout) as JsonReport).findings, (JSON.parse(first.stdout) as JsonReport).findings);
  });

  for (const mode of ['error-500', 'bad-json', 'hang'] as const) {
    it(`${mode}: one notice, and the offline index is used instead`, async () => {
      const cwd = tempProject(PROJECT);
      osv.mode = mode;
      const run = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, { VIGIL_ADVISORIES_DIR: offlineIndex, VIGIL_OSV_URL: osv.url, VIGIL_OSV_TIMEOUT_MS: '300' });
      assert.strictEqual(run.code, 0, run.stderr);
      const why = { 'error-500': 'HTTP 500 from', 'bad-json': 'is not JSON', hang: 'no answer within 0.3 s' }[mode];
      const lines = run.stderr.split('\n').filter(Boolean);
      assert.strictEqual(lines.length, 1, run.stderr);
      assert.ok(lines[0].startsWith(`vigil: OSV API ${osv.url} not used (`) && lines[0].includes(why) && /using the offline index \(data of \d{4}-\d\d-\d\d\)$/.test(lines[0]), lines[0]);
      const findings = (JSON.parse(run.stdout) as JsonReport).findings;
      assert.ok(findings.some((f) => f.message.includes('CVE-2018-16487') && f.message.includes('(offline index, data of')), 'the offline index\'s findings');
    });
  }

  it('unreachable and no offline index: the notice says so, the checks that need no data still run', async () => {
    const cwd = tempProject({ ...PROJECT, 'api/requirements.txt': 'django>=2.2\n' });
    osv.mode = 'error-500';
    const run = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, { VIGIL_ADVISORIES_DIR: path.join(cwd, 'nothing'), VIGIL_OSV_URL: osv.url });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stderr, /^vigil: OSV API .* not used \(HTTP 500 .*\): no offline index either, .*run `vigil advisories update`\n$/);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.ruleId), ['unpinned-dependency']);
  });

  it('VIGIL_OFFLINE=1 is --offline', async () => {
    const cwd = tempProject(PROJECT);
    const run = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], cwd, { VIGIL_ADVISORIES_DIR: offlineIndex, VIGIL_OSV_URL: osv.url, VIGIL_OFFLINE: '1' });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(osv.requests, []);
  });
});
