import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { runCli } from '../../server/src/cli/cli';
import { REPO_ROOT } from '../helpers/fixtures';
import { removeProjects, runFakeCli, SAFE_PY, tempProject, VULNERABLE_PY } from './helpers';

// `--format html` opened in headless Chromium (Debian's chromium: test/e2e/setup.sh installs
// it in CI before `npm test`). A missing browser fails the test: it is never skipped.

const CHROMIUM = process.env.VIGIL_E2E_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'test', 'cli', 'artifacts');

/** A route whose flagged code carries markup: the report must show it as text. */
const MARKUP_PY = VULNERABLE_PY.replace("WHERE email = '{email}'", "WHERE note = '<img src=x onerror=alert(1)>' AND email = '{email}'");

describe('cli: HTML report in a browser', function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: run test/e2e/setup.sh (apt-get install chromium) or set VIGIL_E2E_CHROMIUM`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    removeProjects();
  });

  it('opens self-contained: summary by OWASP category with a bar chart, findings with code frames, escaped', async () => {
    const dir = tempProject({ 'api/customers.py': VULNERABLE_PY, 'api/notes.py': MARKUP_PY, 'api/orders.py': SAFE_PY, 'b.py': '# CRASH\n' });
    const run = await runFakeCli(['scan', '--format', 'html', '--output', 'report.html'], dir);
    assert.strictEqual(run.code, 3, run.stderr);
    const file = path.join(dir, 'report.html');

    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    await page.locator('#files').waitFor();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });

    assert.deepStrictEqual(requests, [`file://${file}`], 'no other resource is loaded');
    assert.strictEqual(await page.title(), 'Vigil report: 2 findings');
    assert.match(await page.locator('header .meta').innerText(), /^2 findings in 2 of 4 files scanned · 2 error 0 warning 0 info 0 hint · 1 file could not be analyzed · Vigil /);
    // One bar (OWASP 2021 A03) with the count beside it.
    assert.strictEqual(await page.locator('svg.chart g.bar').count(), 1);
    assert.match(await page.locator('svg.chart g.bar').innerHTML(), /A03:2021 Injection.*<rect [^>]*fill="#c62828".*>2<\/text>/);
    assert.deepStrictEqual(await page.locator('details.file summary code').allInnerTexts(), ['api/customers.py', 'api/notes.py']);
    const frame = page.locator('article.finding').nth(1).locator('table.frame');
    assert.match(await frame.innerText(), /^7\s+def find_customer.*\n8\s+cursor = db\.cursor\(\)\n9\s+cursor\.execute\(f"SELECT \* FROM customers WHERE note = '<img src=x onerror=alert\(1\)>'/m);
    assert.match(await frame.locator('mark').innerText(), /^f"SELECT/);
    assert.strictEqual(await page.locator('article img').count(), 0, 'markup from the scanned code is text, not elements');
    assert.match(await page.locator('article.finding').first().innerText(), /Fix on offer:\n+Parameterize this query \(preferred\)/);
    assert.match(await page.locator('#failures').innerText(), /b\.py:\s+could not be analyzed: Error: fake parser crashed/);
    await page.close();
  });

  it('category names clear the bars, messages set their code as code, the legend says what the colours are', async () => {
    // Many categories, some with long names (A07:2021 Identification and Authentication Failures).
    const files: Record<string, string> = { 'api/customers.py': VULNERABLE_PY };
    files['settings.py'] = 'SECRET_KEY = "9f1c2e7a4b8d0f3e6a5c1b2d"\n';
    files['feed.py'] = 'import yaml\n\ndef load(text):\n    return yaml.load(text)\n';
    files['legacy.py'] = 'import hashlib\n\ndef store(password):\n    return hashlib.md5(password.encode()).hexdigest()\n';
    const dir = tempProject(files);
    const code = await runCli(['scan', '--format', 'html', '--output', 'report.html', '--fail-on', 'none'], { cwd: dir, env: {}, stdout: { write: () => undefined }, stderr: { write: () => undefined } });
    assert.strictEqual(code, 0);
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await page.goto(`file://${path.join(dir, 'report.html')}`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#summary').screenshot({ path: path.join(ARTIFACTS, 'html-report-chart.png') });

    type Box = { x: number; y: number; width: number; height: number };
    const boxes: { label: Box; bars: Box[] }[] = [];
    for (const g of await page.locator('svg.chart g.bar').all()) {
      const bars = await Promise.all((await g.locator('rect').all()).map(async (r) => (await r.boundingBox())!));
      boxes.push({ label: (await g.locator('text.category').boundingBox())!, bars });
    }
    assert.ok(boxes.length >= 3, `categories: ${boxes.length}`);
    const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const allBars = boxes.flatMap((b) => b.bars);
    for (const { label } of boxes) assert.ok(!allBars.some((bar) => overlaps(label, bar)), `a category name runs into a bar: ${JSON.stringify(label)}`);

    const messages = await page.locator('p.message').allInnerTexts();
    assert.ok(messages.length >= 3);
    for (const text of messages) assert.ok(!text.includes('`'), `raw backticks: ${text}`);
    assert.ok((await page.locator('p.message code').count()) >= messages.length, 'the sink and the variable are code');
    assert.match(await page.locator('p.legend').innerText(), /severity:.*error.*warning/i);
    await page.close();
  });

  it('a clean scan says so', async () => {
    const dir = tempProject({ 'a.py': SAFE_PY });
    const run = await runFakeCli(['scan', '--format', 'html'], dir);
    assert.strictEqual(run.code, 0);
    const page = await browser.newPage();
    await page.setContent(run.stdout);
    assert.deepStrictEqual(await page.locator('.clean').allInnerTexts(), ['No findings.', 'No findings.']);
    await page.close();
  });
});
