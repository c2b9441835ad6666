import type { Finding, Fix, Range } from '../types';
import type { LineIndex } from '../text/positions';

/**
 * Suppression comments, the same in both languages:
 *   # vigil-ignore[sql-injection]: reason          (this line, or the line below when alone on its line)
 *   // vigil-ignore[rule-a, rule-b]: reason
 *   # vigil-ignore-file[sql-injection]: reason     (whole file)
 *   and between JSX children the block-comment form in braces (a JSX comment)
 */
const SUPPRESSION = /(?:#|\/\/|\/\*)\s*vigil-ignore(-file)?\[([^\]]*)\](?::\s*([^*\r\n]*?))?\s*(?:\*\/\s*\}?)?\s*$/;

export interface Suppression {
  line: number;
  fileWide: boolean;
  ruleIds: string[];
  reason: string;
  /** Whether the comment is alone on its line (then it covers the next line). */
  ownLine: boolean;
}

export function findSuppressions(text: string, lines: LineIndex): Suppression[] {
  if (!text.includes('vigil-ignore')) return [];
  const out: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (!content.includes('vigil-ignore')) continue;
    const match = SUPPRESSION.exec(content);
    if (!match) continue;
    const ruleIds = match[2].split(',').map((id) => id.trim()).filter(Boolean);
    out.push({
      line,
      fileWide: !!match[1],
      ruleIds,
      reason: (match[3] ?? '').trim(),
      ownLine: /^\{?$/.test(content.slice(0, match.index).trim()),
    });
  }
  return out;
}

export function isSuppressed(finding: Finding, suppressions: readonly Suppression[]): boolean {
  const line = finding.range.start.line;
  return suppressions.some((s) => {
    if (!s.ruleIds.includes(finding.ruleId) && !s.ruleIds.includes('*')) return false;
    if (s.fileWide) return true;
    return s.line === line || (s.ownLine && s.line === line - 1);
  });
}

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
      edits: [{ range: at, newText: `${indent}${comment} vigil-ignore[${finding.ruleId}]: <reason>${comment === '{/*' ? ' */}' : ''}${eol}` }],
    },
    {
      title: `Ignore ${finding.ruleId} in this file`,
      kind: 'ignore-file',
      edits: [{ range: top, newText: `${comment === '{/*' ? '//' : comment} vigil-ignore-file[${finding.ruleId}]: <reason>${eol}` }],
    },
  ];
}

function firstInsertableLine(lines: LineIndex, comment: CommentStyle): number {
  let line = 0;
  if (lines.lineText(0).startsWith('#!')) line = 1;
  if (comment === '#' && line < lines.lineCount && /^#.*coding[:=]/.test(lines.lineText(line))) line++;
  return Math.min(line, lines.lineCount - 1);
}
