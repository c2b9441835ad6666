// Label matching for the real-application benchmark (`npm run bench:realworld`): labels are facts
// written from each application's own documentation (file, line, a hash of the trimmed line text,
// category as Vigil rule ids, expected finding or clean). A label is re-anchored by its hash when the
// line moved; a finding matches a label in the same file, of one of its rule ids, within a few lines
// of the (re-anchored) line.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface Label {
  file: string;
  line: number;
  /** sha1 of the line's text with surrounding whitespace trimmed, first 12 hex digits. */
  hash: string;
  /** Vigil rule ids that count as finding this fact. */
  category: string[];
  expected: 'finding' | 'clean';
  /** Where the fact comes from: the app's docs, solution, README, or a reviewer (production repos). */
  source: string;
  /** Production repos only: a reviewer's verdict on a finding Vigil reports. */
  verdict?: 'true-positive' | 'false-positive';
  reason?: string;
  /** Free-text name of the bug (e.g. the app's level or endpoint). */
  note?: string;
  /**
   * Lines after the labelled line that still belong to the fact (a multi-line call, a whole function
   * or a one-handler test-case file); WINDOW applies before the line and, when absent, after it.
   */
  window?: number;
}

export interface LabelFile {
  app: string;
  /** Folder name under the realworld root (owner__name). */
  dir: string;
  kind: 'vulnerable' | 'production';
  commit: string;
  /** Sub-folders that make up the app (relative to dir); the whole folder when absent. */
  scope?: string[];
  labels: Label[];
  /** Documented bugs left out of the score (no Vigil rule for them, or not in a scanned file), with why. */
  unscored?: string[];
}

export interface Finding {
  ruleId: string;
  severity: string;
  confidence?: string;
  /** `unknown-origin` for a finding of that tier (a config or preset turns it on). */
  tier?: string;
  /** Path relative to the app folder, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  message?: string;
  /**
   * Where the sink is when Vigil reports the finding at the call into another function or module
   * ("reaches `subprocess.run` inside `f()` (app/utils.py line 8)"): the label on the sink line counts too.
   */
  sinkAt?: { file: string; line: number };
}

/** The "(<file> line <n>)" a cross-function finding names for its sink, if any; "(line <n>)" is in the finding's own `file`. */
export function sinkLocation(text: string, file?: string): { file: string; line: number } | undefined {
  const m = /inside `[^`]*` \((?:([^()]+?) )?line (\d+)\)/.exec(text);
  const named = m?.[1] ?? file;
  return m && named !== undefined ? { file: named.replace(/\\/g, '/').replace(/^\.\//, ''), line: Number(m[2]) } : undefined;
}

/** Lines either side of a label's line where a finding still counts as on it. */
export const WINDOW = 3;

export function lineHash(text: string): string {
  return createHash('sha1').update(text.trim()).digest('hex').slice(0, 12);
}

export interface Anchored {
  label: Label;
  /** The label's line today, or undefined when the file is gone or no line has its hash. */
  line: number | undefined;
  moved: boolean;
}

/** Finds the label's line in the file as it is now: the labelled line if its hash still matches, else the nearest line with that hash. */
export function anchor(label: Label, appDir: string, cache = new Map<string, string[] | null>()): Anchored {
  let lines = cache.get(label.file);
  if (lines === undefined) {
    try {
      lines = fs.readFileSync(path.join(appDir, label.file), 'utf8').split(/\r?\n/);
    } catch {
      lines = null;
    }
    cache.set(label.file, lines);
  }
  if (!lines) return { label, line: undefined, moved: false };
  if (lines[label.line - 1] !== undefined && lineHash(lines[label.line - 1]) === label.hash) {
    return { label, line: label.line, moved: false };
  }
  let best: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (lineHash(lines[i]) !== label.hash) continue;
    if (best === undefined || Math.abs(i + 1 - label.line) < Math.abs(best - label.line)) best = i + 1;
  }
  return { label, line: best, moved: best !== undefined };
}

export function matches(finding: Finding, anchored: Anchored): boolean {
  const line = anchored.line;
  if (line === undefined || !anchored.label.category.includes(finding.ruleId)) return false;
  const near = (at: { file: string; line: number }) =>
    at.file === anchored.label.file && at.line >= line - WINDOW && at.line <= line + Math.max(WINDOW, anchored.label.window ?? 0);
  return near(finding) || (finding.sinkAt !== undefined && near(finding.sinkAt));
}

export interface MatchResult {
  anchored: Anchored[];
  /** Labels expecting a finding that got one. */
  found: Anchored[];
  /** Labels expecting a finding that got none. */
  missed: Anchored[];
  /** Labels whose line could not be found any more. */
  stale: Anchored[];
  /** Findings on a label marked clean or verdict false-positive. */
  onClean: Finding[];
  /** Findings that match a true label (expected finding, verdict not false-positive). */
  truePositives: Finding[];
  /** Findings that match no label. */
  unlabelled: Finding[];
}

export function matchFindings(labels: Label[], findings: Finding[], appDir: string): MatchResult {
  const cache = new Map<string, string[] | null>();
  const anchored = labels.map((l) => anchor(l, appDir, cache));
  const isTrue = (a: Anchored) => a.label.expected === 'finding' && a.label.verdict !== 'false-positive';
  const found: Anchored[] = [];
  const missed: Anchored[] = [];
  const stale = anchored.filter((a) => a.line === undefined);
  for (const a of anchored) {
    if (!isTrue(a)) continue;
    (findings.some((f) => matches(f, a)) ? found : missed).push(a);
  }
  const onClean: Finding[] = [];
  const truePositives: Finding[] = [];
  const unlabelled: Finding[] = [];
  for (const f of findings) {
    const hits = anchored.filter((a) => matches(f, a));
    if (hits.some(isTrue)) truePositives.push(f);
    else if (hits.length > 0) onClean.push(f);
    else unlabelled.push(f);
  }
  return { anchored, found, missed, stale, onClean, truePositives, unlabelled };
}

const CODE_EXT = /\.(py|ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** A Python or TS/JS source file (not a manifest, lockfile or CI workflow). */
export function isCodePath(rel: string): boolean {
  return CODE_EXT.test(rel);
}
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', '.next', 'coverage', '__pycache__', 'venv', '.venv', '.git']);
/** Test code by path: test folders, *.test.* / *.spec.* files, pytest's test_*.py / *_test.py, conftest.py. */
export function isTestPath(rel: string): boolean {
  const p = '/' + rel.replace(/\\/g, '/');
  return (
    /\/(tests?|__tests__|__mocks__|e2e|fixtures|cypress|playwright)\//.test(p) ||
    /\.(test|spec|stories)\.[cm]?[jt]sx?$/.test(p) ||
    /\/test_[^/]*\.py$/.test(p) ||
    /_test\.py$/.test(p) ||
    /\/conftest\.py$/.test(p)
  );
}

/** Non-blank lines of Python + TS/JS outside tests, node_modules and build output; `.d.ts` and minified bundles left out. */
export function countLines(dir: string): { files: number; lines: number } {
  let files = 0;
  let lines = 0;
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(abs, e.name), r);
      } else if (e.isFile() && CODE_EXT.test(e.name) && !e.name.endsWith('.d.ts') && !/\.min\.js$/.test(e.name) && !isTestPath(r)) {
        const text = fs.readFileSync(path.join(abs, e.name), 'utf8');
        files++;
        for (const l of text.split('\n')) if (l.trim() !== '') lines++;
      }
    }
  };
  walk(dir, '');
  return { files, lines };
}
