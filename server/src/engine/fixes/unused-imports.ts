import type { LineIndex } from '../text/positions';
import type { Fix, TextEdit } from '../types';

// A fix that replaces the last use of an imported name (exec → execFile, os.system →
// subprocess.run, hashlib's digest → Argon2) also takes that name out of its import, so the
// fixed file has no import it does not use. Part of every rewrite fix's edits, so the lightbulb,
// fix on save and `vigil scan --fix` all get it. Conservative: a name still written anywhere
// else in the file (code, a string such as `__all__`, a comment, an `export { exec }`) stays
// imported, and a name that was unused before the fix is not the fix's to remove.

/** An import statement as its language's parser reads it. */
export interface ImportStatement {
  /** The local names it binds. */
  names: string[];
  /** The statement without the bindings of `drop`; undefined when nothing would be left. */
  without(drop: ReadonlySet<string>): string | undefined;
}

/** A language's import statements: where they may be (by their text) and what one binds (by its parser). */
export interface ImportSyntax {
  /** Candidate spans of top-level import statements in a text (each confirmed by `parse`). */
  spans(text: string): Span[];
  parse(statement: string): ImportStatement | undefined;
}

interface Span {
  start: number;
  end: number;
}

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
/** An identifier that is a whole word: what `wordPattern(name)` finds, for any `name` matching IDENTIFIER. */
const WHOLE_WORD = /(?<![\w$])[A-Za-z_$][\w$]*/g;

function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
}

function occurrences(text: string, name: string): number {
  return (text.match(wordPattern(name)) ?? []).length;
}

/**
 * One analysed text as every fix of the analysis reads it: its import statements and where each
 * name stands as a whole word, both found once. A file with hundreds of fixes would otherwise
 * scan its whole text for every fix (quadratic: 1 MB of Python took 18 s).
 */
export class ImportContext {
  private importSpans: Map<string, Span[]> | undefined;
  private readonly words = new Map<string, number[]>();

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly syntax: ImportSyntax,
  ) {}

  /** The import statements that have `names` among their words, in the order of the text. */
  spansWith(names: Iterable<string>): Span[] {
    if (!this.importSpans) {
      this.importSpans = new Map();
      for (const span of this.syntax.spans(this.text)) {
        for (const word of new Set(this.text.slice(span.start, span.end).match(WHOLE_WORD))) {
          const spans = this.importSpans.get(word);
          if (spans) spans.push(span);
          else this.importSpans.set(word, [span]);
        }
      }
    }
    const found = new Set<Span>();
    for (const name of names) for (const span of this.importSpans.get(name) ?? []) found.add(span);
    return [...found].sort((a, b) => a.start - b.start);
  }

  /** The offsets where `name` stands as a whole word. */
  positions(name: string): number[] {
    let found = this.words.get(name);
    if (!found) this.words.set(name, (found = [...this.text.matchAll(wordPattern(name))].map((m) => m.index)));
    return found;
  }
}

function apply(text: string, edits: readonly OffsetEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/**
 * `fix` with the imports it leaves unused taken out (or `fix` itself). `text`: the analysed
 * file; its edits must not overlap (an engine invariant).
 */
export function withUnusedImportsRemoved(fix: Fix, context: ImportContext): Fix {
  if (fix.kind !== 'rewrite' || !fix.edits.length) return fix;
  const { text, lines, syntax } = context;
  const edits = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => a.start - b.start || a.end - b.end);
  // Only a name the fix's edits take out can become unused.
  const removed = new Set<string>();
  for (const edit of edits) for (const word of text.slice(edit.start, edit.end).match(IDENTIFIER) ?? []) removed.add(word);
  if (!removed.size) return fix;
  // A use of the name whose neighbouring characters no edit touches outlives the fix: the name stays imported.
  const touched: Span[] = edits.map((e) => ({ start: e.start, end: e.end }));
  const usedAfter = (name: string, span: Span) =>
    context.positions(name).some((at) => [span, ...touched].every((t) => t.end < at - 1 || t.start > at + name.length + 1));
  let fixedText: string | undefined;
  const replacements: OffsetEdit[] = [];
  for (const span of context.spansWith(removed)) {
    const statement = text.slice(span.start, span.end);
    // The statement as the fix leaves it (command fixes add `execFile` next to `exec`); an edit across its bounds: left alone.
    const inside = edits.filter((e) => e.start < span.end && e.end > span.start || (e.start === e.end && e.start > span.start && e.start < span.end));
    if (inside.some((e) => e.start < span.start || e.end > span.end)) continue;
    const newStatement = apply(statement, inside.map((e) => ({ start: e.start - span.start, end: e.end - span.start, text: e.text })));
    const parsed = syntax.parse(newStatement);
    if (!parsed || parsed.names.every((name) => !removed.has(name) || usedAfter(name, span))) continue;
    const before = text.slice(0, span.start) + text.slice(span.end);
    const shift = edits.filter((e) => e.end <= span.start && !inside.includes(e)).reduce((sum, e) => sum + e.text.length - (e.end - e.start), 0);
    const newStart = span.start + shift;
    fixedText ??= apply(text, edits);
    const after = fixedText.slice(0, newStart) + fixedText.slice(newStart + newStatement.length);
    const drop = new Set(parsed.names.filter((name) => removed.has(name) && occurrences(before, name) > 0 && occurrences(after, name) === 0));
    if (!drop.size) continue;
    const rest = parsed.without(drop);
    if (rest !== undefined) {
      replacements.push({ start: span.start, end: span.end, text: rest });
    } else {
      // The whole statement goes, with its line: the line break after it (or, when an edit inserts there, the one before it).
      const lineEnd = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(span.end))![0].length;
      const lineStart = text.slice(0, span.start).match(/(?:\r?\n)?[ \t]*$/)![0].length;
      const touching = edits.some((e) => !inside.includes(e) && e.start >= span.end && e.start <= span.end + lineEnd);
      if (touching && lineStart === 0) {
        // The first line of the file, with an import inserted after it: the inserted line takes its place.
        const inserted = edits.find((e) => e.start === span.end && e.end === span.end && /^\r?\n/.test(e.text));
        if (!inserted || edits.some((e) => e !== inserted && !inside.includes(e) && e.start >= span.end && e.start <= span.end + lineEnd)) continue;
        inserted.text = inserted.text.replace(/^\r?\n/, '');
        replacements.push({ start: span.start, end: span.end, text: '' });
        for (const edit of inside) edits.splice(edits.indexOf(edit), 1);
        continue;
      }
      replacements.push(touching ? { start: span.start - lineStart, end: span.end, text: '' } : { start: span.start - (span.start === 0 || lineEnd ? 0 : lineStart), end: span.end + lineEnd, text: '' });
    }
    for (const edit of inside) edits.splice(edits.indexOf(edit), 1);
  }
  if (!replacements.length) return fix;
  const all = [...edits, ...replacements].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < all.length; i++) if (all[i].start < all[i - 1].end) return fix;
  const out: TextEdit[] = all.map((e) => ({ range: lines.rangeAt(e.start, e.end), newText: e.text }));
  return { ...fix, edits: out };
}
