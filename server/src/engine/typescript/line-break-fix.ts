import type * as ts from 'typescript';
import { ruleText, type SinkSpec } from '../rules/spec-types';
import type { Fix } from '../types';
import { isBinaryExpression, isCallExpression, isIdentifier, isNoSubstitutionTemplateLiteral, isPropertyAccessExpression, isStringLiteral, isTemplateExpression } from './compiler';
import { skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/**
 * Log and header injection, "Strip line breaks": the value written to the log line or header
 * becomes `String(value).replace(/[\r\n]/g, '')` (text values without the `String()`), so user
 * data can no longer start a new log entry or header. The log level, the other arguments and
 * the header name stay as they are.
 */
export function lineBreakFixes(w: TaintWalker, _call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec): Fix[] {
  const title = ruleText(w.input.catalog.get(sink.rule)?.meta, 'typescript', 'fixTitle');
  if (!title) return [];
  const value = skipOuter(arg);
  const text = w.text(arg);
  const receiver = isText(value) ? (isPrimary(value) ? text : `(${text})`) : `String(${text})`;
  const q = w.facts.quote;
  return [{ title, kind: 'rewrite', isPreferred: true, edits: [{ range: w.range(arg), newText: `${receiver}.replace(/[\\r\\n]/g, ${q}${q})` }] }];
}

/** A string literal, a template, or a `+` chain starting with one. */
function isText(node: ts.Expression): boolean {
  let first: ts.Expression = node;
  while (isBinaryExpression(first)) first = skipOuter(first.left);
  return isStringLiteral(first) || isTemplateExpression(first) || isNoSubstitutionTemplateLiteral(first);
}

/** Takes `.replace(...)` without parentheses: a name, a member read, a call, a literal or template. */
function isPrimary(node: ts.Expression): boolean {
  return isIdentifier(node) || isPropertyAccessExpression(node) || isCallExpression(node) || isStringLiteral(node) || isTemplateExpression(node) || isNoSubstitutionTemplateLiteral(node);
}
