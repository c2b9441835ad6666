import type * as ts from 'typescript';
import {
  SyntaxKind,
  isBinaryExpression,
  isCallExpression,
  isNoSubstitutionTemplateLiteral,
  isPropertyAccessExpression,
  isSpreadElement,
  isStringLiteral,
  isTemplateExpression,
} from './compiler';
import type { BoundValue, QueryPart } from '../fixes/parameterize';
import { skipOuter } from './syntax';

/** A query as the code builds it: SQL text and the value expressions between, in order. */
export interface QueryCut {
  parts: QueryPart[];
  values: ts.Expression[];
}

/**
 * Cuts a query-building expression into parts: a string literal, a template literal (its
 * spans), a `+` chain of strings and values, `'...'.concat(a, b)`. Undefined for anything
 * else (a call, a variable): then the fix cannot tell the SQL from the values.
 */
export function cutQuery(node: ts.Expression, sf: ts.SourceFile): QueryCut | undefined {
  const cut: QueryCut = { parts: [], values: [] };
  const value = (expression: ts.Expression) => {
    cut.parts.push({ kind: 'value', code: sf.text.slice(expression.getStart(sf), expression.getEnd()) });
    cut.values.push(expression);
  };
  const add = (expression: ts.Expression): boolean => {
    const e = skipOuter(expression);
    if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) {
      cut.parts.push({ kind: 'text', text: e.text });
      return true;
    }
    if (isTemplateExpression(e)) {
      cut.parts.push({ kind: 'text', text: e.head.text });
      for (const span of e.templateSpans) {
        value(span.expression);
        cut.parts.push({ kind: 'text', text: span.literal.text });
      }
      return true;
    }
    if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) {
      const operands: ts.Expression[] = [];
      let left: ts.Expression = e;
      while (isBinaryExpression(left) && left.operatorToken.kind === SyntaxKind.PlusToken) {
        operands.unshift(left.right);
        left = left.left;
      }
      operands.unshift(left);
      // `a + b + ' rows'` adds numbers before it concatenates: a string must come first or second.
      if (!isString(operands[0]) && !isString(operands[1])) return false;
      return operands.every((o) => (isString(o) ? add(o) : (value(o), true)));
    }
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'concat' && isString(e.expression.expression)) {
      return add(e.expression.expression) && e.arguments.every((a) => !isSpreadElement(a) && (isString(a) ? add(a) : (value(a), true)));
    }
    return false;
  };
  return add(node) ? cut : undefined;
}

function isString(node: ts.Expression): boolean {
  const e = skipOuter(node);
  return isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isTemplateExpression(e);
}

/** A string literal for `text`: the file's quote (the other one if that saves escapes), a template literal when it spans lines. */
export function stringLiteral(text: string, quote: "'" | '"', eol: string): string {
  if (text.includes('\n')) return `\`${templateText(text, eol)}\``;
  const other = quote === "'" ? '"' : "'";
  const q = text.includes(quote) && !text.includes(other) ? other : quote;
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(q, 'g'), `\\${q}`)
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${q}${escaped}${q}`;
}

/** Text inside a template literal: escapes what would end it or start a substitution; line breaks in the file's style. */
export function templateText(text: string, eol: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r').replace(/\n/g, eol);
}

/** A bound value as code: the expression as written, or `` `%${term}%` `` for a value built inside a SQL string. */
export function boundValueCode(value: BoundValue, eol: string): string {
  if (value.kind === 'code') return value.code;
  return `\`${value.parts.map((p) => (p.kind === 'text' ? templateText(p.text, eol) : `\${${p.code}}`)).join('')}\``;
}

/** Splits SQL with `?` placeholders at the placeholders outside SQL quotes. */
export function splitAtPlaceholders(sql: string): string[] {
  const pieces: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '?') {
      pieces.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(sql.slice(start));
  return pieces;
}
