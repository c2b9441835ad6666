import type { ContentChange, TextEdit } from '../types';
import { LineIndex, comparePositions } from './positions';

/** A change in offsets of the text before it, as incremental parsers want it. */
export interface OffsetEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** Text before the change; parsers derive row/column from it. */
  oldText: string;
  newText: string;
}

/**
 * Applies editor changes in order (each one's range refers to the text after the previous
 * ones, as LSP specifies) and returns the new text with one OffsetEdit per change. `lines`,
 * when given, is a LineIndex of `text` the caller already has.
 */
export function applyContentChanges(text: string, changes: readonly ContentChange[], lines?: LineIndex): { text: string; edits: OffsetEdit[] } {
  const edits: OffsetEdit[] = [];
  let current = text;
  for (const change of changes) {
    let start: number;
    let end: number;
    if (change.range) {
      // The caller's index of the original text serves the first change (one keystroke).
      const index = current === text && lines?.text === text ? lines : new LineIndex(current);
      start = index.offsetAt(change.range.start);
      end = Math.max(start, index.offsetAt(change.range.end));
    } else {
      start = 0;
      end = current.length;
    }
    const next = current.slice(0, start) + change.text + current.slice(end);
    edits.push({ start, oldEnd: end, newEnd: start + change.text.length, oldText: current, newText: next });
    current = next;
  }
  return { text: current, edits };
}

/** Applies non-overlapping edits, all in the coordinates of `text`. Throws on overlap. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    const start = index.offsetAt(edit.range.start);
    const end = index.offsetAt(edit.range.end);
    if (start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, start) + edit.newText;
    cursor = end;
  }
  return out + text.slice(cursor);
}
