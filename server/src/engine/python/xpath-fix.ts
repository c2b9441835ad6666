import type { Fix } from '../types';
import type { ModuleFacts, SinkHit } from './context';
import { rewriteFix } from './fix-edits';
import type { Edit } from './sql-render';
import { callArguments, isFString, type Node, type Source } from './syntax';

/** Keywords of lxml's `xpath()` that a variable must not take the name of. */
const XPATH_KEYWORDS = ['_path', 'namespaces', 'extensions', 'smart_strings'];

/**
 * `tree.xpath(f"//user[@name='{name}']")` → `tree.xpath("//user[@name=$name]", name=name)`:
 * each tainted value that is a quoted string in the expression becomes an XPath variable, which
 * lxml passes as a value, never as XPath. Only for `xpath()` calls with an f-string: a compiled
 * `etree.XPath(...)` takes its variables where it is called, and other shapes of the expression
 * (a value outside quotes, one with a format spec) get no rewrite.
 */
export function xpathVariableFix(title: string, hit: SinkHit, facts: ModuleFacts): Fix | undefined {
  const { src } = facts;
  const arg = hit.arg;
  const args = callArguments(hit.call, src);
  const last = args.all.filter((a) => a.type !== 'comment').pop();
  const [start, end] = [arg.firstNamedChild, arg.lastNamedChild];
  if (!hit.sink.methods?.length || args.hasSplat || !last || arg.type !== 'string' || !isFString(arg, src) || start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
  const text = src.text;
  const taken = new Set([...args.keywords.keys(), ...XPATH_KEYWORDS]);
  const variables = new Map<string, string>();
  const edits: Edit[] = [];
  let kept = 0;
  for (const part of arg.namedChildren) {
    if (part.type !== 'interpolation') continue;
    const expression = part.childForFieldName('expression');
    if (!expression || !hit.tainted.has(`${expression.startIndex}:${expression.endIndex}`)) {
      kept++;
      continue;
    }
    const quote = text[part.startIndex - 1];
    const quoted = (quote === "'" || quote === '"') && text[part.endIndex] === quote && part.startIndex - 1 >= start.endIndex && part.endIndex < end.startIndex;
    if (!quoted || part.namedChildCount !== 1 || text[part.startIndex - 2] === '\\') return undefined;
    const code = src.of(expression);
    let name = variables.get(code);
    if (!name) {
      name = freeName(baseName(expression, src), taken);
      variables.set(code, name);
    }
    edits.push({ start: part.startIndex - 1, end: part.endIndex + 1, text: `$${name}` });
  }
  if (edits.length === 0) return undefined;
  // No value left to interpolate: a plain string (unless `{{` escapes would then change meaning).
  if (kept === 0 && !/\{\{|\}\}/.test(src.of(arg))) edits.push({ start: start.startIndex, end: start.endIndex, text: src.of(start).replace(/[fF]/, '') });
  edits.push({ start: last.endIndex, end: last.endIndex, text: [...variables].map(([code, name]) => `, ${name}=${code}`).join('') });
  return rewriteFix(title, edits, facts);
}

/** `email` → `email`, `form.email` → `email`, anything else → `value`. */
function baseName(expression: Node, src: Source): string {
  if (expression.type === 'identifier') return src.of(expression);
  const attribute = expression.type === 'attribute' ? expression.childForFieldName('attribute') : undefined;
  return attribute ? src.of(attribute) : 'value';
}

function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}
