import type { UnknownOriginSettings } from '../config/config';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { RuleMeta, SinkSpec } from '../rules/spec-types';
import { isTestCode } from '../rules/test-code';
import type { Confidence, Severity, TaintStep } from '../types';
import type { Taint, TaintLabel } from './taint';

/**
 * The unknown-origin tier. A value Vigil cannot trace to request data (a parameter of a function
 * no framework calls as a handler: its callers may be anywhere) reaching an injection sink is worth
 * a look, at a lower severity and confidence than traced request data. Which rules and sinks take
 * part is data (`unknownOrigin` in rule.json and on sinks); whether the tier is reported at all is
 * the config's (`unknownOrigin.report`, set by the presets), off by default. Only functions whose
 * callers Vigil cannot see take part: public module-level functions and methods (Python), exported
 * ones (TS/JS); nested, private and unexported functions are called where Vigil sees the arguments.
 * Code whose caller is the developer or the operator (tests, scripts, migrations, build files: the
 * spec's `unknownOriginQuietFiles`, a module run as `__main__`, a file with a `#!` line) is left out.
 */
export interface UnknownOriginPolicy {
  /** The lowest confidence reported in the tier. */
  readonly report: 'medium' | 'low';
  readonly rules: Readonly<Record<string, 'off' | 'medium' | 'low'>>;
  readonly sinks: Readonly<Record<string, 'off' | 'medium' | 'low'>>;
}

/** The tier's policy from a config, or undefined when the tier is off (nothing is seeded then). */
export function unknownOriginPolicy(settings: UnknownOriginSettings | undefined): UnknownOriginPolicy | undefined {
  if (!settings?.report || settings.report === 'off') return undefined;
  return { report: settings.report, rules: settings.rules ?? {}, sinks: settings.sinks ?? {} };
}

/** Whether the tier is on and the file takes part (not test code, a script, a migration, a build file). */
export function tierCoversFile(spec: CompiledTaintSpec, path: string, text: string): boolean {
  if (!spec.unknownOrigin || isTestCode(path) || spec.unknownOriginQuiet(path)) return false;
  // A program's arguments are its operator's: a `#!` script, a Python module run as `__main__`.
  return !text.startsWith('#!') && !MAIN_GUARD.test(text);
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/m;

/** A stable text of a policy (caches key compiled specs by it). */
export function policyKey(policy: UnknownOriginPolicy | undefined): string {
  return policy ? JSON.stringify([policy.report, Object.entries(policy.rules).sort(), Object.entries(policy.sinks).sort()]) : '';
}

/** The label a parameter of unknown origin carries: `source` names it ("`cmd`, a parameter of `run()`…"). */
export function unknownOriginTaint(source: TaintStep, param: string): Taint {
  return [{ source, steps: [], confidence: 'medium', unknownOrigin: param }];
}

/**
 * The taint of text built from values (`f"… {name}"`, `'tar ' + dir`, `` `… ${id}` ``, `.join`): a value
 * of unknown origin in it is no longer merely passed on, which is what tells an injection written in
 * place (medium) from a wrapper that hands its parameter to a sink as it is (low).
 */
export function builtInto(taint: Taint): Taint {
  if (!taint.some((label) => label.unknownOrigin !== undefined && !label.built)) return taint;
  return taint.map((label) => (label.unknownOrigin !== undefined && !label.built ? { ...label, built: true as const } : label));
}

/** How the source of an unknown-origin parameter reads in messages and paths. */
export function unknownParameterLabel(param: string, fn: string | undefined): string {
  return fn ? `\`${param}\`, a parameter of \`${fn}()\` whose callers Vigil cannot see` : `\`${param}\`, a parameter of a function whose callers Vigil cannot see`;
}

export function isUnknownOrigin(label: TaintLabel): boolean {
  return label.unknownOrigin !== undefined;
}

/** Whether the value carries request data (or another traced source), not only values of unknown origin. */
export function hasTracedLabel(taint: Taint): boolean {
  return taint.some((label) => !isUnknownOrigin(label));
}

/** The traced labels only: a value with both is a traced finding, named after its real source. */
export function tracedOnly(taint: Taint): Taint {
  return taint.some(isUnknownOrigin) ? taint.filter((label) => !isUnknownOrigin(label)) : taint;
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/**
 * A finding's severity and confidence in the tier, or undefined when it is not reported: the
 * rule and the sink must take part, and the lowest of their caps, the config's and the value's own
 * (a parameter passed through as it is, `run(cmd)` → `os.system(cmd)`, is a wrapper: `low`; one built
 * into the sink's text, `f"… {name}"`, `medium`) must reach the policy's level.
 */
export function tierOf(
  policy: UnknownOriginPolicy | undefined,
  rule: RuleMeta,
  sink: SinkSpec | undefined,
  taint: Taint,
): { severity: Severity; confidence: Confidence } | undefined {
  if (!policy || !rule.unknownOrigin || !sink) return undefined;
  const sinkLevel = policy.sinks[sink.id] ?? sink.unknownOrigin;
  const ruleLevel = policy.rules[rule.id] ?? rule.unknownOrigin.confidence;
  if (!sinkLevel || sinkLevel === 'off' || ruleLevel === 'off') return undefined;
  const passThrough = taint.every((label) => !label.built);
  const levels: Confidence[] = [sinkLevel, ruleLevel, passThrough ? 'low' : 'medium', ...(sink.confidence ? [sink.confidence] : [])];
  const confidence = levels.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
  if (RANK[confidence] < RANK[policy.report]) return undefined;
  return { severity: rule.unknownOrigin.severity, confidence };
}

/** How reports explain a finding's tier (hover, text output). */
export function tierDescription(tier: 'unknown-origin'): string {
  switch (tier) {
    case 'unknown-origin':
      return 'value of unknown origin: Vigil cannot trace it to request data (a parameter of a function whose callers it cannot see), so it is reported at a lower severity and confidence; the fixes are the same';
  }
}
