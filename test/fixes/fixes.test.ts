import * as assert from 'assert';
import { applyTextEdits, dependencyFileKind, hashComments } from '../../server/src/engine';
import type { Language } from '../../server/src/engine';
import { engine, fixturePath, ruleFixtures } from '../helpers/fixtures';

// Every fix offered on every fixture: the result parses, the finding is gone, and the text
// outside the edited lines is untouched.
describe('fixes on every fixture', () => {
  for (const fixture of ruleFixtures()) {
    describe(fixture.name, () => {
      const path = fixturePath(fixture);
      const before = engine().analyzeText(path, fixture.text, {}, fixture.languageId);

      // JSON manifests and lockfiles have no comments: their findings are waived in the config instead.
      const dependencies = dependencyFileKind(path);
      const comments = !dependencies || hashComments(dependencies);

      it('offers a rewrite fix or says why not, plus both ignore fixes where the format has comments, on every finding', () => {
        for (const finding of before.findings) {
          const kinds = finding.fixes.map((f) => f.kind);
          assert.strictEqual(kinds.includes('ignore-line') && kinds.includes('ignore-file'), comments, `line ${finding.range.start.line + 1}: ignore fixes ${comments ? 'missing' : 'offered in a file without comments'}`);
          for (const fix of finding.fixes) assert.ok(fix.title.length > 0 && fix.edits.length > 0, 'a fix has a title and edits');
          assert.ok(finding.fixes.filter((f) => f.isPreferred).length <= 1, 'at most one preferred fix');
        }
      });

      for (const [index, finding] of before.findings.entries()) {
        for (const fix of finding.fixes) {
          it(`line ${finding.range.start.line + 1} [${index}]: ${fix.title}`, () => {
            const after = applyTextEdits(fixture.text, fix.edits);
            assert.notStrictEqual(after, fixture.text, 'the fix changes the text');
            assert.ok(engine().parses(fixture.languageId as Language, after, path), `the fixed file does not parse:\n${after}`);
            const again = engine().analyzeText(path, after, {}, fixture.languageId);
            const sameRule = again.findings.filter((f) => f.ruleId === finding.ruleId);
            const beforeSameRule = before.findings.filter((f) => f.ruleId === finding.ruleId);
            if (fix.kind === 'ignore-file') {
              assert.strictEqual(sameRule.length, 0, 'ignore-in-file leaves no finding of the rule');
            } else {
              assert.strictEqual(sameRule.length, beforeSameRule.length - 1, `exactly this finding is gone; still reported:\n${sameRule.map((f) => `  ${f.range.start.line + 1}: ${f.message}`).join('\n')}`);
            }
            assertOutsideUnchanged(fixture.text, after, fix.edits.map((e) => [e.range.start.line, e.range.end.line] as [number, number]));
          });
        }
      }
    });
  }
});

/** Lines before the first edited line and after the last one are byte-for-byte the same. */
function assertOutsideUnchanged(before: string, after: string, spans: [number, number][]): void {
  const a = before.split('\n');
  const b = after.split('\n');
  const first = Math.min(...spans.map((s) => s[0]));
  const last = Math.max(...spans.map((s) => s[1]));
  assert.deepStrictEqual(b.slice(0, first), a.slice(0, first), 'lines above the fix changed');
  const tailCount = a.length - last - 1;
  assert.deepStrictEqual(b.slice(b.length - tailCount), a.slice(a.length - tailCount), 'lines below the fix changed');
}
