import { fillLabel } from '../rules/compiled-spec';
import type { RuleCatalog } from '../rules/catalog';
import { ruleText, type SinkSpec, type SpecLanguage } from '../rules/spec-types';
import type { Confidence, Finding, Fix, Range, SinkLocation } from '../types';
import { isTainted, type Taint } from './taint';
import { hasTracedLabel, tierOf, tracedOnly, type UnknownOriginPolicy } from './unknown-origin';

export interface TaintFindingInput {
  ruleId: string;
  /** The file's language: picks the rule's message for it (`byLanguage`). */
  language: SpecLanguage;
  /** The tainted argument at the sink: the finding's range. */
  range: Range;
  /** The sink call as written, e.g. `cursor.execute`. */
  sink: string;
  /** How the message names the sink when it is not the call at the finding (`` `pool.query` inside `findProducts()` (lib/products.ts line 3) ``); `` `sink` `` by default. */
  sinkText?: string;
  /** Where the sink call is when it is not at `range` (inside a function called there). */
  sinkLocation?: SinkLocation;
  /** The tainted value at the sink as written (a variable name or a short expression). */
  variable: string;
  taint: Taint;
  /**
   * The call's other arguments carrying user data to a sink of the same rule (`spawn(cmd, [arg], { shell: true })`):
   * one injection, so one finding that lists them in the message and the path.
   */
  alsoTainted?: readonly TaintedArgument[];
  fixes: Fix[];
  /** The sink matched at `range` (absent for a call into a function whose parameter reaches one): whether it takes part in the unknown-origin tier. */
  sinkSpec?: SinkSpec;
  /** The unknown-origin tier's policy (the compiled spec's); absent: the tier is off. */
  policy?: UnknownOriginPolicy;
  /** A key in the rule's `messages` for the message (the sink's own, SinkSpec.message); the rule's message otherwise. */
  message?: string;
}

/** Another argument of the sink call that carries user data. */
export interface TaintedArgument {
  range: Range;
  /** The value as written. */
  variable: string;
  taint: Taint;
}

const ORDER: Confidence[] = ['low', 'medium', 'high'];

/**
 * A taint finding, the same for every language: message from the rule's template, path
 * from the first label (source, then its steps), the highest confidence among the labels
 * capped by the rule's own. Values of unknown origin only (no traced label) make a finding of
 * the unknown-origin tier, or none when the tier, the rule or the sink leaves them out.
 */
export function taintFinding(catalog: RuleCatalog, given: TaintFindingInput): Finding | undefined {
  const rule = catalog.get(given.ruleId);
  if (!rule) throw new Error(`unknown rule ${given.ruleId}`);
  const traced = hasTracedLabel(given.taint) || (given.alsoTainted ?? []).some((a) => hasTracedLabel(a.taint));
  let tier: ReturnType<typeof tierOf>;
  let input = given;
  if (traced) {
    // Request data decides the finding: the arguments of unknown origin beside it are not named.
    const alsoTainted = given.alsoTainted?.map((a) => ({ ...a, taint: tracedOnly(a.taint) })).filter((a) => isTainted(a.taint));
    const taint = tracedOnly(given.taint);
    input = isTainted(taint) ? { ...given, taint, ...(alsoTainted && { alsoTainted }) } : { ...given, ...promoted(alsoTainted!) };
  } else {
    tier = tierOf(given.policy, rule.meta, given.sinkSpec, given.taint);
    if (!tier) return undefined;
  }
  const label = input.taint[0];
  const also = input.alsoTainted ?? [];
  const labels = [...input.taint, ...also.flatMap((a) => a.taint)];
  const sources = [...new Set(labels.map((l) => l.source.label))];
  const source = sources.length > 1 ? `${sources[0]} (and ${sources.length - 1} more)` : sources[0];
  const variable = listed([input.variable, ...also.map((a) => a.variable)].map((v) => `\`${shorten(v)}\``));
  // The path follows the first argument; each other one is a step of its own, named with its source.
  const others = also.map((a) => ({ range: a.range, label: `also \`${shorten(a.variable)}\`, from ${a.taint[0].source.label}` }));
  const best = labels.reduce((c, l) => (ORDER.indexOf(l.confidence) > ORDER.indexOf(c) ? l.confidence : c), 'low' as Confidence);
  // Every value passed a check with a known bypass (`startsWith('/') && !startsWith('//')` lets `/\\evil.example` through): a warning, said so.
  const weak = !tier && labels.every((l) => l.weakened?.includes(input.ruleId));
  const confidence = tier?.confidence ?? ORDER[Math.min(ORDER.indexOf(best), ORDER.indexOf(rule.meta.confidence), weak ? ORDER.indexOf('medium') : ORDER.length)];
  const sinkMessage = input.message ?? input.sinkSpec?.message;
  const message = fillLabel((sinkMessage !== undefined ? rule.meta.messages?.[sinkMessage] : undefined) ?? ruleText(rule.meta, input.language, 'message')!, { source, sink: input.sinkText ?? `\`${input.sink}\``, variable });
  return {
    ruleId: input.ruleId,
    message: weak && rule.meta.messages?.weakCheck ? `${message} ${rule.meta.messages.weakCheck}` : message,
    range: input.range,
    severity: tier?.severity ?? (weak && rule.meta.severity === 'error' ? 'warning' : rule.meta.severity),
    confidence,
    ...(tier && { tier: 'unknown-origin' as const }),
    path: [label.source, ...label.steps, ...others],
    sink: input.sink,
    ...(input.sinkLocation && { sinkLocation: input.sinkLocation }),
    fixes: input.fixes,
  };
}

/** The first traced other argument takes the finding's place (the one at `range` is of unknown origin only). */
function promoted(also: readonly TaintedArgument[]): Pick<TaintFindingInput, 'range' | 'variable' | 'taint' | 'alsoTainted'> {
  const [first, ...rest] = also;
  return { range: first.range, variable: first.variable, taint: first.taint, alsoTainted: rest };
}

export function shorten(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
