import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';

// The TextMate injection grammar colours a suppression's reason, its `until` date and its
// `@owner` inside the reason (capture patterns). Its regexes are also valid JavaScript, which
// lets them be checked here without an Oniguruma engine.
interface Rule {
  match: string;
  captures: Record<string, { name: string; patterns?: { include: string }[] }>;
}

const grammar = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'syntaxes', 'vigil-ignore.injection.json'), 'utf8')) as { repository: Record<string, Rule> };

/** Scope name → matched text, for the reason's inner patterns. */
function innerScopes(reason: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { include } of grammar.repository.ignore.captures['6'].patterns ?? []) {
    const rule = grammar.repository[include.slice(1)];
    const match = new RegExp(rule.match).exec(reason);
    if (!match) continue;
    for (const [group, capture] of Object.entries(rule.captures)) out[capture.name] = match[Number(group)];
  }
  return out;
}

describe('suppression comment grammar', () => {
  const ignore = new RegExp(grammar.repository.ignore.match);

  it('colours the rule ids and the reason of Python, TS and JSX comments', () => {
    for (const comment of ['# vigil-ignore[sql-injection]: enum values only', '// vigil-ignore[sql-injection]: enum values only', '{/* vigil-ignore[sql-injection]: enum values only */}']) {
      const match = ignore.exec(comment)!;
      assert.deepStrictEqual([match[1], match[3], match[6].trim()], ['vigil-ignore', 'sql-injection', 'enum values only'], comment);
    }
  });

  it('colours the until date and the @owner inside the reason, in either order', () => {
    const reason = ignore.exec('# vigil-ignore[ssrf, xss]: internal pricing service until 2026-03-31 by @acme/platform')![6];
    assert.deepStrictEqual(innerScopes(reason), {
      'keyword.operator.word.until.vigil-ignore': 'until',
      'constant.numeric.date.vigil-ignore': '2026-03-31',
      'keyword.operator.word.by.vigil-ignore': 'by',
      'variable.parameter.owner.vigil-ignore': '@acme/platform',
    });
    assert.deepStrictEqual(Object.values(innerScopes('reviewed by @ana until 2026-12-01')), ['until', '2026-12-01', 'by', '@ana']);
    assert.deepStrictEqual(innerScopes('bypass for the until-now legacy importer'), {}, 'words that merely contain "by" or "until" stay part of the reason');
  });
});
