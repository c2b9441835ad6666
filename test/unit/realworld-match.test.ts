// The real-application benchmark's label matching: re-anchoring by line hash, the window, categories,
// sinks named by cross-function findings, and the line count of production code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { anchor, countLines, type Finding, type Label, lineHash, matchFindings, sinkLocation } from '../bench/realworld/match';

describe('realworld benchmark label matching', () => {
  let dir: string;
  const original = ['import os', '', 'def run(cmd):', '    os.system(cmd)', '    return 1', ''];
  const label = (over: Partial<Label> = {}): Label => ({
    file: 'app/run.py',
    line: 4,
    hash: lineHash('    os.system(cmd)'),
    category: ['command-injection'],
    expected: 'finding',
    source: 'synthetic',
    ...over,
  });
  const finding = (over: Partial<Finding> = {}): Finding => ({ ruleId: 'command-injection', severity: 'error', file: 'app/run.py', line: 4, ...over });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-realworld-'));
    fs.mkdirSync(path.join(dir, 'app', 'tests'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app', 'run.py'), original.join('\n'));
    fs.writeFileSync(path.join(dir, 'app', 'tests', 'test_run.py'), 'assert True\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hashes the trimmed line text', () => {
    assert.strictEqual(lineHash('  x = 1  '), lineHash('x = 1'));
    assert.notStrictEqual(lineHash('x = 1'), lineHash('x = 2'));
  });

  it('keeps a label whose line still has its hash, and re-anchors one whose line moved', () => {
    assert.deepStrictEqual(anchor(label(), dir).line, 4);
    fs.writeFileSync(path.join(dir, 'app', 'run.py'), ['# header', '# more', ...original].join('\n'));
    const a = anchor(label(), dir);
    assert.strictEqual(a.line, 6);
    assert.strictEqual(a.moved, true);
    const r = matchFindings([label()], [finding({ line: 6 })], dir);
    assert.strictEqual(r.found.length, 1);
    assert.strictEqual(r.missed.length, 0);
  });

  it('marks a label stale when no line has its hash any more', () => {
    fs.writeFileSync(path.join(dir, 'app', 'run.py'), 'import subprocess\n');
    const r = matchFindings([label()], [finding()], dir);
    assert.strictEqual(r.stale.length, 1);
    assert.strictEqual(r.found.length, 0);
    assert.strictEqual(r.unlabelled.length, 1);
  });

  it('matches within the window and category only', () => {
    assert.strictEqual(matchFindings([label()], [finding({ line: 7 })], dir).found.length, 1);
    assert.strictEqual(matchFindings([label()], [finding({ line: 8 })], dir).found.length, 0);
    assert.strictEqual(matchFindings([label()], [finding({ ruleId: 'sql-injection' })], dir).found.length, 0);
    assert.strictEqual(matchFindings([label()], [finding({ file: 'app/other.py' })], dir).found.length, 0);
    assert.strictEqual(matchFindings([label({ line: 3, hash: lineHash('def run(cmd):'), window: 10 })], [finding({ line: 12 })], dir).found.length, 1);
  });

  it('counts a cross-function finding on the label of the sink it names', () => {
    const message = 'Command injection: FastAPI parameter `cmd` reaches `os.system` inside `run()` (app/run.py line 4) through `cmd`.';
    const at = sinkLocation(message);
    assert.deepStrictEqual(at, { file: 'app/run.py', line: 4 });
    const r = matchFindings([label()], [finding({ file: 'app/api.py', line: 20, message, sinkAt: at })], dir);
    assert.strictEqual(r.found.length, 1);
    assert.strictEqual(r.truePositives.length, 1);
    // A sink in the same file is named by its line alone.
    const local = 'Open redirect: request.body.next reaches `res.redirect` inside `done()` (line 4) through `next`.';
    assert.deepStrictEqual(sinkLocation(local, 'app/run.py'), { file: 'app/run.py', line: 4 });
    assert.strictEqual(sinkLocation(local), undefined);
  });

  it('scores findings on clean and false-positive labels as false', () => {
    const r = matchFindings([label({ expected: 'clean' })], [finding()], dir);
    assert.strictEqual(r.onClean.length, 1);
    assert.strictEqual(r.truePositives.length, 0);
    const v = matchFindings([label({ verdict: 'false-positive', reason: 'constant' })], [finding()], dir);
    assert.strictEqual(v.onClean.length, 1);
  });

  it('counts non-blank production lines and leaves tests out', () => {
    assert.deepStrictEqual(countLines(dir), { files: 1, lines: 4 }); // app/run.py's four non-blank lines; app/tests is left out
  });
});
