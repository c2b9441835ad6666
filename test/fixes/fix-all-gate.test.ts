import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine';
import type { PatternSpec } from '../../server/src/engine/rules/spec-types';
import { diskFiles } from '../../server/src/workspace/project-files';
import { REPO_ROOT, ruleFixtures } from '../helpers/fixtures';
import { scenarios } from './scenario-runner';

// The fix-all gate: every rewrite written in code (a pattern's `fix.rewrite` in
// rules/patterns/<language>.json) that the engine may mark preferred — `source.fixAll.vigil`, fix on
// save and `vigil scan --fix` apply it without asking — has a behaviour scenario in test/scenarios
// for that language, or an entry below saying why not and where its behaviour is proven instead.
// A new preferred rewrite cannot land without one of the two.
//
// The same holds per rule for every preferred fix the engine offers on the rule's fixtures
// (test/fixtures/rules/<rule>/<language>): the data edits of rules/patterns (cookie flags, TLS
// verification, debug off: `setKeywords`, `setValue`, ...) and the fixes written in code for
// taint sinks (parameterize a query, exec → execFile, escape HTML), which no data lists.

type Language = 'python' | 'typescript';

/**
 * Preferred rewrites proven outside test/scenarios: `proof` is the test file that runs the fixed
 * program (a served app in Chromium). Every entry says why; there is no entry for a rewrite that
 * is not proven: it gets a scenario, or it is not preferred (`changesBehaviour`, advice only).
 */
const ALLOWED: Record<string, { reason: string; proof: string }> = {
  'typescript:add-helmet': {
    reason: 'needs an HTTP server and a browser: the fixed Express app is served with the real express and helmet and loaded in Chromium',
    proof: 'test/fixes/csp/express-helmet.test.ts',
  },
  'typescript:add-csp-middleware': {
    reason: 'needs `next build` + `next start` and Chromium to show the App Router still hydrates under the nonce policy',
    proof: 'test/fixes/csp/next-csp-hydration.test.ts',
  },
  'typescript:add-csp-next-config': {
    reason: 'the same Next.js nonce policy as add-csp-middleware, proven by the same build + Chromium test',
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

interface PreferredRewrite {
  language: Language;
  rule: string;
  rewrite: string;
}

/** Every pattern rewrite that may be preferred (one that changes behaviour on purpose never is). */
function preferredRewrites(): PreferredRewrite[] {
  const out = new Map<string, PreferredRewrite>();
  for (const language of ['python', 'typescript'] as const) {
    const data = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'rules', 'patterns', `${language}.json`), 'utf8')) as { patterns: PatternSpec[] };
    for (const pattern of data.patterns) {
      const rewrite = pattern.fix?.rewrite;
      if (rewrite && !pattern.fix?.changesBehaviour) out.set(`${language}:${rewrite}`, { language, rule: pattern.rule, rewrite });
    }
  }
  return [...out.values()];
}

/**
 * The scenarios that prove a rewrite: in its language, about its rule, and named after the
 * rewrite (test/scenarios/<rewrite>/...) or about a rule with no other rewrite in that language.
 */
function scenariosFor(target: PreferredRewrite, all: PreferredRewrite[]): string[] {
  const sameRule = all.filter((r) => r.language === target.language && r.rule === target.rule);
  return scenarios()
    .filter((s) => s.language === target.language && s.spec.rule === target.rule)
    .filter((s) => s.name.split('/')[0] === target.rewrite || sameRule.length === 1)
    .map((s) => s.name);
}

describe('fix-all gate: every preferred rewrite has a behaviour scenario', () => {
  const all = preferredRewrites();

  it('finds the rewrites in the pattern data', () => {
    const keys = all.map((r) => `${r.language}:${r.rewrite}`);
    for (const known of ['python:hmac-compare-digest', 'python:secrets-token', 'typescript:timing-safe-compare', 'typescript:env-secret']) assert.ok(keys.includes(known), `${known} in ${keys.join(', ')}`);
  });

  for (const target of all) {
    const key = `${target.language}:${target.rewrite}`;
    it(`${key} (${target.rule})`, () => {
      const found = scenariosFor(target, all);
      const allowed = ALLOWED[key];
      if (!allowed) {
        assert.ok(found.length > 0, `${key} may be applied by fix-all but has no scenario in test/scenarios/<fix-kind>/${target.language}/ with "rule": "${target.rule}" (see test/scenarios/README.md)`);
        return;
      }
      assert.strictEqual(found.length, 0, `${key} has a scenario now (${found.join(', ')}): remove its ALLOWED entry`);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, allowed.proof)), `${key}'s proof ${allowed.proof} is gone`);
    });
  }

  it('allows only rewrites that exist and may be preferred', () => {
    const keys = new Set(all.map((r) => `${r.language}:${r.rewrite}`));
    for (const key of Object.keys(ALLOWED)) assert.ok(keys.has(key), `ALLOWED lists ${key}, which is no preferred rewrite: remove it`);
  });
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
