/**
 * Secrets quoted in messages would land in SARIF, JSON, text reports and CI logs: the string
 * literals of a quoted piece of code keep at most their first and last 2 characters, and
 * nothing of a short value (where 4 characters would be most of it).
 */
const STRING_LITERAL = /((?:\b[rRbBuUfF]{1,2})?)(["'`])((?:\\.|(?!\2)[^\\\n])*)\2/g;
/** Values shorter than this show no characters at all. */
const MIN_SHOWN_LENGTH = 12;

export function redactValue(value: string): string {
  return value.length >= MIN_SHOWN_LENGTH ? `${value.slice(0, 2)}…${value.slice(-2)}` : '…';
}

/** `SECRET_KEY = "9f1c2e7a4b8d0f3e6a5c1b2d"` → `SECRET_KEY = "9f…2d"`. */
export function redactStringLiterals(code: string): string {
  return code.replace(STRING_LITERAL, (_, prefix: string, quote: string, body: string) => `${prefix}${quote}${redactValue(body)}${quote}`);
}

/**
 * A source line with its string literals redacted, for a code frame that shows a secret's line,
 * and where a column of the original line falls in it (a highlight keeps its place).
 */
export function redactLine(text: string): { text: string; column(character: number): number } {
  const moved: { at: number; length: number; shown: number }[] = [];
  const redacted = text.replace(STRING_LITERAL, (match: string, prefix: string, quote: string, body: string, at: number) => {
    const shown = `${prefix}${quote}${redactValue(body)}${quote}`;
    moved.push({ at, length: match.length, shown: shown.length });
    return shown;
  });
  return {
    text: redacted,
    column(character) {
      let shift = 0;
      for (const { at, length, shown } of moved) {
        if (character >= at + length) shift += shown - length;
        else if (character > at) return at + shift + Math.min(character - at, shown);
      }
      return character + shift;
    },
  };
}
