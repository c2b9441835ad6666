import type { ExportedSink, ProjectFiles, ProjectModules } from '../modules';
import type { CompiledPattern, CompiledPatterns } from '../rules/compiled-patterns';
import type { CompiledHandler, CompiledTaintSpec } from '../rules/compiled-spec';
import type { SinkSpec } from '../rules/spec-types';
import { CLEAN, type Taint } from '../taint/taint';
import type { LineIndex } from '../text/positions';
import type { Confidence, Range } from '../types';
import type { ModuleConstants } from './constants';
import type { DependencyAliases } from './dependency-aliases';
import type { ClassFields } from './fields';
import type { ModuleImports } from './imports';
import type { ReceiverOrigins } from './receivers';
import type { Summary } from './summaries';
import type { Node, Source } from './syntax';

/** What every function of one file shares during one analysis. */
export interface ModuleFacts {
  src: Source;
  lines: LineIndex;
  spec: CompiledTaintSpec;
  /** The language's pattern rules (no data flow). */
  patterns: CompiledPatterns;
  imports: ModuleImports;
  /** Which library the objects the file calls methods on come from. */
  receivers: ReceiverOrigins;
  /** Module-level string constants, which fixes keep as SQL text. */
  constants: ModuleConstants;
  path: string;
  /** FastAPI dependency aliases the file defines or imports (`user: CurrentUser` is no request data). */
  dependencyAliases: DependencyAliases;
  /** The file's top-level classes, whose methods have summaries as `Class.method`. */
  classes: ReadonlySet<string>;
  /** Functions the file registers as handlers by name (`app.add_url_rule(..., view_func=search)`). */
  registeredHandlers: ReadonlyMap<string, CompiledHandler>;
  /** Whether the unknown-origin tier is on and covers this file (taint/unknown-origin.ts). */
  unknownOriginCovered?: boolean;
  /** Whether the embedder gives other modules' summaries (cross-module taint). */
  importsProjectModules: boolean;
  /** The embedder's project modules, when it gives them (dynamic look-ups of a module's functions). */
  modules?: ProjectModules;
  /** Other project files, when the embedder gives them (fixes read the app's SQL driver there). */
  files?: ProjectFiles;
  /** Whether an imported name is a project module's class with a method whose parameters reach a sink. */
  importedClassReachesSink(name: string): boolean;
  /** What the methods of a top-level class of this file keep on `self` (computed on first use). */
  fieldsOf(cls: string): ClassFields;
  /** The summary of a top-level function of this file (computed on first use), or of an imported project module's function. */
  summaryOf(name: string): Summary | undefined;
}

/** A tainted value arriving at a sink's argument; turned into a finding after the walk. */
export interface SinkHit {
  sink: SinkSpec;
  call: Node;
  arg: Node;
  /** The callee as written, e.g. `cursor.execute`. */
  callee: string;
  taint: Taint;
  /** `low` when the receiver was not traced to the sink's library (the file imports it, the receiver is unknown). */
  confidence?: Confidence;
  /** Spans (`start:end`) of the expressions the walk found tainted, in the hit's function. */
  tainted: ReadonlySet<string>;
}

/** A pattern rule's match: a call (`yaml.load(data)`) or an assignment (`DEBUG = True`). */
export interface PatternHit {
  pattern: CompiledPattern;
  /** The call or assignment matched. */
  node: Node;
  /** The finding's range. */
  at: Node;
  /** The argument the pattern's first condition is about (`password.encode()`), for the message. */
  argument?: Node;
  /** The callee (or assignment target) as written. */
  callee: string;
  /** What the message names as `{variable}` when not the flagged code: the name an `assignedTo` pattern's value goes to (`reset_token`). */
  subject?: string;
}

/**
 * Request data passed to a function whose parameter reaches a sink inside it (`find_products(q)`):
 * reported at the argument, naming the sink and where it is.
 */
export interface CallSinkHit {
  /** The called function as written. */
  callee: string;
  /** The call: its arguments reaching one sink make one finding. */
  call: Node;
  arg: Node;
  /** The sink the parameter reaches (`path` set when it is in another file). */
  reached: ExportedSink;
  taint: Taint;
}

export type Hit = SinkHit | PatternHit | CallSinkHit;

export function isPatternHit(hit: Hit): hit is PatternHit {
  return 'pattern' in hit;
}

export function isCallSinkHit(hit: Hit): hit is CallSinkHit {
  return 'reached' in hit;
}

/**
 * Told of every tainted value arriving at a sink (the sink's label as the trace names it, its
 * 1-based line, its file when another module's): a summary's walk reads its parameters' markers.
 */
export type SinkProbe = (taint: Taint, ruleId: string, sink: string, line: number, path?: string, message?: string) => void;

/**
 * One function body being walked (or the module's top level). Roles are the handler
 * parameters that are request objects (`request: Request`) rather than values.
 */
export class Scope {
  returns: Taint = CLEAN;
  /** Names this scope assigned (kept for the module level, whose names functions read). */
  readonly assigned = new Set<string>();
  /** A view's returned text is a sink (Flask serves a returned `str` as HTML): which sinks, and the function. */
  returnSink?: { sinks: SinkSpec[]; fn: Node };
  /** Set by a summary's walk: calls of a local name (a parameter holding a function, `connect(host)`), with each positional argument's taint. */
  localCalls?: { callee: string; position: number; taint: Taint; line: number }[];

  constructor(
    readonly facts: ModuleFacts,
    readonly roles: Map<string, string>,
    /** Sink and pattern hits by where they are; absent when only a summary is wanted. */
    readonly hits: Map<string, Hit> | undefined,
    /** Same-file functions whose summaries were used: the cache entry depends on them. */
    readonly calledFunctions = new Set<string>(),
    /** Spans of expressions found tainted (only recorded when findings are wanted). */
    readonly tainted = new Set<string>(),
    /** Set by a summary's walk: which parameters reach which sinks. */
    readonly probe?: SinkProbe,
  ) {}

  range(node: Node): Range {
    return this.facts.lines.rangeAt(node.startIndex, node.endIndex);
  }

  text(node: Node): string {
    return this.facts.src.of(node);
  }

  /** A nested function: same facts and findings, inherited roles (closures read them). */
  nested(): Scope {
    return new Scope(this.facts, new Map(this.roles), this.hits, this.calledFunctions, this.tainted, this.probe);
  }
}
