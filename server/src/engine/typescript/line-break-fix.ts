import type * as ts from 'typescript';
import { ruleText, type SinkSpec } from '../rules/spec-types';
import { forRule, isTainted } from '../taint/taint';
import type { Fix, TextEdit } from '../types';
import {
  isBinaryExpression,
  isCallExpression,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isTemplateExpression,
} from './compiler';
import { skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/**
 * Log and header injection, "Strip line breaks": the value written to the log line or header
 * becomes `String(value).replace(/[\r\n]/g, '')` (text values without the `String()`), so user
 * data can no longer start a new log entry or header. The log level, the other arguments and
 * the header name stay as they are. `writeHead(status, { ... })` gets each header value that
 * carries user data stripped, never the object itself.
 */
export function lineBreakFixes(w: TaintWalker, call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec): Fix[] {
  const title = ruleText(w.input.catalog.get(sink.rule)?.meta, 'typescript', 'fixTitle');
  if (!title) return [];
  const value = skipOuter(arg);
  const nodeApi = isNodeHeaderCall(w, call);
  const edits: TextEdit[] = [];
  if (isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      if (isPropertyAssignment(property)) {
        if (isTainted(forRule(w.expressions.expr(property.initializer), sink.rule))) {
          const stripped = strip(w, property.initializer, nodeApi);
          if (!stripped) return [];
          edits.push({ range: w.range(property.initializer), newText: stripped });
        }
      } else if (isShorthandPropertyAssignment(property)) {
        if (isTainted(forRule(w.lookup(property.name.text), sink.rule))) {
          edits.push({ range: w.range(property), newText: `${property.name.text}: ${strip(w, property.name, nodeApi)}` });
        }
      } else {
        return []; // a spread or a getter: no one value to strip
      }
    }
  } else {
    const stripped = strip(w, arg, nodeApi);
    if (stripped) edits.push({ range: w.range(arg), newText: stripped });
  }
  return edits.length ? [{ title, kind: 'rewrite', isPreferred: true, edits }] : [];
}

/**
 * The value with CR and LF removed. Node's own `setHeader` / `writeHead` throw on an undefined
 * value where `String()` would send the text "undefined": there a name keeps
 * `undefined` as it is (the same error as before), and other values get no fix. Express's
 * `res.set`, Koa's `ctx.set` and `Headers.set` call `String()` themselves.
 */
function strip(w: TaintWalker, node: ts.Expression, nodeApi: boolean): string | undefined {
  const value = skipOuter(node);
  const text = w.text(node);
  const q = w.facts.quote;
  const replace = `.replace(/[\\r\\n]/g, ${q}${q})`;
  if (isText(value)) return `${isPrimary(value) ? text : `(${text})`}${replace}`;
  if (!nodeApi) return `String(${text})${replace}`;
  if (!isReference(value)) return undefined;
  const checked = text === w.text(value) ? text : `(${text})`;
  return `${checked} === undefined ? ${text} : String(${text})${replace}`;
}

/** `res.setHeader(...)` / `res.writeHead(...)`: Node's http API, which refuses `undefined`. */
function isNodeHeaderCall(w: TaintWalker, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return isPropertyAccessExpression(callee) && ['setHeader', 'writeHead'].includes(callee.name.text);
}

/** A string literal, a template, a `+` chain starting with one, or `String(x)`. */
function isText(node: ts.Expression): boolean {
  let first: ts.Expression = node;
  while (isBinaryExpression(first)) first = skipOuter(first.left);
  if (isCallExpression(node) && isIdentifier(node.expression) && node.expression.text === 'String' && node.arguments.length === 1) return true;
  return isStringLiteral(first) || isTemplateExpression(first) || isNoSubstitutionTemplateLiteral(first);
}

/** Takes `.replace(...)` without parentheses: a name, a member read, a call, a literal or template. */
function isPrimary(node: ts.Expression): boolean {
  return isIdentifier(node) || isPropertyAccessExpression(node) || isCallExpression(node) || isStringLiteral(node) || isTemplateExpression(node) || isNoSubstitutionTemplateLiteral(node);
}

/** A name: read twice, the same value, and the `=== undefined` check narrows it (a member read is not narrowed). */
function isReference(node: ts.Expression): boolean {
  return isIdentifier(skipOuter(node));
}
