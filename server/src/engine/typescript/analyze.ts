import type * as ts from 'typescript';
import type { BackendInput } from '../backend';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { Finding } from '../types';
import { TaintWalker } from './taint-walker';

/** All findings of a TS/JS file: the taint rules (with their fixes) over one walk of the tree. */
export function analyze(input: BackendInput<ts.SourceFile>): Finding[] {
  if (!mentionsSink(input.spec, input.text)) return [];
  return new TaintWalker(input).run();
}

const sinkNames = new WeakMap<CompiledTaintSpec, RegExp | null>();

/**
 * Whether the text names a sink at all (`query`, `$queryRawUnsafe`...): most files being typed
 * (components, styles, utilities) do not, and then there is nothing to walk. Null (walk
 * always) when a sink pattern ends in a wildcard.
 */
function mentionsSink(spec: CompiledTaintSpec, text: string): boolean {
  let names = sinkNames.get(spec);
  if (names === undefined) {
    const last = (spec.spec.sinks ?? []).flatMap((s) => [...(s.methods ?? []), ...(s.calls ?? []).map((c) => c.slice(c.lastIndexOf('.') + 1))]);
    names = last.some((n) => n === '*' || n === '**') ? null : new RegExp(last.map((n) => n.replace(/[$]/g, '\\$')).join('|'));
    sinkNames.set(spec, names);
  }
  return !names || names.test(text);
}
