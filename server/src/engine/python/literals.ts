// Python string literals: what a literal's source text means at run time, and back. The
// query fix reads a query's literal pieces as their values and writes the parameterized SQL
// as new literals in the original quote style.

export interface LiteralStyle {
  /** Lower-cased prefix letters, e.g. `f`, `rb`. */
  prefix: string;
  /** `'`, `"`, `'''` or `"""`. */
  quote: string;
}

/** From a `string_start` token, e.g. `rf"""`. */
export function literalStyle(start: string): LiteralStyle {
  const match = /^([a-zA-Z]*)('''|"""|'|")$/.exec(start);
  return match ? { prefix: match[1].toLowerCase(), quote: match[2] } : { prefix: '', quote: '"' };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
// An unknown escape keeps its backslash; `\{` is left alone so a following `{{` still pairs.
const ESCAPE = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\n|[^{}])|\{\{|\}\}/g;

/**
 * The value of a piece of literal text (between `string_start` and `string_end`, outside
 * interpolations). Undefined for what we do not decode faithfully: bytes, `\N{...}`.
 */
export function decodeLiteralText(raw: string, style: LiteralStyle): string | undefined {
  if (style.prefix.includes('b')) return undefined;
  const text = raw.replace(/\r\n?/g, '\n'); // Python reads source line breaks as \n
  const isF = style.prefix.includes('f');
  if (style.prefix.includes('r')) return isF ? text.replace(/\{\{|\}\}/g, (b) => b[0]) : text;
  let failed = false;
  const value = text.replace(ESCAPE, (whole, escape: string | undefined) => {
    if (escape === undefined) return isF ? whole[0] : whole; // {{ or }}
    if (escape === '\n') return '';
    if (escape in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[escape];
    const first = escape[0];
    if ((first === 'x' || first === 'u' || first === 'U') && escape.length > 1) {
      const code = parseInt(escape.slice(1), 16);
      if (code <= 0x10ffff) return String.fromCodePoint(code);
    }
    // `\N{...}`, `\U` past the last code point, `\u` without four digits (a syntax error in Python).
    if (first === 'N' || first === 'x' || first === 'u' || first === 'U') {
      failed = true;
      return whole;
    }
    if (/[0-7]/.test(first)) return String.fromCharCode(parseInt(escape, 8));
    return whole; // unknown escapes keep their backslash
  });
  return failed ? undefined : value;
}

/**
 * A plain (no prefix) literal with `value` in the given quotes. Triple-quoted literals keep
 * their line breaks (written with `eol`); single-quoted ones escape them.
 */
export function encodeLiteral(value: string, quote: string, eol = '\n'): string {
  const q = quote[0];
  const triple = quote.length === 3;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += !triple || value[i + 1] === q || i === value.length - 1 ? `\\${q}` : q;
    else if (ch === '\n') out += triple ? eol : '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Text for inside an f-string: like a literal's content, with braces doubled. */
export function encodeFStringText(value: string, quote: string, eol = '\n'): string {
  return encodeLiteral(value, quote, eol).slice(quote.length, -quote.length).replace(/[{}]/g, (b) => b + b);
}
