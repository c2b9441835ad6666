import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/cli';
import type { JsonReport } from '../../server/src/cli/format/json';
import { removeProjects, tempProject, type CliRun } from './helpers';

// new-install-script through `vigil scan` in a real, throwaway git repository: the lockfile is
// compared with HEAD, or with the ref of --changed-since; no git, no finding. And a broken
// lockfile is one clear finding, not a crash.

async function cli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  // No advisory data: only the checks that need none report.
  const code = await runCli(args, { cwd, env: { VIGIL_ADVISORIES_DIR: `${cwd}/no-index`, VIGIL_OFFLINE: '1' }, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

function git(dir: string, ...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=Vigil Test', '-c', 'user.email=test@vigil.dev', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  assert.strictEqual(run.status, 0, run.stderr);
}

const lock = (packages: Record<string, object>) =>
  `${JSON.stringify({ name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'shop', version: '1.0.0', dependencies: Object.fromEntries(Object.keys(packages).map((k) => [k.replace('node_modules/', ''), '*'])) }, ...packages } }, null, 2)}\n`;

const BASE_PACKAGES = {
  'node_modules/esbuild': { version: '0.19.12', resolved: 'https://registry.npmjs.org/esbuild/-/esbuild-0.19.12.tgz', hasInstallScript: true },
  'node_modules/lodash': { version: '4.17.21', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz' },
};
const WITH_SHARP = { ...BASE_PACKAGES, 'node_modules/sharp': { version: '0.33.2', resolved: 'https://registry.npmjs.org/sharp/-/sharp-0.33.2.tgz', hasInstallScript: true } };
const WITH_BCRYPT = { ...WITH_SHARP, 'node_modules/bcrypt': { version: '5.1.1', resolved: 'https://registry.npmjs.org/bcrypt/-/bcrypt-5.1.1.tgz', hasInstallScript: true } };

const UV_TOOL = `version = 1
requires-python = ">=3.12"

[[package]]
name = "docopt"
version = "0.6.2"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/a2/55/docopt-0.6.2.tar.gz", hash = "sha256:49b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491" }
`;

/** main has the base lockfile; the branch `feature` adds sharp in a commit. */
function repo(): string {
  const dir = tempProject({ 'web/package-lock.json': lock(BASE_PACKAGES), 'web/app.ts': 'export const ready = true;\n', '.gitignore': 'vendor/\n' });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  git(dir, 'checkout', '-q', '-b', 'feature');
  fs.writeFileSync(path.join(dir, 'web/package-lock.json'), lock(WITH_SHARP));
  git(dir, 'commit', '-q', '-am', 'add sharp');
  return dir;
}

/** `path:line name` of each new-install-script finding (the package named by the message). */
function found(run: CliRun): string[] {
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepStrictEqual(report.notices.filter((n) => n.kind === 'internal-error' || n.kind === 'rule-error'), []);
  return report.findings.filter((f) => f.ruleId === 'new-install-script').map((f) => `${f.path}:${f.range.start.line + 1} ${/^\S+/.exec(f.message)![0]}`);
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('cli: new-install-script against git', function () {
  this.timeout(120_000);
  after(removeProjects);

  it('HEAD by default (committed packages are not new); --changed-since main reports what the branch added', async () => {
    const dir = repo();
    assert.deepStrictEqual(found(await cli(['scan', '--format', 'json'], dir)), []);
    const sharpLine = lineOf(lock(WITH_SHARP), '"node_modules/sharp"');
    assert.deepStrictEqual(found(await cli(['scan', '--changed-since', 'main', '--format', 'json'], dir)), [`web/package-lock.json:${sharpLine} sharp@0.33.2`]);
  });

  it('an uncommitted addition is new against HEAD; with --changed-since main both additions are', async () => {
    const dir = repo();
    const text = lock(WITH_BCRYPT);
    fs.writeFileSync(path.join(dir, 'web/package-lock.json'), text);
    assert.deepStrictEqual(found(await cli(['scan', '--format', 'json'], dir)), [`web/package-lock.json:${lineOf(text, '"node_modules/bcrypt"')} bcrypt@5.1.1`]);
    assert.deepStrictEqual(found(await cli(['scan', '--changed-since', 'main', '--format', 'json', '--jobs', '1'], dir)).length, 2);
  });

  it('a lockfile added since the base is new as a whole; one git ignores has no base', async () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, 'tools'));
    fs.writeFileSync(path.join(dir, 'tools/uv.lock'), UV_TOOL);
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.writeFileSync(path.join(dir, 'vendor/uv.lock'), UV_TOOL);
    assert.deepStrictEqual(found(await cli(['scan', '--no-ignore', '--format', 'json'], dir)), [`tools/uv.lock:${lineOf(UV_TOOL, 'name = "docopt"')} docopt@0.6.2`]);
  });

  it('outside a git repository there is no base: nothing is reported', async () => {
    const dir = tempProject({ 'web/package-lock.json': lock(WITH_BCRYPT), 'tools/uv.lock': UV_TOOL });
    assert.deepStrictEqual(found(await cli(['scan', '--format', 'json'], dir)), []);
  });

  it('in worker threads the same findings as in one thread', async () => {
    const dir = repo();
    // Enough files for two analyzer threads.
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `web/module${i}.ts`), `export const n${i} = ${i};\n`);
    fs.writeFileSync(path.join(dir, 'web/package-lock.json'), lock(WITH_BCRYPT));
    const one = found(await cli(['scan', '--changed-since', 'main', '--format', 'json', '--jobs', '1'], dir));
    assert.deepStrictEqual(found(await cli(['scan', '--changed-since', 'main', '--format', 'json', '--jobs', '2'], dir)), one);
    assert.strictEqual(one.length, 2);
  });

  it('a broken lockfile is one clear finding on it; the scan goes on with the other files', async () => {
    const dir = tempProject({ 'web/package-lock.json': lock(WITH_SHARP).slice(0, 300), 'tools/uv.lock': UV_TOOL, 'web/app.ts': "localStorage.setItem('token', token);\n" });
    const run = await cli(['scan', '--format', 'json'], dir);
    assert.strictEqual(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    const onLock = report.findings.filter((f) => f.path === 'web/package-lock.json');
    assert.strictEqual(onLock.length, 1, JSON.stringify(onLock));
    assert.match(onLock[0].message, /^Dependencies not checked: invalid JSON: \w+/);
    assert.deepStrictEqual(report.notices.filter((n) => n.kind === 'internal-error'), []);
    assert.strictEqual(report.summary.scannedFiles, 3);
    assert.ok(report.findings.some((f) => f.path === 'web/app.ts'), 'the code file beside it is still analyzed');
    // And the text report says the same in one line.
    const text = await cli(['scan', 'web/package-lock.json'], dir);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.strictEqual(text.stdout.split('\n').filter((l) => /Dependencies not checked/.test(l)).length, 1, text.stdout);
  });
});
