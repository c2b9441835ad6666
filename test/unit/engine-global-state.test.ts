// An analysis gives the same findings whatever other Engine instances in the same process
// analyzed before it. Python's instance-field reads once kept a global regex's `lastIndex`
// between analyses (FIELD_ASSIGNMENT in python/fields.ts: `test` in one place, `matchAll` in
// another, which starts at the original's `lastIndex`): after a file whose class ended in a
// field assignment, the next analysis (any engine) scanned a class's text from a stale offset,
// missed the fields it assigns and lost the findings that read them. The rule-fixture tests and
// the incremental-edit property test then failed or passed by test order.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, type Finding } from '../../server/src/engine';
import { engine, readAnnotations, RULE_FIXTURES } from '../helpers/fixtures';

const show = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => f.range.start.line);

/** Expected lines of `rule` by the fixture's `expect:` annotations. */
const expected = (text: string, rule: string) =>
  readAnnotations(text)
    .filter((a) => a.kind === 'expect' && a.ruleId === rule)
    .map((a) => a.line)
    .sort((a, b) => a - b);

interface Variant {
  text: string;
  path: string;
  /** sql-injection lines a lone analysis gives. */
  lines: number[];
}

describe('engine global state: an analysis does not depend on what other engines analyzed before it', () => {
  const { catalog } = engine();
  const analyze = (v: Variant, languageId: string) => show(new Engine({ catalog }).analyzeText(v.path, v.text, {}, languageId).findings, 'sql-injection');

  function check(languageId: string, variants: Record<string, Variant>, sequences: string[][]): void {
    for (const sequence of sequences) {
      it(`${languageId}: fresh engines in the order ${sequence.join(', ')} each give a lone analysis's findings`, () => {
        for (const [i, name] of sequence.entries()) {
          assert.deepStrictEqual(analyze(variants[name], languageId), variants[name].lines, `${name} (analysis ${i + 1} of ${sequence.join(', ')})`);
        }
      });
    }
  }

  describe('Python instance fields (sql-injection/python/instance_fields/report_views.py)', () => {
    const rel = 'sql-injection/python/instance_fields/report_views.py';
    const original = fs.readFileSync(path.join(RULE_FIXTURES, rel), 'utf8');
    const assignment = '        self.customer = request.GET.get("customer", "")\n';
    assert.ok(original.includes(assignment), 'the fixture still assigns self.customer in dispatch()');
    // A function pasted in the middle of the class, in the middle of a field assignment: a syntax error.
    const pasted = '@socketio.on("quoted")\ndef quoted(message):\n    # ok: command-injection\n    subprocess.run("make " + shlex.quote(message["target"]), shell=True, check=True)\n';
    const broken = original.replace(assignment, `        self.customer =\n\n${pasted} request.GET.get("customer", "")\n`);
    const filePath = `test/fixtures/rules/${rel}`;
    const all = expected(original, 'sql-injection');
    assert.strictEqual(all.length, 2, 'two expected sql-injection findings in the fixture');
    // The broken file loses the customer field (its assignment is broken), not the region one read in RegionReportView.get().
    const variants: Record<string, Variant> = {
      o: { text: original, path: filePath, lines: all },
      b: { text: broken, path: filePath, lines: [all[0]] },
      bx: { text: broken, path: `${filePath}.other.py`, lines: [all[0]] },
    };
    check('python', variants, [['bx', 'b'], ['b', 'b'], ['o', 'b', 'o'], ['b', 'o', 'b']]);
  });

  describe('TypeScript instance fields (sql-injection/typescript/instance-fields/invoices.controller.ts)', () => {
    const rel = 'sql-injection/typescript/instance-fields/invoices.controller.ts';
    const original = fs.readFileSync(path.join(RULE_FIXTURES, rel), 'utf8');
    const assignment = '    this.customer = customer;\n    // ok: sql-injection\n';
    assert.ok(original.includes(assignment), 'the fixture still assigns this.customer in count()');
    const broken = original.replace(assignment, '    this.customer =\n\nexport function quoted(message: { target: string }) {\n  return message.target;\n}\n customer;\n    // ok: sql-injection\n');
    const filePath = `test/fixtures/rules/${rel}`;
    // What a lone analysis in a fresh engine gives (the TS engine has no such leak: the reference holds in every order).
    const lone = (text: string) => show(new Engine({ catalog }).analyzeText(filePath, text, {}, 'typescript').findings, 'sql-injection');
    const originalLines = lone(original);
    const brokenLines = lone(broken);
    assert.deepStrictEqual(originalLines, expected(original, 'sql-injection'));
    const variants: Record<string, Variant> = {
      o: { text: original, path: filePath, lines: originalLines },
      b: { text: broken, path: filePath, lines: brokenLines },
      bx: { text: broken, path: filePath.replace(/\.ts$/, '.other.ts'), lines: brokenLines },
    };
    check('typescript', variants, [['bx', 'b'], ['b', 'b'], ['o', 'b', 'o'], ['b', 'o', 'b']]);
  });
});
