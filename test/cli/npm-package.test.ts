import * as assert from 'assert';
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';

// The CLI as a user gets it: `npm pack` of the package the build writes (dist/npm), installed
// with `npm install <tarball>` into a fresh project outside the repository (its runtime
// dependencies come from the registry), then run there through the documented commands.

const PACKAGE_DIR = path.join(REPO_ROOT, 'dist', 'npm');
const NAME = '@vigil-security/cli';

function run(command: string, args: string[], options: SpawnSyncOptions) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 9 * 60_000, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe('the CLI npm package, installed outside the repository', function () {
  // npm install may compile tree-sitter's addon where its prebuilt binary does not load.
  this.timeout(10 * 60_000);
  let project: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.name, NAME);
    assert.strictEqual(manifest.private, undefined, 'publishable');
    assert.deepStrictEqual(manifest.bin, { vigil: 'dist/cli.js' });
    assert.ok(manifest.engines?.node && Array.isArray(manifest.files), 'engines and files');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-npm-package-'));
    assert.ok(path.relative(REPO_ROOT, work).startsWith('..'), 'outside the repository');
    // Headers of the local Node for a from-source addon build (no download), as .ci/run does.
    env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? (fs.existsSync('/usr/include/node/node.h') ? '/usr' : undefined) };
    const packed = run('npm', ['pack', PACKAGE_DIR, '--pack-destination', work, '--json'], { cwd: work, env });
    assert.strictEqual(packed.status, 0, packed.stderr);
    const tarball = path.join(work, JSON.parse(packed.stdout)[0].filename);
    project = path.join(work, 'shop');
    fs.mkdirSync(path.join(project, 'api'), { recursive: true });
    fs.mkdirSync(path.join(project, 'web'), { recursive: true });
    fs.mkdirSync(path.join(project, 'clean'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "shop", "version": "1.0.0", "private": true }\n');
    fs.writeFileSync(path.join(project, 'api', 'orders.py'), 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/orders")\ndef orders(status: str, db=None):\n    cursor = db.cursor()\n    cursor.execute(f"SELECT * FROM orders WHERE status = \'{status}\'")\n');
    fs.writeFileSync(path.join(project, 'web', 'route.ts'), "import { exec } from 'child_process';\n\nexport async function GET(request: Request) {\n  const file = new URL(request.url).searchParams.get('file');\n  exec(`convert ${file} out.png`);\n}\n");
    // The ReDoS analysis is loaded on the first pattern, from the package's dependencies (scslre, refa, regexpp).
    fs.writeFileSync(path.join(project, 'api', 'search.py'), 'import re\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/search")\ndef search(q: str):\n    return {"ok": bool(re.match(r"^(a+)+$", q))}\n');
    fs.writeFileSync(path.join(project, 'clean', 'orders.py'), 'def orders(cursor, status: str):\n    cursor.execute("SELECT * FROM orders WHERE status = %s", (status,))\n');
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, env });
    assert.strictEqual(installed.status, 0, installed.stderr);
  });

  after(() => {
    if (project) fs.rmSync(path.dirname(project), { recursive: true, force: true });
  });

  it('`npx <package> scan` finds the planted problems in both languages and exits 1', () => {
    const scan = run('npx', ['--no-install', NAME, 'scan', '--format', 'json'], { cwd: project, env });
    assert.strictEqual(scan.status, 1, scan.stderr);
    const findings = (JSON.parse(scan.stdout).findings as { ruleId: string; path: string; location: { line: number } }[]).map((f) => `${f.ruleId} ${f.path}:${f.location.line}`).sort();
    assert.deepStrictEqual(findings, ['command-injection web/route.ts:5', 'redos api/search.py:10', 'sql-injection api/orders.py:9']);
  });

  it('the installed `vigil` bin writes SARIF with the rule docs embedded and no made-up links', () => {
    const scan = run(path.join(project, 'node_modules', '.bin', 'vigil'), ['scan', 'api', '--format', 'sarif'], { cwd: project, env });
    assert.strictEqual(scan.status, 1, scan.stderr);
    const driver = JSON.parse(scan.stdout).runs[0].tool.driver;
    const rule = driver.rules.find((r: { id: string }) => r.id === 'sql-injection');
    assert.ok(rule.help.markdown.startsWith('# sql-injection'), 'the docs page from the installed package');
    assert.strictEqual(rule.helpUri, undefined);
  });

  it('a clean folder exits 0, and the text report points at the docs inside node_modules', () => {
    assert.strictEqual(run('npx', ['--no-install', NAME, 'scan', 'clean'], { cwd: project, env }).status, 0);
    const text = run('npx', ['--no-install', NAME, 'scan', 'api'], { cwd: project, env });
    assert.ok(text.stdout.includes('node_modules/@vigil-security/cli/rules/sql-injection/README.md'), text.stdout);
  });
});
