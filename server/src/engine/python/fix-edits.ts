import type { Fix } from '../types';
import type { ModuleFacts } from './context';
import { merge, type Edit } from './sql-render';
import { sameNode, type CallArguments, type Node } from './syntax';

// Small edits the Python rewrite fixes share: replacing a node, removing an argument.

export function replaceNode(node: Node, text: string): Edit {
  return { start: node.startIndex, end: node.endIndex, text };
}

/**
 * Removes one argument with the comma that separates it from its neighbour: the one before
 * it (`f(a, b=1)` → `f(a)`), or the one after it when it comes first (`f(b=1, a)` → `f(a)`).
 */
export function removeArgument(args: CallArguments, node: Node): Edit | undefined {
  const all = args.all.filter((a) => a.type !== 'comment');
  const index = all.findIndex((a) => sameNode(a, node));
  if (index < 0) return undefined;
  if (index > 0) return { start: all[index - 1].endIndex, end: node.endIndex, text: '' };
  const next = all[1];
  return { start: node.startIndex, end: next ? next.startIndex : node.endIndex, text: '' };
}

/** A preferred rewrite fix from offset edits. */
export function rewriteFix(title: string, edits: Edit[], facts: ModuleFacts): Fix {
  return { title, kind: 'rewrite', isPreferred: true, edits: merge(edits).map((e) => ({ range: facts.lines.rangeAt(e.start, e.end), newText: e.text })) };
}
