import * as assert from 'assert';
import { engine, fixturePath, ruleFixtures } from '../helpers/fixtures';

// Code being typed is broken most of the time: the TypeScript backend must analyze every
// prefix of a file and every file with a hole in it without an internal error.
describe('TypeScript backend on broken code', () => {
  const fixtures = ruleFixtures().filter((f) => f.languageId !== 'python');

  for (const fixture of fixtures) {
    it(`${fixture.name}: cut short or with a span deleted, never fails`, () => {
      const text = fixture.text;
      const path = fixturePath(fixture);
      let seed = 7;
      const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
      const variants: string[] = [];
      for (let i = 1; i <= 24; i++) variants.push(text.slice(0, Math.floor((text.length * i) / 25)));
      for (let i = 0; i < 24; i++) {
        const start = random(text.length);
        variants.push(text.slice(0, start) + text.slice(start + 1 + random(40)));
      }
      for (const variant of variants) {
        const result = engine().analyzeText(path, variant, {}, fixture.languageId);
        const errors = result.notices.filter((n) => n.kind === 'rule-error');
        assert.deepStrictEqual(errors, [], `analysis failed on:\n${variant}`);
      }
    });
  }
});
