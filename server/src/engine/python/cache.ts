import type { Taint } from '../taint/taint';
import { detached } from '../text/detach';
import { comparePositions } from '../text/positions';
import type { Range, Finding, TextEdit } from '../types';
import type { ModuleImports } from './imports';
import type { Summary } from './summaries';

/**
 * Results per function, kept between analyses of the same file. The engine re-analyzes the
 * whole file on every keystroke, but an edit changes one function: every other function with
 * the same text, the same module context and the same summaries of the functions it calls
 * gets its findings back, moved by as many lines as the function moved.
 */
export interface UnitResult<T> {
  value: T;
  /** What else the result used: same-file functions (their summaries' signatures) and module string constants (their values). */
  deps: readonly (readonly [string, string])[];
}

interface Entry<T> extends UnitResult<T> {
  context: string;
  startLine: number;
  startCharacter: number;
  endLine: number;
}

/** The context of what must not be cached (see Lazy.hasError). */
export const UNCACHED = '\u0000uncached';

/** Looks up and stores by unit text; what was not used in the last analysis is dropped. */
class UnitTable<T> {
  private entries = new Map<string, Entry<T>>();
  private used = new Map<string, Entry<T>>();

  get(text: string, context: string, start: Range['start'], depsValid: (deps: Entry<T>['deps']) => boolean, shift: (value: T, from: number, to: number, delta: number) => T): T | undefined {
    if (context === UNCACHED) return undefined;
    const entry = this.entries.get(text) ?? this.used.get(text);
    if (!entry || entry.context !== context || entry.startCharacter !== start.character || !depsValid(entry.deps)) return undefined;
    this.used.set(text, entry);
    const delta = start.line - entry.startLine;
    return delta === 0 ? entry.value : shift(entry.value, entry.startLine, entry.endLine, delta);
  }

  set(text: string, context: string, range: Range, result: UnitResult<T>): void {
    if (context === UNCACHED) return;
    // Keys and dependency names are cut from the file's text: detached, so entries do not keep old versions of it alive.
    const deps = result.deps.map(([name, signature]) => [detached(name), detached(signature)] as const);
    this.used.set(detached(text), { ...result, deps, context, startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line });
  }

  /** Ends an analysis: keeps exactly the entries it used, so memory follows the current text. */
  commit(): void {
    this.entries = this.used;
    this.used = new Map();
  }
}

/** A top-level statement's findings and the module names it left holding request data (or cleaned). */
export interface StatementResult {
  findings: Finding[];
  bindings: [string, Taint][];
}

/** The caches of one file. Owned by a spec object: a new catalog or config starts afresh. */
export class FileCache {
  readonly units = new UnitTable<Finding[]>();
  readonly statements = new UnitTable<StatementResult>();
  readonly summaries = new UnitTable<Summary>();
  /** The last analysis's imports, reused while the import statements stay the same. */
  imports?: ModuleImports;
  private contexts = new Map<string, string>();
  private usedContexts = new Map<string, string>();

  /**
   * The same string object for an equal context as last time: entries compare contexts with
   * `===`, which is then a pointer comparison instead of reading the import block again.
   */
  intern(context: string): string {
    const known = this.usedContexts.get(context) ?? this.contexts.get(context) ?? context;
    this.usedContexts.set(known, known);
    return known;
  }

  constructor(readonly owner: object) {}

  commit(): void {
    this.units.commit();
    this.statements.commit();
    this.summaries.commit();
    this.contexts = this.usedContexts;
    this.usedContexts = new Map();
  }
}

/** Files by path, least recently analyzed dropped first. */
export class AnalysisCache {
  private readonly files = new Map<string, FileCache>();

  constructor(private readonly maxFiles = 64) {}

  /** The file's caches if kept (for `owner`), without making them the most recently used. */
  peek(path: string, owner: object): FileCache | undefined {
    const file = this.files.get(path);
    return file?.owner === owner ? file : undefined;
  }

  file(path: string, owner: object): FileCache {
    let file = this.files.get(path);
    this.files.delete(path);
    if (!file || file.owner !== owner) file = new FileCache(owner);
    this.files.set(path, file);
    if (this.files.size > this.maxFiles) this.files.delete(this.files.keys().next().value!);
    return file;
  }
}

/** Moves the ranges that lie in lines [from, to] by `delta` lines; others stay (they are outside the unit). */
export function shiftRange(range: Range, from: number, to: number, delta: number): Range {
  if (range.start.line < from || range.end.line > to) return range;
  return { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
}

export function shiftStatement(result: StatementResult, from: number, to: number, delta: number): StatementResult {
  return { findings: shiftFindings(result.findings, from, to, delta), bindings: result.bindings.map(([name, taint]) => [name, shiftTaint(taint, from, to, delta)]) };
}

export function shiftFindings(findings: Finding[], from: number, to: number, delta: number): Finding[] {
  const move = (range: Range): Range => shiftRange(range, from, to, delta);
  return findings.map((f) => ({
    ...f,
    range: move(f.range),
    path: f.path.map((step) => ({ ...step, range: move(step.range) })),
    fixes: f.fixes.map((fix) => ({ ...fix, edits: inTextOrder(fix.edits.map((e) => ({ ...e, range: move(e.range) }))) })),
  }));
}

/**
 * A fix's edits in text order, as the fixes list them (see merge): a moved result, or one
 * reused for the same text elsewhere in the file, may now lie on the other side of an edit
 * outside it (an import added).
 */
function inTextOrder(edits: TextEdit[]): TextEdit[] {
  return edits.length < 2 ? edits : edits.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
}

/** Where a taint came from and went, positions included: equal signatures, equal paths. */
export function taintSignature(taint: Taint): string {
  const at = (r: Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  return taint.map((l) => [l.source, ...l.steps].map((s) => `${s.label}@${at(s.range)}`).join('>')).join('|');
}

export function shiftTaint(taint: Taint, from: number, to: number, delta: number): Taint {
  return taint.map((label) => ({
    ...label,
    source: { ...label.source, range: shiftRange(label.source.range, from, to, delta) },
    steps: label.steps.map((step) => ({ ...step, range: shiftRange(step.range, from, to, delta) })),
  }));
}
