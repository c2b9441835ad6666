import type * as ts from 'typescript';
import { CLEAN, isTainted, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import type { FunctionNode } from './syntax';
import type { TaintWalker } from './taint-walker';

/** Which parameters of a function reach what it returns, and what it returns regardless (its own sources). */
interface Summary {
  params: Set<number>;
  own: Taint;
}

/** Marks a parameter's value while a summary is computed; never leaves this file. */
const MARK = '\u0000parameter ';
/** Taint keeps a few labels per value; parameters are traced that many at a time. */
const BATCH = 4;

/**
 * Summaries of the file's top-level functions, computed on first call by walking the function
 * with each parameter marked (nothing is reported meanwhile), then applied at every call:
 * `buildSearch(q)` is tainted when `q` is and `buildSearch` returns something built from it.
 */
export class FunctionSummaries {
  private readonly cache = new Map<FunctionNode, Summary>();

  constructor(private readonly w: TaintWalker) {}

  /** The taint of `name(...args)` when `name` is a top-level function of this file. */
  call(name: string, node: ts.CallExpression, args: readonly Taint[]): Taint | undefined {
    const fn = this.w.facts.functions.get(name);
    if (!fn) return undefined;
    const summary = this.of(fn);
    const flows = [summary.own];
    fn.parameters.forEach((param, i) => {
      if (summary.params.has(i)) flows.push(...(param.dotDotDotToken ? args.slice(i) : [args[i]]));
    });
    const result = union(...flows);
    return isTainted(result) ? withStep(result, this.w.step(node, `returned by \`${name}()\``)) : CLEAN;
  }

  private of(fn: FunctionNode): Summary {
    const cached = this.cache.get(fn);
    if (cached) return cached;
    const summary: Summary = { params: new Set(), own: CLEAN };
    this.cache.set(fn, summary); // a recursive call sees "nothing flows" while this one is computed
    const w = this.w;
    const reporting = w.reporting;
    w.reporting = false;
    try {
      for (let first = 0; first === 0 || first < fn.parameters.length; first += BATCH) {
        const marked = fn.parameters.map((p, i) => (i >= first && i < first + BATCH ? sourceTaint({ range: w.range(p), label: `${MARK}${i}` }) : CLEAN));
        const returned = w.inModuleScope(() => w.functionBody(fn, [], marked));
        for (const label of returned) {
          if (label.source.label.startsWith(MARK)) summary.params.add(Number(label.source.label.slice(MARK.length)));
          else if (first === 0) summary.own = union(summary.own, [label]);
        }
      }
    } finally {
      w.reporting = reporting;
    }
    return summary;
  }
}
