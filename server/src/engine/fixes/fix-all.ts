import type { Finding, Fix, TextEdit } from '../types';
import { applyTextEdits } from '../text/edits';
import { LineIndex } from '../text/positions';

export interface FixAllResult {
  /** The text with every preferred fix applied. */
  text: string;
  /** How many fixes were applied. */
  applied: number;
}

/** Passes are bounded: fixes that keep producing findings must not loop for ever. */
const MAX_PASSES = 10;

/**
 * Applies every finding's preferred rewrite (the lightbulb's safe default), the way
 * ESLint's --fix does: each pass applies the fixes whose edits do not touch each other,
 * then analyzes the result again for the rest (two fixes that add the same import cannot
 * share a pass). A pass whose result no longer parses is dropped and fixing stops there.
 */
export function applyPreferredFixes(
  text: string,
  analyze: (text: string) => readonly Finding[],
  parses: (text: string) => boolean,
): FixAllResult {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = analyze(current).flatMap((finding) => finding.fixes.filter((fix) => fix.kind === 'rewrite' && fix.isPreferred));
    const chosen = independent(fixes, new LineIndex(current));
    if (chosen.length === 0) break;
    const next = applyTextEdits(current, chosen.flatMap((fix) => fix.edits));
    if (next === current || !parses(next)) break;
    current = next;
    applied += chosen.length;
  }
  return { text: current, applied };
}

/** The fixes, in order, that share no edited span (touching spans count as shared). */
function independent(fixes: readonly Fix[], lines: LineIndex): Fix[] {
  const taken: [number, number][] = [];
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    const spans = fix.edits.map((edit): [number, number] => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)]);
    if (spans.some(([start, end]) => taken.some(([s, e]) => start <= e && s <= end))) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < limit - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  const lines = new LineIndex(before);
  return {
    range: { start: lines.positionAt(start), end: lines.positionAt(before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}
