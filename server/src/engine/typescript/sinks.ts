import type * as ts from 'typescript';
import { SyntaxKind, isElementAccessExpression, isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isSpreadElement } from './compiler';
import { allHold, compileConditions } from '../rules/compiled-patterns';
import type { SinkSpec } from '../rules/spec-types';
import { taintFinding } from '../taint/finding';
import { forRule, isTainted, type Taint } from '../taint/taint';
import type { Confidence, Fix } from '../types';
import { argLookup } from './arg-values';
import { commandFixes } from './command-fix';
import { cutQuery } from './query-text';
import { sqlFixes } from './sql-fix';
import { forEachDescendant, rootName, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';
import { URL_ORIGIN } from './url-origin';

/** In a query config object (`{ sql, values }` for mysql, `{ text, values }` for pg), the keys that hold the query text. */
export const QUERY_KEYS: ReadonlySet<string> = new Set(['sql', 'text', 'query']);

/** The rewrite fixes each rule offers on a sink call; rules without one get only the ignore fixes. */
const FIXES: Record<string, (w: TaintWalker, call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec) => Fix[]> = {
  'sql-injection': sqlFixes,
  'command-injection': commandFixes,
};

/** Reports each sink of a call (or `new`) whose argument carries user data and whose `when` conditions hold (`spawn(cmd, { shell: true })`); the finding's range is that argument. */
export function checkSinks(w: TaintWalker, call: ts.CallExpression | ts.NewExpression, sinks: readonly SinkSpec[], args: readonly Taint[]): void {
  const list = call.arguments ?? [];
  for (const sink of sinks) {
    const arg = list[sink.arg];
    if (!arg || isSpreadElement(arg)) continue;
    if (sink.when && !allHold(compileConditions(sink.when), argLookup(list, w.sf))) continue;
    const fixes = call.kind === SyntaxKind.CallExpression ? FIXES[sink.rule] : undefined;
    reportSink(w, sink, arg, args[sink.arg], w.text(call.expression).replace(/\s+/g, ''), () => fixes?.(w, call as ts.CallExpression, arg, sink) ?? []);
  }
}

/**
 * Reports user data at one sink (a call argument, an assigned property, a JSX attribute
 * value): only the labels that still matter to the sink's rule, and for a URL sink only data
 * that can choose the origin. `fixes` is computed only when there is a finding.
 */
export function reportSink(w: TaintWalker, sink: SinkSpec, value: ts.Expression, taint: Taint, sinkName: string, fixes: () => Fix[] = () => [], highlight: ts.Node = value): void {
  let relevant = forRule(taint, sink.rule);
  if (sink.position === 'url-origin') relevant = forRule(relevant, URL_ORIGIN);
  if (!isTainted(relevant)) return;
  const start = highlight.getStart(w.sf);
  if (w.isReported(sink.rule, start)) return;
  const finding = taintFinding(w.input.catalog, {
    ruleId: sink.rule,
    language: 'typescript',
    range: w.range(highlight),
    sink: sinkName,
    variable: taintedValueText(w, value),
    taint: relevant,
    fixes: fixes(),
  });
  if (sink.confidence && RANK[sink.confidence] < RANK[finding.confidence]) finding.confidence = sink.confidence;
  w.report(finding, start);
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** What the message names: for a query written in place, its first user value (`status`), not the whole template. */
function taintedValueText(w: TaintWalker, arg: ts.Expression): string {
  const inner = skipOuter(arg);
  const query = isObjectLiteralExpression(inner) ? inner.properties.find((p) => isPropertyAssignment(p) && QUERY_KEYS.has(p.name.getText(w.sf))) : undefined;
  const values = cutQuery(query && isPropertyAssignment(query) ? query.initializer : arg, w.sf)?.values ?? [];
  const isUserValue = (v: ts.Expression) => {
    const root = rootName(v);
    return !!root && (isTainted(w.lookup(root)) || !!w.roleOf(root));
  };
  const tainted = values.find(isUserValue) ?? (values.length ? undefined : firstUserValue(arg, isUserValue));
  return w.text(tainted ?? values[0] ?? arg);
}

/** In another expression (`preview ?? fallback`, `path.join(DIR, name)`), the first variable or member read holding user data. */
function firstUserValue(arg: ts.Expression, isUserValue: (v: ts.Expression) => boolean): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  forEachDescendant(arg, (n) => {
    if (!isIdentifier(n) || (isPropertyAccessExpression(n.parent) && n.parent.name === n) || (found && found.pos < n.pos)) return;
    let read: ts.Expression = n;
    while ((isPropertyAccessExpression(read.parent) || isElementAccessExpression(read.parent)) && read.parent.expression === read) read = read.parent;
    if (isUserValue(read)) found = read; // the walk goes right to left: keep the leftmost
  });
  return found;
}
