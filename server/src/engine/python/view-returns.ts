import type { SinkSpec } from '../rules/spec-types';
import { forRule, isTainted, type Taint } from '../taint/taint';
import type { Scope } from './context';
import { isHandler } from './handlers';
import { dottedName, unwrapParens, type FunctionNode, type Node } from './syntax';

/** String methods whose result is text built from the receiver and the arguments. */
const TEXT_METHODS = new Set(['format', 'format_map', 'join', 'replace', 'strip', 'lstrip', 'rstrip', 'upper', 'lower', 'title', 'capitalize']);
/** Calls that wrap a view's body into a response without changing what it is (`make_response(html, 200)`). */
const RESPONSE_WRAPPERS = new Set(['make_response', 'flask.make_response', 'quart.make_response']);

/**
 * The sinks a function's returned text reaches: Flask, Bottle and Quart serve a `str` a view
 * returns as `text/html`. Only for views: a recognised handler, or a function never called in
 * its own module (registered with `add_url_rule`, returned from a factory). A helper that
 * returns request data to its caller is called in the module, and stays a helper.
 */
export function returnSinks(fn: FunctionNode, scope: Scope): SinkSpec[] {
  const { facts } = scope;
  const sinks = (facts.spec.spec.sinks ?? []).filter((s) => s.returnedBy && s.returnedBy.imports.some((m) => facts.imports.modules.has(m)));
  if (sinks.length === 0) return [];
  if (isHandler(fn, facts)) return sinks;
  const name = fn.definition.childForFieldName('name');
  if (!name) return [];
  // A method that is no handler is a view only if nothing calls it (`self.where()` makes it a helper).
  const method = fn.outer.parent?.type === 'block' && fn.outer.parent.parent?.type === 'class_definition';
  const calls = facts.src.text.match(new RegExp(`(?<!${method ? '\\w' : '[\\w.]'}|def\\s+)${facts.src.of(name)}\\s*\\(`, 'g'))?.length ?? 0;
  // `def name(` itself is the one mention.
  return calls <= (method ? 0 : 1) ? sinks : [];
}

/**
 * At `return value` of a view: the text it returns (a tuple's first item, `make_response`'s
 * first argument), when built as text, with its taint for the rule.
 */
export function returnedText(value: Node, fn: Node, scope: Scope): Node | undefined {
  let body = unwrapParens(value);
  if (body.type === 'expression_list' || body.type === 'tuple') body = body.firstNamedChild ?? body;
  if (body.type === 'call') {
    const callee = body.childForFieldName('function');
    const written = callee && dottedName(callee, scope.facts.src);
    if (written && (RESPONSE_WRAPPERS.has(written) || RESPONSE_WRAPPERS.has(scope.facts.imports.canonical(written) ?? ''))) {
      const first = body.childForFieldName('arguments')?.firstNamedChild;
      if (!first || first.type === 'keyword_argument') return undefined;
      body = first;
    }
  }
  return isText(body, fn, scope, 0) ? body : undefined;
}

/** Records the finding when the returned text carries request data. */
export function reportReturn(sinks: readonly SinkSpec[], returned: Node, taint: Taint, scope: Scope): void {
  if (!scope.hits) return;
  for (const sink of sinks) {
    const ruleTaint = forRule(taint, sink.rule);
    if (!isTainted(ruleTaint)) continue;
    scope.hits.set(`${sink.id}@${returned.startIndex}`, { sink, call: returned, arg: returned, callee: 'return', taint: ruleTaint, tainted: scope.tainted });
  }
}

/** Whether a value is text built in the function: a string, `+`/`%` with a string, `.format()`, or a name assigned such text. */
function isText(node: Node, fn: Node, scope: Scope, depth: number): boolean {
  const value = unwrapParens(node);
  switch (value.type) {
    case 'string':
    case 'concatenated_string':
      return true;
    case 'binary_operator': {
      const operator = scope.text(value.childForFieldName('operator') ?? value);
      if (operator === '%') return isText(value.childForFieldName('left') ?? value, fn, scope, depth);
      return operator === '+' && value.namedChildren.some((operand) => isText(operand, fn, scope, depth));
    }
    case 'conditional_expression':
      return value.namedChildren.some((part, i) => i !== 1 && isText(part, fn, scope, depth));
    case 'call': {
      const callee = value.childForFieldName('function');
      if (callee?.type === 'identifier') return scope.text(callee) === 'str';
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : undefined;
      return !!method && TEXT_METHODS.has(scope.text(method)) && isText(callee!.childForFieldName('object')!, fn, scope, depth);
    }
    case 'identifier':
      return depth < 3 && assignedText(scope.text(value), fn, scope, depth + 1);
    default:
      return false;
  }
}

/** Whether `name` is assigned text in the function (`html = "<p>"…`, `html += row`). */
function assignedText(name: string, fn: Node, scope: Scope, depth: number): boolean {
  for (const assignment of fn.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || scope.text(left) !== name) continue;
    if (isText(right, fn, scope, depth)) return true;
  }
  return false;
}
