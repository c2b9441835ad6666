import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits, Engine, type AnalysisResult, type AnalysisSettings, type Finding, type Language } from '../../server/src/engine';
import type { ConfigWaiver } from '../../server/src/engine/suppressions/suppressions';
import { REPO_ROOT } from '../helpers/fixtures';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'suppressions');
const PYTHON = 'test/fixtures/suppressions/python/orders_admin.py';
const ROUTE = 'test/fixtures/suppressions/typescript/app/api/orders/route.ts';
const PAGE = 'test/fixtures/suppressions/typescript/app/preview/page.tsx';

const engines = new Map<string, Engine>();
/** An engine whose "today" is pinned, so expiry does not depend on the day the tests run. */
function engineOn(today: string): Engine {
  let engine = engines.get(today);
  if (!engine) engines.set(today, (engine = new Engine({ today: () => today })));
  return engine;
}

function read(file: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
}

function analyze(file: string, text = read(file), settings: Partial<AnalysisSettings> = {}, today = '2026-06-01'): AnalysisResult {
  return engineOn(today).analyzeTextWith(file, text, { rules: {}, ...settings });
}

/** 0-based line of the first line containing `marker`. */
function lineOf(text: string, marker: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(marker));
  assert.ok(line >= 0, `no line contains ${marker}`);
  return line;
}

function at(result: AnalysisResult, ruleId: string, line: number): Finding | undefined {
  return result.findings.find((f) => f.ruleId === ruleId && f.range.start.line === line);
}

for (const [language, file, leader] of [
  ['python', PYTHON, '#'],
  ['typescript', ROUTE, '//'],
] as const) {
  describe(`suppressions in ${language}`, () => {
    const text = read(file);
    const result = analyze(file, text);

    it('hides findings covered by a reasoned suppression on the line or the line above, and records it', () => {
      const line = lineOf(text, 'status is checked against OrderStatus');
      assert.ok(!at(result, 'sql-injection', line + 1));
      const record = result.suppressions.find((s) => s.range.start.line === line)!;
      assert.deepStrictEqual([record.kind, record.ruleIds, record.status, record.until, record.matches], ['line', ['sql-injection'], 'active', '2099-12-31', 1]);
      assert.match(record.owner!, /^@(backend|web)-team$/);
      assert.ok(result.suppressed.some((s) => s.by === record && s.finding.range.start.line === line + 1));
      const several = lineOf(text, 'validated by the ops proxy');
      assert.strictEqual(result.suppressions.find((s) => s.range.start.line === several)!.status, 'active', 'a list with one unused id is still in use');
    });

    it('brings an expired suppression\'s finding back with the date it expired, and hides it before that day', () => {
      const line = lineOf(text, 'until 2025-01-31');
      const finding = at(result, 'sql-injection', line)!;
      assert.ok(finding, 'the finding is back');
      assert.match(finding.message, /\(its vigil-ignore on line \d+ expired on 2025-01-31\)$/);
      assert.ok(finding.fixes.some((f) => f.kind === 'ignore-line'), 'the usual fixes come with it');
      assert.strictEqual(result.suppressions.find((s) => s.range.start.line === line)!.status, 'expired');
      const before = analyze(file, text, {}, '2025-01-31');
      assert.ok(!at(before, 'sql-injection', line), 'the until day itself is still covered');
    });

    it('reports a suppression without a reason (info) and still applies it', () => {
      const line = lineOf(text, `${leader} vigil-ignore[command-injection]`);
      const finding = at(result, 'suppression-missing-reason', line)!;
      assert.strictEqual(finding.severity, 'info');
      assert.match(finding.message, /without a reason/);
      assert.ok(!at(result, 'command-injection', line + 1));
      assert.strictEqual(result.suppressions.find((s) => s.range.start.line === line)!.status, 'no-reason');
      const off = analyze(file, text, { rules: { 'suppression-missing-reason': 'off' } });
      assert.ok(!at(off, 'suppression-missing-reason', line), 'a config can turn the audit rule off');
    });

    it('reports an unused suppression as an unnecessary hint whose verified fix removes the comment', () => {
      const marker = language === 'python' ? 'the loader is SafeLoader now' : 'this handler renders no HTML';
      const line = lineOf(text, marker);
      const finding = at(result, 'unused-suppression', line)!;
      assert.deepStrictEqual([finding.severity, finding.tags], ['hint', ['unnecessary']]);
      assert.strictEqual(result.suppressions.find((s) => s.range.start.line === line)!.status, 'unused');
      const fixed = verifyFix(file, language, text, finding);
      assert.deepStrictEqual(fixed.split('\n').length, text.split('\n').length - 1, 'the whole line went');
      assert.ok(!fixed.includes(marker));
    });

    it('removes just the unused id from a list, keeping the others', () => {
      const line = lineOf(text, 'validated by the ops proxy');
      const finding = at(result, 'unused-suppression', line)!;
      const unused = language === 'python' ? 'command-injection' : 'sql-injection';
      const kept = language === 'python' ? 'sql-injection' : 'command-injection';
      assert.match(finding.message, new RegExp(`\`${unused}\``));
      const fixed = verifyFix(file, language, text, finding);
      assert.ok(fixed.split('\n')[line].includes(`vigil-ignore[${kept}]: `), fixed.split('\n')[line]);
    });

    it('honours foreign suppressions only with honorForeignSuppressions', () => {
      const line = lineOf(text, language === 'python' ? '# nosec B602' : '// NOSONAR');
      assert.ok(at(result, 'command-injection', line), 'reported by default');
      const honoured = analyze(file, text, { honorForeignSuppressions: true });
      assert.ok(!at(honoured, 'command-injection', line));
      const record = honoured.suppressions.find((s) => s.kind === 'foreign')!;
      assert.deepStrictEqual([record.tool, record.status], [language === 'python' ? 'bandit' : 'sonar', 'active']);
      assert.ok(!honoured.findings.some((f) => f.ruleId === 'suppression-missing-reason' && f.range.start.line === line), 'foreign comments need no reason');
    });

    it('applies config waivers to every finding of their rule, with the same expiry', () => {
      const waiver = (until?: string): ConfigWaiver => ({ rule: 'command-injection', paths: ['**'], reason: 'legacy module', until, file: '/repo/vigil.config.json', dir: '/repo', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 40 } } });
      const waived = analyze(file, text, { documentWaivers: [waiver('2099-01-01')] });
      assert.deepStrictEqual(waived.findings.filter((f) => f.ruleId === 'command-injection'), []);
      const record = waived.suppressions.find((s) => s.kind === 'waiver')!;
      assert.deepStrictEqual([record.status, record.file, record.reason], ['active', '/repo/vigil.config.json', 'legacy module']);
      assert.ok(record.matches >= 1);
      const expired = analyze(file, text, { documentWaivers: [waiver('2026-01-01')] });
      // The comment-free one comes back with the waiver's note; those with their own comments stay hidden.
      const back = expired.findings.filter((f) => f.ruleId === 'command-injection');
      assert.deepStrictEqual(back.map((f) => f.range.start.line), [lineOf(text, language === 'python' ? '# nosec B602' : '// NOSONAR')]);
      assert.ok(back[0].message.endsWith('(its waiver in vigil.config.json expired on 2026-01-01)'), back[0].message);
    });

    it('calls nothing unused while the file has syntax errors (its findings are incomplete)', () => {
      const broken = `${text}\n${language === 'python' ? 'def broken(:\n' : 'function broken( {\n'}`;
      const partial = analyze(file, broken);
      assert.ok(partial.notices.some((n) => n.kind === 'parse-error'));
      assert.ok(!partial.findings.some((f) => f.ruleId === 'unused-suppression'));
    });
  });
}

describe('suppressions in JSX', () => {
  const text = read(PAGE);
  const result = analyze(PAGE, text);

  it('a JSX comment covers the element below it; an unused one is removed with its line', () => {
    const used = lineOf(text, 'the CMS sanitizes snippets');
    assert.ok(!at(result, 'xss', used + 1));
    assert.strictEqual(result.suppressions.find((s) => s.range.start.line === used)!.owner, '@content-team');
    const unused = at(result, 'unused-suppression', lineOf(text, 'left over from the old preview'))!;
    const fixed = verifyFix(PAGE, 'typescriptreact', text, unused);
    assert.ok(!fixed.includes('left over'));
  });

  it('a comment naming no Vigil rule is a warning at the id that names the rule meant (not an unused hint)', () => {
    const typo = text.replace('vigil-ignore[xss]: the CMS', 'vigil-ignore[xxs]: the CMS');
    const result = analyze(PAGE, typo);
    const finding = result.findings.find((f) => f.ruleId === 'unknown-rule-in-suppression')!;
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(finding.tags, undefined);
    assert.match(finding.message, /Vigil has no rule `xxs`, so this comment suppresses nothing for it\. Did you mean `xss`\?/);
    assert.deepStrictEqual(finding.fixes.map((f) => f.title), ['Change `xxs` to `xss`']);
    assert.ok(!result.findings.some((f) => f.ruleId === 'unused-suppression' && f.message.includes('xxs')));
    assert.deepStrictEqual(result.suppressions.find((s) => s.ruleIds.includes('xxs'))!.unknownRuleIds, ['xxs']);
  });

  it('an id like no rule gets no guess', () => {
    const result = analyze(PAGE, text.replace('vigil-ignore[xss]: the CMS', 'vigil-ignore[zzzzzz]: the CMS'));
    const finding = result.findings.find((f) => f.ruleId === 'unknown-rule-in-suppression')!;
    assert.doesNotMatch(finding.message, /Did you mean/);
    assert.deepStrictEqual(finding.fixes.filter((f) => f.kind === 'rewrite'), []);
  });

  it('an empty rule list suppresses nothing and is unused', () => {
    const empty = analyze(PAGE, text.replace('vigil-ignore[xss]: the CMS', 'vigil-ignore[]: the CMS'));
    const line = lineOf(text, 'the CMS sanitizes snippets');
    assert.ok(at(empty, 'xss', line + 1), 'the finding is reported');
    assert.match(at(empty, 'unused-suppression', line)!.message, /names no rule/);
  });

  it('a suppression of a rule the config turns off is not called unused', () => {
    const off = analyze(PAGE, text, { rules: { xss: 'off' } });
    assert.ok(!off.findings.some((f) => f.ruleId === 'unused-suppression'));
  });

  it('an audit finding can itself be ignored for a file', () => {
    const legacy = `// vigil-ignore-file[suppression-missing-reason]: legacy page, reasons tracked in JIRA-42\n${text.replace(': left over from the old preview', '')}`;
    assert.ok(!analyze(PAGE, legacy).findings.some((f) => f.ruleId === 'suppression-missing-reason'));
  });
});

/** Applies the finding's one fix like every fix is checked: it parses, the finding is gone, only its lines changed. */
function verifyFix(file: string, language: Language, text: string, finding: Finding): string {
  assert.strictEqual(finding.fixes.length, 1);
  const fix = finding.fixes[0];
  const fixed = applyTextEdits(text, fix.edits);
  assert.ok(engineOn('2026-06-01').parses(language, fixed, file), `does not parse:\n${fixed}`);
  const before = analyze(file, text).findings.filter((f) => f.ruleId === finding.ruleId).length;
  assert.strictEqual(analyze(file, fixed).findings.filter((f) => f.ruleId === finding.ruleId).length, before - 1, 'exactly this finding is gone');
  const a = text.split('\n');
  const b = fixed.split('\n');
  const first = Math.min(...fix.edits.map((e) => e.range.start.line));
  const last = Math.max(...fix.edits.map((e) => e.range.end.line));
  assert.deepStrictEqual(b.slice(0, first), a.slice(0, first), 'lines above the fix changed');
  const tail = a.length - last - 1;
  assert.deepStrictEqual(b.slice(b.length - tail), a.slice(a.length - tail), 'lines below the fix changed');
  return fixed;
}
