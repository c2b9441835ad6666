import { CLEAN, clearFor, union, type Taint } from '../taint/taint';
import { URL_ORIGIN, builtStringTaint, type UrlPart } from '../taint/url-origin';
import type { Scope } from './context';
import { decodeLiteralText, literalStyle } from './literals';
import { isFString, unwrapParens, type CallArguments, type Node } from './syntax';

/** A scheme and host followed by a path, query or fragment; or a path on the same host. */
const FIXED_ORIGIN = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#{}]+[/?#]|\/(?![/\\]))/;
/** The start of a reference that `urljoin` resolves against its base: a path (`/x`, `x/`, `../`), a query or a fragment, no scheme or `//host`. */
const RELATIVE_REFERENCE = /^(?:\/(?![/\\])|[?#]|[\w.~%-]+[/?#])/;
/** `urljoin` by its canonical names (`requests.compat` re-exports the standard one). */
const URLJOIN = new Set(['urllib.parse.urljoin', 'requests.compat.urljoin']);

/**
 * Whether a URL argument starts with a written origin (`f"https://api.example.com/quotes/{id}"`,
 * `BASE_URL + "/quotes/" + id`, `"/orders/{}".format(id)`): then request data in it can only
 * choose a path on that host, not where the request goes (sinks with `position: url-origin`).
 */
export function hasFixedOrigin(node: Node, scope: Scope): boolean {
  return FIXED_ORIGIN.test(leadingText(unwrapParens(node), scope).text);
}

/** The text a string expression is known to start with; `complete` when that is all of it. */
function leadingText(node: Node, scope: Scope): { text: string; complete: boolean } {
  const none = { text: '', complete: false };
  switch (node.type) {
    case 'string': {
      const children = node.namedChildren;
      const start = children[0];
      const end = children[children.length - 1];
      if (start?.type !== 'string_start' || end?.type !== 'string_end') return none;
      const style = literalStyle(scope.text(start));
      const isF = isFString(node, scope.facts.src);
      let text = '';
      let from = start.endIndex;
      // Literal text and interpolated module constants (`f"{API_BASE}/quotes/{id}"`), up to the first other value.
      for (const child of isF ? children : []) {
        if (child.type !== 'interpolation') continue;
        const literal = decodeLiteralText(scope.facts.src.text.slice(from, child.startIndex), style);
        const expression = child.childForFieldName('expression');
        const constant = expression && child.namedChildCount === 1 ? leadingText(expression, scope) : none;
        if (literal === undefined) return { text, complete: false };
        text += literal;
        if (expression?.type !== 'identifier' || !constant.complete) return { text, complete: false };
        text += constant.text;
        from = child.endIndex;
      }
      const rest = decodeLiteralText(scope.facts.src.text.slice(from, end.startIndex), style);
      return rest === undefined ? { text, complete: false } : { text: text + rest, complete: true };
    }
    case 'identifier': {
      const value = scope.facts.constants.value(scope.text(node));
      return value === undefined ? none : { text: value, complete: true };
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right || node.childForFieldName('operator')?.type !== '+') return none;
      const head = leadingText(unwrapParens(left), scope);
      if (!head.complete) return head;
      const tail = leadingText(unwrapParens(right), scope);
      return { text: head.text + tail.text, complete: tail.complete };
    }
    case 'call': {
      // `"https://api.example.com/quotes/{}".format(quote_id)`
      const fn = node.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
      if (!object || object.type !== 'string' || scope.text(fn!.childForFieldName('attribute') ?? fn!) !== 'format') return none;
      const text = leadingText(object, scope).text;
      const brace = text.indexOf('{');
      return { text: brace < 0 ? text : text.slice(0, brace), complete: false };
    }
    default:
      return none;
  }
}

/** Whether a call is `urljoin` (by its canonical name, through the file's imports). */
export function isUrljoin(canonical: string | undefined): boolean {
  return canonical !== undefined && URLJOIN.has(canonical);
}

/**
 * The taint of `urljoin(base, reference)`. A written absolute reference (`"https://api.example.com/" + x`)
 * replaces the base: only its own values count, and they follow a fixed origin. A relative
 * one (`f"/quotes/{quote_id}"`, `"?q=" + q`) keeps the base's origin: its values cannot choose
 * where the URL points (they clear URL_ORIGIN), the base's still can. Anything else: both.
 */
export function urljoinTaint(args: CallArguments, argTaints: readonly Taint[], scope: Scope): Taint {
  const [base, reference] = args.positional;
  if (!base || !reference || args.hasSplat) return union(...argTaints);
  const taintOf = (node: Node) => argTaints[args.all.indexOf(node)] ?? CLEAN;
  const ref = leadingText(unwrapParens(reference), scope).text;
  if (FIXED_ORIGIN.test(ref) && !ref.startsWith('/')) return clearFor(taintOf(reference), [URL_ORIGIN]);
  if (RELATIVE_REFERENCE.test(ref)) return union(taintOf(base), clearFor(taintOf(reference), [URL_ORIGIN]));
  return union(...argTaints);
}

/**
 * The taint of an f-string: values after a written origin or path (`f"{API_BASE}/quotes/{id}"`,
 * `f"/orders/{order_id}"`) clear URL_ORIGIN, so a URL built first and sent later
 * (`url = f"..."; requests.get(url)`) is judged like one built in the call. `taintOf` evaluates
 * each `{...}` expression (once, in order).
 */
export function fStringTaint(node: Node, scope: Scope, taintOf: (expression: Node) => Taint): Taint {
  const children = node.namedChildren;
  const start = children[0];
  const style = literalStyle(start?.type === 'string_start' ? scope.text(start) : '');
  const parts: UrlPart[] = [];
  let from = start?.type === 'string_start' ? start.endIndex : node.startIndex;
  for (const child of children) {
    if (child.type !== 'interpolation') continue;
    const expression = child.childForFieldName('expression');
    parts.push({ text: decodeLiteralText(scope.facts.src.text.slice(from, child.startIndex), style) ?? '\u0001' });
    if (expression) parts.push(constantOrTaint(expression, scope, taintOf));
    from = child.endIndex;
  }
  return builtStringTaint(parts);
}

/** The taint of a `+` chain (`API_BASE + "/quotes/" + quote_id`): as for f-strings, by the plain literals before each value. */
export function concatenationTaint(chain: Node, scope: Scope, taintOf: (operand: Node) => Taint): Taint {
  const parts: UrlPart[] = plusOperands(chain).map((operand) => {
    const text = operand.type === 'string' && !isFString(operand, scope.facts.src) ? plainLiteralText(operand, scope) : undefined;
    return text !== undefined ? { text } : constantOrTaint(operand, scope, taintOf);
  });
  return builtStringTaint(parts);
}

function plainLiteralText(node: Node, scope: Scope): string | undefined {
  const children = node.namedChildren;
  const start = children[0];
  const end = children[children.length - 1];
  if (start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
  return decodeLiteralText(scope.facts.src.text.slice(start.endIndex, end.startIndex), literalStyle(scope.text(start)));
}

/** `a + b + c` (parsed `(a + b) + c`) → `[a, b, c]`. */
function plusOperands(node: Node): Node[] {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return node.namedChildren.filter((c) => c.type !== 'comment');
  return [...(isPlus(left) ? plusOperands(left) : [left]), right];
}

export function isPlus(node: Node): boolean {
  return node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+';
}

/** A clean module string constant (`API_BASE`) as its text, so the origin it writes counts; anything else by its taint. */
function constantOrTaint(node: Node, scope: Scope, taintOf: (node: Node) => Taint): UrlPart {
  const taint = taintOf(node);
  const value = node.type === 'identifier' && taint.length === 0 ? scope.facts.constants.value(scope.text(node)) : undefined;
  if (value !== undefined) return { text: value };
  const lead = taint.length > 0 ? requestPathLead(unwrapParens(node), scope) : undefined;
  return lead === undefined ? { taint } : { taint, lead };
}

/** Members holding the path (and query) of the request's own URL, which always start with `/` (Flask, Django, aiohttp, Sanic). */
const REQUEST_PATHS = new Set(['path', 'full_path', 'path_info', 'path_qs', 'raw_path']);

/**
 * `/` when the value is the path of the request's own URL: `request.path`, `request.full_path`,
 * Starlette's `request.url.path`, Django's `request.get_full_path()`. Appended to a clean base
 * (`f"{CANONICAL_ORIGIN}{request.url.path}"`) it cannot change the host.
 */
function requestPathLead(node: Node, scope: Scope): string | undefined {
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    const args = node.childForFieldName('arguments');
    if (!object || scope.text(fn!.childForFieldName('attribute') ?? fn!) !== 'get_full_path' || (args && args.namedChildCount > 0)) return undefined;
    return isRequest(object, scope) ? '/' : undefined;
  }
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const member = scope.text(node.childForFieldName('attribute') ?? node);
  if (!object) return undefined;
  if (REQUEST_PATHS.has(member) && isRequest(object, scope)) return '/';
  // Starlette's (and aiohttp's) `request.url.path`
  if (member === 'path' && object.type === 'attribute' && scope.text(object.childForFieldName('attribute') ?? object) === 'url') {
    const request = object.childForFieldName('object');
    return request && isRequest(request, scope) ? '/' : undefined;
  }
  return undefined;
}

/** A request object: a handler parameter with a framework role, or an imported request global (`flask.request`). */
function isRequest(node: Node, scope: Scope): boolean {
  if (node.type !== 'identifier') return false;
  const name = scope.text(node);
  if (scope.roles.get(name)) return true;
  const { imports } = scope.facts;
  const canonical = imports.canonical(name);
  return imports.isRoot(canonical) && /(?:^|\.)request$/.test(canonical);
}
