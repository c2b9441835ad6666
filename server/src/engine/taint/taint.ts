import type { Confidence, TaintStep } from '../types';

/**
 * One way user data reached a value: where it came from and the steps it took.
 * Both language analyzers build these; the finding's path is `[source, ...steps]`.
 */
export interface TaintLabel {
  readonly source: TaintStep;
  readonly steps: readonly TaintStep[];
  readonly confidence: Confidence;
  /** Rules this label no longer matters to: it went through a sanitizer for them (`DOMPurify.sanitize` clears `xss` only). */
  readonly cleared?: readonly string[];
  /** Not request data: a value whose origin Vigil cannot see (the parameter's name); see unknown-origin.ts. */
  readonly unknownOrigin?: string;
  /** Rules for which the value passed a check with a known bypass (a redirect target checked to start with `/` but not `//`): reported as warnings. */
  readonly weakened?: readonly string[];
  /** A value of unknown origin built into text (an f-string, a concatenation, `.format`/`.join`): not merely passed on. */
  readonly built?: true;
}

/** The labels a value carries; empty means clean. */
export type Taint = readonly TaintLabel[];

export const CLEAN: Taint = Object.freeze([]) as Taint;

/** Enough to explain a finding; more only costs time on big functions. */
const MAX_LABELS = 4;
const MAX_STEPS = 8;

export function isTainted(taint: Taint | undefined): taint is Taint {
  return !!taint && taint.length > 0;
}

export function sourceTaint(source: TaintStep, confidence: Confidence = 'high'): Taint {
  return [{ source, steps: [], confidence }];
}

export function union(...taints: (Taint | undefined)[]): Taint {
  // Index loops: this runs for nearly every expression of every walk, mostly on clean values.
  let out: TaintLabel[] | undefined;
  let first: Taint | undefined;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i];
    if (!isTainted(taint)) continue;
    if (!first) {
      first = taint;
      continue;
    }
    out ??= [...first];
    for (let j = 0; j < taint.length && out.length < MAX_LABELS; j++) {
      const label = taint[j];
      if (!out.some((l) => sameSource(l, label))) out.push(label);
    }
  }
  return out ?? first ?? CLEAN;
}

/** Records that the value went through `step` (an assignment, a call), for the hover's path. */
export function withStep(taint: Taint, step: TaintStep): Taint {
  if (!isTainted(taint)) return CLEAN;
  return taint.map((label) =>
    label.steps.length >= MAX_STEPS ? label : { ...label, steps: [...label.steps, step] },
  );
}

/** The labels that still matter to `ruleId` at a sink. */
export function forRule(taint: Taint, ruleId: string): Taint {
  return taint.some((l) => l.cleared?.includes(ruleId)) ? taint.filter((l) => !l.cleared?.includes(ruleId)) : taint;
}

/** The taint after a check with a known bypass for `rules`: still reported for them, as a warning. */
export function weakenFor(taint: Taint, rules: readonly string[]): Taint {
  if (!isTainted(taint)) return CLEAN;
  return taint.map((label) => ({ ...label, weakened: [...new Set([...(label.weakened ?? []), ...rules])].sort() }));
}

/** The taint after a sanitizer for some rules only: still tainted for the others. */
export function clearFor(taint: Taint, rules: readonly string[]): Taint {
  if (!isTainted(taint)) return CLEAN;
  return taint.map((label) => ({ ...label, cleared: [...new Set([...(label.cleared ?? []), ...rules])].sort() }));
}

function sameSource(a: TaintLabel, b: TaintLabel): boolean {
  return (
    a.source.range.start.line === b.source.range.start.line &&
    a.source.range.start.character === b.source.range.start.character &&
    a.source.label === b.source.label &&
    a.unknownOrigin === b.unknownOrigin &&
    String(a.cleared ?? '') === String(b.cleared ?? '') &&
    String(a.weakened ?? '') === String(b.weakened ?? '')
  );
}

/**
 * Variable -> taint for one scope, flow-sensitive over structured code: straight-line
 * assignments replace (so `x = int(x)` cleans `x`), branches are analyzed on forks that are
 * joined afterwards (a value tainted on any branch stays tainted).
 */
export class TaintEnv {
  private readonly vars = new Map<string, Taint>();

  constructor(private readonly parent?: TaintEnv) {}

  get(name: string): Taint | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  /** A copy of this scope's own bindings. */
  snapshot(): Map<string, Taint> {
    return new Map(this.vars);
  }

  /** Whether the name is bound in this scope (not a parent's). */
  hasOwn(name: string): boolean {
    return this.vars.has(name);
  }

  set(name: string, taint: Taint): void {
    this.vars.set(name, taint);
  }

  /** A copy for one branch; writes to the fork do not touch this env until `join`. */
  fork(): TaintEnv {
    const copy = new TaintEnv(this.parent);
    // A loop, not `new Map(this.vars)`: V8 builds that one through the iterator protocol (outline 5% more CPU).
    for (const [k, v] of this.vars) copy.vars.set(k, v);
    return copy;
  }

  /**
   * Merges branches back: every variable gets the union of its taints over the branches.
   * `exhaustive` says one of the branches always runs (if/else, match with a default), so
   * what this env held before does not survive by itself.
   */
  join(branches: readonly TaintEnv[], exhaustive = false): void {
    // The union over the branches one at a time is the union of all at once (labels in branch order, up to the cap).
    if (exhaustive && branches.length > 0) {
      const names = new Set<string>();
      for (const branch of branches) branch.vars.forEach((_, name) => names.add(name));
      names.forEach((name) => {
        let taint: Taint = CLEAN;
        for (const branch of branches) taint = union(taint, branch.vars.get(name));
        this.vars.set(name, taint);
      });
      return;
    }
    for (const branch of branches) branch.vars.forEach((taint, name) => this.vars.set(name, union(this.vars.get(name), taint)));
  }

  /** A nested scope (function body) that reads this one. */
  child(): TaintEnv {
    return new TaintEnv(this);
  }
}
