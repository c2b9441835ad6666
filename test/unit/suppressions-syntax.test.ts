import * as assert from 'assert';
import { LineIndex } from '../../server/src/engine';
import { findSuppressions, hasReason, isCalendarDate, type Suppression } from '../../server/src/engine/suppressions/suppressions';

function parse(text: string, foreign = false): Suppression[] {
  return findSuppressions(text, new LineIndex(text), { foreign });
}

function one(text: string): Suppression {
  const found = parse(text);
  assert.strictEqual(found.length, 1, `one suppression in ${JSON.stringify(text)}`);
  return found[0];
}

describe('suppression comment syntax', () => {
  it('reads rule ids, reason, expiry and owner in Python and TS comments', () => {
    const py = one('    cursor.execute(q)  # vigil-ignore[sql-injection, xss]: table names come from an enum until 2026-03-31 by @backend-team');
    assert.deepStrictEqual([py.kind, py.ruleIds, py.reason, py.until, py.owner, py.ownLine], ['line', ['sql-injection', 'xss'], 'table names come from an enum', '2026-03-31', '@backend-team', false]);
    const ts = one('  // vigil-ignore[ssrf]: internal service only by @acme/platform until 2026-12-01');
    assert.deepStrictEqual([ts.ruleIds, ts.reason, ts.until, ts.owner, ts.ownLine], [['ssrf'], 'internal service only', '2026-12-01', '@acme/platform', true]);
  });

  it('reads JSX and block comments up to their end, and file-wide suppressions', () => {
    const jsx = one('      {/* vigil-ignore[xss]: sanitized by the CMS by @content */}');
    assert.deepStrictEqual([jsx.reason, jsx.owner, jsx.ownLine], ['sanitized by the CMS', '@content', true]);
    assert.deepStrictEqual([jsx.range.start.character, jsx.range.end.character], [6, '      {/* vigil-ignore[xss]: sanitized by the CMS by @content */}'.length]);
    const block = one('run(cmd) /* vigil-ignore[command-injection]: fixed argv */ ;');
    assert.deepStrictEqual([block.reason, block.ownLine], ['fixed argv', false]);
    const file = one('# vigil-ignore-file[weak-password-hash]: legacy importer, removed in Q3');
    assert.deepStrictEqual([file.kind, file.fileWide, file.reason], ['file', true, 'legacy importer, removed in Q3']);
  });

  it('keeps the older forms working: no reason, no colon, the `*` wildcard', () => {
    assert.deepStrictEqual([one('x = 1  # vigil-ignore[sql-injection]').reason, one('x = 1  # vigil-ignore[sql-injection]').ruleIds], ['', ['sql-injection']]);
    assert.strictEqual(one('x()  // vigil-ignore[*] until 2026-01-01').until, '2026-01-01');
    assert.strictEqual(one('x()  // vigil-ignore[*] until 2026-01-01').reason, '');
  });

  it('treats an impossible date as part of the reason, and a placeholder as no reason', () => {
    const bad = one('# vigil-ignore[xss]: checked until 2026-02-30');
    assert.deepStrictEqual([bad.until, bad.reason], [undefined, 'checked until 2026-02-30']);
    assert.ok(isCalendarDate('2028-02-29') && !isCalendarDate('2026-02-29') && !isCalendarDate('2026-2-1'));
    assert.ok(!hasReason(one('# vigil-ignore[xss]: <reason>')));
    assert.ok(!hasReason(one('// vigil-ignore[xss]: reason')), 'the snippet default left as it was');
    assert.ok(hasReason(one('# vigil-ignore[xss]: a <b> tag is stripped upstream')));
  });

  it('removes a comment alone on its line with its line, else only the comment and the blanks before it', () => {
    const own = parse('a = 1\n    # vigil-ignore[xss]: r\nb = 2\n')[0];
    assert.deepStrictEqual(own.removal, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
    const last = parse('a = 1\n# vigil-ignore[xss]: r')[0];
    assert.deepStrictEqual(last.removal, { start: { line: 0, character: 5 }, end: { line: 1, character: 22 } });
    const trailing = parse('b = f(x)   # vigil-ignore[xss]: r\n')[0];
    assert.deepStrictEqual(trailing.removal, { start: { line: 0, character: 8 }, end: { line: 0, character: 33 } });
    assert.deepStrictEqual(trailing.idRanges, [{ start: { line: 0, character: 26 }, end: { line: 0, character: 29 } }]);
  });

  it('reads foreign suppressions only when asked, mapping Bandit test ids to Vigil rules', () => {
    const text = ['run(cmd, shell=True)  # nosec', 'run(cmd, shell=True)  # nosec B602, B607', 'yaml.load(x)  # nosec B104', 'exec(cmd) // NOSONAR', '// nosemgrep: javascript.lang.security.audit', 'exec(cmd)'].join('\n');
    assert.deepStrictEqual(parse(text), []);
    const found = parse(text, true);
    assert.deepStrictEqual(found.map((s) => [s.line, s.kind, s.tool, s.ruleIds, s.ownLine]), [
      [0, 'foreign', 'bandit', [], false],
      [1, 'foreign', 'bandit', ['command-injection', 'bandit:B607'], false],
      [2, 'foreign', 'bandit', ['bandit:B104'], false],
      [3, 'foreign', 'sonar', [], false],
      [4, 'foreign', 'semgrep', [], true],
    ]);
  });
});
