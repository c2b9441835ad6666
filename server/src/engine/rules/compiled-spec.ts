import type { UnknownOriginPolicy } from '../taint/unknown-origin';
import { pathFilter } from './path-filter';
import { CalleeMatcher } from '../taint/callee-pattern';
import { LibraryIndex } from '../taint/libraries';
import type { Confidence } from '../types';
import type { HandlerSpec, Paramstyle, SinkSpec, SourceSpec, SqlDriverSpec, TaintSpec } from './spec-types';

export interface CompiledHandler {
  spec: HandlerSpec;
  decorators: CalleeMatcher;
  callbackOf: CalleeMatcher;
  safeDefaults: CalleeMatcher;
  /** Python: base classes whose methods are handlers (`classBases`). */
  classBases: CalleeMatcher;
  /** Python: calls that register a handler by name (`registeredBy`). */
  registrations: { calls: CalleeMatcher; arg: number; keyword?: string }[];
  /** Whether the handler applies to a file at this path (its `files` globs). */
  appliesTo(path: string): boolean;
}

export interface MemberSource {
  spec: SourceSpec;
  member: string;
  label: string;
  confidence: Confidence;
}

/**
 * A language's taint spec, indexed for the analyzers' hot path: one regex per question,
 * built once per catalog (or per team config), never per call.
 */
export class CompiledTaintSpec {
  readonly handlers: CompiledHandler[];
  private readonly sinks: { spec: SinkSpec; calls: CalleeMatcher; methods: Set<string> }[];
  private readonly sanitizers: { calls: CalleeMatcher; rules?: Set<string> }[];
  private readonly propagators: CalleeMatcher;
  private readonly exits: CalleeMatcher;
  private readonly validatorCalls: { calls: CalleeMatcher; rules: string[] }[];
  private readonly sourceCalls: { spec: SourceSpec; calls: CalleeMatcher }[];
  private readonly rootSources = new Map<string, SourceSpec[]>();
  private readonly sinksByCallee = new Map<string, SinkSpec[]>();
  /** The libraries sinks belong to, by module: what a sink's receiver is traced to. */
  readonly libraries: LibraryIndex;
  /** Files the unknown-origin tier leaves out by path (`unknownOriginQuietFiles`). */
  readonly unknownOriginQuiet: (path: string) => boolean;

  /**
   * `unknownOrigin`: the tier's policy when a config turns it on (the walks then seed parameters
   * of functions that are no handlers). Part of the spec so that the caches owned by it hold.
   */
  constructor(
    readonly spec: TaintSpec,
    readonly unknownOrigin?: UnknownOriginPolicy,
  ) {
    this.libraries = new LibraryIndex(spec.libraries ?? []);
    this.unknownOriginQuiet = pathFilter(spec.unknownOriginQuietFiles ?? []);
    this.handlers = (spec.handlers ?? []).map((h) => ({
      spec: h,
      decorators: new CalleeMatcher(h.match.decorators ?? []),
      callbackOf: new CalleeMatcher(h.match.callbackOf ?? []),
      safeDefaults: new CalleeMatcher(h.safeDefaults ?? []),
      classBases: new CalleeMatcher(h.match.classBases ?? []),
      registrations: (h.match.registeredBy ?? []).map((r) => ({ calls: new CalleeMatcher(r.calls), arg: r.arg, ...(r.keyword !== undefined && { keyword: r.keyword }) })),
      appliesTo: pathFilter(h.match.files),
    }));
    this.sinks = (spec.sinks ?? []).map((s) => ({ spec: s, calls: new CalleeMatcher(s.calls ?? []), methods: new Set(s.methods ?? []) }));
    this.sanitizers = (spec.sanitizers ?? []).map((s) => ({ calls: new CalleeMatcher(s.calls), rules: s.rules && new Set(s.rules) }));
    this.propagators = new CalleeMatcher((spec.propagators ?? []).flatMap((p) => p.calls));
    this.exits = new CalleeMatcher((spec.exits ?? []).flatMap((p) => p.calls));
    this.validatorCalls = (spec.validators ?? []).filter((v) => v.calls).map((v) => ({ calls: new CalleeMatcher(v.calls!), rules: v.rules }));
    this.sourceCalls = (spec.sources ?? []).filter((s) => s.calls).map((s) => ({ spec: s, calls: new CalleeMatcher(s.calls!) }));
    for (const source of spec.sources ?? []) {
      if (!source.root) continue;
      const list = this.rootSources.get(source.root) ?? [];
      list.push(source);
      this.rootSources.set(source.root, list);
    }
  }

  /**
   * Sinks for a call. `callee` is the dotted callee as written (`cursor.execute`, `text`);
   * `method` is the last segment when the call has a receiver.
   */
  sinksFor(callee: string | undefined, method: string | undefined): SinkSpec[] {
    // Remembered per callee: a project calls the same few many times, and each sink is a regex test.
    const key = `${callee}\u0000${method}`;
    let found = this.sinksByCallee.get(key);
    if (!found) {
      found = this.sinks.filter((sink) => (method !== undefined && sink.methods.has(method)) || sink.calls.matches(callee)).map((sink) => sink.spec);
      if (this.sinksByCallee.size >= 10_000) this.sinksByCallee.clear();
      this.sinksByCallee.set(key, found);
    }
    return [...found];
  }

  /** Whether a call's result is clean for `ruleId` (or for every rule when omitted). */
  isSanitizer(callee: string | undefined, ruleId?: string): boolean {
    return this.sanitizers.some((s) => s.calls.matches(callee) && (!ruleId || !s.rules || s.rules.has(ruleId)));
  }

  /** The rules a sanitizer call clears (`all` when one matching sanitizer names none); undefined when it is no sanitizer. */
  sanitizedRules(callee: string | undefined): 'all' | string[] | undefined {
    let rules: string[] | undefined;
    for (const s of this.sanitizers) {
      if (!s.calls.matches(callee)) continue;
      if (!s.rules) return 'all';
      rules = [...(rules ?? []), ...s.rules];
    }
    return rules;
  }

  /**
   * The rules a test of `member` in a refusing branch validates for (`addr.is_private` → ssrf),
   * or undefined when no validator names it.
   */
  validatedBy(member: string): readonly string[] | undefined {
    const rules = (this.spec.validators ?? []).filter((v) => v.members?.includes(member)).flatMap((v) => v.rules);
    return rules.length > 0 ? [...new Set(rules)] : undefined;
  }

  /** The rules a library check returning whether its first argument passes (`url_has_allowed_host_and_scheme`) settles, by its canonical name. */
  checkedBy(callee: string | undefined): readonly string[] | undefined {
    if (callee === undefined) return undefined;
    const rules = this.validatorCalls.filter((v) => v.calls.matches(callee)).flatMap((v) => v.rules);
    return rules.length > 0 ? [...new Set(rules)] : undefined;
  }

  /** Whether a call never returns (`flask.abort(404)`, Next.js `notFound()`): the code after it is not reached. */
  isExit(callee: string | undefined): boolean {
    return this.exits.matches(callee);
  }

  isPropagator(callee: string | undefined): boolean {
    return this.propagators.matches(callee);
  }

  /** The source a call's result comes from (`input()`), if any. */
  sourceCall(callee: string | undefined): SourceSpec | undefined {
    return this.sourceCalls.find((s) => s.calls.matches(callee))?.spec;
  }

  /** Sources rooted at a handler role (`request`) or an import (`import:flask.request`). */
  hasRoot(root: string): boolean {
    return this.rootSources.has(root);
  }

  /** The source for `root.member` (attribute or method), if the member is user data. */
  memberSource(root: string, member: string): MemberSource | undefined {
    for (const spec of this.rootSources.get(root) ?? []) {
      if (spec.members?.includes(member) || spec.members?.includes('*')) {
        return { spec, member, label: fillLabel(spec.label, { member, name: member }), confidence: spec.confidence ?? 'high' };
      }
    }
    return undefined;
  }

  /** Whether `member` is a source or request-like of some root: of any root's object, reading another member comes to the same. */
  memberOfSomeRoot(member: string): boolean {
    for (const root of this.rootSources.keys()) if (this.memberSource(root, member) !== undefined || this.memberRole(root, member) !== undefined) return true;
    return false;
  }

  /** The role of `root.member` when that member is itself request-like (`ctx.request` of Koa). */
  memberRole(root: string, member: string): string | undefined {
    for (const spec of this.rootSources.get(root) ?? []) {
      const role = spec.memberRoles?.[member];
      if (role) return role;
    }
    return undefined;
  }

  /** Roots bound by imports, e.g. `flask.request` for `import:flask.request`. */
  get importRoots(): string[] {
    return [...this.rootSources.keys()].filter((r) => r.startsWith('import:')).map((r) => r.slice('import:'.length));
  }

  /**
   * The placeholder style for a file, from the modules it imports: the first imported known
   * driver wins; otherwise the spec's default.
   */
  sqlDriver(importedModules: Iterable<string>): { paramstyle: Paramstyle; driver?: SqlDriverSpec } {
    const imported = new Set(importedModules);
    for (const driver of this.spec.sqlDrivers ?? []) {
      if (imported.has(driver.module)) return { paramstyle: driver.paramstyle, driver };
    }
    return { paramstyle: this.spec.defaultParamstyle ?? 'qmark' };
  }
}

export function fillLabel(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
