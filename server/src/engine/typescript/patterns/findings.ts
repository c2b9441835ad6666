import type * as ts from 'typescript';
import type { BackendInput } from '../../backend';
import { patternFinding } from '../../rules/pattern-finding';
import type { Finding, Fix } from '../../types';
import { readFileFacts } from '../file-facts';
import { isCallExpression } from '../compiler';
import { declaredNpmFloor } from '../../dependencies/declared';
import { VERSION_SCHEMES } from '../../dependencies/versions';
import { FixContext, patternEdits } from './fix';
import { findPatternHits, type PatternHit } from './match';
import { unguardedHandlers } from './missing-auth';
import { unresetSessionWrites, WRITES_SESSION } from './session-fixation';
import { COMPUTED_WRITE, pollutingWrites } from './prototype-pollution';
import { ruleText, type MissingAuthSpec } from '../../rules/spec-types';

/** The findings of rules/patterns/typescript.json in one file, each with its rewrite fix when the code allows one. */
export function patternFindings(input: BackendInput<ts.SourceFile>): Finding[] {
  const patterns = input.catalog.patterns('typescript');
  const hits = findPatternHits(input.tree, input.path, patterns, input.isRuleEnabled).filter((hit) => !safeByDependency(hit, input));
  const unguarded = [...missingAuthFindings(input, patterns.file.missingAuth), ...sessionFixationFindings(input), ...prototypePollutionFindings(input)];
  if (!hits.length) return unguarded;
  const context = new FixContext(input.tree, input.lines, readFileFacts(input.tree).quote, input.path, input.files);
  const found = hits.map((hit) =>
    patternFinding(input.catalog, {
      ruleId: hit.pattern.spec.rule,
      language: 'typescript',
      range: input.lines.rangeAt(hit.at.getStart(input.tree), hit.at.getEnd()),
      callee: hit.callee,
      code: hit.subject ?? context.text(hit.value ?? hit.at),
      ...(hit.pattern.spec.message !== undefined && { message: hit.pattern.spec.message }),
      ...(hit.pattern.spec.severity !== undefined && { severity: hit.pattern.spec.severity }),
      ...(hit.pattern.spec.confidence !== undefined && { confidence: hit.pattern.spec.confidence }),
      fixes: fixesOf(hit, context, input),
    }),
  );
  return [...found, ...unguarded];
}

/**
 * `unlessDependency`: the project declares a version of the library that makes this call safe by
 * default (jsonwebtoken >= 9 verifies a string secret with HMAC algorithms only), and the argument
 * that decides does not look like the case the default leaves open (a public key).
 */
function safeByDependency(hit: PatternHit, input: BackendInput<ts.SourceFile>): boolean {
  const condition = hit.pattern.spec.unlessDependency;
  if (!condition) return false;
  if (condition.arg !== undefined && condition.argText !== undefined) {
    const arg = isCallExpression(hit.node) ? hit.node.arguments[condition.arg] : undefined;
    if (!arg || new RegExp(condition.argText).test(arg.getText(input.tree))) return false;
  }
  const floor = declaredNpmFloor(input.path, condition.package, input.files);
  return floor !== undefined && VERSION_SCHEMES.npm.compare(floor, condition.atLeast) >= 0;
}

/** Handlers that write data without the session check their neighbours make (`missingAuth` in the patterns file). */
function missingAuthFindings(input: BackendInput<ts.SourceFile>, spec: MissingAuthSpec | undefined): Finding[] {
  // Only files with handlers: a mutating route export, a Server Action directive, a route registration.
  if (!spec || !input.isRuleEnabled(spec.rule) || !/use server|\b(?:POST|PUT|PATCH|DELETE)\b|\.(?:post|put|patch|delete|del)\(/.test(input.text)) return [];
  const frameworks = input.catalog.frameworksOf('typescript').flatMap((f) => (f.routeAuth ? [f.routeAuth] : []));
  return unguardedHandlers(input.tree, spec, { path: input.path, frameworks, modules: input.modules, files: input.files }).map(({ name, label }) =>
    patternFinding(input.catalog, {
      ruleId: spec.rule,
      language: 'typescript',
      range: input.lines.rangeAt(name.getStart(input.tree), name.getEnd()),
      callee: label,
      code: label,
      fixes: [],
    }),
  );
}

const SESSION_FIXATION = 'session-fixation';

/** Logins that store the user in the session they were handed (no `req.session.regenerate` first). No rewrite: the rest of the handler would move into regenerate's callback. */
function sessionFixationFindings(input: BackendInput<ts.SourceFile>): Finding[] {
  if (!input.isRuleEnabled(SESSION_FIXATION) || !input.catalog.get(SESSION_FIXATION) || !WRITES_SESSION.test(input.text)) return [];
  return unresetSessionWrites(input.tree).map(({ target }) => adviceFinding(input, SESSION_FIXATION, target));
}

const PROTOTYPE_POLLUTION = 'prototype-pollution';

/** Deep merges and set-by-path helpers writing keys from data into plain objects without a `__proto__` guard. No rewrite: which keys to refuse, or a Map instead, is the helper's design. */
function prototypePollutionFindings(input: BackendInput<ts.SourceFile>): Finding[] {
  if (!input.isRuleEnabled(PROTOTYPE_POLLUTION) || !input.catalog.get(PROTOTYPE_POLLUTION) || !COMPUTED_WRITE.test(input.text)) return [];
  return pollutingWrites(input.tree).map(({ target, shape }) => adviceFinding(input, PROTOTYPE_POLLUTION, target, shape));
}

/** A finding on `target` with no rewrite (the fix is the author's design), its code quoted in the message. */
function adviceFinding(input: BackendInput<ts.SourceFile>, ruleId: string, target: ts.Node, message?: string): Finding {
  const code = target.getText(input.tree);
  return patternFinding(input.catalog, {
    ruleId,
    language: 'typescript',
    range: input.lines.rangeAt(target.getStart(input.tree), target.getEnd()),
    callee: code,
    code,
    ...(message !== undefined && { message }),
    fixes: [],
  });
}

function fixesOf(hit: PatternHit, context: FixContext, input: BackendInput<ts.SourceFile>): Fix[] {
  const title = hit.pattern.spec.fix?.title ?? ruleText(input.catalog.get(hit.pattern.spec.rule)?.meta, 'typescript', 'fixTitle');
  if (!title) return [];
  let made: ReturnType<typeof patternEdits>;
  try {
    made = patternEdits(hit, context);
  } catch {
    made = undefined; // a fix that cannot be built is not offered; the finding stands
  }
  if (!made) return [];
  const fix = Array.isArray(made) ? { edits: made } : made;
  if (!fix.edits.length) return [];
  // A fix that changes behaviour on purpose says so and is never applied in bulk.
  const changes = hit.pattern.spec.fix?.changesBehaviour;
  const variant = hit.pattern.spec.id;
  if (changes) return [{ title: `${fix.title ?? title} (${changes})`, kind: 'rewrite', isPreferred: false, edits: fix.edits, ...(fix.files?.length ? { files: fix.files } : {}), variant }];
  return [{ title: fix.title ?? title, kind: 'rewrite', isPreferred: fix.preferred ?? true, edits: fix.edits, ...(fix.files?.length ? { files: fix.files } : {}), variant }];
}
