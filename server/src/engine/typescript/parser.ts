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
      const wasBroken = hasSyntaxErrors(previous.tree);
      const sf = updateSourceFile(previous.tree, text, range);
      // The incremental parser can lose the syntax errors of broken JSX an edit elsewhere leaves
      // as it was (edits property test, seed 20261123): a tree that turned clean is confirmed by a
      // fresh parse below. Only the keystroke that repairs a broken file pays for it.
      if (sf.text === text && !(wasBroken && !hasSyntaxErrors(sf))) {
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
 * Whether the parser reported syntax errors. `parseDiagnostics` is internal to the compiler
 * but has been stable for years; it is read here and nowhere else.
 */
export function hasSyntaxErrors(sf: ts.SourceFile): boolean {
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  return !!diagnostics && diagnostics.length > 0;
}
