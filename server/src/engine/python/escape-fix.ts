import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { Fix } from '../types';
import type { ModuleFacts, SinkHit } from './context';
import { ensureModuleImport } from './ensure-import';
import { replaceNode, rewriteFix } from './fix-edits';
import type { Edit } from './sql-render';
import { isFString, mentionsAny, unwrapParens, type Node } from './syntax';

export const XSS_RULE = 'xss';
/** Python's title: the rule's `fixTitle` names the TS fix (DOMPurify). */
const TITLE = 'Escape with html.escape';

/**
 * User data written as HTML (`HTMLResponse(f"<h1>{name}</h1>")`, `Markup(bio)`) escaped with
 * `html.escape`, adding `import html`: in an f-string or a `+` chain only the tainted parts, so
 * the markup around them stays markup; otherwise the whole value.
 */
export function escapeFix(hit: SinkHit, facts: ModuleFacts): Fix | undefined {
  const escape = ensureModuleImport(facts.imports, facts.lines.eol, 'html', 'escape');
  const wrap = (text: string) => `${escape.name}(${text})`;
  const tainted = (node: Node) => hit.tainted.has(`${node.startIndex}:${node.endIndex}`);
  const edits: Edit[] = [];
  for (const part of taintedParts(unwrapParens(hit.arg), facts)) if (tainted(part)) edits.push(replaceNode(part, wrap(facts.src.of(part))));
  if (edits.length === 0) edits.push(replaceNode(hit.arg, wrap(facts.src.of(hit.arg))));
  if (escape.edit) edits.push(escape.edit);
  return rewriteFix(TITLE, edits, facts);
}

/** The values an HTML string is built from: an f-string's `{...}` expressions, the operands of a `+` chain. */
function taintedParts(value: Node, facts: ModuleFacts): Node[] {
  if (value.type === 'string' && isFString(value, facts.src)) {
    return value.namedChildren.flatMap((part) => (part.type === 'interpolation' ? [part.childForFieldName('expression')].filter((e): e is Node => !!e) : []));
  }
  if (value.type === 'binary_operator' && facts.src.of(value.childForFieldName('operator') ?? value) === '+') {
    return value.namedChildren.flatMap((operand) => (operand.type === 'string' ? [] : operand.type === 'binary_operator' ? taintedParts(operand, facts) : [operand]));
  }
  return [];
}

const xssNames = new WeakMap<CompiledTaintSpec, (text: string) => boolean>();

/** Whether the escape fix may add `import html` to this text: it names an XSS sink and lacks the import. */
export function escapeFixMayImport(spec: CompiledTaintSpec, text: string): boolean {
  if (!xssNames.has(spec)) {
    const names = (spec.spec.sinks ?? []).filter((s) => s.rule === XSS_RULE).flatMap((s) => (s.calls ?? []).map((c) => c.slice(c.lastIndexOf('.') + 1)));
    xssNames.set(spec, mentionsAny(names));
  }
  return xssNames.get(spec)!(text) && !/^import html\b/m.test(text);
}
