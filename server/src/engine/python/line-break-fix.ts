import type { Fix } from '../types';
import type { ModuleFacts, SinkHit } from './context';
import { replaceNode, rewriteFix } from './fix-edits';
import { isFString, unwrapParens, type Node } from './syntax';

/** Nodes that take `.replace(...)` without parentheses around them. */
const PRIMARY = new Set(['string', 'concatenated_string', 'identifier', 'attribute', 'subscript', 'call', 'parenthesized_expression']);

/**
 * Log and header injection: the whole value written to the log line or header with CR and LF
 * removed (`.replace("\r", "").replace("\n", "")`), so user data can no longer start a new log
 * entry or header. On the whole value, not inside the f-string: backslashes are not allowed in
 * f-string expressions before Python 3.12. Values not known to be text go through `str()` first.
 */
export function lineBreakFix(title: string, hit: SinkHit, facts: ModuleFacts): Fix | undefined {
  const value = unwrapParens(hit.arg);
  const text = facts.src.of(value);
  const annotation = value.type === 'identifier' ? parameterAnnotation(value, text, facts) : undefined;
  // Starlette's headers take text only (None raises): str() would send "None" where the app failed.
  if (hit.sink.rule === 'header-injection' && annotation && admitsNone(annotation)) return undefined;
  const isText = isString(value) || isFormatCall(value, facts) || annotation === 'str';
  const receiver = !isText ? `str(${text})` : PRIMARY.has(value.type) ? text : `(${text})`;
  return rewriteFix(title, [replaceNode(hit.arg, `${receiver}.replace("\\r", "").replace("\\n", "")`)], facts);
}

/** The annotation of the enclosing function's parameter `name` (`email: str` → `str`), as written. */
function parameterAnnotation(node: Node, name: string, facts: ModuleFacts): string | undefined {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda') fn = fn.parent;
  for (const param of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param.type !== 'typed_parameter' && param.type !== 'typed_default_parameter') continue;
    const id = param.type === 'typed_default_parameter' ? param.childForFieldName('name') : param.namedChildren.find((c) => c.type === 'identifier');
    const type = param.childForFieldName('type');
    if (id && type && facts.src.of(id) === name) return facts.src.of(type).replace(/\s+/g, '');
  }
  return undefined;
}

/** `str | None`, `Optional[str]`, `Union[str, None]`. */
function admitsNone(annotation: string): boolean {
  return /(^|[|,[])None($|[|,\]])/.test(annotation) || /^(typing\.)?Optional\[/.test(annotation);
}

/** A literal or f-string, or `+` / `%` on one (`"note: " + note`, `"id=%s" % ref`). */
function isString(node: Node): boolean {
  let first: Node | null = node;
  while (first?.type === 'binary_operator') first = first.childForFieldName('left') && unwrapParens(first.childForFieldName('left')!);
  return first?.type === 'string' || first?.type === 'concatenated_string';
}

/** `"search: {}".format(term)`: a string literal's `.format`. */
function isFormatCall(node: Node, facts: ModuleFacts): boolean {
  const fn = node.type === 'call' ? node.childForFieldName('function') : undefined;
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  return object?.type === 'string' && !isFString(object, facts.src) && facts.src.of(fn!.childForFieldName('attribute') ?? fn!) === 'format';
}
