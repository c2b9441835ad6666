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
import { READ_METHODS, forEachDescendant, isMethodCallee, rootName, skipOuter } from './syntax';
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

/**
 * Reports the sinks of a call (or `new`) whose argument carries user data and whose `when` conditions
 * hold (`spawn(cmd, { shell: true })`): one finding per rule, at its first tainted argument, listing the
 * others (`spawn(cmd, [arg], { shell: true })` with user data in both is one injection).
 */
export function checkSinks(w: TaintWalker, call: ts.CallExpression | ts.NewExpression, sinks: readonly SinkSpec[], args: readonly Taint[], receiverTaint: Taint = CLEAN): void {
  const list = call.arguments ?? [];
  const callee = skipOuter(call.expression);
  const receiver = isPropertyAccessExpression(callee) || isElementAccessExpression(callee) ? callee.expression : undefined;
  const byRule = new Map<string, { sink: SinkSpec; arg: ts.Expression; taint: Taint }[]>();
  for (const sink of sinks) {
    // `text.match(PATTERN)`: the value checked is the receiver (see the sink's `receiver`).
    const arg = sink.receiver ? receiver : list[sink.arg];
    if (!arg || isSpreadElement(arg)) continue;
    const taint = sink.receiver ? receiverTaint : args[sink.arg];
    // Clean values reach no finding: their conditions (a pattern's analysis) need not be read.
    if (!isTainted(relevantTaint(sink, taint ?? CLEAN))) continue;
    if (sink.when && !allHold(compileConditions(sink.when), argLookup(list, w.sf, receiver))) continue;
    const matched = matchesLibrary(w, call, sink);
    if (!matched) continue;
    const capped = matched === 'low' ? { ...sink, confidence: 'low' as const } : sink;
    const hits = byRule.get(sink.rule) ?? [];
    if (!hits.some((h) => h.arg === arg)) hits.push({ sink: capped, arg, taint });
    byRule.set(sink.rule, hits);
  }
  // Line breaks and indentation go; a space between two words stays (`new RegExp('…').test`).
  const name = w.text(call.expression).replace(/\s+/g, (space, at: number, text: string) => (/\w/.test(text[at - 1] ?? '') && /\w/.test(text[at + space.length] ?? '') ? ' ' : ''));
  for (const hits of byRule.values()) {
    const tainted = hits.filter((h) => isTainted(relevantTaint(h.sink, h.taint))).sort((a, b) => a.arg.pos - b.arg.pos);
    if (!tainted.length) continue;
    const [first, ...rest] = tainted;
    const fixes = call.kind === SyntaxKind.CallExpression ? FIXES[first.sink.rule] : undefined;
    const also = rest.map((h) => ({ value: h.arg, taint: h.taint }));
    reportSink(w, first.sink, first.arg, first.taint, name, () => fixes?.(w, call as ts.CallExpression, first.arg, first.sink) ?? [], first.arg, also);
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

/** The labels that still matter to the sink's rule, and for a URL sink only data that can choose the origin. */
function relevantTaint(sink: SinkSpec, taint: Taint): Taint {
  const relevant = forRule(taint, sink.rule);
  return sink.position === 'url-origin' ? forRule(relevant, URL_ORIGIN) : relevant;
}

/**
 * Reports user data at one sink (a call argument, an assigned property, a JSX attribute
 * value), with `also` the call's other arguments reaching a sink of the same rule.
 * `fixes` is computed only when there is a finding.
 */
export function reportSink(
  w: TaintWalker,
  sink: SinkSpec,
  value: ts.Expression,
  taint: Taint,
  sinkName: string,
  fixes: () => Fix[] = () => [],
  highlight: ts.Node = value,
  also: readonly { value: ts.Expression; taint: Taint }[] = [],
): void {
  const relevant = relevantTaint(sink, taint);
  if (!isTainted(relevant)) return;
  if (!w.reporting) {
    // A summary records each argument's taint at the one sink (the first argument's place): a caller's call groups them again.
    const range = w.range(highlight);
    const record = { ruleId: sink.rule, sink: `\`${sinkName}\``, line: range.start.line + 1, range, ...(sink.position === 'url-origin' ? { originOnly: true } : {}), ...(sink.message !== undefined && { message: sink.message }) };
    for (const recorded of [relevant, ...also.map((a) => relevantTaint(sink, a.taint))]) w.sinkRecorder?.(record, recorded);
    return;
  }
  const start = highlight.getStart(w.sf);
  if (w.isReported(sink.rule, start)) return;
  const finding = taintFinding(w.input.catalog, {
    sinkSpec: sink,
    policy: w.spec.unknownOrigin,
    ruleId: sink.rule,
    language: 'typescript',
    range: w.range(highlight),
    sink: sinkName,
    variable: taintedValueText(w, value),
    taint: relevant,
    alsoTainted: also.map((a) => ({ range: w.range(a.value), variable: taintedValueText(w, a.value), taint: relevantTaint(sink, a.taint) })),
    fixes: fixes(),
  });
  if (!finding) return;
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
  // Arguments reaching the same sink (`findOrders(name, kind)` into one query) make one finding.
  const bySink = new Map<string, { sink: ParamSink; arg: ts.Expression; taint: Taint }[]>();
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
      const { ruleId, sink: label, line, originOnly, range, message } = sink;
      w.sinkRecorder?.({ ruleId, sink: label, line, ...(originOnly ? { originOnly } : {}), ...(message !== undefined && { message }), ...(file ? { path: file } : { range }) }, relevant);
      continue;
    }
    const key = `${sink.ruleId}>${file ?? ''}:${sink.line}:${sink.sink}`;
    const group = bySink.get(key) ?? [];
    if (!group.some((h) => h.arg === arg)) group.push({ sink, arg, taint: relevant });
    bySink.set(key, group);
  }
  for (const group of bySink.values()) {
    const [{ sink, arg, taint }, ...rest] = group.sort((a, b) => a.arg.pos - b.arg.pos);
    const start = arg.getStart(w.sf);
    if (w.isReported(sink.ruleId, start)) continue;
    const file = sink.path ?? modulePath;
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
      taint: withStep(taint, passed),
      alsoTainted: rest.map((h) => ({ range: w.range(h.arg), variable: taintedValueText(w, h.arg), taint: h.taint })),
      fixes: [],
      ...(sink.message !== undefined && { message: sink.message }),
    });
    if (finding) w.report(finding, start);
  }
}

/** What the message names: for a query written in place, its first user value (`status`), not the whole template. */
function taintedValueText(w: TaintWalker, arg: ts.Expression): string {
  const inner = skipOuter(arg);
  const query = isObjectLiteralExpression(inner) ? inner.properties.find((p) => isPropertyAssignment(p) && QUERY_KEYS.has(p.name.getText(w.sf))) : undefined;
  const values = cutQuery(query && isPropertyAssignment(query) ? query.initializer : arg, w.sf)?.values ?? [];
  const isUserValue = (v: ts.Expression) => {
    const root = rootName(v);
    if (!root) return w.isTaintedField(v);
    return isTainted(w.lookup(root)) || !!w.roleOf(root);
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
    // `body.pattern`, `row['name']`, `params.get('q')`, but no other method: `formula` of `formula.replace(...)`.
    for (;;) {
      const up = read.parent;
      if (!(isPropertyAccessExpression(up) || isElementAccessExpression(up)) || up.expression !== read) break;
      if (!isMethodCallee(up)) read = up;
      else if (READ_METHODS.has(up.name.text)) read = up.parent as ts.CallExpression;
      else break;
    }
    if (isUserValue(read)) found = read; // the walk goes right to left: keep the leftmost
  });
  return found;
}
