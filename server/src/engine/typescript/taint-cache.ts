import type * as ts from 'typescript';
import { isExpressionStatement, isImportDeclaration, isImportEqualsDeclaration, isStringLiteral, isVariableStatement } from './compiler';
import type { BackendInput } from '../backend';
import type { Taint, TaintLabel } from '../taint/taint';
import type { Finding, Position, Range, TaintStep } from '../types';
import { requiredModule, type FileFacts } from './file-facts';
import type { FunctionNode } from './syntax';

/**
 * Results of the taint walk per top-level statement, kept between analyses of a file.
 *
 * `ts.updateSourceFile` reuses the node objects of the statements an edit does not touch (their
 * positions moved in place), so a statement node that comes back is the same text. Its walk is
 * replayed instead of repeated when everything else it read is the same too: the module-level
 * names it read (taint, request role, declared), the top-level functions it called or walked
 * (as nodes, so as text, and at the same distance in lines), which rules were on, what other
 * modules answered, and the file-wide context (imports, top-level function names, directives).
 * Replaying applies what the walk left behind: module-level names it set, functions it walked
 * as handlers, and its findings, moved by as many lines as the statement moved.
 */

/** A module-level name as a statement found or left it. */
export interface NameState {
  taint: Taint | undefined;
  role: string | undefined;
  declared: boolean;
}

/** Lines [from, to] a statement spanned when it was walked. */
export type Span = readonly [from: number, to: number];

/** What a walk (of a statement, or of a function for its summary) used besides its own text. */
export class WalkDeps {
  /** Top-level statements whose functions were called or walked, with the lines they spanned. */
  readonly statements = new Map<ts.Statement, Span>();
  /** Other modules' answers, by `name specifier`: what was found (compared by identity) or null. */
  readonly imported = new Map<string, { specifier: string; name: string; fn: unknown }>();
  /** Rules asked whether they are enabled, with the answer. */
  readonly rules = new Map<string, boolean>();
  /** Text naming a line of this file ("reaches `db.query` at line 57"): replayed only where nothing moved. */
  linesInText = false;
  /** Something a replay could not reproduce: the walk is never stored. */
  uncacheable = false;

  merge(other: WalkDeps): void {
    for (const [statement, span] of other.statements) this.statements.set(statement, span);
    for (const [key, answer] of other.imported) this.imported.set(key, answer);
    for (const [id, on] of other.rules) this.rules.set(id, on);
    this.linesInText ||= other.linesInText;
    this.uncacheable ||= other.uncacheable;
  }
}

/** A top-level statement being walked: its dependencies and what it leaves behind. */
export class StatementRecording extends WalkDeps {
  /** Module-level names read or written, as they were before the statement. */
  readonly reads = new Map<string, NameState>();
  /** Functions the statement asked to walk as handlers, and whether they had been already. */
  readonly reanalyzedBefore = new Map<FunctionNode, boolean>();
  readonly reanalyzed: FunctionNode[] = [];
  /** Findings reported before this statement that it would have reported too (so it did not). */
  readonly reportedBefore: { ruleId: string; at: Position }[] = [];
  readonly findings: Finding[] = [];

  constructor(
    /** Findings reported before the statement: report keys below this index are older. */
    readonly firstReport: number,
    /** The module frame before the statement, while it is walked. */
    public before?: ModuleState,
  ) {
    super();
  }
}

export interface ModuleState {
  env: ReadonlyMap<string, Taint>;
  roles: ReadonlyMap<string, string>;
  declared: ReadonlySet<string>;
}

export function nameState(state: ModuleState, name: string): NameState {
  return { taint: state.env.get(name), role: state.roles.get(name), declared: state.declared.has(name) };
}

export function sameNameState(a: NameState, b: NameState): boolean {
  return a.role === b.role && a.declared === b.declared && sameTaint(a.taint, b.taint);
}

/** What a stored walk of one statement replays (kept in the file's statement cache, see statement-cache.ts). */
export interface StatementEntry {
  /** Where the statement was: line and column of its first token, and its last line. */
  startLine: number;
  startCharacter: number;
  endLine: number;
  deps: StatementRecording;
  /** Module-level names the statement changed, as it left them. */
  bindings: [string, NameState][];
}

/** The name of the taint walk's cache among a file's statement caches. */
export const TAINT_CACHE = 'taint-walks';

/**
 * What every statement's walk may read of the whole file: the path (handler globs), line
 * breaks and quotes (fix text), imports (SQL driver, module bindings, canonical names), the
 * names of top-level functions (a call to one is a summary, to anything else not), directives;
 * and where imports and directives are, which the fixes' import edits point at.
 */
export function fileContext(input: BackendInput<ts.SourceFile>, facts: FileFacts): string {
  const sf = input.tree;
  const parts = [input.path, JSON.stringify(input.lines.eol), facts.quote, [...facts.functions.keys()].join(','), [...facts.classes.keys()].join(','), input.modules ? 'modules' : ''];
  let prologue = true;
  for (const statement of sf.statements) {
    const directive: boolean = prologue && isExpressionStatement(statement) && isStringLiteral(statement.expression);
    prologue = directive;
    const importing =
      isImportDeclaration(statement) ||
      isImportEqualsDeclaration(statement) ||
      (isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.initializer && requiredModule(d.initializer)));
    if (!directive && !importing) continue;
    // Where, too: fixes edit there (an import added after the last one, a name added to one), outside every statement that replays.
    const start = statement.getStart(sf);
    const at = input.lines.positionAt(start);
    parts.push(`${at.line}:${at.character} ${sf.text.slice(start, statement.end)}`);
  }
  return parts.join('\n');
}

/** Moves what lies in one of `spans` (old lines) by `delta` lines; the rest stays. */
export class LineMover {
  constructor(
    private readonly spans: readonly Span[],
    private readonly delta: number,
  ) {}

  line(line: number): number {
    return this.spans.some(([from, to]) => line >= from && line <= to) ? line + this.delta : line;
  }

  position(p: Position): Position {
    const line = this.line(p.line);
    return line === p.line ? p : { line, character: p.character };
  }

  range(r: Range): Range {
    const start = this.position(r.start);
    if (start === r.start) return r;
    return { start, end: { line: r.end.line + this.delta, character: r.end.character } };
  }

  step(step: TaintStep): TaintStep {
    const range = this.range(step.range);
    return range === step.range ? step : { ...step, range };
  }

  taint(taint: Taint | undefined): Taint | undefined {
    return taint?.map((label): TaintLabel => ({ ...label, source: this.step(label.source), steps: label.steps.map((s) => this.step(s)) }));
  }

  finding(f: Finding): Finding {
    return {
      ...f,
      range: this.range(f.range),
      path: f.path.map((s) => this.step(s)),
      fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: this.range(e.range) })) })),
    };
  }
}

function sameTaint(a: Taint | undefined, b: Taint | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return (a?.length ?? 0) === 0 && (b?.length ?? 0) === 0;
  return a.every((label, i) => sameLabel(label, b[i]));
}

function sameLabel(a: TaintLabel, b: TaintLabel): boolean {
  return (
    a === b ||
    (a.confidence === b.confidence &&
      String(a.cleared ?? '') === String(b.cleared ?? '') &&
      sameStep(a.source, b.source) &&
      a.steps.length === b.steps.length &&
      a.steps.every((s, i) => sameStep(s, b.steps[i])))
  );
}

function sameStep(a: TaintStep, b: TaintStep): boolean {
  return (
    a === b ||
    (a.label === b.label &&
      a.range.start.line === b.range.start.line &&
      a.range.start.character === b.range.start.character &&
      a.range.end.line === b.range.end.line &&
      a.range.end.character === b.range.end.character)
  );
}
