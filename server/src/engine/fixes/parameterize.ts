import type { Paramstyle } from '../rules/spec-types';

/**
 * The language-independent half of "Parameterize this query": a query as its language built
 * it (f-string, `%`, `.format`, `+`, template literal), cut into literal SQL text and
 * interpolated values, becomes SQL with placeholders plus the list of values to bind.
 * The languages turn the result back into code (string literal, tuple/array, f-string).
 */
export type QueryPart =
  | { kind: 'text'; text: string }
  /** `code` is the expression's source text, used as written. */
  | { kind: 'value'; code: string };

/** A bound value: an expression, or (for `LIKE '%{term}%'`) a string built from parts. */
export type BoundValue = { kind: 'code'; code: string } | { kind: 'template'; parts: QueryPart[] };

export interface BoundParam {
  /** Placeholder name for the `named` style; p1, p2... when the expression has no name. */
  name: string;
  value: BoundValue;
}

export interface ParameterizedQuery {
  sql: string;
  params: BoundParam[];
  paramstyle: Paramstyle;
}

export type ParameterizeResult = { ok: true; query: ParameterizedQuery } | { ok: false; reason: string };

/**
 * Where SQL expects a value, an unquoted interpolation can become a placeholder. `AND` only
 * in `BETWEEN x AND`, and not `WHEN`: after those a condition (`AND {extra_filter}`) is as
 * likely as a value, and binding a condition as a value changes the query.
 */
const VALUE_CONTEXT = /(?:=|<|>|<=|>=|<>|!=|\blike|\bilike|\bvalues\s*\(|\bbetween|\bbetween\s+\S+\s+and|\bthen|\belse|\blimit|\boffset)\s*$|(?:\(|,)\s*$/i;
/** `IN (…)` takes a list: one placeholder cannot stand for it. */
const LIST_CONTEXT = /\bin\s*\(\s*$/i;

export function parameterize(parts: readonly QueryPart[], paramstyle: Paramstyle): ParameterizeResult {
  const merged = mergeTexts(parts);
  if (!merged.some((p) => p.kind === 'value')) return { ok: false, reason: 'the query has no interpolated values' };

  let sql = '';
  const params: BoundParam[] = [];
  const usedNames = new Set<string>();
  let quote: string | undefined; // the quote character we are inside, in the SQL being read
  let open = -1; // where that quote opened, in `sql`

  for (let i = 0; i < merged.length; i++) {
    const part = merged[i];
    if (part.kind === 'text') {
      const text = escapeText(part.text, paramstyle);
      const scan = scanQuotes(text, quote);
      if (scan.openedAt >= 0) open = sql.length + scan.openedAt;
      quote = scan.quote;
      sql += text;
      continue;
    }
    if (quote === '`') return { ok: false, reason: 'a value is interpolated into a quoted identifier' };
    if (quote) {
      // Inside a SQL string literal: the whole literal becomes one bound value.
      const prefix = unquoteSql(unescapeText(sql.slice(open + 1), paramstyle), quote);
      const literal: QueryPart[] = prefix ? [{ kind: 'text', text: prefix }, part] : [part];
      let j = i + 1;
      let closed = false;
      for (; j < merged.length; j++) {
        const next = merged[j];
        if (next.kind === 'value') {
          literal.push(next);
          continue;
        }
        const end = findClosingQuote(next.text, quote);
        if (end < 0) {
          literal.push(next);
          continue;
        }
        if (end > 0) literal.push({ kind: 'text', text: unquoteSql(next.text.slice(0, end), quote) });
        const rest = next.text.slice(end + 1);
        merged[j] = { kind: 'text', text: rest };
        closed = true;
        break;
      }
      if (!closed) return { ok: false, reason: 'a quoted value in the query is not closed' };
      sql = sql.slice(0, open);
      const value: BoundValue = literal.length === 1 && literal[0].kind === 'value' ? { kind: 'code', code: literal[0].code } : { kind: 'template', parts: literal };
      const name = uniqueName(value, params.length + 1, usedNames);
      params.push({ name, value });
      sql += placeholder(paramstyle, params.length, name);
      quote = undefined;
      i = j - 1; // continue with the rest of the closing text part
      continue;
    }
    if (LIST_CONTEXT.test(sql)) return { ok: false, reason: 'a value is interpolated into an IN (...) list' };
    if (!VALUE_CONTEXT.test(sql)) return { ok: false, reason: 'a value is interpolated where SQL expects a name or a keyword' };
    const value: BoundValue = { kind: 'code', code: part.code };
    const name = uniqueName(value, params.length + 1, usedNames);
    params.push({ name, value });
    sql += placeholder(paramstyle, params.length, name);
  }
  if (quote) return { ok: false, reason: 'the query has an unclosed quote' };
  return { ok: true, query: { sql, params, paramstyle } };
}

function mergeTexts(parts: readonly QueryPart[]): QueryPart[] {
  const out: QueryPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + part.text };
    else out.push(part);
  }
  return out;
}

/**
 * Follows SQL quoting through `text`: returns the quote still open at its end, and where in
 * `text` it opened (-1 when it was already open before `text`).
 */
function scanQuotes(text: string, open: string | undefined): { quote: string | undefined; openedAt: number } {
  let quote = open;
  let openedAt = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) {
        if (text[i + 1] === quote) i++; // '' inside a literal
        else quote = undefined;
      }
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      openedAt = i;
    }
  }
  return { quote, openedAt: quote ? openedAt : -1 };
}

/** The value of SQL literal text: `''` and `\'` are one quote, `\\` one backslash. */
function unquoteSql(text: string, quote: string): string {
  return text.replace(new RegExp(`${quote}${quote}|\\\\([\\\\${quote}])`, 'g'), (whole, escaped: string | undefined) => escaped ?? quote);
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i;
    }
  }
  return -1;
}

/** With `format`-style drivers a literal % in the SQL must be doubled once values are bound. */
function escapeText(text: string, paramstyle: Paramstyle): string {
  return paramstyle === 'format' ? text.replace(/%/g, '%%') : text;
}

function unescapeText(text: string, paramstyle: Paramstyle): string {
  return paramstyle === 'format' ? text.replace(/%%/g, '%') : text;
}

export function placeholder(paramstyle: Paramstyle, index: number, name: string): string {
  switch (paramstyle) {
    case 'qmark':
      return '?';
    case 'format':
      return '%s';
    case 'numeric':
      return `:${index}`;
    case 'named':
      return `:${name}`;
    case 'dollar':
      return `$${index}`;
  }
}

/** `email` for `email`, `order.status` -> `status`, `params["id"]` -> `id`, else p<n>. */
function uniqueName(value: BoundValue, index: number, used: Set<string>): string {
  const code = value.kind === 'code' ? value.code : value.parts.find((p) => p.kind === 'value')?.code ?? '';
  const match = /([A-Za-z_][A-Za-z0-9_]*)["']?\]?\)?$/.exec(code.trim());
  let name = match && !/^\d/.test(match[1]) ? match[1] : `p${index}`;
  if (used.has(name)) name = `${name}_${index}`;
  used.add(name);
  return name;
}
