// Runs the mocha suites of test/e2e/exthost/ inside VS Code's extension host, the way
// @vscode/test-electron does on desktop, but in code-server: the web workbench reads
// extensionDevelopmentPath / extensionTestsPath from its `payload` URL parameter, loads the
// extension under development into the Node extension host, runs the tests there (with the
// real `vscode` API) and reports the exit code through window.codeAutomationExit, which
// playwright exposes to the page. The per-test results come back in a file (exthost/index.js).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ROOT, startCodeServer } from './code-server.mjs';

export const TESTS_ENTRY = path.join(ROOT, 'test/e2e/exthost/index.js');
const { RESULTS_FILE } = createRequire(import.meta.url)(TESTS_ENTRY);
const TIMEOUT = 120_000;

/**
 * Starts code-server for `run`, opens its workspace with `extensionPath` under development and
 * the tests, and resolves with { tests: [{ name, ok, ms, error }], exitCode, consoleLines }.
 */
export async function runExtensionHostTests(browser, run, extensionPath) {
  fs.rmSync(RESULTS_FILE, { force: true });
  const server = await startCodeServer(run);
  const context = await browser.newContext();
  const consoleLines = [];
  let exitCode;
  try {
    const page = await context.newPage();
    page.on('console', (msg) => consoleLines.push(msg.text()));
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const remote = (p) => `vscode-remote://${new URL(server.url).host}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(TESTS_ENTRY)]];
    await page.goto(`${server.workspaceUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    exitCode = await Promise.race([
      exited,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`the extension host tests did not finish within ${TIMEOUT} ms`)), TIMEOUT); }),
    ]).finally(() => clearTimeout(timer));
  } finally {
    await context.close();
    await server.stop();
  }
  const tests = fs.existsSync(RESULTS_FILE) ? JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')).tests : [];
  return { tests, exitCode, consoleLines };
}
