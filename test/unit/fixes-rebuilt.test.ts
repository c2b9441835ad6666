// Fixes are rebuilt, never replayed: a function's or a statement's findings may come back from
// the incremental caches (moved by the lines it moved), but the fix edits offered must be exactly
// those of a fresh analysis of the same text. Deterministic edits that move or change what a fix
// reads: lines inserted above (the unit moves), an import added (import insertions move), the
// argument of the flagged call renamed (the rewrite must use the new text), and undone again.
import * as assert from 'assert';
import { Engine, LineIndex, type AnalysisResult } from '../../server/src/engine';
import { engine, fixturePath, ruleFixtures, type Fixture } from '../helpers/fixtures';

/** Every finding's fixes, with what they edit: the part of a result a code action is built from. */
const fixesOf = (r: AnalysisResult) => JSON.stringify(r.findings.map((f) => ({ rule: f.ruleId, range: f.range, fixes: f.fixes })), null, 1);

/** The offset after the file's leading comments, docstring and imports: a place where an inserted line moves every unit below. */
function afterImports(text: string, python: boolean): number {
  const lines = text.split('\n');
  let offset = 0;
  let last = 0;
  for (const line of lines) {
    offset += line.length + 1;
    if (python ? /^(?:import |from \S+ import )/.test(line) : /^import .*;\s*$|^const \w+ = require\(/.test(line)) last = offset;
  }
  return Math.min(last, text.length);
}

interface Edit { at: number; remove: number; insert: string }

function edits(fixture: Fixture, findingLine: number): Edit[][] {
  const python = fixture.languageId === 'python';
  const text = fixture.text;
  const below = afterImports(text, python);
  const comment = python ? '# moved down by an edit\n' : '// moved down by an edit\n';
  const importLine = python ? 'import logging\n' : "import { inspect } from 'node:util';\n";
  // The flagged line's first identifier argument, renamed (`query` → `query_v2`): the finding keeps its place, the rewrite must say the new name.
  const lineStart = text.split('\n').slice(0, findingLine).reduce((n, l) => n + l.length + 1, 0);
  const lineText = text.split('\n')[findingLine] ?? '';
  const arg = /\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(lineText);
  const rename: Edit[] = arg ? [{ at: lineStart + arg.index + arg[0].indexOf(arg[1]) + arg[1].length, remove: 0, insert: '_v2' }] : [];
  return [
    [{ at: below, remove: 0, insert: comment + comment }],
    [{ at: 0, remove: 0, insert: importLine }],
    rename,
    [{ at: below, remove: 0, insert: '\n\n\n' }],
  ].filter((step) => step.length > 0);
}

describe('fix edits after incremental edits equal a fresh analysis (fixes are rebuilt, never replayed)', () => {
  const { catalog } = engine();
  const fixable = ruleFixtures().filter((fixture) => fixture.languageId !== 'dependencies').map((fixture) => {
    const findings = engine().analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId).findings;
    return { fixture, fixed: findings.find((f) => f.fixes.some((x) => x.kind === 'rewrite')) };
  }).filter((x) => x.fixed);

  it('covers rewrite fixes of both languages', () => {
    const languages = new Set(fixable.map(({ fixture }) => (fixture.languageId === 'python' ? 'python' : 'typescript')));
    assert.deepStrictEqual([...languages].sort(), ['python', 'typescript']);
  });

  for (const { fixture, fixed } of fixable) {
    it(`${fixture.name}: lines above, a new import, a renamed argument`, () => {
      const path = fixturePath(fixture);
      const uri = `file:///rebuilt/${path}`;
      const editor = new Engine({ catalog });
      editor.open(uri, fixture.languageId, fixture.text, 0, path);
      editor.analyze(uri); // fills the caches
      let text = fixture.text;
      let version = 1;
      for (const step of edits(fixture, fixed!.range.start.line)) {
        for (const op of step) {
          const range = new LineIndex(text).rangeAt(op.at, op.at + op.remove);
          text = text.slice(0, op.at) + op.insert + text.slice(op.at + op.remove);
          editor.change(uri, version++, [{ range, text: op.insert }]);
        }
        const incremental = fixesOf(editor.analyze(uri));
        const fresh = fixesOf(new Engine({ catalog }).analyzeText(path, text, {}, fixture.languageId));
        assert.strictEqual(incremental, fresh, `after ${JSON.stringify(step)} the offered fixes differ from a fresh analysis`);
      }
    });
  }
});
