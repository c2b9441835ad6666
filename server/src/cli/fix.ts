import { applyTextEdits, independentFixes, mergeDependencyChanges, mergeRequirementsChanges, preferredFix, type FileChange } from '../engine';
import type { FileReport } from './report';

export interface FilePlan {
  path: string;
  before: string;
  after: string;
  /** Findings whose preferred fix is in `after`. */
  fixed: number;
  /** Preferred fixes left out because they overlap one already taken (a second --fix run gets them). */
  overlapping: number;
  /** Edits the taken fixes make to other files (a created middleware, a dependency in package.json). */
  changes: FileChange[];
}

/** A file the fixes of other files create or edit, with its text before (`''` when created) and after. */
export interface OtherFilePlan {
  path: string;
  before: string;
  after: string;
  created: boolean;
}

/**
 * The file with every finding's preferred rewrite fix applied, in one pass over the report's
 * findings (the engine's independentFixes: a fix overlapping one already taken is left for the
 * next run; an import two fixes add goes in once). Unlike the editor's Fix All (engine
 * `applyPreferredFixes`, which re-analyzes in passes), nothing is analyzed again: findings a
 * --baseline removed stay unfixed, and the main thread does no analysis the worker threads did.
 */
export function planPreferredFixes(file: FileReport): FilePlan {
  const { edits, taken, skipped, takenFixes } = independentFixes(file.findings.map(preferredFix));
  const before = file.lines.text;
  const changes = takenFixes.flatMap((fix) => fix.files ?? []);
  return { path: file.path, before, after: edits.length > 0 ? applyTextEdits(before, edits) : before, fixed: taken, overlapping: skipped, changes };
}

/**
 * The other files the plans' fixes change, each once: edits several fixes share (the same
 * dependency added twice) go in once, a file to create that exists already or a file a plan
 * rewrites itself is left alone (`skipped` says why).
 */
export function planOtherFiles(plans: readonly FilePlan[], read: (path: string) => string | undefined): { files: OtherFilePlan[]; skipped: string[] } {
  const byPath = new Map<string, FileChange[]>();
  for (const change of plans.flatMap((p) => p.changes)) byPath.set(change.path, [...(byPath.get(change.path) ?? []), change]);
  const planned = new Set(plans.map((p) => p.path));
  const files: OtherFilePlan[] = [];
  const skipped: string[] = [];
  for (const [path, changes] of byPath) {
    const existing = read(path);
    const created = changes.some((c) => c.create);
    if (planned.has(path)) skipped.push(`${path}: not changed: the same run fixes findings in it (run --fix again)`);
    else if (created && existing !== undefined) skipped.push(`${path}: not created: it exists already`);
    else if (!created && existing === undefined) skipped.push(`${path}: not changed: it is not there`);
    else {
      const before = existing ?? '';
      const { edits, skipped: clashing } = independentFixes(changes.map((c) => ({ title: '', kind: 'rewrite' as const, edits: c.edits })));
      // Dependencies several fixes add to one manifest meet at one point (package.json's last entry, requirements.txt's end): merged, none dropped.
      const merged = clashing === 0 || created ? undefined : /(^|\/)package\.json$/.test(path) ? mergeDependencyChanges(before, changes) : /(^|\/)requirements[^/]*\.txt$/.test(path) ? mergeRequirementsChanges(before, changes) : undefined;
      if (clashing > 0 && merged === undefined) skipped.push(`${path}: ${clashing} change(s) of fixes overlap another one and were left out (run --fix again)`);
      files.push({ path, before, after: merged ?? applyTextEdits(before, edits), created });
    }
  }
  return { files, skipped };
}

const CONTEXT = 3;

/** A unified diff (`diff -u` style, with a/ and b/ prefixes as git prints them) from `before` to `after`. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineDiff(a, b);
  const hunks: string[] = [];
  // Walk the edit script, cutting it into hunks with CONTEXT unchanged lines around changes.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i].kind === ' ') i++;
    if (i >= ops.length) break;
    let start = i;
    let context = 0;
    while (start > 0 && ops[start - 1].kind === ' ' && context < CONTEXT) (start--, context++);
    let end = i;
    for (let unchanged = 0; end < ops.length; end++) {
      unchanged = ops[end].kind === ' ' ? unchanged + 1 : 0;
      if (unchanged > 2 * CONTEXT) break;
    }
    // Keep at most CONTEXT trailing unchanged lines.
    let trailing = 0;
    while (end - 1 - trailing >= i && ops[end - 1 - trailing].kind === ' ') trailing++;
    end -= Math.max(0, trailing - CONTEXT);
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = ops[start].a + 1;
    const newStart = ops[start].b + 1;
    hunks.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${slice.map((op) => `${op.kind}${op.text}${op.text.endsWith('\n') ? '' : '\n\\ No newline at end of file\n'}`).join('')}`);
    i = end;
  }
  return `--- a/${path}\n+++ b/${path}\n${hunks.join('')}`;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

/** Lines with their line breaks, so a missing final newline shows up as a change. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface DiffOp {
  kind: ' ' | '-' | '+';
  text: string;
  /** Index in the old and new line lists where this op sits. */
  a: number;
  b: number;
}

/**
 * A shortest line edit script (Myers' O(ND) algorithm: fixes change few lines, so D is small
 * and the diff is quick even in a long file).
 */
function lineDiff(a: string[], b: string[]): DiffOp[] {
  const max = a.length + b.length;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v.get(k - 1)! < v.get(k + 1)!) ? v.get(k + 1)! : v.get(k - 1)! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) (x++, y++);
      v.set(k, x);
      if (x >= a.length && y >= b.length) break search;
    }
  }
  // Walk the trace back from the end, collecting the ops in reverse.
  const ops: DiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd.get(k - 1)! < vd.get(k + 1)!) ? k + 1 : k - 1;
    const prevX = vd.get(prevK)!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ kind: ' ', text: a[--x], a: x, b: --y });
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: '+', text: b[--y], a: x, b: y });
    else ops.push({ kind: '-', text: a[--x], a: x, b: y });
  }
  return ops.reverse();
}
