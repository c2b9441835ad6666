// A rule that throws costs only its own findings for that file: the engine reports it as a
// rule-error notice naming the rule, every other finding still goes out, and the server logs
// the failure once per session. Failing rules are injected through EngineOptions.extraRules,
// which takes code and so cannot be reached from a config file.
import * as assert from 'assert';
import { Engine, type EngineRule, type Finding } from '../../server/src/engine';
import { NoticeLog } from '../../server/src/lsp/notices';
import { FakeClient } from '../protocol/fakes';
import { engine, fixturePath, ruleFixtures } from '../helpers/fixtures';

const THROWS = 'test-throwing-rule';

function throwing(language: EngineRule['language'], when: (text: string) => boolean = () => true): EngineRule {
  return {
    id: THROWS,
    language,
    analyze: ({ text }) => {
      if (when(text)) throw new TypeError('cannot read properties of undefined (reading "callee")');
      return [];
    },
  };
}

/** A working injected rule: one finding on the first line. */
function firstLine(language: EngineRule['language']): EngineRule {
  const finding: Finding = {
    ruleId: 'debug-enabled',
    message: 'injected finding',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    severity: 'warning',
    confidence: 'high',
    path: [],
    fixes: [],
  };
  return { id: 'test-first-line', language, analyze: () => [finding] };
}

const strip = (findings: Finding[]) => JSON.stringify(findings);

describe('isolation: a rule that throws is skipped for that file, the rest is published', () => {
  const { catalog } = engine();
  const fixtures = ruleFixtures().filter((f) => /expect:/.test(f.text));
  const py = fixtures.find((f) => f.languageId === 'python')!;
  const ts = fixtures.find((f) => f.languageId !== 'python')!;

  for (const fixture of [py, ts]) {
    const language = fixture.languageId === 'python' ? 'python' : 'typescript';
    it(`${fixture.name}: every built-in finding and the working injected rule's still come, with one rule-error naming the rule`, () => {
      const plain = new Engine({ catalog }).analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId);
      assert.ok(plain.findings.length > 0, 'the fixture has findings to lose');
      const guarded = new Engine({ catalog, extraRules: [throwing(language), firstLine(language)] });
      const result = guarded.analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId);
      const builtIn = result.findings.filter((f) => f.message !== 'injected finding');
      assert.strictEqual(strip(builtIn), strip(plain.findings));
      assert.strictEqual(result.findings.filter((f) => f.message === 'injected finding').length, 1, 'the working injected rule is not lost');
      const errors = result.notices.filter((n) => n.kind === 'rule-error');
      assert.deepStrictEqual(errors.map((n) => n.ruleId), [THROWS]);
      assert.match(errors[0].message, /rule test-throwing-rule failed and was skipped for this file: TypeError: cannot read properties/);
    });
  }

  it('skips the rule only for the files it fails on, and not at all when it is turned off', () => {
    const e = new Engine({ catalog, extraRules: [throwing('python', (text) => text.includes('BOOM'))] });
    const ok = e.analyzeText('api/a.py', py.text, {}, 'python');
    assert.deepStrictEqual(ok.notices.filter((n) => n.kind === 'rule-error'), []);
    const failing = e.analyzeText('api/b.py', `${py.text}\n# BOOM\n`, {}, 'python');
    assert.strictEqual(failing.notices.filter((n) => n.kind === 'rule-error').length, 1);
    const off = e.analyzeText('api/b.py', `${py.text}\n# BOOM\n`, { [THROWS]: 'off' }, 'python');
    assert.deepStrictEqual(off.notices.filter((n) => n.kind === 'rule-error'), [], 'a rule turned off is not run');
  });

  it('keeps working for an open document across edits while the rule keeps failing', () => {
    const e = new Engine({ catalog, extraRules: [throwing('typescript')] });
    const uri = 'file:///iso/route.ts';
    e.open(uri, ts.languageId, ts.text, 1, fixturePath(ts));
    const first = e.analyze(uri);
    e.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    const second = e.analyze(uri);
    assert.strictEqual(second.findings.length, first.findings.length);
    assert.ok(second.findings.length > 0);
    assert.strictEqual(second.notices.filter((n) => n.ruleId === THROWS).length, 1);
  });

  it('the server logs a failing rule once per session with its id, and tells the user once', () => {
    const client = new FakeClient();
    const log = new NoticeLog(client);
    const notice = { kind: 'rule-error' as const, ruleId: THROWS, message: `rule ${THROWS} failed and was skipped for this file: TypeError: x` };
    log.report('file:///a.py', 1, [notice]);
    log.report('file:///a.py', 2, [notice]);
    log.report('file:///b.py', 1, [notice, { kind: 'parse-error', message: 'the file has syntax errors' }]);
    assert.strictEqual(client.logs.filter((l) => l.message.includes(THROWS)).length, 1);
    assert.strictEqual(client.logs.filter((l) => l.level === 'error').length, 1);
    assert.ok(client.logged(/b\.py.*syntax errors/), 'other notices are still logged per file');
    assert.strictEqual(client.notified.length, 1);
  });

  it('the server logs a partial analysis per file and tells the user once', () => {
    const client = new FakeClient();
    const log = new NoticeLog(client);
    const partial = 'partial analysis: imports followed until 32 other modules were summarized for this file';
    log.report('file:///a.py', 1, [], partial);
    log.report('file:///a.py', 2, [], partial);
    log.report('file:///b.py', 1, [], partial);
    log.report('file:///c.py', 1, []);
    assert.strictEqual(client.logs.filter((l) => l.message.includes(partial)).length, 2, 'once per file while it stays the same');
    assert.ok(client.logged(/b\.py.*partial analysis/));
    assert.strictEqual(client.notified.length, 1);
    assert.match(client.notified[0], /partial analysis.*a\.py/);
  });

  it('a file nested deeper than the parser can go is skipped with a reason, not thrown', () => {
    const deep = `${'(\n'.repeat(5000)}db.query(\`\${req.query.id}\`)${'\n)'.repeat(5000)}`; // one per line: not minified
    const result = new Engine({ catalog }).analyzeText('app/api/deep/route.ts', deep);
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(result.notices.map((n) => n.kind), ['skipped']);
    assert.match(result.notices[0].message, /cannot be parsed/);
    assert.strictEqual(new Engine({ catalog }).parses('typescript', deep), false);
  });
});
