import * as assert from 'assert';
import { dependencyFileKind, isLockfile } from '../../server/src/engine';
import { engine, fixturePath, readAnnotations, ruleFixtures } from '../helpers/fixtures';

// Every fixture's findings must be exactly its `expect:` lines; `ok:` lines are near misses
// that must stay clean. Adding a fixture file adds a test.
describe('rule fixtures', () => {
  const fixtures = ruleFixtures();

  it('there are fixtures for every rule in the catalog', () => {
    const covered = new Set(fixtures.map((f) => f.ruleId));
    for (const id of engine().catalog.rules.keys()) assert.ok(covered.has(id), `no fixtures for rule ${id}`);
  });

  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const annotations = readAnnotations(fixture.text);
      const own = annotations.filter((a) => a.ruleId === fixture.ruleId);
      // A lockfile without annotations is the companion of the manifest beside it (lockfile-out-of-sync): it must have no findings at all.
      const kind = dependencyFileKind(fixture.file);
      if (!(annotations.length === 0 && kind && isLockfile(kind))) {
        assert.ok(own.some((a) => a.kind === 'expect'), 'a fixture needs at least one `expect:` line');
        assert.ok(own.some((a) => a.kind === 'ok'), 'a fixture needs at least one `ok:` near miss');
      }
      for (const a of annotations) assert.ok(engine().catalog.get(a.ruleId), `line ${a.annotationLine + 1}: unknown rule ${a.ruleId}`);

      const result = engine().analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId);
      const actual = result.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`).sort();
      const expected = annotations.filter((a) => a.kind === 'expect').map((a) => `${a.line + 1}: ${a.ruleId}`).sort();
      assert.deepStrictEqual(actual, expected, `findings (line: rule) differ from the expect: annotations\n${listFindings(result.findings)}`);
      for (const ok of annotations.filter((a) => a.kind === 'ok')) {
        assert.ok(!result.findings.some((f) => f.ruleId === ok.ruleId && f.range.start.line === ok.line), `line ${ok.line + 1} is marked ok: ${ok.ruleId}`);
      }
    });
  }
});

function listFindings(findings: { range: { start: { line: number } }; message: string }[]): string {
  return findings.map((f) => `  line ${f.range.start.line + 1}: ${f.message}`).join('\n');
}
