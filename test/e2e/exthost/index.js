// Entry point that VS Code's extension host loads for extensionTestsPath (passed in the web
// workbench's `payload` URL parameter, see ../lib/exthost.mjs). Runs the mocha suites of this
// folder inside the extension host, with the real `vscode` API. The returned promise becomes
// the exit code given to window.codeAutomationExit; the per-test results go to RESULTS_FILE
// (console output is forwarded to the browser asynchronously and can lose the race with exit).
const path = require('node:path');
const fs = require('node:fs');
const Mocha = require(path.resolve(__dirname, '../../../node_modules/mocha'));

const RESULTS_FILE = path.resolve(__dirname, '../artifacts/exthost-results.json');
exports.RESULTS_FILE = RESULTS_FILE;

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'dot', color: false });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))) mocha.addFile(path.join(__dirname, file));
  const tests = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
      fs.writeFileSync(RESULTS_FILE, JSON.stringify({ passes: runner.stats.passes, failures, tests }, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => tests.push({ name: test.fullTitle(), ok: true, ms: test.duration }));
    runner.on('fail', (test, error) => tests.push({ name: test.fullTitle(), ok: false, error: String((error && error.stack) || error) }));
  });
};
