import type { CompiledPattern } from '../rules/compiled-patterns';
import { argLookup, argValue } from './arguments';
import type { Scope } from './context';
import { dottedName, type CallArguments, type Node } from './syntax';

// The Python side of the pattern rules (rules/patterns/python.json): the taint walk visits every
// call and assignment once, and asks here whether a pattern matches it. No data flow involved.

/** Records the pattern rules a call matches (`yaml.load(data)`, `requests.get(url, verify=False)`). */
export function matchCallPatterns(call: Node, fn: Node, args: CallArguments, written: string | undefined, canonical: string | undefined, method: string | undefined, scope: Scope): void {
  const { patterns, src, path } = scope.facts;
  if (!written || !scope.hits) return;
  for (const pattern of patterns.matchCall(written, canonical, method, path, argLookup(args, src))) {
    const argument = flaggedArgument(pattern, args);
    const at = pattern.spec.at === 'callee' ? fn : pattern.spec.at === 'argument' ? (argument ?? call) : call;
    scope.hits.set(`${pattern.spec.id}@${call.startIndex}`, { pattern, node: call, at, argument, callee: written });
  }
}

/** The argument of the pattern's first condition, with its keyword (`verify=False`). */
export function flaggedArgument(pattern: CompiledPattern, args: CallArguments): Node | undefined {
  const first = pattern.spec.where?.[0];
  if (!first) return undefined;
  return (first.keyword !== undefined ? args.keywordNodes.get(first.keyword) : undefined) ?? (first.arg !== undefined ? args.positional[first.arg] : undefined);
}

/** Records the pattern rules an assignment matches (`DEBUG = True`, `app.debug = True`). */
export function matchAssignmentPatterns(assignment: Node, left: Node, right: Node, scope: Scope): void {
  const { patterns, src, path } = scope.facts;
  if (!patterns.hasAssignments || !scope.hits || (left.type !== 'identifier' && left.type !== 'attribute')) return;
  const target = dottedName(left, src);
  if (!target) return;
  const moduleLevel = assignment.parent?.parent?.type === 'module';
  for (const pattern of patterns.matchAssignment(target, argValue(right, src), moduleLevel, path)) {
    scope.hits.set(`${pattern.spec.id}@${assignment.startIndex}`, { pattern, node: assignment, at: assignment, callee: target });
  }
}
