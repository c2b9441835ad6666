import type { BoundParam, BoundValue, ParameterizedQuery } from '../fixes/parameterize';
import type { ModuleFacts } from './context';
import { encodeFStringText, encodeLiteral } from './literals';
import { INLINE, SEGMENT_BREAK, type QueryShape } from './query-shape';

// Writing a parameterized query back as Python: literals in their original quotes, values
// kept in the SQL as f-string expressions, and the bound values in the form the call takes.

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** How the bound values travel: after the query argument, or in `.bindparams()` on a TextClause. */
export type Binding = { kind: 'args'; at: number; paramstyle: ParameterizedQuery['paramstyle'] } | { kind: 'bindparams'; at: number; wrap?: { start: number; textName: string; importEdit?: Edit } };

/** Python keywords cannot be keyword arguments: `.bindparams(**{"from": value})` then. */
const PY_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));

/** One new literal per original literal when the SQL splits back cleanly; else one for the whole expression. */
export function literalEdits(shapes: readonly QueryShape[], sql: string, facts: ModuleFacts): Edit[] | undefined {
  const eol = facts.lines.eol;
  const pieces = sql.split(SEGMENT_BREAK);
  const edits: Edit[] = [];
  if (pieces.length === shapes.reduce((n, s) => n + s.segments.length, 0)) {
    let k = 0;
    for (const shape of shapes) {
      for (const segment of shape.segments) {
        const text = renderSql(pieces[k++], segment.style.quote, eol, facts);
        if (text === undefined) return undefined;
        // Literals without values stay as written (same value): the fix touches what it must.
        if (text !== facts.src.text.slice(segment.start, segment.end)) edits.push({ start: segment.start, end: segment.end, text });
      }
      if (shape.tail) edits.push({ ...shape.tail, text: '' });
    }
    return edits;
  }
  // A quoted SQL value spanning literals (`"... '" f"{x}" "'"`) became one placeholder.
  if (shapes.length !== 1) return undefined;
  const shape = shapes[0];
  const text = renderSql(pieces.join(''), shape.segments[0].style.quote, eol, facts);
  return text === undefined ? undefined : [{ ...shape.whole, text }];
}

/**
 * The SQL as a literal, or as an f-string where expressions stay in it: `{COLUMNS}` as
 * written, unless binding changed the constant's text (`%` doubled for %s-style drivers),
 * then its text. Undefined when an expression cannot go into an f-string here.
 */
function renderSql(sql: string, quote: string, eol: string, facts: ModuleFacts): string | undefined {
  const inlined = [...sql.matchAll(INLINE)];
  if (inlined.length === 0) return encodeLiteral(sql, quote, eol);
  let body = '';
  let last = 0;
  for (const m of inlined) {
    const [whole, code, text] = m;
    const constant = facts.constants.value(code);
    const expression = constant !== undefined && text !== constant ? text : `{${code}}`;
    if (expression !== text && !fitsFString(code, quote)) return undefined;
    body += encodeFStringText(sql.slice(last, m.index), quote, eol) + (expression === text ? encodeFStringText(text, quote, eol) : expression);
    last = m.index! + whole.length;
  }
  return `f${quote}${body}${encodeFStringText(sql.slice(last), quote, eol)}${quote}`;
}

/** Before Python 3.12 an f-string expression may not hold a backslash, a comment or the f-string's quote. */
function fitsFString(code: string, quote: string): boolean {
  return !/[\\#\n]/.test(code) && !code.includes(quote[0]);
}

export function renderParams(params: readonly BoundParam[], binding: Binding): string | undefined {
  const values = params.map((p) => renderValue(p.value));
  if (values.some((v) => v === undefined)) return undefined;
  if (binding.kind === 'bindparams') {
    if (params.some((p) => PY_KEYWORDS.has(p.name))) return `**{${params.map((p, i) => `${JSON.stringify(p.name)}: ${values[i]}`).join(', ')}}`;
    return params.map((p, i) => `${p.name}=${values[i]}`).join(', ');
  }
  switch (binding.paramstyle) {
    case 'dollar':
      return values.map((v) => `, ${v}`).join('');
    case 'named':
      return `, {${params.map((p, i) => `${JSON.stringify(p.name)}: ${values[i]}`).join(', ')}}`;
    default:
      return values.length === 1 ? `, (${values[0]},)` : `, (${values.join(', ')})`;
  }
}

/** A value as code; a `LIKE '%{term}%'` template as an f-string. */
function renderValue(value: BoundValue): string | undefined {
  if (value.kind === 'code') return value.code;
  // Expressions kept in the SQL text become f-string expressions of the template too.
  const parts: (string | { code: string })[] = [];
  for (const part of value.parts) {
    if (part.kind === 'value') parts.push({ code: part.code });
    else {
      const text = part.text.split(SEGMENT_BREAK).join('');
      let last = 0;
      for (const m of text.matchAll(INLINE)) {
        parts.push(text.slice(last, m.index), { code: m[1] });
        last = m.index! + m[0].length;
      }
      parts.push(text.slice(last));
    }
  }
  const codes = parts.flatMap((p) => (typeof p === 'string' ? [] : [p.code]));
  const quote = ['"', "'"].find((q) => codes.every((c) => fitsFString(c, q)));
  if (!quote) return undefined;
  return `f${quote}${parts.map((p) => (typeof p === 'string' ? encodeFStringText(p, quote) : `{${p.code}}`)).join('')}${quote}`;
}

/** Joins edits that touch (an insertion right after a replacement), so no two share a position. */
export function merge(edits: Edit[]): Edit[] {
  const sorted = edits.filter((e) => e.start !== e.end || e.text !== '').sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Edit[] = [];
  for (const edit of sorted) {
    const last = out[out.length - 1];
    if (last && last.end === edit.start) out[out.length - 1] = { start: last.start, end: edit.end, text: last.text + edit.text };
    else out.push(edit);
  }
  return out;
}
