import * as assert from 'assert';
import { affects, bumpedSpec, nearestFixed, VERSION_SCHEMES, type Advisory } from '../../server/src/engine/dependencies';
import { fixtureAdvisories } from '../helpers/advisories';

const advisory = (ranges: Advisory['ranges'], versions?: string[]): Advisory => ({ id: 'TEST-1', aliases: [], summary: '', ranges, ...(versions ? { versions } : {}) });

describe('dependency versions: each ecosystem\'s order', () => {
  it('PEP 440: the ordering example of the PEP', () => {
    // PEP 440, "Summary of permitted suffixes and relative ordering".
    const ordered = ['1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.1.dev1'];
    const shuffled = [...ordered].reverse().sort(VERSION_SCHEMES.PyPI.compare);
    assert.deepStrictEqual(shuffled, ordered);
  });

  it('PEP 440 and semver disagree where it matters: a PyPI release candidate is before the release it fixes in', () => {
    const fixedIn51 = advisory([[{ introduced: '0' }, { fixed: '5.1' }]]);
    assert.ok(affects(fixedIn51, 'PyPI', '5.1rc1'));
    assert.ok(affects(fixedIn51, 'PyPI', '5.1b3'));
    assert.ok(!affects(fixedIn51, 'PyPI', '5.1'));
    assert.ok(!affects(fixedIn51, 'PyPI', '5.1.post1'));
    assert.ok(affects(fixedIn51, 'PyPI', '5.0.0'), '5.0.0 equals 5.0 in PEP 440');
  });

  it('semver: prereleases and build metadata', () => {
    const range = advisory([[{ introduced: '2.0.0' }, { fixed: '2.3.1' }]]);
    assert.ok(affects(range, 'npm', '2.3.1-beta.1'));
    assert.ok(!affects(range, 'npm', '2.3.1'));
    assert.ok(!affects(range, 'npm', '1.9.9'));
    assert.ok(affects(range, 'npm', '2.0.0'));
  });
});

describe('dependency advisories: OSV range evaluation', () => {
  it('several intervals in one range, last_affected, and listed versions', () => {
    const intervals = advisory([[{ introduced: '0' }, { fixed: '2.2.5' }, { introduced: '2.3.0' }, { fixed: '2.3.2' }]]);
    assert.deepStrictEqual(['2.2.4', '2.2.5', '2.3.0', '2.3.1', '2.3.2'].map((v) => affects(intervals, 'PyPI', v)), [true, false, true, true, false]);
    const last = advisory([[{ introduced: '0' }, { last_affected: '0.3.5' }]]);
    assert.deepStrictEqual(['0.3.5', '0.3.6'].map((v) => affects(last, 'npm', v)), [true, false]);
    const listed = advisory([], ['1.4.1', '1.4.2']);
    assert.deepStrictEqual(['1.4.0', '1.4.1', '1.4.2'].map((v) => affects(listed, 'npm', v)), [false, true, true]);
  });

  it('the nearest fixed version is one no advisory affects (lodash 4.17.5 still has CVE-2018-16487)', () => {
    assert.strictEqual(nearestFixed(fixtureAdvisories(), 'npm', 'lodash', '4.17.4'), '4.17.11');
    assert.strictEqual(nearestFixed(fixtureAdvisories(), 'PyPI', 'PyYAML', '3.13'), '5.4');
    assert.strictEqual(nearestFixed(fixtureAdvisories(), 'PyPI', 'py_yaml', '3.13'), undefined, 'PEP 503 keeps the underscore a separator: py-yaml is another package');
    assert.strictEqual(nearestFixed(fixtureAdvisories(), 'PyPI', 'pyyaml', '3.13'), '5.4', 'PyPI names compare normalized');
  });
});

describe('dependency bump: the fixed version in the file\'s range style', () => {
  const cases: [Parameters<typeof bumpedSpec>[0], string, string, string | undefined][] = [
    ['npm', '4.17.4', '4.17.11', '4.17.11'],
    ['npm', '^4.17.4', '4.17.11', '^4.17.11'],
    ['npm', '~4.0.5', '4.6.0', '~4.6.0'],
    ['npm', '>=1.0.0', '1.2.0', '>=1.2.0'],
    ['npm', '>=1.0.0 <2.0.0', '1.2.0', undefined],
    ['npm', '1.x || 2.x', '2.1.0', undefined],
    ['PyPI', '==3.13', '5.4', '==5.4'],
    ['PyPI', '== 3.13', '5.4', '== 5.4'],
    ['PyPI', '~=2.10', '2.11.3', '~=2.11.3'],
    ['PyPI', '^2.2.0', '2.2.28', '^2.2.28'],
    ['PyPI', '>=1.2.0,<1.3', '1.2.18', '>=1.2.18,<1.3'],
    ['PyPI', '>=1.2.0,<1.3', '1.3.5', undefined],
  ];
  for (const [ecosystem, spec, fixed, expected] of cases) {
    it(`${ecosystem} ${spec} → ${fixed}: ${expected ?? 'no fix'}`, () => assert.strictEqual(bumpedSpec(ecosystem, spec, fixed), expected));
  }
});
