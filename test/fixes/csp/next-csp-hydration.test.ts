import * as assert from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { APPS_DIR, applyFixOnDisk, CHROMIUM, CHROMIUM_ARGS, copyApp, CSP_DIR, diskEngine, freePort, headerFindings, preferredHeadersFix, waitForServer } from './helpers';

// The proof of the Next.js "Add a Content-Security-Policy" fix: a minimal App Router app (a page
// with a client component), fixed through the engine, built with `next build`, served with
// `next start` on loopback and loaded in headless Chromium. It must hydrate (a click changes the
// DOM) with no CSP violation, and the response must carry the policy with a nonce. The old fix
// (`script-src 'self'` in next.config's headers(), no nonce) fails exactly this: the inline
// bootstrap scripts are refused and the button never reacts.
// Next.js, React and their types are installed by this test into test/fixes/csp/next-host
// (npm ci from its lockfile, once; ~40 s), apart from the root package. The build takes 1-3 min.

const HOST = path.join(CSP_DIR, 'next-host');
const NEXT_BIN = path.join(HOST, 'node_modules', 'next', 'dist', 'bin', 'next');

function ensureNextHost(): void {
  if (fs.existsSync(NEXT_BIN) && fs.existsSync(path.join(HOST, 'node_modules', 'react-dom', 'package.json'))) return;
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HOST, encoding: 'utf8', env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' } });
  if (result.status !== 0) throw new Error(`npm ci in ${HOST} failed:\n${result.stdout}\n${result.stderr}`);
}

describe('CSP proof: the Next.js nonce fix keeps an App Router app hydrating (next build + next start + Chromium)', function () {
  this.timeout(15 * 60_000);
  // Inside the host folder, so the app resolves next/react from its node_modules.
  const app = path.join(HOST, 'builds', `next-shop-${process.pid}`);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  let server: ChildProcess | undefined;
  let serverLog = '';
  let browser: Browser | undefined;
  let url = '';

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run test/e2e/setup.sh --system-only`);
    ensureNextHost();
    copyApp('next-shop', app);
    const engine = diskEngine();
    const config = path.join(app, 'next.config.js');
    applyFixOnDisk(config, preferredHeadersFix(engine, config));
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: app, encoding: 'utf8', env });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    server = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d) => (serverLog += d));
    server.stderr!.on('data', (d) => (serverLog += d));
    await waitForServer(url, 60_000, () => (server!.exitCode !== null ? `next start exited:\n${serverLog}` : undefined));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(app, { recursive: true, force: true });
  });

  it('the fix puts the policy in one place: a new middleware.ts, the root layout rendering per request, a pointer in next.config', () => {
    assert.ok(fs.existsSync(path.join(app, 'middleware.ts')));
    assert.match(fs.readFileSync(path.join(app, 'app', 'layout.tsx'), 'utf8'), /export const dynamic = 'force-dynamic';/);
    const config = fs.readFileSync(path.join(app, 'next.config.js'), 'utf8');
    assert.doesNotMatch(config, /headers\(\)/, 'no second policy in next.config');
    assert.deepStrictEqual(headerFindings(diskEngine(), path.join(app, 'next.config.js')), []);
    assert.deepStrictEqual(headerFindings(diskEngine(), path.join(app, 'middleware.ts')), [], 'the created middleware is clean');
    // The original app is untouched (the fix ran on the copy).
    assert.doesNotMatch(fs.readFileSync(path.join(APPS_DIR, 'next-shop', 'next.config.js'), 'utf8'), /Content-Security-Policy/);
  });

  it('serves the page with a nonce policy, and it hydrates in Chromium with no CSP violation', async () => {
    const page = await browser!.newPage();
    const console: string[] = [];
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
    const response = await page.goto(url);
    const csp = response!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/, `policy: ${csp}`);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    // The served HTML, not the DOM: browsers hide nonce values from the DOM.
    assert.ok((await response!.text()).includes(`nonce="${nonce}"`), 'Next.js put the nonce on its scripts');
    assert.strictEqual(await page.textContent('#add'), '0 in basket');
    await page.click('#add');
    await page.locator('#add', { hasText: '1 in basket' }).waitFor({ timeout: 15_000 });
    const violations = console.filter((m) => /Content[ -]Security[ -]Policy/i.test(m));
    assert.deepStrictEqual(violations, [], 'no CSP violation in the console');
    // A second request gets a fresh nonce.
    const again = await fetch(url);
    assert.notStrictEqual(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy') ?? '')?.[1], nonce);
    await page.close();
  });
});
