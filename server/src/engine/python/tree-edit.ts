import type Parser = require('tree-sitter');
import type { OffsetEdit } from '../text/edits';

/** An engine edit as tree-sitter wants it, to replay on the previous tree before reparsing. */
export function treeEditOf(edit: OffsetEdit): Parser.Edit {
  return {
    startIndex: edit.start,
    oldEndIndex: edit.oldEnd,
    newEndIndex: edit.newEnd,
    startPosition: pointAt(edit.oldText, edit.start),
    oldEndPosition: pointAt(edit.oldText, edit.oldEnd),
    newEndPosition: pointAt(edit.newText, edit.newEnd),
  };
}

/**
 * tree-sitter's point for an offset: rows end at \n only (a lone \r is no row break for it,
 * unlike LSP lines), columns count UTF-16 code units in this binding, like the offsets.
 */
export function pointAt(text: string, offset: number): Parser.Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
