import * as assert from 'assert';
import type * as ts from 'typescript';
import { LineIndex, type AnalysisResult, type ContentChange, type RuleSettings } from '../../server/src/engine';
import { applyContentChanges } from '../../server/src/engine/text/edits';
import { parse } from '../../server/src/engine/typescript/parser';
import { findPatternHits, type PatternHit } from '../../server/src/engine/typescript/patterns/match';
import { engine } from '../helpers/fixtures';

// The pattern rules' matches are cached per top-level statement node across incremental
// parses (statement-cache.ts): these edits each change what a cached match depends on, or
// leave it alone, and the findings must be a from-scratch analysis's every time.

const SERVER = `import express from 'express';
import { unserialize } from 'node-serialize';

const app = express();

export function readPrefs(cookie: string) {
  const raw = Buffer.from(cookie, 'base64').toString();
  return unserialize(raw);
}

export function newResetToken() {
  const resetToken = Math.random().toString(36).slice(2);
  return resetToken;
}

app.listen(3000);
`;

const NEXT_CONFIG = `/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
};
`;

const ALL_ON = () => true;

/** `needle`'s range in `text` (its first occurrence). */
function rangeOf(text: string, needle: string) {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `"${needle}" not found`);
  return new LineIndex(text).rangeAt(start, start + needle.length);
}

/** The text and tree after `changes`, the tree updated incrementally from `tree`. */
function edit(tree: ts.SourceFile, changes: (text: string) => ContentChange[]): ts.SourceFile {
  const { text, edits } = applyContentChanges(tree.text, changes(tree.text));
  const next = parse(text, tree.fileName, { tree, edits });
  assert.strictEqual(next.text, text);
  return next;
}

function hitsOf(tree: ts.SourceFile, path = tree.fileName, isRuleEnabled: (id: string) => boolean = ALL_ON): PatternHit[] {
  return findPatternHits(tree, path, engine().catalog.patterns('typescript'), isRuleEnabled);
}

const ruleOf = (hits: readonly PatternHit[], rule: string) => hits.find((h) => h.pattern.spec.rule === rule);

const comparable = (result: AnalysisResult) => JSON.stringify({ findings: result.findings, notices: result.notices });

/**
 * Opens `text` in an engine, applies each step's changes and checks the findings against a fresh
 * analysis of the same text. Returns each step's rule ids.
 */
function replay(path: string, languageId: string, text: string, steps: ((text: string) => ContentChange[])[], rules: RuleSettings = {}): string[][] {
  const e = engine();
  const uri = `file:///statement-cache/${path}`;
  e.open(uri, languageId, text, 1, path);
  const ruleIds = [e.analyze(uri, rules).findings.map((f) => f.ruleId)];
  let version = 1;
  for (const [index, step] of steps.entries()) {
    e.change(uri, ++version, step(e.text(uri)!));
    const incremental = e.analyze(uri, rules);
    assert.strictEqual(comparable(incremental), comparable(e.analyzeText(path, e.text(uri)!, rules, languageId)), `step ${index} differs from a fresh analysis:\n${e.text(uri)}`);
    ruleIds.push(incremental.findings.map((f) => f.ruleId));
  }
  e.close(uri);
  return ruleIds;
}

describe('TypeScript pattern rules: matches cached per top-level statement', () => {
  it('keeps the matches of statements an edit does not touch, at their new positions', () => {
    const first = parse(SERVER, 'server/app.ts');
    const before = hitsOf(first);
    assert.deepStrictEqual(before.map((h) => h.pattern.spec.rule).sort(), ['insecure-random', 'missing-security-headers', 'unsafe-deserialization']);
    // Two lines into readPrefs: newResetToken moves down, its statement node is the old one.
    const second = edit(first, (text) => [{ range: rangeOf(text, "  return unserialize(raw);\n"), text: "  console.info('prefs', raw.length);\n  return unserialize(raw);\n" }]);
    const after = hitsOf(second);
    assert.strictEqual(ruleOf(after, 'insecure-random'), ruleOf(before, 'insecure-random'), 'the untouched statement was not walked again');
    assert.strictEqual(ruleOf(after, 'missing-security-headers'), ruleOf(before, 'missing-security-headers'));
    assert.notStrictEqual(ruleOf(after, 'unsafe-deserialization'), ruleOf(before, 'unsafe-deserialization'), 'the edited statement was walked again');
    const random = ruleOf(after, 'insecure-random')!;
    assert.strictEqual(second.text.slice(random.at.getStart(second), random.at.getEnd()), 'Math.random()');

    replay('server/app.ts', 'typescript', SERVER, [
      (text) => [{ range: rangeOf(text, '  return unserialize(raw);\n'), text: "  console.info('prefs', raw.length);\n  return unserialize(raw);\n" }],
      (text) => [{ range: rangeOf(text, 'const app'), text: '// The shop API\nconst app' }],
      (text) => [{ range: rangeOf(text, "  console.info('prefs', raw.length);\n"), text: '' }],
    ]);
  });

  it('walks every statement again when an import changes what a callee resolves to', () => {
    const steps = replay('server/app.ts', 'typescript', SERVER, [
      (text) => [{ range: rangeOf(text, "'node-serialize'"), text: "'./prefs-codec'" }],
      (text) => [{ range: rangeOf(text, "'./prefs-codec'"), text: "'node-serialize'" }],
    ]);
    assert.deepStrictEqual(
      steps.map((ids) => ids.includes('unsafe-deserialization')),
      [true, false, true],
    );
  });

  it('applies a pattern unless-text (`helmet` anywhere in the file) to cached matches too', () => {
    const steps = replay('server/app.ts', 'typescript', SERVER, [
      (text) => [{ range: rangeOf(text, 'app.listen(3000);\n'), text: 'app.listen(3000); // helmet runs in the gateway\n' }],
      (text) => [{ range: rangeOf(text, ' // helmet runs in the gateway'), text: '' }],
    ]);
    assert.deepStrictEqual(
      steps.map((ids) => ids.includes('missing-security-headers')),
      [true, false, true],
    );
  });

  it("follows the rules' settings and the path on an unchanged tree", () => {
    const tree = parse(SERVER, 'server/app.ts');
    assert.ok(ruleOf(hitsOf(tree), 'insecure-random'));
    assert.strictEqual(ruleOf(hitsOf(tree, tree.fileName, (id) => id !== 'insecure-random'), 'insecure-random'), undefined);
    assert.ok(ruleOf(hitsOf(tree), 'insecure-random'), 'a rule turned back on finds its match again');
    // express-without-helmet excludes test files: the same tree under a test's path has no match.
    assert.ok(ruleOf(hitsOf(tree, 'server/app.ts'), 'missing-security-headers'));
    assert.strictEqual(ruleOf(hitsOf(tree, 'server/app.test.ts'), 'missing-security-headers'), undefined);
    assert.ok(ruleOf(hitsOf(tree, 'server/app.ts'), 'missing-security-headers'));
  });

  it('finds nothing cached in a tree parsed from scratch', () => {
    const first = hitsOf(parse(SERVER, 'server/app.ts'));
    const fresh = hitsOf(parse(SERVER, 'server/app.ts'));
    assert.strictEqual(fresh.length, first.length);
    for (const [i, hit] of fresh.entries()) {
      assert.notStrictEqual(hit, first[i]);
      assert.strictEqual(hit.pattern, first[i].pattern);
      assert.strictEqual(hit.at.pos, first[i].at.pos);
    }
  });

  it('tells module-level code from code moved into a function and back', () => {
    const steps = replay('next.config.js', 'javascript', NEXT_CONFIG, [
      (text) => [{ range: rangeOf(text, 'module.exports'), text: 'function build() {\nmodule.exports' }],
      (text) => [{ range: rangeOf(text, '};\n'), text: '};\n}\n' }],
      (text) => [{ range: rangeOf(text, '};\n}\n'), text: '};\n' }],
      (text) => [{ range: rangeOf(text, 'function build() {\n'), text: '' }],
    ]);
    assert.deepStrictEqual(
      steps.map((ids) => ids.includes('missing-security-headers')),
      [true, false, false, false, true],
    );
  });
});

const ROUTES = `import express from 'express';
import { requireAuth } from './auth';
import { db } from './db';

const router = express.Router();

router.post('/orders', requireAuth, async (req, res) => {
  await db.orders.create({ data: req.body });
  res.status(201).end();
});

router.delete('/orders/:id', async (req, res) => {
  await db.orders.delete({ where: { id: req.params.id } });
  res.status(204).end();
});

export function setPath(target: Record<string, any>, path: string, value: unknown) {
  const parts = path.split('.');
  let cur = target;
  for (let i = 0; i < parts.length - 1; i++) {
    cur[parts[i]] = cur[parts[i]] || {};
    cur = cur[parts[i]];
  }
  cur[parts[parts.length - 1]] = value;
}

export default router;
`;

describe('TypeScript file passes: route registrations, handler facts and polluting writes cached per statement', () => {
  it('gives a fresh analysis\'s findings while the handlers and the helper are edited', () => {
    const steps = replay('server/routes/orders.ts', 'typescript', ROUTES, [
      // typing in the unguarded handler, then in the guarded one
      (text) => [{ range: rangeOf(text, '  res.status(204).end();'), text: "  console.info('deleted');\n  res.status(204).end();" }],
      (text) => [{ range: rangeOf(text, '  res.status(201).end();'), text: '  res.status(201).json({ ok: true });' }],
      // the unguarded handler gets its middleware, then loses it again
      (text) => [{ range: rangeOf(text, "'/orders/:id', async"), text: "'/orders/:id', requireAuth, async" }],
      (text) => [{ range: rangeOf(text, "'/orders/:id', requireAuth, async"), text: "'/orders/:id', async" }],
      // the guard against __proto__ goes into the helper, then out
      (text) => [{ range: rangeOf(text, "  const parts = path.split('.');"), text: "  const parts = path.split('.');\n  if (parts.includes('__proto__')) throw new Error('bad path');" }],
      (text) => [{ range: rangeOf(text, "\n  if (parts.includes('__proto__')) throw new Error('bad path');"), text: '' }],
    ]);
    const has = (rule: string) => steps.map((ids) => ids.includes(rule));
    assert.deepStrictEqual(has('missing-auth'), [true, true, true, false, true, true, true]);
    assert.deepStrictEqual(has('prototype-pollution'), [true, true, true, true, true, false, true]);
  });
});
