import type * as ts from 'typescript';
import type { BackendInput } from '../backend';
import type { Finding } from '../types';
import { patternFindings } from './patterns/findings';
import { mentionsSink, mentionsSource } from './prefilter';
import { TaintWalker } from './taint-walker';

/** All findings of a TS/JS file: the taint rules (with their fixes) over one walk of the tree (replaying the statements an edit left alone), then the pattern rules over another. */
export function analyze(input: BackendInput<ts.SourceFile>): Finding[] {
  return [...taintFindings(input), ...patternFindings(input)];
}

function taintFindings(input: BackendInput<ts.SourceFile>): Finding[] {
  if (!mentionsSink(input.spec, input.text)) return [];
  const walker = new TaintWalker(input);
  // With the unknown-origin tier on, any function's parameters are sources of a kind.
  if (!input.spec.unknownOrigin && !mentionsSource(input.spec, walker.handlers, input.text)) return [];
  return walker.run(!!input.open);
}
