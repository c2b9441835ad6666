import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine';
import type { PatternSpec } from '../../server/src/engine/rules/spec-types';
import { diskFiles } from '../../server/src/workspace/project-files';
import { REPO_ROOT, ruleFixtures } from '../helpers/fixtures';
import { provedVariants, scenarios, type Scenario } from './scenario-runner';

// The fix-all gate: every fix variant written as data (a pattern's `fix` in
// rules/patterns/<language>.json: its `id` is the variant, e.g. Flask's `app.debug = True` and
// Django's `DEBUG = True` are two variants of debug-enabled) that the engine may mark preferred —
// `source.fixAll.vigil`, fix on save and `vigil scan --fix` apply it without asking — is applied by
// a behaviour scenario in test/scenarios for that language, or has an entry below saying why not
// and where its behaviour is proven instead. A scenario proves the variants its fix-all applies
// (`Fix.variant`, see provedVariants); a new preferred variant cannot land without one of the two.
//
// The same holds per rule for every preferred fix the engine offers on the rule's fixtures
// (test/fixtures/rules/<rule>/<language>): that also covers the fixes written in code for taint
// sinks (parameterize a query, exec → execFile, escape HTML), which no data lists.

type Language = 'python' | 'typescript';

/**
 * Preferred variants proven outside test/scenarios: `proof` is the test file that runs the fixed
 * program (a served app in Chromium). Every entry says why; there is no entry for a variant that
 * is not proven: it gets a scenario, or it is not preferred (`changesBehaviour`, advice only).
 */
const ALLOWED: Record<string, { reason: string; proof: string }> = {
  'typescript:express-without-helmet': {
    reason: 'needs an HTTP server and a browser: the fixed Express app is served with the real express and helmet and loaded in Chromium',
    proof: 'test/fixes/csp/express-helmet.test.ts',
  },
  'typescript:middleware-without-csp': {
    reason: 'needs `next build` + `next start` and Chromium to show the App Router still hydrates under the nonce policy',
    proof: 'test/fixes/csp/next-csp-hydration.test.ts',
  },
  'typescript:next-config-without-csp': {
    reason: 'the same Next.js nonce policy as middleware-without-csp, proven by the same build + Chromium test',
    proof: 'test/fixes/csp/next-csp-hydration.test.ts',
  },
};

/** The language groups of the scenarios: JS/JSX/TSX fixtures count as TypeScript. */
function languageGroup(languageId: string): Language | undefined {
  if (languageId === 'python') return 'python';
  return ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].includes(languageId) ? 'typescript' : undefined;
}

/**
 * `<language>:<rule>` for every rule with a preferred rewrite on one of its own findings in its
 * fixtures, analysed as the editor does (fixes read the package.json next to the file from disk).
 */
function rulesWithPreferredFixes(): Map<string, { language: Language; rule: string; titles: Set<string> }> {
  const engine = new Engine({ projectFiles: diskFiles((p) => p) });
  const out = new Map<string, { language: Language; rule: string; titles: Set<string> }>();
  for (const fixture of ruleFixtures()) {
    const language = languageGroup(fixture.languageId);
    if (!language || !fixture.text.includes(`expect: ${fixture.ruleId}`)) continue;
    for (const finding of engine.analyzeText(fixture.file, fixture.text, {}, fixture.languageId).findings) {
      if (finding.ruleId !== fixture.ruleId) continue;
      for (const fix of finding.fixes) {
        if (fix.kind !== 'rewrite' || !fix.isPreferred) continue;
        const key = `${language}:${fixture.ruleId}`;
        const entry = out.get(key) ?? { language, rule: fixture.ruleId, titles: new Set<string>() };
        entry.titles.add(fix.title);
        out.set(key, entry);
      }
    }
  }
  return out;
}

/** One fix variant written as data: a pattern with a `fix`, keyed `<language>:<pattern id>`. */
interface Variant {
  key: string;
  language: Language;
  rule: string;
  variant: string;
  /** What the fix does, for messages: `rewrite: secrets-token`, `setKeywords: debug`. */
  does: string;
}

/** Every pattern fix that may be preferred (one that changes behaviour on purpose never is). */
function preferredVariants(): Variant[] {
  const out: Variant[] = [];
  for (const language of ['python', 'typescript'] as const) {
    const data = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'rules', 'patterns', `${language}.json`), 'utf8')) as { patterns: PatternSpec[] };
    for (const pattern of data.patterns) {
      const fix = pattern.fix;
      if (!fix || fix.changesBehaviour) continue;
      const does = Object.entries(fix)
        .filter(([k]) => k !== 'title' && k !== 'keepKeywords')
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : Object.keys(v as object).join(', ') || JSON.stringify(v)}`)
        .join('; ');
      out.push({ key: `${language}:${pattern.id}`, language, rule: pattern.rule, variant: pattern.id, does });
    }
  }
  return out;
}

/** `<language>:<variant>` → the scenarios whose fix-all applies that variant (see provedVariants). */
function provedByScenarios(all: readonly Scenario[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const scenario of all) {
    for (const variant of provedVariants(scenario)) {
      const key = `${scenario.language}:${variant}`;
      out.set(key, [...(out.get(key) ?? []), scenario.name]);
    }
  }
  return out;
}

/** The variants with neither a scenario nor an ALLOWED entry: what the gate fails on. */
function unproven(variants: readonly Variant[], proved: ReadonlyMap<string, string[]>, allowed: Record<string, unknown>): string[] {
  return variants.filter((v) => !proved.get(v.key)?.length && !(v.key in allowed)).map((v) => `${v.key} (${v.rule}; ${v.does})`);
}

describe('fix-all gate: every preferred fix variant has a behaviour scenario', function () {
  this.timeout(120_000);
  const all = preferredVariants();
  let proved: Map<string, string[]>;
  before(() => {
    proved = provedByScenarios(scenarios());
  });

  it('finds the variants in the pattern data', () => {
    const keys = all.map((v) => v.key);
    for (const known of ['python:plaintext-secret-compare', 'python:django-debug-setting', 'python:flask-debug-attribute', 'typescript:cookie-koa-http-only-off', 'typescript:template-autoescape-off']) {
      assert.ok(keys.includes(known), `${known} in ${keys.join(', ')}`);
    }
  });

  it('finds the variants the scenarios apply, per language', () => {
    for (const known of ['python:app-debug-true', 'python:uvicorn-reload', 'typescript:handlebars-no-escape', 'typescript:powered-by-header']) assert.ok(proved.get(known)?.length, `${known} in ${[...proved.keys()].join(', ')}`);
    assert.ok(!proved.has('typescript:app-debug-true'), 'a Python variant is proven by Python scenarios only');
  });

  it('each has a scenario that applies it, or an ALLOWED entry', () => {
    assert.deepStrictEqual(unproven(all, proved, ALLOWED), [], 'preferred fix variants no scenario in test/scenarios/<fix-kind>/<language>/ applies (see test/scenarios/README.md): add one, or make the fix not preferred');
  });

  it('fails for a made-up variant without a scenario, and for a variant whose only scenario is in the other language', () => {
    const madeUp: Variant[] = [
      { key: 'python:made-up-debug-variant', language: 'python', rule: 'debug-enabled', variant: 'made-up-debug-variant', does: 'setValue: False' },
      { key: 'typescript:django-debug-setting', language: 'typescript', rule: 'debug-enabled', variant: 'django-debug-setting', does: 'setValue: False' },
    ];
    const provenHere = all.filter((v) => proved.get(v.key)?.length);
    assert.ok(provenHere.length > 10, 'the scenarios prove variants');
    assert.deepStrictEqual(unproven([...provenHere, ...madeUp], proved, ALLOWED), ['python:made-up-debug-variant (debug-enabled; setValue: False)', 'typescript:django-debug-setting (debug-enabled; setValue: False)']);
  });

  for (const key of Object.keys(ALLOWED).sort()) {
    it(`ALLOWED ${key}: still a preferred variant, proven by its test, and no scenario yet`, () => {
      assert.ok(all.some((v) => v.key === key), `ALLOWED lists ${key}, which is no preferred variant: remove it`);
      assert.deepStrictEqual(proved.get(key) ?? [], [], `${key} has a scenario now: remove its ALLOWED entry`);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, ALLOWED[key].proof)), `${key}'s proof ${ALLOWED[key].proof} is gone`);
    });
  }
});

describe('fix-all gate: every rule with a preferred fix on its fixtures has a behaviour scenario', function () {
  this.timeout(120_000);
  let found: ReturnType<typeof rulesWithPreferredFixes>;
  before(() => {
    found = rulesWithPreferredFixes();
  });

  it('finds the fixes written in code and the data edits', () => {
    for (const known of ['typescript:sql-injection', 'typescript:command-injection', 'typescript:xss', 'python:sql-injection', 'python:insecure-cookie', 'typescript:debug-enabled']) {
      assert.ok(found.has(known), `${known} in ${[...found.keys()].join(', ')}`);
    }
  });

  it('each has a scenario in its language (no rule is exempt)', () => {
    assert.deepStrictEqual(withoutScenario(found, scenarios()), [], 'preferred fixes without a scenario in test/scenarios/<fix-kind>/<language>/ (see test/scenarios/README.md): add one, or make the fix not preferred');
  });

  it('fails for a new preferred fix without a scenario, in either language', () => {
    const added = new Map(found);
    added.set('typescript:new-rule', { language: 'typescript', rule: 'new-rule', titles: new Set(['Fix it']) });
    added.set('python:production-source-maps', { language: 'python', rule: 'production-source-maps', titles: new Set(['Turn off source maps']) });
    assert.deepStrictEqual(withoutScenario(added, scenarios()), ['typescript:new-rule (Fix it)', 'python:production-source-maps (Turn off source maps)']);
  });
});

/** The rules of `found` with no scenario of that rule in that language: what the gate fails on. */
function withoutScenario(found: ReturnType<typeof rulesWithPreferredFixes>, all: ReturnType<typeof scenarios>): string[] {
  const missing: string[] = [];
  for (const [key, { language, rule, titles }] of found) {
    if (!all.some((s) => s.language === language && s.spec.rule === rule)) missing.push(`${key} (${[...titles].join(' | ')})`);
  }
  return missing;
}
