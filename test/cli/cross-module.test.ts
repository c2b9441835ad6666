import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/cli';
import type { JsonFinding, JsonReport } from '../../server/src/cli/format/json';
import { MIN_FILES_PER_WORKER } from '../../server/src/cli/parallel';
import { Engine, languageOfPath } from '../../server/src/engine';
import { readAnnotations, REPO_ROOT } from '../helpers/fixtures';
import { removeProjects, runBuiltCli, SAFE_PY, tempProject } from './helpers';

// Cross-module taint through the CLI: request data returned by functions of other project
// modules (from-imports, relative imports, module aliases, package re-exports, two hops).

const PROJECTS = path.join(REPO_ROOT, 'test', 'fixtures', 'projects');

/** The project's source files in every language Vigil reads, `/`-separated, relative to `dir`. */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.split(path.sep).includes('node_modules') && languageOfPath(f) !== undefined)
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}
const pythonFiles = (dir: string) => sourceFiles(dir).filter((f) => f.endsWith('.py'));

async function scan(dir: string, args: string[] = []): Promise<JsonReport> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['scan', '--format', 'json', '--fail-on', 'none', ...args], { cwd: dir, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  assert.strictEqual(code, 0, stderr);
  return JSON.parse(stdout) as JsonReport;
}

async function scanText(dir: string, args: string[]): Promise<string> {
  let stdout = '';
  const code = await runCli(['scan', '--fail-on', 'none', '--no-color', ...args], { cwd: dir, env: {}, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } });
  assert.strictEqual(code, 0);
  return stdout;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
  message: { text: string };
}
interface SarifLog {
  runs: { results: { message: { text: string }; locations: SarifLocation[]; codeFlows?: { threadFlows: { locations: { location: SarifLocation }[] }[] }[] }[] }[];
}

function strip(report: JsonReport): JsonReport {
  return { ...report, summary: { ...report.summary, durationMs: 0 } };
}

for (const project of fs.readdirSync(PROJECTS).sort()) {
  const dir = path.join(PROJECTS, project);
  describe(`cli: cross-module taint in ${project}`, () => {
    let report: JsonReport;
    before(async () => {
      report = await scan(dir);
    });

    for (const file of sourceFiles(dir)) {
      const annotations = readAnnotations(fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const annotation of annotations) {
        it(`${file}:${annotation.line + 1} ${annotation.kind} ${annotation.ruleId}`, () => {
          const found = report.findings.filter((f) => f.path === file && f.ruleId === annotation.ruleId && f.range.start.line === annotation.line);
          if (annotation.kind === 'expect') assert.strictEqual(found.length, 1, `no ${annotation.ruleId} on line ${annotation.line + 1}`);
          else assert.deepStrictEqual(found.map((f) => f.message), []);
        });
      }
    }

    it('every finding is annotated (none beyond the expect: lines)', () => {
      const expected = sourceFiles(dir).flatMap((file) =>
        readAnnotations(fs.readFileSync(path.join(dir, file), 'utf8'))
          .filter((a) => a.kind === 'expect')
          .map((a) => `${file}:${a.line + 1} ${a.ruleId}`),
      );
      const taint = new Set(expected.map((e) => e.split(' ')[1]));
      const found = report.findings.filter((f) => taint.has(f.ruleId)).map((f) => `${f.path}:${f.range.start.line + 1} ${f.ruleId}`);
      assert.deepStrictEqual(found.sort(), expected.sort());
      assert.ok(expected.length >= 5);
    });

    it('SARIF code flows end at the sink call itself, in the file that has it (not at the call site)', async () => {
      const sarif = JSON.parse(await scanText(dir, ['--format', 'sarif'])) as SarifLog;
      const flows = sarif.runs[0].results.filter((r) => r.codeFlows).map((r) => {
        const steps = r.codeFlows![0].threadFlows[0].locations.map((l) => l.location);
        return { at: r.locations[0].physicalLocation, sink: steps[steps.length - 1], message: r.message.text };
      });
      const elsewhere = flows.filter((f) => f.sink.physicalLocation.artifactLocation.uri !== f.at.artifactLocation.uri);
      assert.ok(elsewhere.length >= 3, 'findings whose sink is in another module');
      for (const { sink, message } of flows) {
        const file = decodeURIComponent(sink.physicalLocation.artifactLocation.uri);
        const startLine = sink.physicalLocation.region.startLine;
        const line = fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[startLine - 1];
        const method = sink.message.text.replace(/`/g, '').split('.').pop()!;
        // A sink passed in as a function-typed parameter (`withRetry(axios.head, url)`) is called there under the parameter's name (`send(url)`): the flow ends at that call, where the message says.
        const passedIn = !line.includes(method) && message.includes(`(${file} line ${startLine})`) && /\w\s*\(/.test(line);
        assert.ok(line.includes(method) || passedIn, `${file}:${startLine} is not the sink ${sink.message.text}: ${line}`);
      }
    });

    it('the text path ends at the sink in the other module, naming its file and line', async () => {
      const text = await scanText(dir, []);
      const [, ...blocks] = text.split(/\n(?=\S+:\d+:\d+ )/);
      const inside = blocks.filter((b) => / inside `[^`]+\(\)` \([^)]* line \d+\)/.test(b.split('\n')[0]));
      assert.ok(inside.length >= 3);
      for (const block of inside) {
        const [, where] = /inside `[^`]+\(\)` \(([^)]*line \d+)\)/.exec(block)!;
        const pathLine = block.split('\n').find((l) => l.trim().startsWith('path:'))!;
        assert.ok(pathLine.endsWith(`(${where})`), pathLine);
      }
    });

    it('the expected findings need the other modules: one file at a time finds none of them', () => {
      const engine = new Engine();
      for (const file of sourceFiles(dir)) {
        const expected = readAnnotations(fs.readFileSync(path.join(dir, file), 'utf8')).filter((a) => a.kind === 'expect');
        const result = engine.analyzeTextWith(file, fs.readFileSync(path.join(dir, file), 'utf8'), { rules: {} });
        const lines = new Set(result.findings.map((f) => `${f.ruleId}@${f.range.start.line}`));
        assert.deepStrictEqual(expected.filter((a) => lines.has(`${a.ruleId}@${a.line}`)), []);
      }
    });
  });
}

describe('cli: cross-module taint traces and threads', () => {
  after(removeProjects);
  const dir = path.join(PROJECTS, 'fastapi-cross-module');

  it('the trace names the module and line that read the request data, and the imported helper a parameter went through', async () => {
    const report = await scan(dir);
    const at = (file: string, line: number): JsonFinding => report.findings.find((f) => f.path === file && f.location.line === line)!;
    const partner = at('app/partners/views.py', 15);
    assert.match(partner.message, /^SQL injection: Flask request\.headers reaches `cursor\.execute`/);
    assert.deepStrictEqual(
      partner.taintPath.map((s) => s.label).filter((l) => l.startsWith('returned by')),
      ['returned by `partner_id()` (app/partners/context.py line 6 reads Flask request.headers)'],
    );
    const twoHops = at('app/routers/customers.py', 46);
    assert.ok(twoHops.taintPath.some((s) => s.label === 'returned by `active_customer_filter()` (app/services/filters.py line 5)'), JSON.stringify(twoHops.taintPath));
  });

  it('--jobs 2 gives the report of --jobs 1 (each thread summarizes the imported modules itself)', () => {
    const files: Record<string, string> = {};
    for (const file of pythonFiles(dir)) files[file] = fs.readFileSync(path.join(dir, file), 'utf8');
    for (let i = 0; i < 2 * MIN_FILES_PER_WORKER; i++) files[`app/extra/m${i}.py`] = SAFE_PY;
    const copy = tempProject(files);
    const one = runBuiltCli(['scan', '--jobs', '1', '--format', 'json', '--fail-on', 'none'], copy);
    const two = runBuiltCli(['scan', '--jobs', '2', '--format', 'json', '--fail-on', 'none'], copy);
    assert.strictEqual(two.code, 0, two.stderr);
    const report = strip(JSON.parse(two.stdout));
    assert.ok(report.findings.length >= 9);
    assert.deepStrictEqual(report, strip(JSON.parse(one.stdout)));
  });
});
