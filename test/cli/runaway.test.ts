import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../server/src/cli/cli';
import type { JsonReport } from '../../server/src/cli/format/json';
import { Engine } from '../../server/src/engine';
import { MAX_IMPORT_DEPTH, type CrossModuleLimits } from '../../server/src/workspace/project-modules';
import { engine as sharedEngine, REPO_ROOT } from '../helpers/fixtures';
import { removeProjects, tempProject } from './helpers';

// No runaway scan, the same answer from any folder (issue 21). The helpdesk project is laid
// out like Netflix/dispatch: a `src/` layout, one sub-package per entity, every service
// importing the services of several others (`from helpdesk.x import service`), in cycles.

const PROJECT = path.join(REPO_ROOT, 'test', 'fixtures', 'projects', 'helpdesk-packages');
const VIEWS = path.join(PROJECT, 'src', 'helpdesk', 'tag', 'views.py');

/** An engine counting the module summaries it computes. */
function countingEngine(): Engine & { summarized: string[] } {
  const engine = Object.assign(new Engine({ catalog: sharedEngine().catalog }), { summarized: [] as string[] });
  const summarize = engine.summarize.bind(engine);
  engine.summarize = (file, text, settings, languageId) => {
    engine.summarized.push(file);
    return summarize(file, text, settings, languageId);
  };
  return engine;
}

async function scan(cwd: string, args: string[], engine = new Engine({ catalog: sharedEngine().catalog }), crossModuleLimits?: Partial<CrossModuleLimits>): Promise<JsonReport> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--jobs', '1', ...args], { cwd, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, createEngine: () => engine, crossModuleLimits });
  assert.strictEqual(code, 0, stderr);
  return JSON.parse(stdout) as JsonReport;
}

/**
 * A report with every path made absolute (report paths and the files traces name are relative
 * to the working folder, the one thing that may differ), and without its duration.
 */
function absolute(report: JsonReport, cwd: string): unknown {
  const resolve = (text: string) => text.replace(/[\w./-]+\.py\b/g, (p) => path.resolve(cwd, p));
  return {
    findings: report.findings.map((f) => ({ path: path.resolve(cwd, f.path), ruleId: f.ruleId, range: f.range, message: resolve(f.message), steps: f.taintPath.map((s) => resolve(s.label)) })),
    notices: report.notices.map((n) => ({ ...n, path: path.resolve(cwd, n.path), message: resolve(n.message) })),
    scanned: report.summary.scannedFiles,
  };
}

describe('cli: the same answer from any folder', () => {
  const elsewhere = fs.realpathSync(os.tmpdir());

  it('a file deep in a src/ layout: from the project root, from src/, from its own folder, by absolute path from elsewhere', async () => {
    const runs: [string, string][] = [
      [PROJECT, path.relative(PROJECT, VIEWS)],
      [path.join(PROJECT, 'src'), path.relative(path.join(PROJECT, 'src'), VIEWS)],
      [path.dirname(VIEWS), 'views.py'],
      [elsewhere, VIEWS],
    ];
    const reports = [];
    for (const [cwd, file] of runs) reports.push(absolute(await scan(cwd, [file]), cwd));
    // Its three routes reach SQL built in other sub-packages' services.
    assert.strictEqual((reports[0] as { findings: unknown[] }).findings.length, 3);
    for (const [i, report] of reports.entries()) assert.deepStrictEqual(report, reports[0], `scanned from ${runs[i][0]}`);
  });

  it('the whole project: from its root, from src/, by absolute path from elsewhere', async () => {
    const fromRoot = absolute(await scan(PROJECT, ['.']), PROJECT) as { scanned: number };
    // From src/ the project's manifest (pyproject.toml, at its root) is outside the scanned folder: one file fewer, the same findings.
    assert.deepStrictEqual(absolute(await scan(path.join(PROJECT, 'src'), ['.']), path.join(PROJECT, 'src')), { ...fromRoot, scanned: fromRoot.scanned - 1 });
    assert.deepStrictEqual(absolute(await scan(elsewhere, [PROJECT]), elsewhere), fromRoot);
  });
  it('test code is test code whatever the path looks like: `vigil scan ../app` from a sibling folder, as from the app itself', async () => {
    const parent = fs.mkdtempSync(path.join(elsewhere, 'vigil-sibling-'));
    try {
      const app = path.join(parent, 'app');
      const VIEW = 'import os\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/ls")\ndef ls():\n    os.system("ls " + request.args["dir"])\n    return "ok"\n';
      fs.mkdirSync(path.join(app, 'tests'), { recursive: true });
      fs.mkdirSync(path.join(parent, 'ci'));
      fs.writeFileSync(path.join(app, 'tests', 'views.py'), VIEW);
      fs.writeFileSync(path.join(app, 'views.py'), VIEW);
      const severities = (report: JsonReport, cwd: string) => report.findings.map((f) => `${path.relative(app, path.resolve(cwd, f.path))} ${f.ruleId} ${f.severity}`).sort();
      const fromApp = severities(await scan(app, ['.']), app);
      assert.ok(fromApp.some((f) => f.startsWith('tests/views.py ') && f.endsWith(' info')), fromApp.join('\n'));
      assert.ok(fromApp.some((f) => f.startsWith('views.py ') && !f.endsWith(' info')), fromApp.join('\n'));
      assert.deepStrictEqual(severities(await scan(path.join(parent, 'ci'), ['../app']), path.join(parent, 'ci')), fromApp);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

/** A helpdesk of `count` entity packages, each service calling the services of the next `fanOut` (in a ring: import cycles everywhere). */
function densePackages(count: number, fanOut: number): Record<string, string> {
  const name = (i: number) => `entity${i % count}`;
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "desk"\n', 'src/desk/__init__.py': '' };
  for (let i = 0; i < count; i++) {
    const others = Array.from({ length: fanOut }, (_, k) => name(i + k + 1));
    files[`src/desk/${name(i)}/__init__.py`] = '';
    files[`src/desk/${name(i)}/service.py`] = [
      ...others.map((o) => `from desk.${o} import service as ${o}_service`),
      '',
      '',
      'def get_by_name(cursor, name):',
      `    cursor.execute(f"SELECT * FROM ${name(i)} WHERE name = '{name}'")`,
      '    return cursor.fetchone()',
      '',
      '',
      'def search(cursor, name):',
      ...others.map((o) => `    ${o}_service.search(cursor, name)`),
      '    return get_by_name(cursor, name.strip())',
      '',
    ].join('\n');
    files[`src/desk/${name(i)}/views.py`] = [
      'from fastapi import APIRouter',
      '',
      `from desk.${name(i)} import service`,
      '',
      'router = APIRouter()',
      '',
      '',
      '@router.get("/search")',
      'def search(name: str, cursor=None):',
      '    return service.search(cursor, name)',
      '',
    ].join('\n');
  }
  return files;
}

describe('cli: bounded cross-module work', () => {
  after(removeProjects);

  it('each module is summarized at most once per import depth in a scan, however densely the packages import each other', async () => {
    const engine = countingEngine();
    const report = await scan(PROJECT, ['.'], engine);
    const python = report.summary.scannedFiles;
    assert.ok(report.findings.length >= 18);
    const perModule = new Map<string, number>();
    for (const file of engine.summarized) perModule.set(file, (perModule.get(file) ?? 0) + 1);
    for (const [file, times] of perModule) assert.ok(times <= MAX_IMPORT_DEPTH, `${file} summarized ${times} times`);
    assert.ok(engine.summarized.length <= MAX_IMPORT_DEPTH * python, `${engine.summarized.length} summaries for ${python} files`);
  });

  it('the work grows linearly with the packages: twice the packages, at most about twice the summaries', async () => {
    const counts: number[] = [];
    for (const packages of [4, 8, 16]) {
      const engine = countingEngine();
      const report = await scan(tempProject(densePackages(packages, 3)), ['.'], engine);
      assert.strictEqual(report.findings.length, packages, 'every route reaches SQL in its service');
      counts.push(engine.summarized.length);
    }
    assert.ok(counts[1] <= 2.2 * counts[0] && counts[2] <= 2.2 * counts[1], `summaries: ${counts.join(', ')}`);
  });
});

describe('cli: a runaway is stopped and said so', () => {
  const partials = (report: JsonReport) => report.notices.filter((n) => n.kind === 'partial');
  const budgets: [string, Partial<CrossModuleLimits>, RegExp][] = [
    ['summaries per file', { summariesPerAnalysis: 2 }, /^partial analysis: imports followed until 2 other modules were summarized for this file$/],
    ['summaries per scan', { summariesPerScan: 3 }, /^partial analysis: imports followed until 3 module summaries were computed in this scan$/],
    ['time per file', { msPerAnalysis: 0 }, /^partial analysis: imports followed for 0 ms, the limit per file$/],
    ['memory', { rssBytes: 1 }, /^partial analysis: imports not followed further past 0 MB of memory$/],
  ];
  for (const [what, limits, message] of budgets) {
    it(`${what}: the file gets a "partial analysis" notice and the findings its budget allowed`, async () => {
      const whole = await scan(PROJECT, [path.relative(PROJECT, VIEWS)]);
      assert.deepStrictEqual(partials(whole), []);
      const report = await scan(PROJECT, [path.relative(PROJECT, VIEWS)], undefined, limits);
      assert.deepStrictEqual(partials(report).map((n) => n.path), ['src/helpdesk/tag/views.py']);
      assert.match(partials(report)[0].message, message);
      assert.ok(report.findings.length < whole.findings.length, `${report.findings.length} findings`);
    });
  }
});
