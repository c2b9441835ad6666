import type { LineIndex } from '../text/positions';
import type { Finding, Fix, Range } from '../types';

/** What the ignore fixes write for the reason; until replaced it counts as no reason. */
export const REASON_PLACEHOLDER = '<reason>';

/** `{/*` is a JSX comment, for a line among JSX children where `//` would be text. */
export type CommentStyle = '#' | '//' | '{/*';

/**
 * "Ignore on this line" and "Ignore in this file": a comment on its own line above the
 * finding (keeping its indentation), or at the top of the file after a shebang, encoding
 * line or module docstring start.
 */
export function ignoreFixes(finding: Finding, lines: LineIndex, comment: CommentStyle): Fix[] {
  const eol = lines.eol;
  const line = finding.range.start.line;
  const lineText = lines.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)![0];
  const at: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const topLine = firstInsertableLine(lines, comment);
  const top: Range = { start: { line: topLine, character: 0 }, end: { line: topLine, character: 0 } };
  return [
    {
      title: `Ignore ${finding.ruleId} on this line (with reason)`,
      kind: 'ignore-line',
      edits: [{ range: at, newText: `${indent}${comment} vigil-ignore[${finding.ruleId}]: ${REASON_PLACEHOLDER}${comment === '{/*' ? ' */}' : ''}${eol}` }],
      placeholder: REASON_PLACEHOLDER,
    },
    {
      title: `Ignore ${finding.ruleId} in this file`,
      kind: 'ignore-file',
      edits: [{ range: top, newText: `${comment === '{/*' ? '//' : comment} vigil-ignore-file[${finding.ruleId}]: ${REASON_PLACEHOLDER}${eol}` }],
      placeholder: REASON_PLACEHOLDER,
    },
  ];
}

function firstInsertableLine(lines: LineIndex, comment: CommentStyle): number {
  let line = 0;
  if (lines.lineText(0).startsWith('#!')) line = 1;
  if (comment === '#' && line < lines.lineCount && /^#.*coding[:=]/.test(lines.lineText(line))) line++;
  return Math.min(line, lines.lineCount - 1);
}
