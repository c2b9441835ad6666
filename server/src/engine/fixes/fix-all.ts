import type { Finding, Fix, TextEdit } from '../types';
import { applyTextEdits } from '../text/edits';
import { comparePositions, LineIndex } from '../text/positions';

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
 * ESLint's --fix does: each pass applies the fixes whose edits do not touch each other
 * (independentFixes), then analyzes the result again for the rest. A pass whose result no
 * longer parses is dropped and fixing stops there.
 */
export function applyPreferredFixes(
  text: string,
  analyze: (text: string) => readonly Finding[],
  parses: (text: string) => boolean,
): FixAllResult {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // A fix that also changes other files (creates a middleware, adds a dependency) is the lightbulb's and the CLI's: fix-all edits this text only.
    const { edits, taken } = independentFixes(analyze(current).map(preferredFix).filter((fix) => !fix?.files?.length));
    if (taken === 0) break;
    const next = applyTextEdits(current, edits);
    if (next === current || !parses(next)) break;
    current = next;
    applied += taken;
  }
  return { text: current, applied };
}

/** A finding's preferred rewrite (the safe default the lightbulb marks), if it has one. */
export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.kind === 'rewrite' && fix.isPreferred);
}

/**
 * The fixes that can go into one edit of a file, in order: one whose edits overlap an edit
 * already taken waits (`skipped`), and an edit two fixes share (the same import added twice)
 * is taken once. Two insertions at one point count as overlapping: their order would be a guess.
 */
export function independentFixes(fixes: readonly (Fix | undefined)[]): { edits: TextEdit[]; taken: number; skipped: number; takenFixes: Fix[] } {
  const edits: TextEdit[] = [];
  const takenFixes: Fix[] = [];
  let taken = 0;
  let skipped = 0;
  for (const fix of fixes) {
    if (!fix) continue;
    const fresh = fix.edits.filter((edit) => !edits.some((t) => sameEdit(t, edit)));
    if (fresh.some((edit) => edits.some((t) => overlaps(t, edit)))) {
      skipped++;
      continue;
    }
    edits.push(...fresh);
    takenFixes.push(fix);
    taken++;
  }
  return { edits, taken, skipped, takenFixes };
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.newText === b.newText && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (comparePositions(a.range.start, b.range.start) === 0) return true;
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0;
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
