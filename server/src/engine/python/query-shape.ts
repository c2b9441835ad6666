import type { QueryPart } from '../fixes/parameterize';
import { decodeLiteralText, literalStyle, type LiteralStyle } from './literals';
import { callArguments, unwrapParens, type Node, type Source } from './syntax';

/**
 * Marks where one literal ends and the next begins in a query's parts, so the parameterized
 * SQL can be cut back into one new literal per original literal (keeping the line layout of
 * a multi-line query). A zero-width no-break space: the `\s` of parameterize()'s context
 * patterns treats it as whitespace, so it does not change what a value's SQL context is.
 */
export const SEGMENT_BREAK = '\uFEFF';

export interface Span {
  start: number;
  end: number;
}

/** One string literal of the query, rewritten in place by the fix. */
export interface Segment extends Span {
  style: LiteralStyle;
  parts: QueryPart[];
}

/** A query expression as the fix sees it: literal segments, values, and what to delete. */
export interface QueryShape {
  segments: Segment[];
  /** ` % (a, b)` or `.format(a, b)` after the literal: removed by the fix. */
  tail?: Span;
  /** The whole expression: replaced by one literal when the segments cannot be kept apart. */
  whole: Span;
  /** Expressions that become bound values (checked for reassignment before the call). */
  values: Node[];
}

/**
 * An expression kept in the SQL as written, `\uE000code\uE002text\uE001`: a string constant
 * with its text (parameterize() reads its quotes and context), or a clean value with no text.
 * The fix writes it back as `{code}` in an f-string.
 */
export const INLINE = /\uE000([^\uE000-\uE002]*)\uE002([^\uE001]*)\uE001/g;

/**
 * How the fix reads a query: the source, and which interpolated expressions stay in the SQL
 * rather than being bound: module-level string constants (`COLUMNS = "id, name"`, their text
 * returned) and, where binding all fails, clean values (`''` returned).
 */
export interface QueryReader {
  src: Source;
  inline(expression: Node): string | undefined;
}

/** All parts of shapes in order, with a SEGMENT_BREAK between consecutive segments. */
export function partsOf(shapes: readonly QueryShape[]): QueryPart[] {
  const out: QueryPart[] = [];
  for (const shape of shapes) {
    for (const segment of shape.segments) {
      if (out.length > 0) out.push({ kind: 'text', text: SEGMENT_BREAK });
      out.push(...segment.parts);
    }
  }
  return out;
}

/**
 * Cuts a query-building expression into literal text and values: f-strings, implicit
 * concatenation, `"..." % args`, `"...".format(...)` and `+` chains. Undefined for anything
 * else, and for what cannot be bound faithfully (`{x!r}`, `%5s`, `{0.name}`, bytes).
 */
export function cutQuery(expression: Node, reader: QueryReader): QueryShape | undefined {
  const { src } = reader;
  const node = unwrapParens(expression);
  const whole = { start: node.startIndex, end: node.endIndex };
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const segments = literalSegments(node, reader, true);
      return segments && { segments, whole, values: segments.flatMap((s) => s.values) };
    }
    case 'binary_operator': {
      const operator = src.of(node.childForFieldName('operator') ?? node);
      if (operator === '%') return percentFormat(node, reader);
      if (operator === '+') return concatenation(node, reader);
      return undefined;
    }
    case 'call':
      return formatCall(node, reader);
    default:
      return undefined;
  }
}

interface LiteralSegment extends Segment {
  values: Node[];
}

/** The segments of a `string` or `concatenated_string`; f-string values only when allowed. */
function literalSegments(node: Node, reader: QueryReader, allowValues: boolean): LiteralSegment[] | undefined {
  const { src } = reader;
  const strings = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c.type === 'string') : node.type === 'string' ? [node] : [];
  if (strings.length === 0) return undefined;
  const out: LiteralSegment[] = [];
  for (const string of strings) {
    const children = string.namedChildren;
    const start = children[0];
    const end = children[children.length - 1];
    if (start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
    const style = literalStyle(src.of(start));
    const segment: LiteralSegment = { start: string.startIndex, end: string.endIndex, style, parts: [], values: [] };
    let cursor = start.endIndex;
    for (const child of children) {
      if (child.type !== 'interpolation') continue;
      if (!allowValues || !addText(segment, src.text.slice(cursor, child.startIndex))) return undefined;
      // `{x!r}`, `{x:>10}` and `{x=}` change the text: no plain bound value says the same.
      const expression = child.childForFieldName('expression');
      if (!expression || child.childCount !== 3) return undefined;
      addValue(segment.parts, segment.values, expression, reader);
      cursor = child.endIndex;
    }
    if (!addText(segment, src.text.slice(cursor, end.startIndex))) return undefined;
    out.push(segment);
  }
  return out;
}

/** A value to bind, or an expression the reader keeps in the SQL (a string constant, a clean value). */
function addValue(parts: QueryPart[], values: Node[], expression: Node, reader: QueryReader): void {
  const inline = reader.inline(expression);
  if (inline !== undefined) parts.push({ kind: 'text', text: `\uE000${reader.src.of(expression)}\uE002${inline}\uE001` });
  else {
    parts.push({ kind: 'value', code: reader.src.of(expression) });
    values.push(expression);
  }
}

/** The value of a string literal without interpolations (for module constants). */
export function literalValue(node: Node, reader: QueryReader): string | undefined {
  const segments = literalSegments(node, reader, false);
  return segments?.map(plainText).join('');
}

function addText(segment: Segment, raw: string): boolean {
  if (raw === '') return true;
  const text = decodeLiteralText(raw, segment.style);
  if (text === undefined) return false;
  segment.parts.push({ kind: 'text', text });
  return true;
}

/** The literal text of a value-free segment (for `%` and `.format` templates). */
function plainText(segment: Segment): string {
  return segment.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
}

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([#0\- +]*)(\d+|\*)?(?:\.(\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])/y;

/** `"... %s ... %(name)s" % args` with a tuple, a dict literal or one value. */
function percentFormat(node: Node, reader: QueryReader): QueryShape | undefined {
  const { src } = reader;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  const segments = literalSegments(unwrapParens(left), reader, false);
  if (!segments) return undefined;
  const args = unwrapParens(right);
  const positional = args.type === 'tuple' ? args.namedChildren : args.type === 'dictionary' ? [] : [args];
  const named = new Map<string, Node>();
  if (args.type === 'dictionary') {
    for (const pair of args.namedChildren) {
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const keyText = key?.type === 'string' ? literalValue(key, reader) : undefined;
      if (pair.type !== 'pair' || keyText === undefined || !value) return undefined;
      named.set(keyText, value);
    }
  }
  if (positional.some((p) => p.type === 'list_splat' || p.type === 'parenthesized_list_splat')) return undefined;
  const values: Node[] = [];
  let next = 0;
  for (const segment of segments) {
    const text = plainText(segment);
    segment.parts = [];
    let literal = '';
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== '%') {
        literal += text[i];
        continue;
      }
      PERCENT_SPEC.lastIndex = i;
      const spec = PERCENT_SPEC.exec(text);
      if (!spec) return undefined;
      i = PERCENT_SPEC.lastIndex - 1;
      const [, key, flags, width, precision, conversion] = spec;
      if (conversion === '%') {
        literal += '%';
        continue;
      }
      // Padding, precision and repr() change the text; only plain %s/%d-like specs are a value.
      if (flags || width || precision || !'sdiuf'.includes(conversion)) return undefined;
      const value = key !== undefined ? named.get(key) : positional[next++];
      if (!value) return undefined;
      if (literal) segment.parts.push({ kind: 'text', text: literal });
      literal = '';
      // Only %s puts a value's text as it is; %d of a string would fail at run time anyway.
      if (conversion === 's') addValue(segment.parts, values, value, reader);
      else {
        segment.parts.push({ kind: 'value', code: src.of(value) });
        values.push(value);
      }
    }
    if (literal) segment.parts.push({ kind: 'text', text: literal });
  }
  if (args.type !== 'dictionary' && next !== positional.length) return undefined;
  return { segments, tail: { start: left.endIndex, end: node.endIndex }, whole: { start: node.startIndex, end: node.endIndex }, values };
}

/** `"... {} ... {name}".format(a, name=b)`. */
function formatCall(node: Node, reader: QueryReader): QueryShape | undefined {
  const { src } = reader;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'attribute' || src.of(fn.childForFieldName('attribute') ?? fn) !== 'format') return undefined;
  const object = fn.childForFieldName('object');
  const segments = object && literalSegments(unwrapParens(object), reader, false);
  if (!object || !segments) return undefined;
  const args = callArguments(node, src);
  if (args.hasSplat) return undefined;
  const values: Node[] = [];
  let auto = 0;
  for (const segment of segments) {
    const text = plainText(segment);
    segment.parts = [];
    let literal = '';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
        literal += ch;
        i++;
        continue;
      }
      if (ch === '}') return undefined;
      if (ch !== '{') {
        literal += ch;
        continue;
      }
      const close = text.indexOf('}', i);
      if (close < 0) return undefined;
      const field = text.slice(i + 1, close);
      i = close;
      // `{0.name}`, `{x!r}`, `{x:>5}` read or change the value: not a plain bound value.
      const value = field === '' ? args.positional[auto++] : /^\d+$/.test(field) ? args.positional[Number(field)] : /^[A-Za-z_]\w*$/.test(field) ? args.keywords.get(field) : undefined;
      if (!value) return undefined;
      if (literal) segment.parts.push({ kind: 'text', text: literal });
      literal = '';
      addValue(segment.parts, values, value, reader);
    }
    if (literal) segment.parts.push({ kind: 'text', text: literal });
  }
  return { segments, tail: { start: object.endIndex, end: node.endIndex }, whole: { start: node.startIndex, end: node.endIndex }, values };
}

/** `"SELECT ... '" + name + "'"`: rewritten as one literal (the `+` operands go away). */
function concatenation(node: Node, reader: QueryReader): QueryShape | undefined {
  const { src } = reader;
  const operands: Node[] = [];
  const flatten = (n: Node): void => {
    const inner = unwrapParens(n);
    if (inner.type === 'binary_operator' && src.of(inner.childForFieldName('operator') ?? inner) === '+') {
      const left = inner.childForFieldName('left');
      const right = inner.childForFieldName('right');
      if (left) flatten(left);
      if (right) flatten(right);
    } else {
      operands.push(inner);
    }
  };
  flatten(node);
  const parts: QueryPart[] = [];
  const values: Node[] = [];
  let style: LiteralStyle | undefined;
  for (const operand of operands) {
    if (operand.type === 'string' || operand.type === 'concatenated_string') {
      const segments = literalSegments(operand, reader, true);
      if (!segments) return undefined;
      style ??= segments[0].style;
      for (const segment of segments) parts.push(...segment.parts);
      values.push(...segments.flatMap((s) => s.values));
      continue;
    }
    const nested = operand.type === 'binary_operator' || operand.type === 'call' ? cutQuery(operand, reader) : undefined;
    if (nested) {
      parts.push(...partsOf([nested]).filter((p) => p.kind !== 'text' || p.text !== SEGMENT_BREAK));
      values.push(...nested.values);
    } else {
      const before = values.length;
      addValue(parts, values, operand, reader);
      if (values.length === before) style ??= { prefix: '', quote: '"' }; // kept in the SQL
    }
  }
  if (!style) return undefined; // no string at all: `a + b` may well be numbers
  const whole = { start: node.startIndex, end: node.endIndex };
  return { segments: [{ ...whole, style, parts }], whole, values };
}
