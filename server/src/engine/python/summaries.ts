import type { ExportedSink, ParamCall } from '../modules';
import { CLEAN, TaintEnv, clearFor, forRule, isTainted, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import { URL_ORIGIN } from '../taint/url-origin';
import { memberOfSomeRoot } from '../rules/spec-cache';
import { shiftTaint, taintSignature } from './cache';
import { Scope, type ModuleFacts, type SinkProbe } from './context';
import { WRAPPERS, parameterBindings, type ParamBinding } from './handlers';
import { walkFunction } from './statements';
import type { CallArguments, FunctionNode, Node, Source } from './syntax';
import { applyImported, type ImportedOrigin } from './imported';
import { fieldsDependency } from './fields';
import { validatedRules } from './validators';
import { callableSinks, returnedValues } from './dynamic-dispatch';

/** What calling a function of this file returns, as a function of its arguments. */
export interface Summary {
  name: string;
  /** Parameters (by position and name) whose value can reach the return value; `cleared`: rules every way it is returned is sanitized for (`os.path.basename`). */
  params: { index: number; name: string; cleared?: string[] }[];
  /** Request data the function reads itself and returns (e.g. Flask's `request.args`). */
  sources: Taint;
  /** Parameters that reach a sink inside it, or inside a function it calls (the first sink per parameter and rule). */
  sinks: ExportedSink[];
  /** Equal signatures mean equal summaries (cache validation of the callers). */
  signature: string;
  /** Same-file functions this summary used, with their signatures. */
  deps: [string, string][];
  /** A method's first parameter (`self`, `cls`): a call on an instance or on the class binds it, the arguments follow. */
  receiver?: string;
  /** Members of a parameter the function returns (`def user_input(req): return req.GET.get("q")`): request data when the caller passes a request object. */
  roleReads?: RoleRead[];
  /** Rules the function validates its first parameter for (it raises unless the value passes a `validators` check): the argument after the call, and the value returned, are clean for them. */
  validates?: string[];
  /** Set when the function is another module's (cross-module taint); `sources` is then empty. */
  imported?: ImportedOrigin;
  /** The function returns a function looked up at run time (`return getattr(module, "do_" + name)`): the sinks its candidates' parameters reach (dynamic-dispatch.ts). */
  callableSinks?: ExportedSink[];
  /** Parameters holding a function that it calls with another parameter (`def fetch(opener, url): return opener(url)`): a caller passing a sink there (`fetch(urlopen, q)`) reaches it. */
  paramCalls?: ParamCall[];
}

/** A parameter's member read and returned: `req.GET` of parameter 0. */
export interface RoleRead {
  index: number;
  name: string;
  member: string;
}

/** A parameter's marker label: the source label says which parameter a returned value came from. */
const MARK = '\u0000param ';
/** The role a parameter carries in the walk that reads which of its members are returned (see expressions.ts). */
export const ROLE_MARK = '\u0001role ';
/** Labels per value are capped (taint.ts), so parameters are followed a few at a time. */
const PARAMS_PER_WALK = 3;

/**
 * Walks `fn` with each parameter carrying a marker label and reads which markers (and which
 * real sources) come out of its `return`s, and which markers arrive at sinks. Nothing is
 * reported from here: the function's own walk reports its sinks, its callers the arguments
 * that reach them.
 */
export function computeSummary(name: string, fn: FunctionNode, facts: ModuleFacts): Summary {
  const bindings = parameterBindings(fn, new Scope(facts, new Map(), undefined));
  const params: Summary['params'] = [];
  let sources = CLEAN;
  const sinks: ExportedSink[] = [];
  const probe = sinkProbe(bindings, sinks);
  const called = new Set<string>();
  const localCalls: NonNullable<Scope['localCalls']> = [];
  for (let first = 0; first === 0 || first < bindings.length; first += PARAMS_PER_WALK) {
    const scope = new Scope(facts, new Map(), undefined, called, new Set(), probe);
    scope.localCalls = localCalls;
    // A route handler called as a function gets its values from the caller, not the request.
    const marked = bindings.map((b, i) => ({
      ...b,
      taint: i >= first && i < first + PARAMS_PER_WALK ? sourceTaint({ range: scope.range(b.node), label: `${MARK}${i}` }) : CLEAN,
    }));
    walkFunction(fn, new TaintEnv(), scope, marked);
    for (const label of scope.returns) {
      if (!label.source.label.startsWith(MARK)) sources = union(sources, [label]);
      else {
        const index = Number(label.source.label.slice(MARK.length));
        const known = params.find((p) => p.index === index);
        const cleared = label.cleared ?? [];
        if (!known) params.push({ index, name: bindings[index].name, ...(cleared.length > 0 && { cleared: [...cleared] }) });
        else if (known.cleared) known.cleared = known.cleared.filter((rule) => cleared.includes(rule));
      }
    }
  }
  for (const p of params) if (p.cleared?.length === 0) delete p.cleared;
  params.sort((a, b) => a.index - b.index);
  // A validator returns its argument only when it passed: what it returns is clean for those rules.
  const validates = validatedRules(fn, bindings, facts, called);
  const validated = bindings.findIndex((b, i) => !(i === 0 && (b.name === 'self' || b.name === 'cls')));
  for (const p of params) if (validates.length > 0 && p.index === validated) p.cleared = [...new Set([...(p.cleared ?? []), ...validates])].sort();
  const roleReads = returnedMembers(fn, bindings, facts, called);
  const receiver = receiverParam(fn, bindings);
  // `return getattr(module, name)`, `return HANDLERS[kind]`: what calling the returned function reaches.
  // Its look-ups are dependencies even when they find no sink yet (a table edited later may hold one).
  const lookupScope = new Scope(facts, new Map(), undefined, called);
  const callable = [...new Map(returnedValues(fn.definition).flatMap((value) => callableSinks(value, lookupScope) ?? []).map((s) => [sinkKey(s), s])).values()];
  const deps = dependencies(called, facts).filter(([n]) => n !== name);
  const paramCalls = paramCallsOf(localCalls, bindings);
  return {
    name,
    params,
    sources,
    sinks,
    ...(roleReads.length > 0 && { roleReads }),
    ...(receiver && { receiver }),
    ...(validates.length > 0 && { validates }),
    signature: signatureOf(name, params, sources, sinks, roleReads, validates) + callableSignature(callable) + paramCallSignature(paramCalls),
    deps,
    ...(callable.length > 0 && { callableSinks: callable }),
    ...(paramCalls.length > 0 && { paramCalls }),
  };
}

/** `self` or `cls` when `fn` is a method taking one (not a `@staticmethod`). */
function receiverParam(fn: FunctionNode, bindings: readonly ParamBinding[]): string | undefined {
  const inClass = fn.outer.parent?.type === 'block' && fn.outer.parent.parent?.type === 'class_definition';
  const first = bindings[0]?.name;
  if (!inClass || (first !== 'self' && first !== 'cls')) return undefined;
  return fn.decorators.some((d) => d.text.includes('staticmethod')) ? undefined : first;
}

/**
 * One more walk, each parameter an object of an unknown role: which of its members the
 * function returns (`request.GET.get("q")`). A caller passing a request object (a handler's
 * `request`, Bottle's imported `request`) then gets that member's request data back, so only
 * members that are request data of some role are kept (`GET`, `args`; not `session.add` or
 * `user.id`, which no caller's object gives: issue 21, most summaries' extra walk found only those).
 */
function returnedMembers(fn: FunctionNode, bindings: readonly ParamBinding[], facts: ModuleFacts, called: Set<string>): RoleRead[] {
  // A parameter annotated as a primitive (`q: str`, `ids: list[int]`) is no request object.
  const readable = bindings.map((b) => !primitiveAnnotation(b.type, facts.src));
  const requestMember = (member: string) => memberOfSomeRoot(facts.spec, member);
  if (!readable.includes(true) || !mayReturnMember(facts.src.of(fn.definition), bindings.filter((_, i) => readable[i]), requestMember)) return [];
  const scope = new Scope(facts, new Map(), undefined, called, new Set());
  walkFunction(fn, new TaintEnv(), scope, bindings.map((b, i) => ({ ...b, taint: CLEAN, role: readable[i] ? `${ROLE_MARK}${i}` : undefined })));
  const out: RoleRead[] = [];
  for (const label of scope.returns) {
    const text = label.source.label;
    if (!text.startsWith(ROLE_MARK)) continue;
    const [index, member] = text.slice(ROLE_MARK.length).split(' ');
    const binding = bindings[Number(index)];
    if (binding && member && requestMember(member) && !out.some((r) => r.index === Number(index) && r.member === member)) out.push({ index: Number(index), name: binding.name, member });
  }
  return out;
}

/**
 * Whether the walk for returned members can find one: that takes a `return` and a read of a
 * readable parameter's member that is request data of some role (`req.GET`, `req .GET`,
 * `(req  # ...\n .GET)`), since a member read of another name carries no role. Most functions
 * have neither, and are not walked again for it. A longer name ending in the parameter's
 * (`my_req.GET`) only makes this say yes.
 */
function mayReturnMember(text: string, readable: readonly ParamBinding[], requestMember: (member: string) => boolean): boolean {
  if (!/\breturn\b/.test(text)) return false;
  for (const { name } of readable) {
    if (!name) return true;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const member = memberAfter(text, at + name.length);
      if (member !== undefined && requestMember(member)) return true;
    }
  }
  return false;
}

/** The name after a `.` that is the next token from `from` (past spaces, line breaks, line continuations and comments); undefined when no `.` comes next. */
function memberAfter(text: string, from: number): string | undefined {
  let dot = -1;
  for (let i = from; i < text.length && dot < 0; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 46 /* . */) dot = i;
    else if (ch === 35 /* # */) {
      i = text.indexOf('\n', i);
      if (i < 0) return undefined;
    } else if (!SKIPPED.has(ch)) return undefined;
  }
  if (dot < 0) return undefined;
  // The same skipping between the `.` and the member's name.
  let start = dot + 1;
  while (start < text.length) {
    const ch = text.charCodeAt(start);
    if (ch === 35) {
      const end = text.indexOf('\n', start);
      if (end < 0) return undefined;
      start = end;
    } else if (SKIPPED.has(ch)) start++;
    else break;
  }
  return /^[A-Za-z_]\w*/.exec(text.slice(start, start + 200))?.[0];
}

/** Space, tab, LF, CR, FF and `\` (a line continuation). */
const SKIPPED = new Set([32, 9, 10, 13, 12, 92]);

/** Names an annotation of nothing but primitives may use: `str`, `Optional[int]`, `list[str] | None`, `Literal["asc", "desc"]`. */
const PRIMITIVE_ANNOTATION_NAMES = new Set([...WRAPPERS, 'Literal', 'str', 'int', 'float', 'bool', 'bytes', 'complex', 'None']);

/** Whether an annotation names primitives only (its string literals, as in `Literal[...]`, aside). */
function primitiveAnnotation(type: Node | undefined, src: Source): boolean {
  if (!type) return false;
  const names = src.of(type).replace(/(["'])(?:\\.|(?!\1).)*\1/g, '').match(/[A-Za-z_][\w.]*/g);
  return !!names && names.every((name) => PRIMITIVE_ANNOTATION_NAMES.has(name.replace(/^typing\./, '')));
}

/** The request data a call returns when it passes a request object to a parameter whose members the function returns. */
function roleReadTaint(summary: Summary, args: CallArguments, call: Node, scope: Scope, env: TaintEnv): Taint {
  let out = CLEAN;
  for (const read of summary.roleReads ?? []) {
    const arg = args.positional[read.index] ?? args.keywordNodes.get(read.name);
    if (arg?.type !== 'identifier') continue;
    const name = scope.text(arg);
    const canonical = env.get(name) === undefined ? scope.facts.imports.canonical(name) : undefined;
    const role = scope.roles.get(name) ?? (scope.facts.imports.isRoot(canonical) ? `import:${canonical}` : undefined);
    const source = role && scope.facts.spec.memberSource(role, read.member);
    if (source) out = union(out, sourceTaint({ range: scope.range(call), label: source.label }, source.confidence));
  }
  return out;
}

/** Records the parameters whose markers arrive at a sink, once per parameter and rule. */
function sinkProbe(bindings: readonly ParamBinding[], sinks: ExportedSink[]): SinkProbe {
  return (taint, ruleId, sink, line, path, message) => {
    for (const label of taint) {
      if (!label.source.label.startsWith(MARK)) continue;
      const param = Number(label.source.label.slice(MARK.length));
      const binding = bindings[param];
      // `**options` binds no positional argument: left out.
      const splat = binding?.node.parent?.type;
      if (!binding || splat === 'dictionary_splat_pattern' || sinks.some((s) => s.param === param && s.ruleId === ruleId)) continue;
      sinks.push({ param, name: binding.name, ...(splat === 'list_splat_pattern' && { rest: true }), ruleId, sink, line, ...(path !== undefined && { path }), ...(message !== undefined && { message }) });
    }
  };
}

/** Which parameters flow, which sources (with their positions) the function returns, which sinks its parameters reach. */
export function signatureOf(name: string, params: Summary['params'], sources: Taint, sinks: readonly ExportedSink[], roleReads?: readonly RoleRead[], validates?: readonly string[]): string {
  const reached = sinks.map((s) => `${s.param}>${s.ruleId}:${s.sink}@${s.path ?? ''}:${s.line}`).join(';');
  const members = (roleReads ?? []).map((r) => `${r.index}.${r.member}`).join(',');
  return `${name}(${params.map((p) => (p.cleared ? `${p.index}-${p.cleared.join('+')}` : p.index)).join(',')})${taintSignature(sources)}${reached && `!${reached}`}${members && `&${members}`}${validates?.length ? `?${validates.join('+')}` : ''}`;
}

/** Which parameters the function calls with which other parameters' values (from its walks' local calls). */
function paramCallsOf(calls: NonNullable<Scope['localCalls']>, bindings: readonly ParamBinding[]): ParamCall[] {
  const out: ParamCall[] = [];
  for (const { callee, position, taint, line } of calls) {
    const param = bindings.findIndex((b) => b.name === callee);
    if (param < 0) continue;
    for (const label of taint) {
      if (!label.source.label.startsWith(MARK)) continue;
      const from = Number(label.source.label.slice(MARK.length));
      if (from !== param && !out.some((c) => c.param === param && c.arg === position && c.from === from)) out.push({ param, arg: position, from, fromName: bindings[from]?.name ?? `#${from}`, line });
    }
  }
  return out;
}

function sinkKey(s: ExportedSink): string {
  return `${s.param}>${s.ruleId}:${s.sink}@${s.path ?? ''}:${s.line}`;
}

/** The part of a summary's signature its calls of function-typed parameters make (their lines name the sink in callers' messages). */
function paramCallSignature(calls: readonly ParamCall[] | undefined): string {
  return calls?.length ? `%${JSON.stringify(calls)}` : '';
}

/** The part of a summary's signature its returned function's sinks make. */
export function callableSignature(sinks: readonly ExportedSink[] | undefined): string {
  return sinks?.length ? `^${sinks.map(sinkKey).join(';')}` : '';
}

/** Same-file functions a walk called, with their summaries' signatures: what its result depends on. */
export function dependencies(called: Scope | ReadonlySet<string>, facts: ModuleFacts): [string, string][] {
  const names = called instanceof Scope ? called.calledFunctions : called;
  return [...names].map((name) => [name, dependencySignature(name, facts)]);
}

/** What a dependency of a cached result is now: a field set's, a module binding's or a same-file function's summary signature. */
export function dependencySignature(name: string, facts: ModuleFacts): string {
  return fieldsDependency(name, facts) ?? facts.constants.bindingDependency(name) ?? facts.summaryOf(name)?.signature ?? '';
}

/** The taint of `name(args)` at a call site: the flowing arguments' taint plus the function's own sources. */
export function applySummary(summary: Summary, args: CallArguments, argTaints: readonly Taint[], call: Node, scope: Scope, env?: TaintEnv): Taint {
  let flowing = CLEAN;
  for (const param of summary.params) {
    const arg = args.positional[param.index] ?? args.keywordNodes.get(param.name);
    const taint = arg && argTaints[args.all.indexOf(arg)];
    if (taint) flowing = union(flowing, param.cleared ? clearFor(taint, param.cleared) : taint);
  }
  if (summary.imported) return applyImported(summary.imported, summary.name, flowing, scope.range(call));
  const step = { range: scope.range(call), label: `returned by \`${summary.name}()\`` };
  const read = env ? roleReadTaint(summary, args, call, scope, env) : CLEAN;
  return union(withStep(flowing, step), withStep(summary.sources, step), withStep(read, step));
}

/**
 * At a call of a function whose parameters reach sinks: an argument carrying request data
 * for the sink's rule is a finding here (in the file analyzed); a parameter's marker makes
 * the calling function's summary reach the sink too.
 */
export function checkCallSinks(call: Node, summary: Summary, args: CallArguments, argTaints: readonly Taint[], scope: Scope, eachSink = false): void {
  if (summary.sinks.length === 0 || (!scope.hits && !scope.probe)) return;
  for (const reached of summary.sinks) {
    const given = reached.rest ? args.positional.slice(reached.param) : [args.positional[reached.param] ?? args.keywordNodes.get(reached.name)];
    const path = reached.path ?? summary.imported?.path;
    for (const arg of given) {
      if (!arg || arg.type === 'list_splat' || arg.type === 'dictionary_splat') continue;
      let taint = forRule(argTaints[args.all.indexOf(arg)] ?? CLEAN, reached.ruleId);
      // A URL with a written origin (`f"https://api.example.com/{q}"`) cannot choose the host.
      if (isUrlOriginRule(reached.ruleId, scope)) taint = forRule(taint, URL_ORIGIN);
      if (!isTainted(taint)) continue;
      const value = arg.type === 'keyword_argument' ? (arg.childForFieldName('value') ?? arg) : arg;
      // A dynamic look-up's candidates are different functions: each sink reached is its own finding.
      const key = `${reached.ruleId}:call@${value.startIndex}${eachSink ? `>${path ?? ''}:${reached.line}` : ''}`;
      scope.hits?.set(key, { callee: summary.name, call, arg: value, reached: { ...reached, ...(path !== undefined && { path }) }, taint });
      scope.probe?.(taint, reached.ruleId, reached.sink, reached.line, path, reached.message);
    }
  }
}

function isUrlOriginRule(ruleId: string, scope: Scope): boolean {
  return (scope.facts.spec.spec.sinks ?? []).some((s) => s.rule === ruleId && s.position === 'url-origin');
}

/** A cached summary moved with its function (see cache.ts). */
export function shiftSummary(summary: Summary, from: number, to: number, delta: number): Summary {
  const sources = shiftTaint(summary.sources, from, to, delta);
  // Sinks of this file inside the function move with it (1-based lines; [from, to] are 0-based).
  const sinks = summary.sinks.map((s) => (s.path === undefined && s.line - 1 >= from && s.line - 1 <= to ? { ...s, line: s.line + delta } : s));
  // The signature carries the positions: recompute it from the moved ones.
  const moved = summary.callableSinks?.map((s) => (s.path === undefined && s.line - 1 >= from && s.line - 1 <= to ? { ...s, line: s.line + delta } : s));
  const calls = summary.paramCalls?.map((c) => (c.line - 1 >= from && c.line - 1 <= to ? { ...c, line: c.line + delta } : c));
  const signature = signatureOf(summary.name, summary.params, sources, sinks, summary.roleReads, summary.validates) + callableSignature(moved) + paramCallSignature(calls);
  return { ...summary, sources, sinks, signature, ...(moved && { callableSinks: moved }), ...(calls && { paramCalls: calls }) };
}
