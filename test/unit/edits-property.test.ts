// Property: whatever the edits, incremental analysis (didChange → tree.edit/updateSourceFile,
// per-function caches) gives exactly what a from-scratch analysis of the same text gives.
// Every rule fixture in both languages gets its share of >= 10,000 random edits in total.
//
// Reproducible: the seed is printed; VIGIL_EDIT_SEED=<n> replays one (VIGIL_EDIT_SEED=random
// explores a new one), VIGIL_EDIT_COUNT=<n> changes the total. A failure prints the edit list
// shrunk to the fewest edits that still fail, ready to paste into a test.
import * as assert from 'assert';
import { Engine, LineIndex, type AnalysisResult, type ContentChange } from '../../server/src/engine';
import { engine, fixturePath, ruleFixtures, type Fixture } from '../helpers/fixtures';
import { prng } from '../helpers/random';

const DEFAULT_SEED = 20261123;
const DEFAULT_TOTAL_EDITS = 10_000;

/** One replacement in offsets of the text it applies to, clamped to it (so any sub-list of edits still applies). */
interface Op {
  at: number;
  remove: number;
  insert: string;
}
/** One didChange: its ops in order, as LSP applies a notification's content changes. */
type Step = Op[];

function seedFromEnv(): number {
  const raw = process.env.VIGIL_EDIT_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  return raw ? Number(raw) : DEFAULT_SEED;
}

const TOKENS = ['x', ' ', '\n', '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '+', '"', "'", '`', '#', '//', '/*', '\\', '$', '${', 'f"', '\t', '\r\n', '    ', 'await ', 'return ', 'def ', 'const ', 'if ', '%s', '?'];

/** Random edits over `start`: typing, deleting, replacing, pasting other fixtures' chunks, and undoing the previous edit. */
function randomSteps(start: string, others: readonly string[], count: number, random: (n: number) => number): Step[] {
  const steps: Step[] = [];
  let text = start;
  let undo: Op | undefined;
  const randomOp = (): Op => {
    const at = random(text.length + 1);
    const kind = random(10);
    if (kind < 4) return { at, remove: 0, insert: TOKENS[random(TOKENS.length)] }; // typing
    if (kind < 6) return { at, remove: 1 + random(kind === 4 ? 2 : 40), insert: '' }; // backspace, cut
    if (kind < 8) return { at, remove: 1 + random(12), insert: TOKENS[random(TOKENS.length)] }; // overtype
    const other = others[random(others.length)];
    const from = random(other.length);
    return { at, remove: random(3) === 0 ? random(30) : 0, insert: other.slice(from, from + 1 + random(200)) }; // paste
  };
  while (steps.length < count) {
    const ops: Op[] = [];
    const size = random(8) === 0 ? 2 + random(2) : 1;
    for (let i = 0; i < size; i++) {
      const op = undo && random(8) === 0 ? undo : randomOp();
      const [next, inverse] = apply(text, op);
      text = next;
      undo = inverse;
      ops.push(op);
    }
    steps.push(ops);
  }
  return steps;
}

/** Where `op` applies in `text`: clamped, and never between the \r and \n of a CRLF (no LSP position says that). */
function span(text: string, op: Op): [number, number] {
  const snap = (offset: number) => (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset);
  const at = snap(Math.min(op.at, text.length));
  return [at, Math.max(at, snap(Math.min(at + op.remove, text.length)))];
}

/** The text after `op`, and the op that takes it back. */
function apply(text: string, op: Op): [string, Op] {
  const [at, end] = span(text, op);
  return [text.slice(0, at) + op.insert + text.slice(end), { at, remove: op.insert.length, insert: text.slice(at, end) }];
}

/** A step as the editor sends it: LSP ranges, each in the text after the previous change. */
function contentChanges(text: string, step: Step): { text: string; changes: ContentChange[] } {
  const changes: ContentChange[] = [];
  for (const op of step) {
    const [at, end] = span(text, op);
    changes.push({ range: new LineIndex(text).rangeAt(at, end), text: op.insert });
    text = apply(text, op)[0];
  }
  return { text, changes };
}

const comparable = (r: AnalysisResult) => JSON.stringify({ findings: r.findings, notices: r.notices }, null, 1);

interface Failure {
  step: number;
  text: string;
  incremental: string;
  fresh: string;
}

/**
 * Replays `steps` through one engine's didChange and compares each analyzed version (every
 * one by default) with a fresh engine's analysis (no tree, no cache in common). Returns the
 * first difference.
 */
function firstFailure(fixture: Fixture, steps: readonly Step[], analyzeAfter: (step: number) => boolean = () => true): Failure | undefined {
  const { catalog } = engine();
  const path = fixturePath(fixture);
  const uri = `file:///property/${path}`;
  const editor = new Engine({ catalog });
  editor.open(uri, fixture.languageId, fixture.text, 0, path);
  editor.analyze(uri);
  let text = fixture.text;
  for (let i = 0; i < steps.length; i++) {
    const next = contentChanges(text, steps[i]);
    text = next.text;
    editor.change(uri, i + 1, next.changes);
    assert.strictEqual(editor.text(uri), text, 'the engine applies the changes as LSP specifies');
    if (!analyzeAfter(i) && i < steps.length - 1) continue;
    let incremental = comparable(editor.analyze(uri));
    const fresh = comparable(new Engine({ catalog }).analyzeText(path, text, {}, fixture.languageId));
    if (incremental !== fresh && editor.needsFreshParse(uri)) {
      // On code with syntax errors the parsers' own incremental error recovery can build another
      // tree than a fresh parse (tree-sitter, TypeScript); the server re-parses such a document
      // once typing pauses, and that settled result (caches kept) must equal a fresh analysis.
      editor.reparse(uri);
      incremental = comparable(editor.analyze(uri));
    }
    if (incremental !== fresh) return { step: i, text, incremental, fresh };
  }
  return undefined;
}

/** Drops edits (halves, then quarters, ... then single ones) while the failure remains. */
function shrink(fixture: Fixture, steps: Step[]): Step[] {
  let current = steps.slice(0, firstFailure(fixture, steps)!.step + 1);
  for (let chunk = Math.ceil(current.length / 2); chunk >= 1; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
    for (let i = 0; i < current.length; ) {
      const candidate = [...current.slice(0, i), ...current.slice(i + chunk)];
      const failure = candidate.length > 0 ? firstFailure(fixture, candidate) : undefined;
      if (failure) current = candidate.slice(0, failure.step + 1);
      else i += chunk;
    }
  }
  return current;
}

describe('incremental analysis equals a from-scratch analysis after any edits (property)', function () {
  this.timeout(120_000);
  const seed = seedFromEnv();
  const total = Number(process.env.VIGIL_EDIT_COUNT ?? DEFAULT_TOTAL_EDITS);
  const fixtures = ruleFixtures();
  const perFixture = Math.ceil(total / Math.max(1, fixtures.length));

  before(() => console.log(`      edits property: seed ${seed} (replay with VIGIL_EDIT_SEED=${seed}), ${perFixture} edits x ${fixtures.length} fixtures`));

  it('covers both languages with >= 10,000 edits by default', () => {
    const languages = new Set(fixtures.map((f) => (f.languageId === 'python' ? 'python' : 'typescript')));
    assert.deepStrictEqual([...languages].sort(), ['python', 'typescript']);
    if (!process.env.VIGIL_EDIT_COUNT) assert.ok(perFixture * fixtures.length >= 10_000);
  });

  fixtures.forEach((fixture, index) => {
    it(`${fixture.name}: ${perFixture} random edits`, () => {
      const random = prng(seed + index);
      const others = fixtures.filter((f) => f !== fixture && f.languageId === fixture.languageId).map((f) => f.text);
      const steps = randomSteps(fixture.text, others.length ? others : [fixture.text], perFixture, random);
      const failure = firstFailure(fixture, steps);
      if (!failure) return;
      const minimal = shrink(fixture, steps);
      const last = firstFailure(fixture, minimal)!;
      assert.fail(
        `${fixture.name}, seed ${seed}: after edit ${failure.step + 1} the incremental findings differ from a fresh analysis.\n` +
          `Shrunk to ${minimal.length} edit(s) (ops in offsets of the text they apply to):\n${JSON.stringify(minimal)}\n` +
          `Text after them:\n${last.text}\n--- incremental ---\n${last.incremental}\n--- from scratch ---\n${last.fresh}`,
      );
    });
  });

  it('several didChange notifications between analyses (a debounced burst) replay as one incremental parse, still equal', () => {
    for (const [index, fixture] of fixtures.entries()) {
      const random = prng(seed + 1000 + index);
      const steps = randomSteps(fixture.text, [fixture.text], 60, random);
      const failure = firstFailure(fixture, steps, () => random(4) === 0);
      assert.ok(!failure, failure && `${fixture.name}, seed ${seed}: after edit ${failure.step + 1}, batched:\n${JSON.stringify(steps.slice(0, failure.step + 1))}\n--- incremental ---\n${failure.incremental}\n--- from scratch ---\n${failure.fresh}`);
    }
  });

  it('documents past the parse-tree limit parse afresh and still equal a fresh analysis', () => {
    const [py, ts] = [fixtures.find((f) => f.languageId === 'python')!, fixtures.find((f) => f.languageId !== 'python')!];
    const { catalog } = engine();
    const editor = new Engine({ catalog, maxParsedDocuments: 1 });
    const random = prng(seed);
    const docs = [py, ts].map((fixture) => {
      const path = fixturePath(fixture);
      const uri = `file:///limits/${path}`;
      editor.open(uri, fixture.languageId, fixture.text, 0, path);
      return { fixture, path, uri, text: fixture.text, steps: randomSteps(fixture.text, [fixture.text], 40, random) };
    });
    for (let i = 0; i < 40; i++) {
      for (const doc of docs) {
        const next = contentChanges(doc.text, doc.steps[i]);
        doc.text = next.text;
        editor.change(doc.uri, i + 1, next.changes);
        const fresh = new Engine({ catalog }).analyzeText(doc.path, doc.text, {}, doc.fixture.languageId);
        assert.strictEqual(comparable(editor.analyze(doc.uri)), comparable(fresh), `${doc.fixture.name} after edit ${i + 1}`);
        assert.ok(editor.isParsed(doc.uri), 'the document just analyzed keeps its tree');
        assert.ok(!editor.isParsed(docs.find((d) => d !== doc)!.uri), 'the other one was dropped (limit 1)');
      }
    }
  });
});
