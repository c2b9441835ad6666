import type * as ts from 'typescript';
import {
  NodeFlags,
  SyntaxKind,
  isBlock,
  isElementAccessExpression,
  isIdentifier,
  isObjectLiteralExpression,
  isOmittedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSourceFile,
  isSpreadElement,
  isVariableStatement,
} from './compiler';
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
import type { LocalParamCall, ParamSink } from './summaries';
import type { ParamCall } from '../modules';
import { calleeFacts } from '../rules/spec-cache';
import { READ_METHODS, dottedName, forEachDescendant, isFunctionNode, isMethodCallee, rootName, skipOuter, type FunctionNode } from './syntax';
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
      sink: /^`([^`]+)`/.exec(sink.sink)?.[1] ?? sink.sink, // the sink's own name (`fetch` of "`fetch` in the callback")
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

/**
 * A call of a function that calls one of its parameters with another (`function withRetry(send, url)
 * { return send(url) }`): when the caller passes a sink there (`withRetry(axios.get, q)`, `run(exec,
 * cmd)` with `exec` of `child_process`, or a function of this file whose parameter reaches a sink),
 * the other argument reaches that sink, reported at this call (see checkCallSinks) and named after
 * the line inside the callee. In a summary's walk, a function passed on from the caller's own
 * parameters (`withRetry(send, url)` inside `function fetchJson(send, url)`) is that caller's call.
 */
export function checkParamCalls(w: TaintWalker, node: ts.CallExpression, callee: string, calls: readonly (ParamCall | LocalParamCall)[], args: readonly Taint[], modulePath?: string): void {
  if (!w.checksSinks) return;
  const list = node.arguments;
  const sinks: ParamSink[] = [];
  for (const call of calls) {
    const given = list[call.param];
    if (!given || isSpreadElement(given)) continue;
    const value = skipOuter(given);
    if (w.paramCallRecorder && isIdentifier(value) && w.parameterOf(value.text)) {
      const passed = args[call.from];
      if (passed && isTainted(passed)) w.paramCallRecorder(value.text, [[call.arg, passed]], node);
      continue;
    }
    const range = 'range' in call ? call.range : undefined;
    for (const reached of functionValueSinks(w, value, call.arg)) {
      sinks.push({ param: call.from, name: call.fromName, ruleId: reached.ruleId, sink: reached.sink, line: call.line, ...(reached.originOnly && { originOnly: true }), ...(range && { range }) });
    }
  }
  if (sinks.length) checkCallSinks(w, node, callee, sinks, args, modulePath);
}

/** How many `const` aliases (`const get = axios.get`) a function passed as a value is followed through. */
const MAX_ALIAS_HOPS = 4;

type ValueSink = { ruleId: string; sink: string; originOnly?: boolean };

/**
 * The sinks a function passed as a value has at its argument `arg`: a library's (`axios.get`, `fetch`,
 * `cp.exec`, `exec` imported from `child_process`, as the spec names them; none whose `when` needs the
 * call's other arguments), those a function of this file reaches through that parameter (named, or
 * written in place: `(u) => fetch(u, options)`), through `const` aliases (`const get = axios.get`).
 * Any other value (a parameter, a variable, a call's result) is unknown: none.
 */
function functionValueSinks(w: TaintWalker, value: ts.Expression, arg: number, hops = 0): ValueSink[] {
  value = skipOuter(value);
  if (isFunctionNode(value)) return summarySinks(w, value, arg, (sink) => `${sink} in the callback`);
  // A name or a member path, not a call's result (`makeClient()` is not `makeClient`).
  let base: ts.Expression = value;
  while (isPropertyAccessExpression(base)) base = skipOuter(base.expression);
  const dotted = isIdentifier(base) ? dottedName(value) : undefined;
  if (!dotted) return [];
  const root = dotted.split('.', 1)[0];
  if (isIdentifier(value)) {
    if (w.parameterOf(value.text)) return [];
    const alias = hops < MAX_ALIAS_HOPS ? constAlias(w, value) : undefined;
    if (alias) return functionValueSinks(w, alias, arg, hops + 1);
    const fn = w.isLocal(root) ? undefined : w.facts.functions.get(dotted);
    if (fn) return summarySinks(w, fn, arg, (sink) => `${sink} inside \`${dotted}()\``);
  }
  if (w.isLocal(root)) return [];
  let sinks = calleeFacts(w.spec, dotted, undefined).sinks;
  if (!sinks.length) {
    const canonical = w.importedCallee(dotted);
    if (canonical) sinks = calleeFacts(w.spec, canonical, undefined).sinks;
  }
  const receiver = isPropertyAccessExpression(value) ? value.expression : value;
  const out: ValueSink[] = [];
  for (const sink of sinks) {
    if (sink.arg !== arg || sink.when || !sink.calls?.length || !w.isRuleEnabled(sink.rule)) continue;
    if (sink.library && libraryMatch(sink, w.receivers.originOf(receiver), (library) => w.receivers.fileImports(library)) !== true) continue;
    if (!out.some((o) => o.ruleId === sink.rule)) out.push({ ruleId: sink.rule, sink: `\`${dotted}\``, ...(sink.position === 'url-origin' && { originOnly: true }) });
  }
  return out;
}

/** The sinks a function of this file reaches through its parameter `arg`, labelled by `label`. */
function summarySinks(w: TaintWalker, fn: FunctionNode, arg: number, label: (sink: string) => string): ValueSink[] {
  return w.summaries
    .of(fn)
    .sinks.filter((s) => s.param === arg && !s.rest)
    .map((s) => ({ ruleId: s.ruleId, sink: label(s.sink), ...(s.originOnly && { originOnly: true }) }));
}

/**
 * The initializer of the `const` that `name` is here (`const get = axios.get` above it in the function,
 * or at the top level of the file, then a dependency of the walk); undefined for anything else.
 */
function constAlias(w: TaintWalker, name: ts.Identifier): ts.Expression | undefined {
  const local = w.isLocal(name.text);
  for (let up: ts.Node | undefined = name.parent; up; up = up.parent) {
    if (isFunctionNode(up) && up.parameters.some((p) => binds(p.name, name.text))) return undefined;
    if (!isBlock(up) && !isSourceFile(up)) continue;
    // A name of the function's is not the module's (and the other way round).
    if (isSourceFile(up) === local) continue;
    for (const statement of up.statements) {
      if (statement.pos > name.pos) break;
      if (!isVariableStatement(statement) || (statement.declarationList.flags & NodeFlags.Const) === 0) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!isIdentifier(declaration.name) || declaration.name.text !== name.text || !declaration.initializer) continue;
        if (isSourceFile(up)) w.usesFunction(statement);
        return declaration.initializer;
      }
    }
  }
  return undefined;
}

/** Whether a parameter or declaration binds `name` (destructured too). */
function binds(binding: ts.BindingName, name: string): boolean {
  if (isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !isOmittedExpression(element) && binds(element.name, name));
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
