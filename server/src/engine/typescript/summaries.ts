import type * as ts from 'typescript';
import { isIdentifier } from './compiler';
import { CLEAN, clearFor, isTainted, sourceTaint, union, withStep, type Taint, type TaintLabel } from '../taint/taint';
import type { ExportedSink } from '../modules';
import type { Range } from '../types';
import { checkCallSinks } from './sinks';
import { skipOuter, type FunctionNode } from './syntax';
import type { TaintWalker } from './taint-walker';

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

/** A sink some value reached while a summary is computed. */
export type ReachedSink = Omit<ParamSink, 'param' | 'name' | 'rest'>;
export type SinkRecorder = (sink: ReachedSink, taint: Taint) => void;

/** Which parameters of a function reach what it returns, what it returns regardless (its own sources), and which parameters reach a sink. */
export interface Summary {
  params: FlowingParam[];
  own: Taint;
  sinks: ParamSink[];
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
  private readonly cache = new Map<FunctionNode, Summary>();
  private readonly roleCache = new Map<FunctionNode, Map<string, Taint>>();

  constructor(private readonly w: TaintWalker) {}

  /** The taint of `name(...args)` when `name` is a top-level function of this file. */
  call(name: string, node: ts.CallExpression, args: readonly Taint[]): Taint | undefined {
    const fn = this.w.facts.functions.get(name);
    if (!fn) return undefined;
    const summary = this.of(fn);
    checkCallSinks(this.w, node, name, summary.sinks, args);
    const flows = [summary.own, ...argumentFlows(summary.params, args)];
    for (const param of summary.params) {
      const role = param.rest ? undefined : argumentRole(this.w, node, param.index);
      if (role) flows.push(this.roleSources(fn, param.index, role));
    }
    const result = union(...flows);
    return isTainted(result) ? withStep(result, this.w.step(node, `returned by \`${name}()\``)) : CLEAN;
  }

  of(fn: FunctionNode): Summary {
    const cached = this.cache.get(fn);
    if (cached) return cached;
    const summary: Summary = { params: [], own: CLEAN, sinks: [] };
    this.cache.set(fn, summary); // a recursive call sees "nothing flows" while this one is computed
    const w = this.w;
    const labels = new Map<number, TaintLabel[]>();
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
    this.quietly(record, () => {
      for (let first = 0; first === 0 || first < fn.parameters.length; first += BATCH) {
        const marked = fn.parameters.map((p, i) => (i >= first && i < first + BATCH ? sourceTaint({ range: w.range(p), label: `${MARK}${i}` }) : CLEAN));
        const returned = w.inModuleScope(() => w.functionBody(fn, [], marked));
        for (const label of returned) {
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
    return summary;
  }

  /** What `fn` returns of a request-like object of `role` passed as parameter `index` (`getTerm(req)` reading `req.query.q`): real sources, in this file. */
  roleSources(fn: FunctionNode, index: number, role: string): Taint {
    let byRole = this.roleCache.get(fn);
    if (!byRole) this.roleCache.set(fn, (byRole = new Map()));
    const key = `${index} ${role}`;
    const cached = byRole.get(key);
    if (cached) return cached;
    byRole.set(key, CLEAN); // recursion
    const w = this.w;
    const returned = this.quietly(undefined, () => w.inModuleScope(() => w.functionBody(fn, [], undefined, { index, role })));
    byRole.set(key, returned);
    return returned;
  }

  /** Runs a walk that reports nothing (a summary's), the sinks it reaches going to `recorder`. */
  private quietly<T>(recorder: SinkRecorder | undefined, work: () => T): T {
    const { reporting, sinkRecorder } = this.w;
    this.w.reporting = false;
    this.w.sinkRecorder = recorder;
    try {
      return work();
    } finally {
      this.w.reporting = reporting;
      this.w.sinkRecorder = sinkRecorder;
    }
  }
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
  return inner && isIdentifier(inner) ? w.roleOf(inner.text) : undefined;
}
