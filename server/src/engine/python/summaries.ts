import { CLEAN, TaintEnv, clearFor, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import { shiftTaint, taintSignature } from './cache';
import { Scope, type ModuleFacts } from './context';
import { parameterBindings } from './handlers';
import { walkFunction } from './statements';
import type { CallArguments, FunctionNode, Node } from './syntax';
import { applyImported, type ImportedOrigin } from './imported';

/** What calling a function of this file returns, as a function of its arguments. */
export interface Summary {
  name: string;
  /** Parameters (by position and name) whose value can reach the return value; `cleared`: rules every way it is returned is sanitized for (`os.path.basename`). */
  params: { index: number; name: string; cleared?: string[] }[];
  /** Request data the function reads itself and returns (e.g. Flask's `request.args`). */
  sources: Taint;
  /** Equal signatures mean equal summaries (cache validation of the callers). */
  signature: string;
  /** Same-file functions this summary used, with their signatures. */
  deps: [string, string][];
  /** Set when the function is another module's (cross-module taint); `sources` is then empty. */
  imported?: ImportedOrigin;
}

/** A parameter's marker label: the source label says which parameter a returned value came from. */
const MARK = '\u0000param ';
/** Labels per value are capped (taint.ts), so parameters are followed a few at a time. */
const PARAMS_PER_WALK = 3;

/**
 * Walks `fn` with each parameter carrying a marker label and reads which markers (and which
 * real sources) come out of its `return`s. Sinks inside are not reported from here: the
 * function's own walk does that.
 */
export function computeSummary(name: string, fn: FunctionNode, facts: ModuleFacts): Summary {
  const probe = new Scope(facts, new Map(), undefined);
  const bindings = parameterBindings(fn, probe);
  const params: Summary['params'] = [];
  let sources = CLEAN;
  const called = new Set<string>();
  for (let first = 0; first === 0 || first < bindings.length; first += PARAMS_PER_WALK) {
    const scope = new Scope(facts, new Map(), undefined, called);
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
  const deps = dependencies(called, facts).filter(([n]) => n !== name);
  return { name, params, sources, signature: signatureOf(name, params, sources), deps };
}

/** Which parameters flow, and which sources (with their positions) the function returns. */
export function signatureOf(name: string, params: Summary['params'], sources: Taint): string {
  return `${name}(${params.map((p) => (p.cleared ? `${p.index}-${p.cleared.join('+')}` : p.index)).join(',')})${taintSignature(sources)}`;
}

/** Same-file functions a walk called, with their summaries' signatures: what its result depends on. */
export function dependencies(called: Scope | ReadonlySet<string>, facts: ModuleFacts): [string, string][] {
  const names = called instanceof Scope ? called.calledFunctions : called;
  return [...names].map((name) => [name, facts.summaryOf(name)?.signature ?? '']);
}

/** The taint of `name(args)` at a call site: the flowing arguments' taint plus the function's own sources. */
export function applySummary(summary: Summary, args: CallArguments, argTaints: readonly Taint[], call: Node, scope: Scope): Taint {
  let flowing = CLEAN;
  for (const param of summary.params) {
    const arg = args.positional[param.index] ?? args.keywordNodes.get(param.name);
    const taint = arg && argTaints[args.all.indexOf(arg)];
    if (taint) flowing = union(flowing, param.cleared ? clearFor(taint, param.cleared) : taint);
  }
  if (summary.imported) return applyImported(summary.imported, summary.name, flowing, scope.range(call));
  const step = { range: scope.range(call), label: `returned by \`${summary.name}()\`` };
  return union(withStep(flowing, step), withStep(summary.sources, step));
}

/** A cached summary moved with its function (see cache.ts). */
export function shiftSummary(summary: Summary, from: number, to: number, delta: number): Summary {
  const sources = shiftTaint(summary.sources, from, to, delta);
  // The signature carries the source positions: recompute it from the moved labels.
  return { ...summary, sources, signature: signatureOf(summary.name, summary.params, sources) };
}
