import * as assert from 'assert';
import * as fs from 'fs';
import type { Server } from 'http';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/fixtures';
import { applyFixOnDisk, CHROMIUM, CHROMIUM_ARGS, copyApp, CSP_DIR, diskEngine, headerFindings, preferredHeadersFix } from './helpers';

// The Express "Add a Content-Security-Policy with helmet" fix, run: the installer portal (a page,
// its script and a JSON API) is started before and after the fix with the real express and helmet
// (root devDependencies) and loaded in Chromium. After the fix the responses carry helmet's
// headers, the page still renders its list (its same-origin script passes the policy), and
// package.json lists helmet, so the app also starts after a fresh `npm install`.

async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const file = path.join(dir, 'server.js');
  delete require.cache[require.resolve(file)];
  const app = require(file);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The portal's list as Chromium renders it, and the console's CSP messages. */
async function renderedList(url: string): Promise<{ items: string[]; violations: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.goto(`${url}/`);
    await page.locator('#installers li').first().waitFor({ timeout: 10_000 });
    return { items: await page.locator('#installers li').allTextContents(), violations: messages.filter((m) => /Content[ -]Security[ -]Policy/i.test(m)) };
  } finally {
    await browser.close();
  }
}

describe('CSP proof: the Express helmet fix keeps the app serving its page, with the headers set', function () {
  this.timeout(120_000);
  // Inside the repository, so the app resolves express and helmet from the root node_modules.
  const dir = path.join(CSP_DIR, `.run-express-${process.pid}`);
  before(() => copyApp('express-shop', dir));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('before: serves the page without a policy; after: helmet headers, the same page, helmet in package.json', async () => {
    const before = await serve(dir);
    try {
      const res = await fetch(`${before.url}/`);
      assert.strictEqual(res.status, 200);
      assert.strictEqual(res.headers.get('content-security-policy'), null);
      assert.deepStrictEqual((await renderedList(before.url)).items, ['Sunny Roofs']);
    } finally {
      await close(before.server);
    }

    const file = path.join(dir, 'server.js');
    const fix = preferredHeadersFix(diskEngine(), file);
    assert.strictEqual(fix.title, 'Add a Content-Security-Policy with helmet (adds helmet)');
    applyFixOnDisk(file, fix);
    assert.deepStrictEqual(headerFindings(diskEngine(), file), []);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const installed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'helmet', 'package.json'), 'utf8')).version as string;
    assert.strictEqual(manifest.dependencies.helmet, '^8.0.0');
    assert.strictEqual(installed.split('.')[0], '8', `the range added matches the helmet installed (${installed})`);

    const after = await serve(dir);
    try {
      for (const route of ['/', '/app.js', '/api/installers']) {
        const res = await fetch(`${after.url}${route}`);
        assert.strictEqual(res.status, 200, route);
        assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*script-src 'self'/, route);
        assert.strictEqual(res.headers.get('x-content-type-options'), 'nosniff', route);
        assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/, route);
      }
      const rendered = await renderedList(after.url);
      assert.deepStrictEqual(rendered, { items: ['Sunny Roofs'], violations: [] });
    } finally {
      await close(after.server);
    }
  });
});
