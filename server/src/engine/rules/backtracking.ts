// Whether a fixed regular expression backtracks catastrophically (ReDoS), for the `backtracking`
// argument condition (pattern.schema.json#/definitions/argCondition).
//
// The analysis is scslre's (the checker behind eslint-plugin-regexp's `no-super-linear-backtracking`),
// over @eslint-community/regexpp's syntax tree: it proves a quantifier can trade characters with
// itself or another one *and* that a suffix exists that makes the match fail, so the engine has to
// try every split. Preferred over `recheck` (a JVM or native binary, or a slow Scala.js build; no
// run-time process in the engine) and `safe-regex`/`safe-regex2` (star height only: `(ab+)*` is
// reported, `\w+\s*\w*$` is not).
//
// Both are required on the first pattern analysed, not when the engine loads: refa (under scslre)
// builds Unicode tables that cost a session with no such pattern ~35 MB and a quarter second.
import type * as Regexpp from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';
import type * as Scslre from 'scslre';

/** A pattern as written in a program, in its language's syntax. */
export interface RegexPattern {
  source: string;
  /** JS flags (`i`, `m`, `s`, `u`, `v`, `g`, `y`, `d`); for Python the flags passed beside the pattern (`re.I` → `i`, `re.X` → `x`). */
  flags: string;
  syntax: 'ecmascript' | 'python';
}

/** Longer patterns are not analysed (and not reported): the analysis is bounded per keystroke. */
const MAX_SOURCE = 2_000;
const CACHE_LIMIT = 2_000;
const verdicts = new Map<string, Backtracking>();
let loaded: { parser: Regexpp.RegExpParser; analyse: typeof Scslre.analyse } | undefined;

function analyser(): NonNullable<typeof loaded> {
  if (!loaded) {
    const { RegExpParser } = require('@eslint-community/regexpp') as typeof Regexpp;
    const { analyse } = require('scslre') as typeof Scslre;
    loaded = { parser: new RegExpParser({ ecmaVersion: 2025 }), analyse };
  }
  return loaded;
}

/** How a pattern's matching time grows on the worst input: `linear` (or not known), or backtracking that is `polynomial` or `exponential`. */
export type Backtracking = 'linear' | 'polynomial' | 'exponential';

/**
 * How badly the pattern backtracks on some input that fails to match: `exponential` for a
 * quantifier that can reach itself through an unbounded outer one (`(a+)+$`, `(\w+\s?)*$`),
 * `polynomial` for two unbounded quantifiers trading the same characters (`^\w+\s*\w*$`,
 * `^[a-z]+.*$`) or one nested in a bounded repetition (`(.*?,){11}P`). Not the quadratic cost
 * of retrying an unanchored pattern at each position (`/a+b/`): every search has that. A
 * pattern that does not parse, or uses what JS regexes lack (atomic groups, possessive
 * quantifiers, conditionals), is `linear` (not reported). Remembered per pattern text.
 */
export function backtracking(pattern: RegexPattern): Backtracking {
  const key = `${pattern.syntax}/${pattern.flags}/${pattern.source}`;
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = analyseOnce(pattern);
    if (verdicts.size >= CACHE_LIMIT) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function analyseOnce(pattern: RegexPattern): Backtracking {
  if (pattern.source.length > MAX_SOURCE) return 'linear';
  const js = pattern.syntax === 'python' ? pythonToEcmascript(pattern.source, pattern.flags) : { source: pattern.source, flags: pattern.flags };
  if (!js) return 'linear';
  try {
    const { parser, analyse } = analyser();
    const flags = parser.parseFlags(js.flags.replace(/[^dgimsuvy]/g, ''));
    const parsed: { pattern: AST.Pattern; flags: AST.Flags } = { pattern: parser.parsePattern(js.source, undefined, undefined, { unicode: flags.unicode, unicodeSets: flags.unicodeSets }), flags };
    const { reports } = analyse(parsed, { reportTypes: { Move: false } });
    return reports.some((r) => r.exponential) ? 'exponential' : reports.length ? 'polynomial' : 'linear';
  } catch {
    return 'linear';
  }
}

/**
 * A Python `re` pattern in JS syntax, or undefined where the two differ in a way that matters
 * and cannot be written in JS (atomic groups, possessive quantifiers, conditionals, `\N{…}`):
 * `(?P<n>…)` → `(?<n>…)`, `(?P=n)` → `\k<n>`, leading `(?imsx)` → flags, `(?i:…)` kept (JS
 * modifiers), `\A`/`\Z` → `^`/`$`, `{,n}` → `{0,n}`, verbose whitespace and comments dropped.
 */
export function pythonToEcmascript(source: string, given = ''): { source: string; flags: string } | undefined {
  const flags = new Set(given.split(''));
  let i = 0;
  // Global inline flags come first (Python 3.11 rejects them elsewhere).
  for (let m: RegExpExecArray | null; (m = /^\(\?([aiLmsux]+)\)/.exec(source.slice(i))); i += m[0].length) for (const f of m[1]) flags.add(f);
  const verbose = flags.has('x');
  const multiline = flags.has('m');
  let out = '';
  let inClass = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return undefined;
      if (next === 'N' || next === 'U') return undefined;
      if (!inClass && next === 'A') out += multiline ? '(?<![\\s\\S])' : '^';
      else if (!inClass && next === 'Z') out += multiline ? '(?![\\s\\S])' : '$';
      else out += c + next;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      const negated = source[i + 1] === '^';
      out += negated ? '[^' : '[';
      i += negated ? 2 : 1;
      // A `]` first in a Python class is a character; JS reads `[]` as the empty class.
      if (source[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (verbose && /\s/.test(c)) {
      i++;
      continue;
    }
    if (verbose && c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2);
      let m: RegExpExecArray | null;
      if ((m = /^P<(\w+)>/.exec(rest))) {
        out += `(?<${m[1]}>`;
        i += 2 + m[0].length;
      } else if ((m = /^P=(\w+)\)/.exec(rest))) {
        out += `\\k<${m[1]}>`;
        i += 2 + m[0].length;
      } else if ((m = /^#[^)]*\)/.exec(rest))) {
        i += 2 + m[0].length;
      } else if ((m = /^([aiLmsux]*)(?:-([imsx]+))?:/.exec(rest)) && (m[1] || m[2])) {
        // Scoped flags: JS modifiers know i, m and s; a/L/u only change which characters \w means.
        if (/x/.test(m[1] + (m[2] ?? ''))) return undefined;
        const on = m[1].replace(/[aLu]/g, '');
        const off = m[2] ?? '';
        out += on || off ? `(?${on}${off ? `-${off}` : ''}:` : '(?:';
        i += 2 + m[0].length;
      } else if (/^[:=!]|^<[=!]/.test(rest)) {
        out += '(?';
        i += 2;
      } else {
        // `(?>…)` atomic, `(?(1)…)` conditional, a misplaced global flag: nothing JS can say.
        return undefined;
      }
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d*)(?:,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        out += m[2] !== undefined && m[1] === '' ? `{0,${m[2]}}` : m[0];
        i += m[0].length;
        if (source[i] === '+') return undefined; // possessive
        continue;
      }
    }
    if ((c === '*' || c === '+' || c === '?') && source[i + 1] === '+') return undefined; // possessive
    out += c;
    i++;
  }
  const jsFlags = [...flags].filter((f) => f === 'i' || f === 'm' || f === 's').join('');
  return { source: out, flags: jsFlags };
}
