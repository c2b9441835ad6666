import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../helpers/fixtures';
import { startMariaDb, type MariaDb } from '../helpers/mariadb';
import { PYTHON, runCheck, scenarios, stage } from './scenario-runner';

// The acceptance of "fixes that keep the program working" on the bundled example app: a copy of
// examples/ is fixed by the built CLI (`vigil scan examples --fix`, every preferred fix and the
// files they add to), and then the web front end still type-checks under its own `strict`
// tsconfig with the real types of its dependencies, the fixed auth module still signs users in
// (the Argon2 behaviour scenario, run on the CLI's output), every Python module still compiles,
// and the app's own behaviour checks (test/fixes/example-app/checks: sign-up + sign-in, an order
// query, a download) pass before and after the fix, in the FastAPI back end (its routers under
// TestClient, PyMySQL) and in the web part (its route handlers and auth module under node,
// mysql2), both against a real MariaDB (test/helpers/mariadb.ts; setup.sh installs it).
// The example's dependencies (and the ones fixes add) are installed by this test into
// test/fixes/example-app/host (npm ci from its lockfile, once; ~1 min), apart from the root package.

const HOST = path.join(REPO_ROOT, 'test', 'fixes', 'example-app', 'host');
const TSC = path.join(HOST, 'node_modules', 'typescript', 'bin', 'tsc');

function ensureHost(): void {
  // Installed, and from the lockfile as it is now (npm writes node_modules/.package-lock.json on install).
  const installed = path.join(HOST, 'node_modules', '.package-lock.json');
  if (fs.existsSync(TSC) && fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(path.join(HOST, 'package-lock.json')).mtimeMs) return;
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HOST, encoding: 'utf8', env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' } });
  if (result.status !== 0) throw new Error(`npm ci in ${HOST} failed:\n${result.stdout}\n${result.stderr}`);
}

function typeCheck(web: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [TSC, '-p', web, '--noEmit', '--incremental', 'false'], { encoding: 'utf8', timeout: 120_000 });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const CHECKS = path.join(REPO_ROOT, 'test', 'fixes', 'example-app', 'checks');

type Credentials = { user: string; password: string; database: string };

/** The back end's own checks: its routers against the database, through the app's own db.py (DB_* settings). */
function apiCheck(shop: string, db: MariaDb, credentials: Credentials, phase: string): { ok: boolean; output: string } {
  const invoices = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-example-invoices-'));
  try {
    const env = { ...process.env, EXAMPLE_DIR: shop, INVOICE_DIR: invoices, SCENARIO_PHASE: phase, PYTHONDONTWRITEBYTECODE: '1', DB_HOST: db.host, DB_PORT: String(db.port), DB_USER: credentials.user, DB_PASSWORD: credentials.password, DB_NAME: credentials.database };
    const result = spawnSync(PYTHON, [path.join(CHECKS, 'api_check.py')], { env, encoding: 'utf8', timeout: 120_000 });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}${result.error ?? ''}` };
  } finally {
    fs.rmSync(invoices, { recursive: true, force: true });
  }
}

/**
 * The web part's own checks: web-check.ts is copied into web/, compiled with the app under its
 * strict tsconfig (CommonJS for node) and run against the database through lib/db.ts (MYSQL_*).
 * The copies are removed afterwards, so `vigil scan` and the type check see the app alone.
 */
function webCheck(web: string, db: MariaDb, credentials: Credentials, phase: string): { ok: boolean; output: string } {
  const copies = [path.join(web, 'vigil-example-check.ts'), path.join(web, 'vigil-check-paths.ts')];
  const out = path.join(web, '.vigil-check');
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-example-web-'));
  fs.copyFileSync(path.join(CHECKS, 'web-check.ts'), copies[0]);
  fs.copyFileSync(path.join(CHECKS, 'vigil-check-paths.ts'), copies[1]);
  try {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(web, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) })!;
    const options: ts.CompilerOptions = { ...config.options, noEmit: false, incremental: false, outDir: out, rootDir: web, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, jsx: ts.JsxEmit.ReactJSX, esModuleInterop: true, plugins: undefined };
    const program = ts.createProgram([copies[0]], options);
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
    if (diagnostics.length) {
      const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => web, getNewLine: () => '\n' };
      return { ok: false, output: `tsc --strict (${phase} the fix):\n${ts.formatDiagnostics(diagnostics, host)}` };
    }
    const env = { ...process.env, SCENARIO_PHASE: phase, JWT_SECRET: 'example-check-jwt-secret', MYSQL_HOST: db.host, MYSQL_PORT: String(db.port), MYSQL_USER: credentials.user, MYSQL_PASSWORD: credentials.password, MYSQL_DATABASE: credentials.database };
    const result = spawnSync(process.execPath, [path.join(out, 'vigil-example-check.js')], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}${result.error ?? ''}` };
  } finally {
    for (const file of [...copies, out, cwd]) fs.rmSync(file, { recursive: true, force: true });
  }
}

function pythonModules(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(dir, f));
}

describe('the example app after `vigil scan examples --fix`', function () {
  this.timeout(10 * 60_000);
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-example-fix-')));
  const web = path.join(root, 'examples', 'solar-shop', 'web');
  const api = path.join(root, 'examples', 'solar-shop', 'api');
  let scan: { status: number | null; stderr: string };
  let db: MariaDb;
  let apiDb: Credentials;
  let webDb: Credentials;

  before(async () => {
    ensureHost();
    db = await startMariaDb();
    apiDb = db.createDatabase('sunline');
    webDb = db.createDatabase('solar_shop');
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(root, 'examples'), { recursive: true });
    fs.symlinkSync(path.join(HOST, 'node_modules'), path.join(web, 'node_modules'), 'dir');
    const before = typeCheck(web);
    assert.ok(before.ok, `the example does not type-check before the fix:\n${before.output}`);
    const backEnd = apiCheck(path.dirname(web), db, apiDb, 'before');
    assert.ok(backEnd.ok, `the back end's own checks fail before the fix:\n${backEnd.output}`);
    const site = webCheck(web, db, webDb, 'before');
    assert.ok(site.ok, `the web part's own checks fail before the fix:\n${site.output}`);
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'scan', 'examples', '--fix', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    scan = { status: result.status, stderr: result.stderr };
  });
  after(async () => {
    await db?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('applies fixes, and lists what they import in package.json', () => {
    assert.match(scan.stderr, /fixed [1-9]\d* findings/, scan.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(web, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.dependencies.argon2, '^0.45.0', 'Hash with Argon2 adds argon2');
    assert.strictEqual(manifest.dependencies['isomorphic-dompurify'], '^3.19.0', 'Sanitize with DOMPurify adds the isomorphic-dompurify that runs on Node 20 (the example sets no engines)');
    for (const name of Object.keys(manifest.dependencies)) assert.ok(fs.existsSync(path.join(HOST, 'node_modules', name, 'package.json')), `the test host installs ${name}`);
  });

  it('web/ still type-checks under its strict tsconfig', () => {
    const after = typeCheck(web);
    assert.ok(after.ok, `tsc --strict fails after the fix:\n${after.output}`);
  });

  it('sign-in still works: stored SHA-256 users, Argon2 users, wrong passwords refused (auth.ts as --fix left it)', () => {
    const auth = fs.readFileSync(path.join(web, 'lib', 'auth.ts'), 'utf8');
    assert.match(auth, /await passwordMatches\(user\.password_hash, password\)/, auth);
    const scenario = scenarios().find((s) => s.name === 'argon2-password-hash/typescript')!;
    const dir = stage(scenario);
    try {
      fs.writeFileSync(path.join(dir, 'auth.ts'), auth);
      const result = runCheck(scenario, dir, 'after');
      assert.ok(result.ok, `${result.output}\n--- auth.ts after --fix:\n${auth}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the back end's own checks pass: sign-up + sign-in, orders, customer search, invoice download (FastAPI routers, PyMySQL, MariaDB)", () => {
    const result = apiCheck(path.dirname(web), db, apiDb, 'after');
    assert.ok(result.ok, result.output);
  });

  it("the web part's own checks pass: sign-up + sign-in, orders placed and queried, invoice download (route handlers, mysql2, MariaDB)", () => {
    const result = webCheck(web, db, webDb, 'after');
    assert.ok(result.ok, result.output);
  });

  it('every Python module still compiles', () => {
    const files = pythonModules(api);
    assert.ok(files.length >= 10, `python modules: ${files.length}`);
    const result = spawnSync(PYTHON, ['-m', 'py_compile', ...files], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPYCACHEPREFIX: path.join(root, 'pycache') } });
    assert.strictEqual(result.status, 0, result.stderr);
  });
});
