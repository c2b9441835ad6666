// Replacements that sanitize, for both languages: `slug.replace(/[^a-z0-9-]/g, '')` (TS/JS) and
// `re.sub(r"[^a-z0-9-]", "", slug)` (Python) keep only letters, digits, `_` and `-`; the
// `term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')` idiom escapes every regex metacharacter.

/**
 * What is left of a value after every match of `pattern` becomes `replacement` cannot carry a
 * path (`..`, `/`), a quote, markup, a line break or a regex metacharacter: rules it is clean
 * for. Not the URL rules (`localhost` is a host) nor command injection (`-rf` is an option).
 */
const KEPT_SAFE_RULES = [
  'path-traversal',
  'sql-injection',
  'nosql-injection',
  'xss',
  'header-injection',
  'log-injection',
  'redos',
  'ldap-injection',
  'xpath-injection',
  'template-injection',
  'code-injection',
];

/** A negated class of letters, digits, `_` and `-` only (`[^a-z0-9-]`, `[^\w-]`, `[^A-Za-z0-9_]+`): everything else is removed. */
const NEGATED_SAFE_CLASS = /^\[\^(?:a-z|A-Z|0-9|\\w|\\d|_|\\-|-)+\][+*]?$/;
/** What may replace the removed characters: nothing, or a dash or underscore. */
const SAFE_REPLACEMENT = /^[-_]?$/;
/** Regex metacharacters an escaping class must cover (`.*+?^${}()|[]\`). */
const REGEX_METACHARACTERS = ['.', '*', '+', '?', '^', '$', '{', '}', '(', ')', '|', '[', '\\'];

/**
 * The rules a global replacement of `pattern` (regex source) by `replacement` (its text) makes a
 * value clean for, or undefined when it sanitizes nothing.
 */
export function replacementSanitizes(pattern: string, replacement: string): readonly string[] | undefined {
  if (NEGATED_SAFE_CLASS.test(pattern) && SAFE_REPLACEMENT.test(replacement)) return KEPT_SAFE_RULES;
  // `[.*+?^${}()|[\]\\]` → `\\$&` (TS/JS) or `\\\g<0>` (Python): each metacharacter is escaped.
  if (/^\[[^^]/.test(pattern) && pattern.endsWith(']') && (replacement === '\\$&' || replacement === '\\\\\\g<0>' || replacement === '\\\\\\0')) {
    const body = pattern.slice(1, -1);
    if (REGEX_METACHARACTERS.every((c) => body.includes(c))) return ['redos'];
  }
  return undefined;
}
