import type { ArgLookup, ArgValue } from '../rules/compiled-patterns';
import type { RegexPattern } from '../rules/backtracking';
import type { LiteralValue, ValueKind } from '../rules/spec-types';
import { decodeLiteralText, literalStyle } from './literals';
import { isFString, sameNode, unwrapParens, type CallArguments, type Node, type Source } from './syntax';

// Python values as the shared pattern conditions see them (rules/compiled-patterns.ts).

/**
 * The argument passed at position `arg` or by `keyword`, as the conditions read it. A setting
 * held in a local name is read like one written in the call (`verify=check` after `check =
 * False`), and a keyword may come from a dictionary splatted into the call
 * (`cfg = dict(verify=False); requests.get(url, **cfg)`).
 */
export function argLookup(args: CallArguments, src: Source): ArgLookup {
  return (arg, keyword) => {
    const node = argumentNode(args, arg, keyword) ?? (keyword !== undefined && args.hasSplat ? splattedKeyword(args, keyword, src) : undefined);
    if (!node) return undefined;
    const value = localValue(node, src);
    const found = argValue(value, src, !sameNode(value, unwrapParens(node)));
    return { ...found, regex: () => pythonRegex(found.literal, args, node, src) };
  };
}

const REGEX_FLAGS: Record<string, string> = { I: 'i', IGNORECASE: 'i', M: 'm', MULTILINE: 'm', S: 's', DOTALL: 's', X: 'x', VERBOSE: 'x' };

/**
 * A pattern string as a `re` call reads it (the `backtracking` condition), with the flags its
 * other arguments pass (`re.compile(p, re.I | re.X)`, `flags=re.VERBOSE`); undefined for no string.
 */
export function pythonRegex(literal: unknown, args: CallArguments, pattern: Node, src: Source): RegexPattern | undefined {
  if (typeof literal !== 'string') return undefined;
  let flags = '';
  for (const other of args.all) {
    if (other.startIndex === pattern.startIndex) continue;
    for (const m of src.of(other).matchAll(/\b(?:re|regex)\.([A-Z]+)\b/g)) flags += REGEX_FLAGS[m[1]] ?? '';
  }
  return { source: literal, flags, syntax: 'python' };
}

/** The node of an argument given by position or keyword (keyword wins when both are passed). */
export function argumentNode(args: CallArguments, arg: number | undefined, keyword: string | undefined): Node | undefined {
  return (keyword !== undefined ? args.keywords.get(keyword) : undefined) ?? (arg !== undefined ? args.positional[arg] : undefined);
}

/** The value a `**options` argument gives `keyword` (the last one that gives it wins, as at run time). */
export function splattedKeyword(args: CallArguments, keyword: string, src: Source): Node | undefined {
  return splatGiving(args, keyword, src)?.[1];
}

/** The `**options` argument that gives `keyword`, and the value it gives. */
export function splatGiving(args: CallArguments, keyword: string, src: Source): [Node, Node] | undefined {
  for (let i = args.all.length - 1; i >= 0; i--) {
    const arg = args.all[i];
    if (arg.type !== 'dictionary_splat' || !arg.namedChildren[0]) continue;
    const value = keyOf(arg.namedChildren[0], keyword, src, 0);
    if (value) return [arg, value];
  }
  return undefined;
}

/** The value `key` has in a dictionary (`{"verify": False}`, `dict(verify=False)`, `{**base, ...}`), read through a local name. */
function keyOf(node: Node, key: string, src: Source, depth: number): Node | undefined {
  const dict = localValue(node, src);
  if (depth > 4) return undefined;
  const isDictCall = dict.type === 'call' && src.of(dict.childForFieldName('function') ?? dict) === 'dict';
  const list = isDictCall ? dict.childForFieldName('arguments') : undefined;
  const entries = dict.type === 'dictionary' ? dict.namedChildren : list?.type === 'argument_list' ? list.namedChildren : [];
  // A later entry wins over an earlier one.
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.type === 'pair') {
      const name = entry.childForFieldName('key');
      if (name?.type === 'string' && stringValue(name, src) === key) return entry.childForFieldName('value') ?? undefined;
    } else if (entry.type === 'keyword_argument') {
      if (src.of(entry.childForFieldName('name') ?? entry) === key) return entry.childForFieldName('value') ?? undefined;
    } else if (entry.type === 'dictionary_splat' && entry.namedChildren[0]) {
      const found = keyOf(entry.namedChildren[0], key, src, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Values a setting is written as: what a local name is read through to (a call only when it is `dict(...)`). */
const SETTING_VALUES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'dictionary', 'list', 'tuple', 'attribute', 'call']);
/** Where a name is bound other than by one plain assignment: such a name is not read through. */
const OTHER_BINDINGS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'as_pattern_target', 'global_statement', 'nonlocal_statement', 'aliased_import', 'dotted_name']);
/** Statements whose `left` binds a name. */
const LEFT_BINDINGS = new Set(['augmented_assignment', 'for_statement', 'for_in_clause']);

const localValues = new WeakMap<Source, Map<string, Node | null>>();

/**
 * A name assigned once in the enclosing function, before `node`, to a literal or a `dict(...)`
 * call, is read as that value; anything else is `node` itself. Function scope only: a function
 * is analysed (and cached) as a unit, so all it reads here is inside it.
 */
export function localValue(node: Node, src: Source): Node {
  const value = unwrapParens(node);
  if (value.type === 'subscript') return localItem(value, src) ?? value;
  if (value.type !== 'identifier') return value;
  let fn: Node | null = value.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.type === 'class_definition' || fn.type === 'module' ? null : fn.parent;
  if (!fn) return value;
  const name = src.of(value);
  let cache = localValues.get(src);
  if (!cache) localValues.set(src, (cache = new Map()));
  const key = `${fn.startIndex}:${name}`;
  let found = cache.get(key);
  if (found === undefined) cache.set(key, (found = assignedOnce(fn, name, src) ?? null));
  return found && found.startIndex < value.startIndex ? found : value;
}

/**
 * `settings["secure"]` where `settings` is a local dictionary (see localValue) nothing writes to
 * (`settings["secure"] = …`, `settings.update(…)`): that entry's value.
 */
function localItem(subscript: Node, src: Source): Node | undefined {
  const object = subscript.childForFieldName('value');
  const index = subscript.childForFieldName('subscript');
  if (object?.type !== 'identifier' || index?.type !== 'string') return undefined;
  const key = stringValue(index, src);
  const dict = localValue(object, src);
  if (key === undefined || dict === object) return undefined;
  let fn: Node | null = subscript.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const name = src.of(object);
  if (!fn || new RegExp(`\\b${name}\\s*(?:\\[[^\\]]*\\]\\s*(?:[-+*/|&]|//)?=(?!=)|\\.(?:update|setdefault|pop|clear|__setitem__)\\s*\\()`).test(src.of(fn))) return undefined;
  const value = keyOf(dict, key, src, 0);
  if (!value || itemDepth > 4) return value;
  // `d = {"a": d2["a"]}` reads on; a dictionary that names itself stops here.
  itemDepth++;
  try {
    return localValue(value, src);
  } finally {
    itemDepth--;
  }
}
let itemDepth = 0;

function assignedOnce(fn: Node, name: string, src: Source): Node | undefined {
  const body = fn.childForFieldName('body');
  const parameters = fn.childForFieldName('parameters');
  if (!body || (parameters && parameters.descendantsOfType('identifier').some((p) => src.of(p) === name))) return undefined;
  let assigned: Node | undefined;
  for (const identifier of body.descendantsOfType('identifier')) {
    const parent = identifier.parent;
    if (!parent || src.of(identifier) !== name || inNestedScope(identifier, fn)) continue;
    if (OTHER_BINDINGS.has(parent.type) || parent.type === 'named_expression') return undefined;
    if (LEFT_BINDINGS.has(parent.type) && within(identifier, parent.childForFieldName('left'))) return undefined;
    if (parent.type !== 'assignment' || parent.childForFieldName('left')?.startIndex !== identifier.startIndex) continue;
    if (assigned) return undefined;
    const right = parent.childForFieldName('right');
    const value = right && unwrapParens(right);
    if (!value || !SETTING_VALUES.has(value.type) || (value.type === 'call' && src.of(value.childForFieldName('function') ?? value) !== 'dict')) return undefined;
    assigned = value;
  }
  return assigned;
}

function within(node: Node, outer: Node | null): boolean {
  return !!outer && node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** Whether a name sits in a function, class or lambda nested in `fn` (a scope of its own). */
function inNestedScope(node: Node, fn: Node): boolean {
  for (let current = node.parent; current && current.startIndex > fn.startIndex; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition' || current.type === 'lambda') return true;
  }
  return false;
}

/**
 * `named`: `node` is the value a name holds (see localValue). A string, number or boolean read
 * through a name has its value (`literal`, `text`) but stays a `name` in kind, so a condition on
 * a literal written in the call (a hard-coded key) does not hold there: a named secret is
 * reported where it is written, once.
 */
export function argValue(node: Node, src: Source, named = false): ArgValue {
  const value = unwrapParens(node);
  const { kind, literal } = kindOf(value, src);
  let names: string[] | undefined;
  return {
    kind: named && !CONTAINERS.has(kind) ? 'name' : kind,
    literal,
    text: src.of(value),
    names: () => (names ??= namesIn(value, src)),
  };
}

const CONTAINERS = new Set<ValueKind>(['dict', 'list', 'tuple', 'set']);

const KINDS: Record<string, ValueKind> = {
  integer: 'number',
  float: 'number',
  true: 'bool',
  false: 'bool',
  none: 'none',
  list: 'list',
  list_comprehension: 'list',
  tuple: 'tuple',
  dictionary: 'dict',
  dictionary_comprehension: 'dict',
  set: 'set',
  set_comprehension: 'set',
  identifier: 'name',
  attribute: 'name',
  call: 'call',
};

function kindOf(node: Node, src: Source): { kind: ValueKind; literal?: LiteralValue } {
  switch (node.type) {
    case 'true':
      return { kind: 'bool', literal: true };
    case 'false':
      return { kind: 'bool', literal: false };
    case 'integer':
    case 'float': {
      const n = Number(src.of(node).replace(/_/g, ''));
      return { kind: 'number', literal: Number.isFinite(n) ? n : undefined };
    }
    case 'string':
      return isFString(node, src) ? { kind: 'template' } : { kind: 'string', literal: stringValue(node, src) };
    case 'concatenated_string':
      return node.namedChildren.some((c) => c.type === 'string' && isFString(c, src)) ? { kind: 'template' } : { kind: 'string' };
    case 'binary_operator': {
      // `"convert " + name` and `"rm %s" % path` build strings.
      const left = node.childForFieldName('left');
      return left && left.type === 'string' ? { kind: 'template' } : { kind: 'other' };
    }
    default:
      return { kind: KINDS[node.type] ?? 'other' };
  }
}

/** A plain string literal's value; undefined when it holds escapes we do not decode or is bytes. */
function stringValue(node: Node, src: Source): string | undefined {
  const start = node.namedChildren.find((c) => c.type === 'string_start');
  const end = node.namedChildren.find((c) => c.type === 'string_end');
  if (!start || !end) return undefined;
  return decodeLiteralText(src.text.slice(start.endIndex, end.startIndex), literalStyle(src.of(start)));
}

/** Variable and attribute names in an expression (`user.password.encode()` → user, password, encode). */
function namesIn(node: Node, src: Source): string[] {
  if (node.type === 'identifier') return [src.of(node)];
  return node.descendantsOfType('identifier').map((n) => src.of(n));
}
