import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { JsonReport } from '../../server/src/cli/format/json';
import { REPO_ROOT } from '../helpers/fixtures';
import { runBuiltCli } from './helpers';

// Speed work on the scan (issue 21: caches, shared parse trees, worker counts) must not change
// what it finds. The example app's report, as the built CLI gives it, is committed
// (test/cli/expected/solar-shop-scan.json: each finding's rule, place, message, severity,
// confidence, sink, taint path, fingerprint and fix titles, and each notice); the rule fixtures, which exercise every rule and
// the cross-module cases, must give the same report whatever the number of threads.
// After a deliberate change of findings: VIGIL_UPDATE_EXPECTED=1 rewrites the expectation.

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'solar-shop');
const EXPECTED = path.join(REPO_ROOT, 'test', 'cli', 'expected', 'solar-shop-scan.json');

interface ScanFinding {
  ruleId: string;
  path: string;
  range: string;
  severity: string;
  confidence: string;
  message: string;
  sink?: string;
  taintPath: unknown;
  fingerprint: string;
  fixes: string[];
}

function scan(dir: string, jobs: number): JsonReport {
  // The report goes to a file: the fixtures' one is larger than a pipe's default buffer.
  const out = path.join(os.tmpdir(), `vigil-same-findings-${process.pid}-${jobs}.json`);
  try {
    const run = runBuiltCli(['scan', '.', '--format', 'json', '--fail-on', 'none', '--no-config', '--jobs', String(jobs), '-o', out], dir);
    assert.strictEqual(run.code, 0, run.stderr);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as JsonReport;
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** What a user sees of a finding, positions as `line:col-line:col`. */
function comparable(report: JsonReport): { findings: ScanFinding[]; notices: JsonReport['notices'] } {
  const findings = report.findings.map((f) => {
    const { start, end } = f.range;
    const { fixes = [], taintPath } = f as unknown as { fixes?: { title: string }[]; taintPath?: unknown };
    return {
      ruleId: f.ruleId,
      path: f.path,
      range: `${start.line}:${start.character}-${end.line}:${end.character}`,
      severity: f.severity,
      confidence: f.confidence,
      message: f.message,
      // A finding without a sink (a manifest's) has none in the committed JSON either.
      ...(f.sink !== undefined ? { sink: f.sink } : {}),
      taintPath,
      fingerprint: f.fingerprint,
      fixes: fixes.map((x) => x.title),
    };
  });
  return { findings, notices: report.notices };
}

describe('cli: the same findings after speed work', function () {
  this.timeout(240_000);

  it('the example app: the committed report (findings, places, messages, fixes, notices)', () => {
    const actual = comparable(scan(EXAMPLE, 1));
    if (process.env.VIGIL_UPDATE_EXPECTED === '1') {
      fs.mkdirSync(path.dirname(EXPECTED), { recursive: true });
      fs.writeFileSync(EXPECTED, JSON.stringify(actual, null, 2) + '\n');
    }
    const expected = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')) as ReturnType<typeof comparable>;
    assert.ok(expected.findings.length >= 40, `the example plants every category; only ${expected.findings.length} findings expected`);
    assert.deepStrictEqual(actual, expected);
  });

  it('the rule fixtures: one thread and two threads give the same report', () => {
    const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
    const one = scan(fixtures, 1);
    const two = scan(fixtures, 2);
    assert.ok(one.findings.length > 100, `${one.findings.length} findings on the fixtures`);
    assert.deepStrictEqual(comparable(two), comparable(one));
  });
});
