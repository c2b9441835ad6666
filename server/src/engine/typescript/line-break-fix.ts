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
import { importedNames, importInsertion, importLine, localNameOf } from './imports';
import { hasDirective, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/**
 * Log and header injection, "Strip line breaks": the value written to the log line or header
 * becomes `String(value).replace(/[\r\n]/g, '')` (text values without the `String()`), so user
 * data can no longer start a new log entry or header. The log level, the other arguments and
 * the header name stay as they are. `writeHead(status, { ... })` gets each header value that
 * carries user data stripped, never the object itself.
 *
 * A log message that is not text as written (`console.log(req.body)`, `logger.info(req.query.ref)`)
 * goes through Node's `util.format` instead of `String()`: the text `console.log` itself prints
 * for it (an object or array as `util.inspect` shows it, a string unchanged), where `String()`
 * would log `[object Object]` or join an array's items. The import of `format` is added unless
 * the file has one; in code that runs in the browser or on the Edge runtime (no `node:util`), or
 * where the name `format` is taken, such a value gets no fix.
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
  } else if (sink.rule === 'log-injection' && !isText(value)) {
    const formatted = formatForLog(w, arg);
    if (!formatted) return [];
    edits.push(...formatted);
  } else {
    const stripped = strip(w, arg, nodeApi);
    if (stripped) edits.push({ range: w.range(arg), newText: stripped });
  }
  return edits.length ? [{ title, kind: 'rewrite', isPreferred: true, edits }] : [];
}

const UTIL_MODULES = ['node:util', 'util'];

/**
 * `format(value).replace(/[\r\n]/g, '')` with `format` from `node:util` (imported when the file
 * has no name for it): the text the log call printed for the value, without its line breaks.
 */
function formatForLog(w: TaintWalker, node: ts.Expression): TextEdit[] | undefined {
  const q = w.facts.quote;
  const replace = `.replace(/[\\r\\n]/g, ${q}${q})`;
  const imports = importedNames(w.sf);
  const named = localNameOf(imports, UTIL_MODULES, 'format');
  const namespace = named ? undefined : localNameOf(imports, UTIL_MODULES);
  const call = (callee: string): TextEdit[] => [{ range: w.range(node), newText: `${callee}(${w.text(node)})${replace}` }];
  if (named) return call(named);
  if (namespace) return call(`${namespace}.format`);
  if (hasDirective(w.sf.statements, 'use client') || /(^|\/)(src\/)?middleware\.[cm]?[jt]sx?$/.test(w.input.path)) return undefined;
  if (/\bformat\b/.test(w.sf.text)) return undefined; // the name is the file's own (date-fns, a local helper)
  return [...call('format'), importInsertion(w.sf, w.input.lines, importLine(w.sf, q, 'node:util', 'format', true))];
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
