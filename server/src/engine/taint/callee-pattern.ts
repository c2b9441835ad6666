/**
 * Dotted callee patterns from the taint specs: `cursor.execute`, `*.execute` (`*` is one
 * segment), `**.query` (`**` is any number of segments, none included). Compiled once.
 */
export class CalleeMatcher {
  private readonly regex: RegExp | undefined;
  /** The last segments of the patterns (`execute` of `*.execute`), a callee's last segment is one of; undefined when a pattern ends in a wildcard. */
  private readonly lastSegments: ReadonlySet<string> | undefined;

  constructor(readonly patterns: readonly string[]) {
    this.regex = patterns.length ? new RegExp(`^(?:${patterns.map(compile).join('|')})$`) : undefined;
    const last = patterns.map(lastSegment);
    this.lastSegments = last.some((s) => s === '*' || s === '**') ? undefined : new Set(last);
  }

  /** `callee` is the dotted name of a call as written, e.g. `conn.cursor.execute`. */
  matches(callee: string | undefined): boolean {
    if (!callee || !this.regex) return false;
    // Most callees end in a name no pattern ends in: a set lookup rather than the regex's alternatives.
    if (this.lastSegments && !this.lastSegments.has(lastSegment(callee))) return false;
    return this.regex.test(callee);
  }
}

function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

function compile(pattern: string): string {
  const segments = pattern.split('.');
  let out = '';
  segments.forEach((segment, i) => {
    // A leading ** carries its own dots, so the segment after it starts without one.
    const dot = i === 0 || (i === 1 && segments[0] === '**') ? '' : '\\.';
    if (segment !== '**') out += dot + (segment === '*' ? '[^.]+' : escape(segment));
    else if (segments.length === 1) out += '.*';
    else if (i === 0) out += '(?:[^.]+\\.)*';
    else out += '(?:\\.[^.]+)*';
  });
  return out;
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
