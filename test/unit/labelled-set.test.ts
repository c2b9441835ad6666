// The labelled comparison set (test/labelled) is well-formed and big enough for the acceptance
// comparison (issue 20): every annotation names a known category and sits above code, and each
// language has at least 150 positives and 100 near misses. The comparison itself is a bench
// (npm run bench:labelled), not a test.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULE_FIXTURES } from '../helpers/fixtures';
import { CATEGORIES, labelledSet, LABELLED_LANGUAGES, MIN_NEAR_MISSES, MIN_POSITIVES, readCases, VIGIL_CATEGORIES, BANDIT_CATEGORIES, ESLINT_CATEGORIES } from '../helpers/labelled';

describe('labelled comparison set (test/labelled)', () => {
  for (const language of LABELLED_LANGUAGES) {
    describe(language, () => {
      const set = labelledSet(language);

      it('has well-formed annotations', () => {
        assert.deepStrictEqual(set.problems.map((p) => `${p.file}:${p.line} ${p.problem}`), []);
      });

      it(`has at least ${MIN_POSITIVES} positives and ${MIN_NEAR_MISSES} near misses`, () => {
        const positives = set.cases.filter((c) => c.kind === 'expect').length;
        const nearMisses = set.cases.filter((c) => c.kind === 'ok').length;
        assert.ok(positives >= MIN_POSITIVES, `${positives} positives`);
        assert.ok(nearMisses >= MIN_NEAR_MISSES, `${nearMisses} near misses`);
      });

      it('labels each line once', () => {
        const seen = new Map<string, number>();
        for (const c of set.cases) for (const l of c.lines) seen.set(`${c.file}:${l}`, (seen.get(`${c.file}:${l}`) ?? 0) + 1);
        assert.deepStrictEqual([...seen].filter(([, n]) => n > 1).map(([k]) => k), []);
      });

      it('is kept apart from the rule fixtures (no file of the set is a fixture)', () => {
        const fixtures = new Set<string>();
        const walk = (dir: string) => {
          if (!fs.existsSync(dir)) return;
          for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else fixtures.add(fs.readFileSync(p, 'utf8'));
          }
        };
        walk(RULE_FIXTURES);
        for (const f of set.files) assert.ok(!fixtures.has(fs.readFileSync(path.join(set.dir, f), 'utf8')), `${f} is a copy of a rule fixture`);
      });
    });
  }

  it('reads annotations strictly: spans, unknown categories, typos and annotations over blank lines are reported', () => {
    const text = ['# expect: sql-injection (2 lines)', 'q = f"SELECT {x}"', 'cur.execute(q)', '# ok: no-such-category', 'x = 1', '# expect sql-injection', 'y = 2', '// ok: xss', ''].join('\n');
    const { cases, problems } = readCases('a.py', text);
    assert.deepStrictEqual(cases.map((c) => [c.kind, c.category, c.lines]), [
      ['expect', 'sql-injection', [2, 3]],
      ['ok', 'no-such-category', [5]],
      ['ok', 'xss', []],
    ]);
    assert.deepStrictEqual(problems.map((p) => p.line), [4, 6, 8]);
  });

  it('maps every tool rule to a known category', () => {
    for (const table of [VIGIL_CATEGORIES, BANDIT_CATEGORIES, ESLINT_CATEGORIES]) {
      for (const [rule, category] of Object.entries(table)) assert.ok(category in CATEGORIES, `${rule} -> ${category}`);
    }
  });
});
