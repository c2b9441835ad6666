import type * as ts from 'typescript';
import { isObjectLiteralExpression, isPropertyAssignment, isSpreadElement } from './compiler';
import type { SinkSpec } from '../rules/spec-types';
import { taintFinding } from '../taint/finding';
import { isTainted, type Taint } from '../taint/taint';
import type { Fix } from '../types';
import { cutQuery } from './query-text';
import { sqlFixes } from './sql-fix';
import { rootName, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/** In a query config object (`{ sql, values }` for mysql, `{ text, values }` for pg), the keys that hold the query text. */
export const QUERY_KEYS: ReadonlySet<string> = new Set(['sql', 'text', 'query']);

/** The rewrite fixes each rule offers on a sink call; rules without one get only the ignore fixes. */
const FIXES: Record<string, (w: TaintWalker, call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec) => Fix[]> = {
  'sql-injection': sqlFixes,
};

/** Reports each sink whose argument carries user data; the finding's range is that argument. */
export function checkSinks(w: TaintWalker, call: ts.CallExpression, sinks: readonly SinkSpec[], args: readonly Taint[]): void {
  for (const sink of sinks) {
    const arg = call.arguments[sink.arg];
    const taint = args[sink.arg];
    if (!arg || isSpreadElement(arg) || !isTainted(taint)) continue;
    const start = arg.getStart(w.sf);
    if (w.isReported(sink.rule, start)) continue;
    w.report(
      taintFinding(w.input.catalog, {
        ruleId: sink.rule,
        range: w.range(arg),
        sink: w.text(call.expression).replace(/\s+/g, ''),
        variable: taintedValueText(w, arg),
        taint,
        fixes: FIXES[sink.rule]?.(w, call, arg, sink) ?? [],
      }),
      start,
    );
  }
}

/** What the message names: for a query written in place, its first user value (`status`), not the whole template. */
function taintedValueText(w: TaintWalker, arg: ts.Expression): string {
  const inner = skipOuter(arg);
  const query = isObjectLiteralExpression(inner) ? inner.properties.find((p) => isPropertyAssignment(p) && QUERY_KEYS.has(p.name.getText(w.sf))) : undefined;
  const values = cutQuery(query && isPropertyAssignment(query) ? query.initializer : arg, w.sf)?.values ?? [];
  const tainted = values.find((v) => {
    const root = rootName(v);
    return !!root && (isTainted(w.lookup(root)) || !!w.roleOf(root));
  });
  return w.text(tainted ?? values[0] ?? arg);
}
