import { fillLabel } from '../rules/compiled-spec';
import type { RuleCatalog } from '../rules/catalog';
import { ruleText, type SpecLanguage } from '../rules/spec-types';
import type { Confidence, Finding, Fix, Range, SinkLocation } from '../types';
import type { Taint } from './taint';

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
  fixes: Fix[];
}

const ORDER: Confidence[] = ['low', 'medium', 'high'];

/**
 * A taint finding, the same for every language: message from the rule's template, path
 * from the first label (source, then its steps), the highest confidence among the labels
 * capped by the rule's own.
 */
export function taintFinding(catalog: RuleCatalog, input: TaintFindingInput): Finding {
  const rule = catalog.get(input.ruleId);
  if (!rule) throw new Error(`unknown rule ${input.ruleId}`);
  const label = input.taint[0];
  const sources = [...new Set(input.taint.map((l) => l.source.label))];
  const source = sources.length > 1 ? `${sources[0]} (and ${sources.length - 1} more)` : sources[0];
  const best = input.taint.reduce((c, l) => (ORDER.indexOf(l.confidence) > ORDER.indexOf(c) ? l.confidence : c), 'low' as Confidence);
  const confidence = ORDER[Math.min(ORDER.indexOf(best), ORDER.indexOf(rule.meta.confidence))];
  return {
    ruleId: input.ruleId,
    message: fillLabel(ruleText(rule.meta, input.language, 'message')!, { source, sink: input.sinkText ?? `\`${input.sink}\``, variable: `\`${shorten(input.variable)}\`` }),
    range: input.range,
    severity: rule.meta.severity,
    confidence,
    path: [label.source, ...label.steps],
    sink: input.sink,
    ...(input.sinkLocation && { sinkLocation: input.sinkLocation }),
    fixes: input.fixes,
  };
}

export function shorten(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}
