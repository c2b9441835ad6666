/**
 * Dotted callee patterns from the taint specs: `cursor.execute`, `*.execute` (`*` is one
 * segment), `**.query` (`**` is any number of segments, none included). Compiled once.
 */
export class CalleeMatcher {
  private readonly regex: RegExp | undefined;

  constructor(readonly patterns: readonly string[]) {
    this.regex = patterns.length ? new RegExp(`^(?:${patterns.map(compile).join('|')})$`) : undefined;
  }

  /** `callee` is the dotted name of a call as written, e.g. `conn.cursor.execute`. */
  matches(callee: string | undefined): boolean {
    return !!callee && !!this.regex && this.regex.test(callee);
  }
}

function compile(pattern: string): string {
  const segments = pattern.split('.');
  let out = '';
  segments.forEach((segment, i) => {
    const dot = i === 0 ? '' : '\\.';
    if (segment === '**') {
      // Zero or more segments, each followed by a dot unless it is the last one.
      out += i === segments.length - 1 ? `${dot}.*` : i === 0 ? '(?:[^.]+\\.)*' : '(?:\\.[^.]+)*';
    } else {
      out += dot + (segment === '*' ? '[^.]+' : escape(segment));
    }
  });
  return out;
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
