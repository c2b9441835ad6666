import type { LineIndex } from '../text/positions';
import type { Range } from '../types';

/**
 * Suppression comments, the same in both languages:
 *   # vigil-ignore[sql-injection]: reason until 2026-03-31 by @ana   (this line, or the next when alone on its line)
 *   // vigil-ignore[rule-a, rule-b]: reason
 *   # vigil-ignore-file[sql-injection]: reason                        (whole file)
 *   and between JSX children the block-comment form in braces (a JSX comment)
 * With `honorForeignSuppressions`, also Bandit's `# nosec [B602]`, Semgrep's `nosemgrep` and
 * Sonar's `NOSONAR`, so a team moving to Vigil keeps the decisions it already wrote down.
 */
const VIGIL = /(\{\s*\/\*|\/\*|\/\/|#)\s*vigil-ignore(-file)?\[([^\]\r\n]*)\]/;
const NOSEC = /(#|\/\/)\s*nosec\b(?::?[ \t]*((?:B\d{3}\b[ \t,]*)+))?/;
const NOSEMGREP = /(\{\s*\/\*|\/\*|\/\/|#)\s*nosemgrep\b/;
const NOSONAR = /(\{\s*\/\*|\/\*|\/\/|#).*?\bNOSONAR\b/;
const OWNER = /(?:^|\s)by\s+(@[\w.-]+(?:\/[\w.-]+)?)$/;
const UNTIL = /(?:^|\s)until\s+(\d{4}-\d{2}-\d{2})$/;

export type ForeignTool = 'bandit' | 'semgrep' | 'sonar';

export interface Suppression {
  kind: 'line' | 'file' | 'foreign';
  /** 0-based line of the comment. */
  line: number;
  fileWide: boolean;
  /** Rule ids as written; `*` is every rule. Empty for a foreign comment that covers every rule. */
  ruleIds: string[];
  /** Empty when the comment gives none. */
  reason: string;
  /** `@name` or `@org/team`. */
  owner?: string;
  /** Last day the suppression holds, YYYY-MM-DD. */
  until?: string;
  /** Whether the comment is alone on its line (then it covers the next line). */
  ownLine: boolean;
  /** The comment from its leader (`#`, `//`, `/*`, `{/*`) to its end. */
  range: Range;
  /** Each rule id's place in the comment, in `ruleIds` order (to remove one unused id). */
  idRanges: Range[];
  /** What removing the comment deletes: its whole line when alone on it, else the comment and the blanks before it. */
  removal: Range;
  tool?: ForeignTool;
}

/** Bandit test ids → the Vigil rule that finds the same problem (`# nosec B602` suppresses only those). */
const BANDIT_RULES: Readonly<Record<string, string>> = {
  B102: 'code-injection',
  B307: 'code-injection',
  B201: 'debug-enabled',
  B301: 'unsafe-deserialization',
  B302: 'unsafe-deserialization',
  B403: 'unsafe-deserialization',
  B303: 'weak-password-hash',
  B324: 'weak-password-hash',
  B310: 'ssrf',
  B501: 'tls-verification-disabled',
  B506: 'unsafe-yaml-load',
  B602: 'command-injection',
  B604: 'command-injection',
  B605: 'command-injection',
  B608: 'sql-injection',
  B701: 'xss',
  B703: 'xss',
};

export function findSuppressions(text: string, lines: LineIndex, options: { foreign?: boolean } = {}): Suppression[] {
  const markers = options.foreign === true ? ['vigil-ignore', 'nosec', 'nosemgrep', 'NOSONAR'] : ['vigil-ignore'];
  const out: Suppression[] = [];
  // Only the lines holding a marker are read: this runs on every keystroke.
  for (const line of linesWith(text, markers, lines)) {
    const content = lines.lineText(line);
    const found = (content.includes('vigil-ignore') && vigilComment(content, line, lines)) || (options.foreign === true && foreignComment(content, line, lines));
    if (found) out.push(found);
  }
  return out;
}

function linesWith(text: string, markers: readonly string[], lines: LineIndex): number[] {
  const found = new Set<number>();
  for (const marker of markers) {
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) found.add(lines.positionAt(at).line);
  }
  return [...found].sort((a, b) => a - b);
}

function vigilComment(content: string, line: number, lines: LineIndex): Suppression | undefined {
  const match = VIGIL.exec(content);
  if (!match) return undefined;
  const leader = match[1];
  const start = match.index;
  const afterIds = start + match[0].length;
  const end = commentEnd(content, leader, afterIds);
  const close = leader.endsWith('*') ? content.indexOf('*/', afterIds) : -1;
  const tail = parseTail(content.slice(afterIds, close >= 0 ? close : end));
  const idsStart = afterIds - 1 - match[3].length;
  const ids = splitIds(match[3], idsStart);
  return {
    kind: match[2] ? 'file' : 'line',
    line,
    fileWide: !!match[2],
    ruleIds: ids.map((id) => id.id),
    ...tail,
    ...placement(content, line, start, end, lines),
    idRanges: ids.map((id) => ({ start: { line, character: id.start }, end: { line, character: id.start + id.id.length } })),
  };
}

function foreignComment(content: string, line: number, lines: LineIndex): Suppression | undefined {
  let tool: ForeignTool;
  let match: RegExpExecArray | null;
  let ruleIds: string[] = [];
  if ((match = NOSEC.exec(content))) {
    tool = 'bandit';
    const tests = (match[2] ?? '').split(/[\s,]+/).filter(Boolean);
    // Bandit ids Vigil has no rule for suppress nothing here, as in Bandit.
    if (tests.length > 0) ruleIds = [...new Set(tests.map((t) => BANDIT_RULES[t] ?? `bandit:${t}`))];
  } else if ((match = NOSEMGREP.exec(content))) {
    tool = 'semgrep';
  } else if ((match = NOSONAR.exec(content))) {
    tool = 'sonar';
  } else {
    return undefined;
  }
  const end = commentEnd(content, match[1], match.index + match[0].length);
  const where = placement(content, line, match.index, end, lines);
  // Only Semgrep reads a comment alone on its line as covering the next line.
  return { kind: 'foreign', line, fileWide: false, ruleIds, reason: '', ...where, ownLine: where.ownLine && tool === 'semgrep', idRanges: [], tool };
}

/** Where a comment ends on its line: past `*\/` (and a JSX comment's `}`) for block comments, else the line's end. */
function commentEnd(content: string, leader: string, from: number): number {
  if (!leader.endsWith('*')) return content.trimEnd().length;
  const close = content.indexOf('*/', from);
  if (close < 0) return content.trimEnd().length;
  const after = close + 2;
  const brace = leader.startsWith('{') ? /^\s*\}/.exec(content.slice(after)) : null;
  return brace ? after + brace[0].length : after;
}

function placement(content: string, line: number, start: number, end: number, lines: LineIndex): Pick<Suppression, 'ownLine' | 'range' | 'removal'> {
  const ownLine = content.slice(0, start).trim() === '' && content.slice(end).trim() === '';
  const range: Range = { start: { line, character: start }, end: { line, character: end } };
  let removal: Range;
  if (ownLine) {
    const last = line === lines.lineCount - 1;
    // The last line has no line break of its own: take the one before it instead.
    removal = last && line > 0
      ? { start: lines.positionAt(lines.lineEnd(line - 1)), end: { line, character: content.length } }
      : { start: { line, character: 0 }, end: last ? { line, character: content.length } : { line: line + 1, character: 0 } };
  } else {
    const before = content.slice(0, start).trimEnd().length;
    removal = { start: { line, character: before }, end: { line, character: end } };
  }
  return { ownLine, range, removal };
}

/** `: reason until 2026-03-31 by @ana` → its parts; `until` and `by` may come in either order. */
function parseTail(tail: string): { reason: string; owner?: string; until?: string } {
  let rest = tail.trim().replace(/^:/, '').trim();
  let owner: string | undefined;
  let until: string | undefined;
  for (let i = 0; i < 2; i++) {
    const byMatch = owner === undefined ? OWNER.exec(rest) : null;
    if (byMatch) {
      owner = byMatch[1];
      rest = rest.slice(0, byMatch.index).trim();
      continue;
    }
    const untilMatch = until === undefined ? UNTIL.exec(rest) : null;
    if (untilMatch && isCalendarDate(untilMatch[1])) {
      until = untilMatch[1];
      rest = rest.slice(0, untilMatch.index).trim();
    }
  }
  return { reason: rest, ...(owner !== undefined && { owner }), ...(until !== undefined && { until }) };
}

/** Whether YYYY-MM-DD names a real day (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.getUTCFullYear() === +match[1] && date.getUTCMonth() === +match[2] - 1 && date.getUTCDate() === +match[3];
}

function splitIds(list: string, offset: number): { id: string; start: number }[] {
  const out: { id: string; start: number }[] = [];
  const id = /[^,\s]+/g;
  for (let m = id.exec(list); m; m = id.exec(list)) out.push({ id: m[0], start: offset + m.index });
  return out;
}

/**
 * A placeholder is no reason: `<reason>` (what the ignore fix inserts as plain text) or
 * `reason` (the snippet's default, left as it was).
 */
export function hasReason(suppression: Pick<Suppression, 'reason'>): boolean {
  return suppression.reason !== '' && !/^<[^>]*>$/.test(suppression.reason) && suppression.reason.toLowerCase() !== 'reason';
}
