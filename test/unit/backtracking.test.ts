// The `backtracking` argument condition's verdicts (server/src/engine/rules/backtracking.ts):
// what counts as catastrophic in each language's syntax, what does not, and that no pattern
// text, however broken, throws.
import * as assert from 'assert';
import { backtracking, pythonToEcmascript } from '../../server/src/engine/rules/backtracking';

const js = (source: string, flags = '') => backtracking({ source, flags, syntax: 'ecmascript' });
const py = (source: string, flags = '') => backtracking({ source, flags, syntax: 'python' });

describe('backtracking: catastrophic regular expressions', () => {
  it('finds exponential backtracking in both syntaxes', () => {
    assert.strictEqual(js('^(\\w+\\s?)*$'), 'exponential');
    assert.strictEqual(js('^([a-z0-9]+[._-]?)+$', 'i'), 'exponential');
    assert.strictEqual(py('^(\\d+[ -]?)*$'), 'exponential');
    assert.strictEqual(py('(?i)^(?P<part>[a-z]+\\d?)*\\Z'), 'exponential');
    assert.strictEqual(py('^ (?P<word> \\w+ \\s? )* $   # words', 'x'), 'exponential');
  });

  it('tells polynomial from exponential, and leaves the per-position retry of an unanchored search out', () => {
    assert.strictEqual(js('^[a-z]+.*$'), 'polynomial');
    assert.strictEqual(py('^\\w+\\s*\\w*$'), 'polynomial');
    assert.strictEqual(js('a+b'), 'linear');
  });

  it('leaves safe patterns and rewrites alone', () => {
    for (const source of ['^\\d{6}$', '\\s+', '[a-z]+@[a-z]+', '^\\w+(?:\\s\\w+)*$', '@([a-z0-9-]+\\.)+[a-z]{2,}$', '("[^"]*"\\s*)+$']) {
      assert.strictEqual(js(source), 'linear', `js ${source}`);
      assert.strictEqual(py(source), 'linear', `python ${source}`);
    }
  });

  it('translates Python syntax to JS syntax', () => {
    assert.deepStrictEqual(pythonToEcmascript('(?P<year>\\d{4})-(?P=year)'), { source: '(?<year>\\d{4})-\\k<year>', flags: '' });
    assert.deepStrictEqual(pythonToEcmascript('(?im)\\Aabc\\Z'), { source: '(?<![\\s\\S])abc(?![\\s\\S])', flags: 'im' });
    assert.deepStrictEqual(pythonToEcmascript('\\Aa{,3}\\Z(?#note)'), { source: '^a{0,3}$', flags: '' });
    assert.deepStrictEqual(pythonToEcmascript('[]a]+'), { source: '[\\]a]+', flags: '' });
    assert.deepStrictEqual(pythonToEcmascript('(?a:\\w)+ # x', 'x'), { source: '(?:\\w)+', flags: '' });
  });

  it('does not report what JS regexes cannot say (atomic groups, possessive quantifiers, conditionals)', () => {
    for (const source of ['^(?>\\w+\\s?)*$', '^(\\w++\\s?)*$', '^(a)?(?(1)(b+)+|c)$', '\\N{EM DASH}(a+)+$']) {
      assert.strictEqual(pythonToEcmascript(source), undefined, source);
      assert.strictEqual(py(source), 'linear', source);
    }
  });

  it('never throws on broken or huge patterns', () => {
    for (const source of ['(', '[', '(?P<', '\\', '*a', '(?<=a+)+', 'a{2,1}', '(a+)+'.repeat(600)]) {
      assert.doesNotThrow(() => js(source), source);
      assert.doesNotThrow(() => py(source), source);
    }
  });
});
