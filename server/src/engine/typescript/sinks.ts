import type * as ts from 'typescript';
import { SyntaxKind, isElementAccessExpression, isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isSpreadElement } from './compiler';
import { allHold, compileConditions } from '../rules/compiled-patterns';
import type { SinkSpec } from '../rules/spec-types';
import { taintFinding } from '../taint/finding';
import { libraryMatch } from '../taint/libraries';
import { CLEAN, forRule, isTainted, withStep, type Taint } from '../taint/taint';
import type { Confidence, Fix } from '../types';
import { argLookup } from './arg-values';
import { commandFixes } from './command-fix';
import { displayPath } from './imported-functions';
import { lineBreakFixes } from './line-break-fix';
import { cutQuery } from './query-text';
import { sqlFixes } from './sql-fix';
import type { ParamSink } from './summaries';
import { forEachDescendant, rootName, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';
import { URL_ORIGIN } from './url-origin';

/** In a query config object (`{ sql, values }` for mysql, `{ text, values }` for pg), the keys that hold the query text. */
export const QUERY_KEYS: ReadonlySet<string> = new Set(['sql', 'text', 'query']);

/** The rewrite fixes each rule offers on a sink call; rules without one get only the ignore fixes. */
const FIXES: Record<string, (w: TaintWalker, call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec) => Fix[]> = {
  'sql-injection': sqlFixes,
  'command-injection': commandFixes,
  'log-injection': lineBreakFixes,
  'header-injection': lineBreakFixes,
};

/** Reports each sink of a call (or `new`) whose argument carries user data and whose `when` conditions hold (`spawn(cmd, { shell: true })`); the finding's range is that argument. */
export function checkSinks(w: TaintWalker, call: ts.CallExpression | ts.NewExpression, sinks: readonly SinkSpec[], args: readonly Taint[]): void {
  const list = call.arguments ?? [];
  for (const sink of sinks) {
    const arg = list[sink.arg];
    if (!arg || isSpreadElement(arg)) continue;
    if (sink.when && !allHold(compileConditions(sink.when), argLookup(list, w.sf))) continue;
    const matched = matchesLibrary(w, call, sink);
    if (!matched) continue;
    const fixes = call.kind === SyntaxKind.CallExpression ? FIXES[sink.rule] : undefined;
    const capped = matched === 'low' ? { ...sink, confidence: 'low' as const } : sink;
    reportSink(w, capped, arg, args[sink.arg], w.text(call.expression).replace(/\s+/g, ''), () => fixes?.(w, call as ts.CallExpression, arg, sink) ?? []);
  }
}

/**
 * A sink that names its library matches only calls on that library's objects (`Staff.findOne`
 * with `Staff` from `mongoose.model`), not `prisma.user.deleteMany({ where })`; `low` for a
 * receiver of unknown origin in a file that imports the library.
 */
function matchesLibrary(w: TaintWalker, call: ts.CallExpression | ts.NewExpression, sink: SinkSpec): ReturnType<typeof libraryMatch> {
  if (!sink.library) return true;
  const callee = skipOuter(call.expression);
  const receiver = isPropertyAccessExpression(callee) || isElementAccessExpression(callee) ? callee.expression : callee;
  const origin = w.receivers.originOf(receiver);
  const matched = libraryMatch(sink, origin, (library) => w.receivers.fileImports(library));
  if (!matched || (origin && !origin.hinted)) return matched;
  // Not certainly the library's: an options object of an ORM (`{ where: ... }`) says it is another's.
  const foreign = w.spec.libraries.byId(sink.library)?.foreignOptionKeys ?? [];
  const first = call.arguments?.[0] && skipOuter(call.arguments[0]);
  const hasForeignKey = !!first && isObjectLiteralExpression(first) && first.properties.some((p) => !!p.name && foreign.includes(p.name.getText(w.sf)));
  return hasForeignKey ? false : matched;
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
  if (!w.reporting) {
    const range = w.range(highlight);
    w.sinkRecorder?.({ ruleId: sink.rule, sink: `\`${sinkName}\``, line: range.start.line + 1, range, ...(sink.position === 'url-origin' ? { originOnly: true } : {}) }, relevant);
    return;
  }
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

/**
 * A call to a function whose parameter reaches a sink inside it (`findProducts(q)` with
 * `pool.query(`... ${term}`)` in its body, in this file or `modulePath`): user data passed there is
 * reported at the argument, named after the sink and where it is. While a summary is computed,
 * the caller's own parameters passed there are recorded instead (the caller has that sink too).
 */
export function checkCallSinks(w: TaintWalker, node: ts.CallExpression, callee: string, sinks: readonly ParamSink[], args: readonly Taint[], modulePath?: string): void {
  if (!sinks.length || !w.checksSinks) return;
  const list = node.arguments;
  for (const sink of sinks) {
    if (!w.isRuleEnabled(sink.ruleId)) continue;
    const at = sink.rest ? list.findIndex((a, i) => i >= sink.param && isTainted(args[i])) : sink.param;
    const arg = list[at];
    if (!arg || isSpreadElement(arg)) continue;
    let relevant = forRule(args[at] ?? CLEAN, sink.ruleId);
    if (sink.originOnly) relevant = forRule(relevant, URL_ORIGIN);
    if (!isTainted(relevant)) continue;
    const file = sink.path ?? modulePath;
    if (!w.reporting) {
      const { ruleId, sink: label, line, originOnly, range } = sink;
      w.sinkRecorder?.({ ruleId, sink: label, line, ...(originOnly ? { originOnly } : {}), ...(file ? { path: file } : { range }) }, relevant);
      continue;
    }
    const start = arg.getStart(w.sf);
    if (w.isReported(sink.ruleId, start)) continue;
    if (!file) w.namesLine();
    const where = file ? `${displayPath(w.input.path, file)} line ${sink.line}` : `line ${sink.line}`;
    const passed = w.step(arg, `passed to \`${callee}()\` parameter \`${sink.name}\``);
    // The path ends at the sink itself (reports point there), in this file or the other one.
    const sinkLocation = file ? { path: displayPath(w.input.path, file), line: sink.line } : { line: sink.line, ...(sink.range && { range: sink.range }) };
    const finding = taintFinding(w.input.catalog, {
      ruleId: sink.ruleId,
      language: 'typescript',
      range: w.range(arg),
      sink: sink.sink.replace(/^`|`$/g, ''),
      sinkText: `${sink.sink} inside \`${callee}()\` (${where})`,
      sinkLocation,
      variable: taintedValueText(w, arg),
      taint: withStep(relevant, passed),
      fixes: [],
    });
    w.report(finding, start);
  }
}

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
