// The shop's storefront built and served for real: `next build`, then `next start` on loopback.
// Before the fix the browser's JavaScript points at source maps and the server hands them out
// (the shop's own client code, comments and all); after it no map is emitted or served, and the
// page still builds, serves its HTML and loads its client chunks. Two configs share this check:
// `productionBrowserSourceMaps: true` (typescript/) and the client's webpack `devtool` set to
// 'source-map' (typescript-webpack/, which also turns `poweredByHeader` on: the X-Powered-By
// header names Next.js before the fix, not after).
// Next.js and React come from test/fixes/csp/next-host (npm ci from its lockfile, once; the CSP
// proof test uses the same host); the app is built inside it so it resolves them from there.
import assert from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as path from 'node:path';
import { attack, phase, run } from './harness';

// The runner links the repository's node_modules into the scenario folder.
const REPO_ROOT = path.dirname(fs.realpathSync(path.join(process.cwd(), 'node_modules')));
const HOST = path.join(REPO_ROOT, 'test', 'fixes', 'csp', 'next-host');
const NEXT_BIN = path.join(HOST, 'node_modules', 'next', 'dist', 'bin', 'next');

function ensureNextHost(): void {
  if (fs.existsSync(NEXT_BIN) && fs.existsSync(path.join(HOST, 'node_modules', 'react-dom', 'package.json'))) return;
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HOST, encoding: 'utf8', env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' } });
  assert.strictEqual(result.status, 0, `npm ci in ${HOST} failed:\n${result.stdout}\n${result.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function main(): Promise<void> {
  ensureNextHost();
  const app = path.join(HOST, 'builds', `source-maps-${process.pid}-${phase}`);
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  const config = fs.readFileSync('next.config.js', 'utf8');
  fs.writeFileSync(path.join(app, 'next.config.js'), config);
  fs.cpSync('app', path.join(app, 'app'), { recursive: true });
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  let log = '';
  const port = await freePort();
  const server = { process: undefined as ReturnType<typeof spawn> | undefined };
  try {
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: app, encoding: 'utf8', env });
    assert.strictEqual(build.status, 0, `next build failed:\n${build.stdout}\n${build.stderr}`);
    const emitted = files(path.join(app, '.next', 'static')).filter((f) => f.endsWith('.js.map'));

    const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.process = child;
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    let page: Response | undefined;
    for (const deadline = Date.now() + 60_000; !page; ) {
      assert.strictEqual(child.exitCode, null, `next start exited:\n${log}`);
      try {
        page = await fetch(`${base}/`);
      } catch {
        assert.ok(Date.now() < deadline, `next start did not answer in 60 s:\n${log}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }

    // The page serves, with its client component rendered and its chunks loadable.
    assert.strictEqual(page.status, 200);
    if (/poweredByHeader:\s*(?:true|false)/.test(config)) attack('X-Powered-By names the framework', page.headers.get('x-powered-by') === 'Next.js', page.headers.get('x-powered-by'));
    const html = await page.text();
    assert.match(html, /<h1>Solar panels<\/h1>/);
    assert.match(html, /0<!-- --> in basket/);
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0, 'the page loads its JavaScript chunks');
    const served: string[] = [];
    let shopCodeInMaps = false;
    for (const src of scripts) {
      const js = await fetch(new URL(src, base));
      assert.strictEqual(js.status, 200, `${src} is served`);
      const text = await js.text();
      const pointer = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      const map = await fetch(new URL(pointer ?? `${src}.map`, new URL(src, base)));
      if (map.status === 200) {
        served.push(src);
        const body = (await map.json()) as { sourcesContent?: string[] };
        shopCodeInMaps ||= (body.sourcesContent ?? []).some((s) => s?.includes('basket-discount-rule-7'));
      } else {
        assert.strictEqual(pointer, undefined, `${src} points at a source map that is not served`);
      }
    }
    const detail = { emitted: emitted.length, served, shopCodeInMaps };
    attack('source maps emitted by next build', emitted.length > 0, detail);
    attack('source maps served to the browser for the page\'s chunks', served.length > 0, detail);
    attack('the shop\'s own client code readable from a served map', shopCodeInMaps, detail);
    if (phase === 'after') {
      // The client code still ships: minified, without a map.
      const bundles = await Promise.all(scripts.map(async (src) => (await fetch(new URL(src, base))).text()));
      assert.ok(bundles.some((b) => b.includes('basket-discount-rule-7')), 'the basket component is still in the served chunks');
    }
  } finally {
    if (server.process && server.process.exitCode === null) {
      const exited = new Promise((r) => server.process!.once('exit', r));
      server.process.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(app, { recursive: true, force: true });
  }
}

run(main);
