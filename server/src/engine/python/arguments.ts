import type { ArgLookup, ArgValue } from '../rules/compiled-patterns';
import type { LiteralValue, ValueKind } from '../rules/spec-types';
import { decodeLiteralText, literalStyle } from './literals';
import { isFString, unwrapParens, type CallArguments, type Node, type Source } from './syntax';

// Python values as the shared pattern conditions see them (rules/compiled-patterns.ts).

/** The argument passed at position `arg` or by `keyword`, as the conditions read it. */
export function argLookup(args: CallArguments, src: Source): ArgLookup {
  return (arg, keyword) => {
    const node = argumentNode(args, arg, keyword);
    return node && argValue(node, src);
  };
}

/** The node of an argument given by position or keyword (keyword wins when both are passed). */
export function argumentNode(args: CallArguments, arg: number | undefined, keyword: string | undefined): Node | undefined {
  return (keyword !== undefined ? args.keywords.get(keyword) : undefined) ?? (arg !== undefined ? args.positional[arg] : undefined);
}

export function argValue(node: Node, src: Source): ArgValue {
  const value = unwrapParens(node);
  const { kind, literal } = kindOf(value, src);
  let names: string[] | undefined;
  return {
    kind,
    literal,
    text: src.of(value),
    names: () => (names ??= namesIn(value, src)),
  };
}

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
