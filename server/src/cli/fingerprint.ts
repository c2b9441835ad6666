import { createHash } from 'crypto';
import type { Finding, LineIndex } from '../engine';
import type { FileReport } from './report';

/** The key of Vigil's fingerprint in SARIF `partialFingerprints`; bump the version if the hashed text changes. */
export const FINGERPRINT_KEY = 'vigilFindingHash/v2';

/**
 * One fingerprint per finding, in order. It hashes what a finding *is*, never where it sits:
 * the rule, the file, the flagged code with its whitespace collapsed, the enclosing
 * function/class chain, and which repeat of that same (rule, code, context) it is. Inserting or
 * deleting lines elsewhere, re-indenting or re-wrapping the call keeps it, so baselines and
 * GitHub code scanning alerts follow a finding across edits.
 */
export function fingerprintFindings(path: string, lines: LineIndex, findings: readonly Finding[]): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const code = lines.text.slice(lines.offsetAt(finding.range.start), lines.offsetAt(finding.range.end)).replace(/\s+/g, ' ').trim();
    const key = [finding.ruleId, path, code, enclosingContext(lines, finding.range.start.line)].join('\0');
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32);
  });
}

/** The fingerprints of a file's findings (what JSON, SARIF and baselines carry). */
export function fingerprintsOf(file: FileReport): string[] {
  return fingerprintFindings(file.path, file.lines, file.findings);
}

/** Declarations that open a scope: Python def, Python/TS/JS class, TS/JS function, method, arrow function. */
const SCOPE_OPENERS = [
  /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)?|[A-Za-z_$][\w$]*\s*=>)/,
  /^\s*(?:(?:public|private|protected|static|readonly|async|get|set|override)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\([^;]*\)\s*(?::\s*[^{;]+)?\{\s*$/,
];
const NOT_A_NAME = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'function']);

/**
 * The chain of named scopes around `line` ("OrderService.create"), found by walking up to each
 * less-indented line that declares a function, method or class. Indentation, not a parse, so it
 * costs nothing and works the same for every language Vigil reads.
 */
export function enclosingContext(lines: LineIndex, line: number): string {
  const names: string[] = [];
  let indent = indentation(lines.lineText(line));
  for (let l = line - 1; l >= 0 && indent > 0; l--) {
    const text = lines.lineText(l);
    if (text.trim() === '') continue;
    const own = indentation(text);
    if (own >= indent) continue;
    indent = own;
    const name = scopeName(text);
    if (name) names.unshift(name);
  }
  return names.join('.');
}

function scopeName(text: string): string | undefined {
  for (const opener of SCOPE_OPENERS) {
    const name = opener.exec(text)?.[1];
    if (name && !NOT_A_NAME.has(name)) return name;
  }
  return undefined;
}

function indentation(text: string): number {
  return text.length - text.trimStart().length;
}
