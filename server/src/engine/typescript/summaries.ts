import type * as ts from 'typescript';
import { SyntaxKind, isIdentifier, isPropertyAccessExpression } from './compiler';
import { FIELD_MARK } from './instance-fields';
import { CLEAN, clearFor, isTainted, sourceTaint, union, withStep, type Taint, type TaintLabel } from '../taint/taint';
import type { ExportedSink, ParamCall } from '../modules';
import type { Range } from '../types';
import { checkCallSinks, checkParamCalls } from './sinks';
import { skipOuter, type FunctionNode } from './syntax';
import type { WalkDeps } from './taint-cache';
import type { TaintWalker } from './taint-walker';
import { validatedRules } from './validators';

/** A parameter whose value reaches the return value, and the rules it no longer matters to on the way (`escapeHtml(s)` clears `xss`). */
export interface FlowingParam {
  index: number;
  rest?: boolean;
  cleared?: readonly string[];
}

/** A parameter that reaches a sink inside the function; `range` is the sink's when it is in this file (not `path`). */
export interface ParamSink extends ExportedSink {
  range?: Range;
}

/** A parameter holding a function, called with another parameter's value (see ParamCall); `range` is the call's in this file. */
export interface LocalParamCall extends ParamCall {
  range?: Range;
}

/** Told of each call of a local name (`send(url)`, `send.call(null, url)`) in a summary's walk: the arguments' positions and taints. */
export type ParamCallRecorder = (callee: string, args: readonly (readonly [position: number, taint: Taint])[], at: ts.Node) => void;

/** A sink some value reached while a summary is computed. */
export type ReachedSink = Omit<ParamSink, 'param' | 'name' | 'rest'>;
export type SinkRecorder = (sink: ReachedSink, taint: Taint) => void;

/** Which parameters of a function reach what it returns, what it returns regardless (its own sources), and which parameters reach a sink. */
export interface Summary {
  params: FlowingParam[];
  /** Fields of `this` whose value reaches the return value (`listQuery()` building text from `this.filter`). */
  fields?: { name: string; cleared?: readonly string[] }[];
  own: Taint;
  sinks: ParamSink[];
  /** Parameters holding a function that it calls with another parameter's value (`function withRetry(send, url) { return send(url) }`): a caller passing a sink there (`withRetry(axios.get, q)`) reaches it. */
  paramCalls?: LocalParamCall[];
  /** Rules the function validates its first parameter for (it throws unless the value passes a `validators` check): the argument after the call, and the value returned, are clean for them. */
  validates?: string[];
}

/** Marks a parameter's value while a summary is computed; never leaves this file. */
const MARK = '\u0000parameter ';
/** Taint keeps a few labels per value; parameters are traced that many at a time. */
const BATCH = 4;

/**
 * Summaries of the file's functions, computed on first call by walking the function with each
 * parameter marked (nothing is reported meanwhile), then applied at every call:
 * `buildSearch(q)` is tainted when `q` is and `buildSearch` returns something built from it;
 * `getTerm(req)` returns what it reads of the request `req` (a walk with that parameter a request).
 */
export class FunctionSummaries {
  private readonly cache = new Map<FunctionNode, Memo<Summary>>();
  private readonly roleCache = new Map<FunctionNode, Map<string, Memo<Taint>>>();
  /** Per function and parameter: a role walk that never depended on which role it was, the same walk for every role (see roleSources). */
  private readonly roleBlind = new Map<FunctionNode, Map<number, Memo<Taint>>>();
  /** The summaries being computed, innermost last (a recursive call meets one of them). */
  private readonly computing: Memo<unknown>[] = [];

  constructor(private readonly w: TaintWalker) {}

  /** The taint of `name(...args)` when `name` is a top-level function of this file. */
  call(name: string, node: ts.CallExpression, args: readonly Taint[]): Taint | undefined {
    const fn = this.w.facts.functions.get(name);
    return fn && this.callFunction(fn, name, node, args);
  }

  /** The taint of a call that runs `fn` (a function, or a class method as `dao.findByName`), from its summary. */
  callFunction(fn: FunctionNode, name: string, node: ts.CallExpression, args: readonly Taint[]): Taint {
    const summary = this.of(fn);
    checkCallSinks(this.w, node, name, summary.sinks, args);
    if (summary.paramCalls) checkParamCalls(this.w, node, name, summary.paramCalls, args);
    const flows = [summary.own, ...argumentFlows(summary.params, args)];
    // `this.listQuery()`: what the method returns of this instance's fields.
    const callee = skipOuter(node.expression);
    if (summary.fields && isPropertyAccessExpression(callee) && skipOuter(callee.expression).kind === SyntaxKind.ThisKeyword) {
      for (const field of summary.fields) {
        const taint = this.w.fieldValue(node, field.name);
        flows.push(field.cleared?.length ? clearFor(taint, field.cleared) : taint);
      }
    }
    for (const param of summary.params) {
      const role = param.rest ? undefined : argumentRole(this.w, node, param.index);
      if (role) flows.push(this.roleSources(fn, param.index, role));
    }
    const result = union(...flows);
    return isTainted(result) ? withStep(result, this.w.step(node, `returned by \`${name}()\``)) : CLEAN;
  }

  of(fn: FunctionNode): Summary {
    const known = this.cache.get(fn);
    if (known) return this.reuse(known);
    const summary: Summary = { params: [], own: CLEAN, sinks: [] };
    const w = this.w;
    const labels = new Map<number, TaintLabel[]>();
    const fields: TaintLabel[] = [];
    // One sink per parameter and rule is enough to report a caller.
    const record: SinkRecorder = (reached, taint) => {
      for (const label of taint) {
        if (!label.source.label.startsWith(MARK)) continue;
        const index = Number(label.source.label.slice(MARK.length));
        if (summary.sinks.some((s) => s.param === index && s.ruleId === reached.ruleId)) continue;
        const param = fn.parameters[index];
        summary.sinks.push({ param: index, name: w.text(param.name), ...(param.dotDotDotToken ? { rest: true } : {}), ...reached });
      }
    };
    // `send(url)` with `send` and `url` both parameters: which parameter is called with which one's value.
    const paramCalls: LocalParamCall[] = [];
    const recordCall: ParamCallRecorder = (callee, args, at) => {
      if (w.parameterOf(callee) !== fn) return;
      const param = fn.parameters.findIndex((p) => isIdentifier(p.name) && p.name.text === callee);
      if (param < 0 || fn.parameters[param].dotDotDotToken) return;
      for (const [arg, taint] of args) {
        for (const label of taint) {
          if (!label.source.label.startsWith(MARK)) continue;
          const from = Number(label.source.label.slice(MARK.length));
          if (from === param || paramCalls.some((c) => c.param === param && c.arg === arg && c.from === from)) continue;
          const range = w.range(at);
          paramCalls.push({ param, arg, from, fromName: w.text(fn.parameters[from].name), line: range.start.line + 1, range });
        }
      }
    };
    // A recursive call sees "nothing flows" (or what is known so far) while this one is computed.
    return this.compute(fn, summary, (memo) => this.cache.set(fn, memo), () => this.cache.delete(fn), () => {
      this.quietly(record, recordCall, () => {
        for (let first = 0; first === 0 || first < fn.parameters.length; first += BATCH) {
          const marked = fn.parameters.map((p, i) => (i >= first && i < first + BATCH ? sourceTaint({ range: w.range(p), label: `${MARK}${i}` }) : CLEAN));
          const returned = w.inModuleScope(() => w.functionBody(fn, [], marked), true);
          for (const label of returned) {
            if (label.source.label.startsWith(FIELD_MARK)) {
              if (first === 0) fields.push(label);
              continue;
            }
            if (!label.source.label.startsWith(MARK)) {
              if (first === 0) summary.own = union(summary.own, [label]);
              continue;
            }
            const index = Number(label.source.label.slice(MARK.length));
            labels.set(index, [...(labels.get(index) ?? []), label]);
          }
        }
      });
      for (const [index, list] of [...labels].sort((a, b) => a[0] - b[0])) {
        // A rule is cleared only when every way the parameter reaches the return clears it.
        const cleared = list.map((l) => l.cleared ?? []).reduce((a, b) => a.filter((r) => b.includes(r)));
        summary.params.push({ index, ...(fn.parameters[index].dotDotDotToken ? { rest: true } : {}), ...(cleared.length ? { cleared } : {}) });
      }
      for (const name of new Set(fields.map((l) => l.source.label.slice(FIELD_MARK.length)))) {
        const cleared = fields.filter((l) => l.source.label === `${FIELD_MARK}${name}`).map((l) => l.cleared ?? []).reduce((a, b) => a.filter((r) => b.includes(r)));
        (summary.fields ??= []).push({ name, ...(cleared.length ? { cleared } : {}) });
      }
      if (paramCalls.length) summary.paramCalls = paramCalls.sort((a, b) => a.param - b.param || a.arg - b.arg || a.from - b.from);
      // A validator returns its argument only when it passed: what it returns is clean for those rules.
      const validates = validatedRules(fn, w);
      if (validates.length > 0) {
        summary.validates = validates;
        for (const p of summary.params) if (p.index === 0 && !p.rest) p.cleared = [...new Set([...(p.cleared ?? []), ...validates])].sort();
      }
      return summary;
    });
  }

  /** What `fn` returns of a request-like object of `role` passed as parameter `index` (`getTerm(req)` reading `req.query.q`): real sources, in this file. */
  roleSources(fn: FunctionNode, index: number, role: string): Taint {
    let byRole = this.roleCache.get(fn);
    if (!byRole) this.roleCache.set(fn, (byRole = new Map()));
    const key = `${index} ${role}`;
    const known = byRole.get(key) ?? this.roleBlind.get(fn)?.get(index);
    if (known) return this.reuse(known);
    const w = this.w;
    const memos = byRole;
    const roleValueReads = w.roleValueReads;
    const sources = this.compute(fn, CLEAN as Taint, (memo) => memos.set(key, memo), () => memos.delete(key), () =>
      // Real sources only: what it returns of `this` is no part of it.
      this.quietly(undefined, undefined, () => w.inModuleScope(() => w.functionBody(fn, [], undefined, { index, role }), true)).filter((l) => !l.source.label.startsWith(FIELD_MARK)),
    );
    // A walk whose course never depended on which role a name had (the parameter's or any
    // other's; see roleValueReads) went step for step as it would have with another role: it
    // stands for every role's walk of this parameter (a module's summary asks one per role and
    // exported parameter, six for TS/JS, and most functions read no request member).
    const memo = memos.get(key);
    if (memo && w.roleValueReads === roleValueReads) {
      let blind = this.roleBlind.get(fn);
      if (!blind) this.roleBlind.set(fn, (blind = new Map()));
      blind.set(index, memo);
    }
    return sources;
  }

  /**
   * Computes a summary of `fn` once per analysis, the same wherever it is first asked for (the
   * per-statement cache replays callers in any order): in an empty module scope, and not kept
   * when it met another summary still being computed (mutual recursion), whose partial value
   * depends on which was asked for first.
   */
  private compute<T>(fn: FunctionNode, pending: T, keep: (memo: Memo<T>) => void, drop: () => void, work: () => T): T {
    const w = this.w;
    const memo: Memo<T> = { value: pending, deps: w.beginSummary(), computing: true, unstable: false };
    w.usesFunction(fn);
    keep(memo);
    this.computing.push(memo);
    try {
      memo.value = work();
    } finally {
      this.computing.pop();
      memo.computing = false;
      w.endSummary(memo.deps);
      if (memo.unstable) drop();
    }
    return memo.value;
  }

  private reuse<T>(memo: Memo<T>): T {
    if (memo.computing) {
      // Everything computed since this one started depends on its partial value.
      for (let i = this.computing.indexOf(memo as Memo<unknown>) + 1; i < this.computing.length; i++) {
        this.computing[i].unstable = true;
        memo.unstable = true;
      }
    }
    this.w.usedSummary(memo.deps);
    return memo.value;
  }

  /** Runs a walk that reports nothing (a summary's), the sinks it reaches going to `recorder`. */
  private quietly<T>(recorder: SinkRecorder | undefined, callRecorder: ParamCallRecorder | undefined, work: () => T): T {
    const { reporting, sinkRecorder, paramCallRecorder } = this.w;
    this.w.reporting = false;
    this.w.sinkRecorder = recorder;
    this.w.paramCallRecorder = callRecorder;
    try {
      return work();
    } finally {
      this.w.reporting = reporting;
      this.w.sinkRecorder = sinkRecorder;
      this.w.paramCallRecorder = paramCallRecorder;
    }
  }
}

/** A summary of one analysis and what it depends on; `unstable`: not to be reused (see FunctionSummaries.compute). */
interface Memo<T> {
  value: T;
  deps: WalkDeps;
  computing: boolean;
  unstable: boolean;
}

/** The arguments that flow out of a call: each flowing parameter's (all the rest for `...rest`), minus the rules the function clears. */
export function argumentFlows(params: readonly FlowingParam[], args: readonly Taint[]): Taint[] {
  return params.map((param) => {
    const passed = param.rest ? union(...args.slice(param.index)) : (args[param.index] ?? CLEAN);
    return param.cleared?.length ? clearFor(passed, param.cleared) : passed;
  });
}

/** The spec role (`request`, `route-context`) of the call's argument at `index` when it is a request-like object, not a value. */
export function argumentRole(w: TaintWalker, node: ts.CallExpression, index: number): string | undefined {
  const arg = node.arguments[index];
  const inner = arg && skipOuter(arg);
  return inner && isIdentifier(inner) ? w.roleValue(inner.text) : undefined;
}
