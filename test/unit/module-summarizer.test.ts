// Engine.summarizer: a module's summary a function at a time, as importers ask (issue 21: most
// of a Python scan's summaries were never asked for). Asked in any order, each function must
// get what the whole summary (Engine.summarize, the module's own order) gives it.
import * as assert from 'assert';
import { Engine, type AnalysisSettings, type ModuleSummary } from '../../server/src/engine';
import { typescriptBackend } from '../../server/src/engine/typescript/backend';
import { engine, fixturePath, ruleFixtures } from '../helpers/fixtures';

const SETTINGS: AnalysisSettings = { rules: {} };

function askedInOrder(editor: Engine, path: string, text: string, languageId: string, names: (all: readonly string[]) => readonly string[]): ModuleSummary {
  const summarizer = editor.summarizer(path, text, SETTINGS, languageId);
  assert.ok(summarizer, path);
  try {
    const functions: ModuleSummary['functions'] = {};
    for (const name of names(summarizer.names)) {
      const fn = summarizer.function(name);
      if (fn) functions[name] = fn;
    }
    return { ...summarizer.head, functions };
  } finally {
    summarizer.release();
  }
}

/** The whole summary with its functions in the module's order (the order they are listed in). */
function inModuleOrder(summary: ModuleSummary, names: readonly string[]): ModuleSummary {
  return { ...summary, functions: Object.fromEntries(names.filter((n) => Object.hasOwn(summary.functions, n)).map((n) => [n, summary.functions[n]])) };
}

describe('engine: a module summarized a function at a time', function () {
  this.timeout(120_000);

  for (const language of ['python', 'typescript'] as const) {
    it(`gives every ${language} fixture's functions what its whole summary gives, asked in the module's order or the reverse`, () => {
      const { catalog } = engine();
      const fixtures = ruleFixtures().filter((f) => (f.languageId === 'python') === (language === 'python'));
      assert.ok(fixtures.length > 50);
      let functions = 0;
      for (const fixture of fixtures) {
        const path = fixturePath(fixture);
        const whole = new Engine({ catalog }).summarize(path, fixture.text, SETTINGS, fixture.languageId);
        if (!whole) continue; // a file the engine skips (generated, minified)
        const names = new Engine({ catalog }).summarizer(path, fixture.text, SETTINGS, fixture.languageId)!.names;
        functions += Object.keys(whole.functions).length;
        assert.deepStrictEqual(askedInOrder(new Engine({ catalog }), path, fixture.text, fixture.languageId, (all) => all), inModuleOrder(whole, names), `${path}, in order`);
        const reversed = askedInOrder(new Engine({ catalog }), path, fixture.text, fixture.languageId, (all) => [...all].reverse());
        assert.deepStrictEqual(inModuleOrder(reversed, names), inModuleOrder(whole, names), `${path}, reversed`);
      }
      assert.ok(functions > 50, `only ${functions} exported functions`);
    });
  }

  it('recursion met in another order than the module\'s: the module\'s order decides, as for the whole summary', () => {
    const { catalog } = engine();
    // In the module's order f is walked first: g, walked inside it, finds f in progress and returns nothing.
    // Asked first, g would walk f to its end and return f's request data.
    const text = 'from flask import request\n\n\ndef f(x):\n    if x:\n        return g(x)\n    return request.args["q"]\n\n\ndef g(y):\n    return f(y)\n';
    const whole = new Engine({ catalog }).summarize('app/mutual.py', text, SETTINGS, 'python')!;
    assert.deepStrictEqual(Object.keys(whole.functions), ['f']);
    const summarizer = new Engine({ catalog }).summarizer('app/mutual.py', text, SETTINGS, 'python')!;
    assert.deepStrictEqual([summarizer.function('g'), summarizer.function('f')], [undefined, whole.functions.f]);
    summarizer.release();
  });

  it('a backend without a summarizer of its own gives its whole summary\'s functions by name', () => {
    const { catalog } = engine();
    const text = "import type { NextRequest } from 'next/server';\nexport function term(req: NextRequest) { return req.nextUrl.searchParams.get('q'); }\nexport function plain() { return 1; }\n";
    const whole = new Engine({ catalog }).summarize('lib/request.ts', text, SETTINGS)!;
    const eager = { ...typescriptBackend(), summarizer: undefined };
    const summarizer = new Engine({ catalog, backends: { typescript: eager } }).summarizer('lib/request.ts', text, SETTINGS)!;
    assert.deepStrictEqual(summarizer.head, { ...whole, functions: {} });
    assert.deepStrictEqual(summarizer.names, ['term']);
    assert.deepStrictEqual(summarizer.function('term'), whole.functions.term);
    assert.strictEqual(summarizer.function('plain'), undefined);
  });
});
