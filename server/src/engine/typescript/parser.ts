import type * as ts from 'typescript';
import { ScriptKind, ScriptTarget, collapseTextChangeRangesAcrossMultipleVersions, createSourceFile, updateSourceFile } from './compiler';
import type { OffsetEdit } from '../text/edits';
import { carryFileCaches } from './statement-cache';

/** The script kind from the file extension; TS for anything unknown (an untitled buffer). */
export function scriptKindOf(fileName: string): ScriptKind {
  const ext = /\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase();
  switch (ext) {
    case '.tsx':
      return ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ScriptKind.JS;
    case '.jsx':
      return ScriptKind.JSX;
    default:
      return ScriptKind.TS;
  }
}

/**
 * Parses a file, or updates the previous tree with the edits since then: the compiler's
 * incremental parser reuses the unchanged nodes. No Program is ever built, so there is no
 * type checking and no cost per keystroke beyond the parse itself.
 */
export function parse(text: string, fileName: string, previous?: { tree: ts.SourceFile; edits: readonly OffsetEdit[] }): ts.SourceFile {
  if (previous && previous.edits.length > 0) {
    try {
      // Edits batched by the debounce (a burst of keystrokes) become one change range: one
      // incremental parse instead of one per keystroke.
      const range = collapseTextChangeRangesAcrossMultipleVersions(
        previous.edits.map((edit) => ({ span: { start: edit.start, length: edit.oldEnd - edit.start }, newLength: edit.newEnd - edit.start })),
      );
      const errorsAway = syntaxErrorsAwayFrom(previous.tree, range.span);
      const sf = updateSourceFile(previous.tree, text, range);
      // The incremental parser can lose the syntax errors of broken JSX an edit elsewhere leaves
      // as it was (edits property test, seed 20261123): a tree that turned clean while the old
      // tree had errors away from the edit is confirmed by a fresh parse. Typing through a
      // statement breaks and repairs it where the cursor is, so the keystroke that repairs it
      // pays for no second parse; and when the fresh tree is clean too the updated one is kept:
      // its statements are the previous tree's nodes, so the analysis stays incremental.
      if (sf.text === text) {
        if (errorsAway && !hasSyntaxErrors(sf)) {
          const fresh = createSourceFile(fileName, text, ScriptTarget.Latest, /*setParentNodes*/ true, scriptKindOf(fileName));
          if (hasSyntaxErrors(fresh)) return fresh;
        }
        // The statements it kept are the previous tree's nodes: their cached results still hold.
        carryFileCaches(previous.tree, sf);
        return sf;
      }
    } catch {
      // An update the incremental parser cannot take: parse from scratch below.
    }
  }
  return createSourceFile(fileName, text, ScriptTarget.Latest, /*setParentNodes*/ true, scriptKindOf(fileName));
}

/**
 * Whether `sf` has a syntax error outside the stretch an edit of `span` re-parses for sure: from
 * the start of the edit's line to the first token after it, where a parser reports what the
 * edited statement lacks (`')' expected` at the next line's first token).
 */
function syntaxErrorsAwayFrom(sf: ts.SourceFile, span: { start: number; length: number }): boolean {
  const diagnostics = parseDiagnosticsOf(sf);
  if (diagnostics.length === 0) return false;
  const text = sf.text;
  const from = text.lastIndexOf('\n', span.start - 1) + 1;
  let to = span.start + span.length;
  while (to < text.length && /\s/.test(text[to])) to++;
  return diagnostics.some((d) => d.start === undefined || d.start < from || d.start > to);
}

function parseDiagnosticsOf(sf: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}

/**
 * Whether the parser reported syntax errors. `parseDiagnostics` is internal to the compiler
 * but has been stable for years; it is read here and nowhere else.
 */
export function hasSyntaxErrors(sf: ts.SourceFile): boolean {
  return parseDiagnosticsOf(sf).length > 0;
}
