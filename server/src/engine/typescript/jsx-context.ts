import type * as ts from 'typescript';
import { SyntaxKind, forEachChild } from './compiler';

/** Nodes that sit among the children of a JSX element or fragment. */
const JSX_CHILDREN = new Set<SyntaxKind>([SyntaxKind.JsxElement, SyntaxKind.JsxSelfClosingElement, SyntaxKind.JsxFragment, SyntaxKind.JsxExpression, SyntaxKind.JsxText]);
const JSX_PARENTS = new Set<SyntaxKind>([SyntaxKind.JsxElement, SyntaxKind.JsxFragment]);

/**
 * The comment leader for a line inserted above the line starting at offset `lineStart`: `{/*`
 * when the line starts with a JSX child (there `//` would be rendered as text), `//` otherwise.
 * (An offset, not a line number: asking the SourceFile for line starts would rebuild its
 * line map on every keystroke.)
 */
export function commentAbove(sf: ts.SourceFile, lineStart: number): '//' | '{/*' {
  let pos = lineStart;
  while (pos < sf.text.length && (sf.text[pos] === ' ' || sf.text[pos] === '\t')) pos++;
  // The outermost node that starts at the line's first token.
  let node: ts.Node = sf;
  let outermost: ts.Node | undefined;
  for (;;) {
    let next: ts.Node | undefined;
    forEachChild(node, (child) => {
      if (!next && child.pos <= pos && pos < child.end) next = child;
    });
    if (!next) break;
    node = next;
    if (!outermost && node.getStart(sf) === pos) outermost = node;
  }
  return outermost && JSX_CHILDREN.has(outermost.kind) && !!outermost.parent && JSX_PARENTS.has(outermost.parent.kind) ? '{/*' : '//';
}
