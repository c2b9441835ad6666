import { exportedFunctions, type ExportedSink, type ImportedModule } from '../modules';
import { libraryMatch } from '../taint/libraries';
import { ModuleConstants } from './constants';
import { CLEAN, type Taint } from '../taint/taint';
import { checkCallSinks, type Summary } from './summaries';
import type { CallArguments } from './syntax';
import type { ModuleFacts, Scope } from './context';
import { callArguments, dottedName, unwrapParens, type Node } from './syntax';

/**
 * Calls whose callee is chosen at run time among known functions: `getattr(commands, "run_" +
 * name)(arg)`, `HANDLERS[kind](arg)`, `HANDLERS.get(kind)(arg)`, or a name bound to one of those
 * (also through a function returning it, `get_handler(kind)(arg)`, in this file or another). The
 * call calls each candidate the look-up can reach: the functions of that module (those whose
 * name starts with the look-up's written prefix) or the values of that dict, never any other
 * function. What the candidates' parameters reach is returned as the sinks of the call's
 * arguments (see checkCallSinks).
 */

/** How many hops (a local name, a helper's `return`) a look-up is followed through. */
const MAX_HOPS = 10;

/** The sinks the function `callee` (the callee of a call) reaches through its parameters, when it is a dynamic look-up; undefined when it is none. */
export function callableSinks(callee: Node, scope: Scope, hops = 0): ExportedSink[] | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrapParens(callee);
  const { src, imports } = scope.facts;
  switch (node.type) {
    case 'identifier': {
      const value = assignedValue(node, scope);
      return value ? callableSinks(value, scope, hops + 1) : undefined;
    }
    case 'subscript': {
      const dict = node.childForFieldName('value');
      return dict ? dictSinks(dict, scope, hops) : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (!fn) return undefined;
      const written = dottedName(fn, src);
      const args = callArguments(node, src);
      if (written === 'getattr' && imports.canonical('getattr') === undefined && args.positional.length >= 2) {
        const modules = moduleCandidates(args.positional[0], scope, hops + 1);
        if (modules.length === 0) return undefined;
        const prefix = namePrefix(args.positional[1], scope, hops + 1);
        const out: ExportedSink[] = [];
        for (const module of modules) {
          for (const [, exported] of exportedFunctions(module, (name) => !name.includes('.') && prefix.test(name))) {
            for (const sink of exported.sinks ?? []) out.push({ ...sink, path: sink.path ?? module.label ?? module.path });
          }
        }
        return out;
      }
      // `HANDLERS.get(kind)`
      if (fn.type === 'attribute' && fn.childForFieldName('attribute') && src.of(fn.childForFieldName('attribute')!) === 'get') {
        const object = fn.childForFieldName('object');
        const sinks = object && dictSinks(object, scope, hops);
        if (sinks) return sinks;
      }
      // `get_handler(kind)`: a function (this file's or another module's) returning one.
      if (!written) return undefined;
      const summary = scope.facts.summaryOf(written);
      if (!summary?.callableSinks) return undefined;
      scope.calledFunctions.add(written);
      const path = summary.imported?.path;
      return summary.callableSinks.map((s) => (s.path === undefined && path !== undefined ? { ...s, path } : s));
    }
    default:
      return undefined;
  }
}

/** The sinks of the functions a dict literal (`{"csv": export_csv, ...}`) holds as values. */
function dictSinks(dict: Node, scope: Scope, hops: number): ExportedSink[] | undefined {
  let node: Node | undefined = unwrapParens(dict);
  for (let hop = hops; node?.type === 'identifier' && hop <= MAX_HOPS; hop++) node = assignedValue(node, scope);
  if (node?.type !== 'dictionary') return undefined;
  const out: ExportedSink[] = [];
  for (const pair of node.namedChildren) {
    if (pair.type !== 'pair') continue;
    const value = pair.childForFieldName('value');
    const name = value && (value.type === 'identifier' || value.type === 'attribute') ? dottedName(value, scope.facts.src) : undefined;
    if (!name) continue;
    scope.calledFunctions.add(name);
    const summary = scope.facts.summaryOf(name);
    const path = summary?.imported?.path;
    for (const sink of summary?.sinks ?? []) out.push(sink.path === undefined && path !== undefined ? { ...sink, path } : sink);
  }
  return out;
}

/** The project modules an expression can be: an imported module, `import_module("pkg.mod")`, `import_module(f"pkg.{name}")` (each module of `pkg`), or a helper returning one. */
function moduleCandidates(expr: Node, scope: Scope, hops: number): ImportedModule[] {
  const { modules, path, src, imports } = scope.facts;
  if (!modules || hops > MAX_HOPS) return [];
  const node = unwrapParens(expr);
  if (node.type === 'identifier' || node.type === 'attribute') {
    const value = node.type === 'identifier' ? assignedValue(node, scope) : undefined;
    if (value) return moduleCandidates(value, scope, hops + 1);
    const target = imports.target(dottedName(node, src));
    const module = target === undefined ? undefined : modules.resolve(path, target, 'python');
    return module ? [module] : [];
  }
  if (node.type !== 'call') return [];
  const fn = node.childForFieldName('function');
  const written = fn && dottedName(fn, src);
  if (!written) return [];
  const canonical = imports.canonical(written);
  const args = callArguments(node, src);
  if (canonical === 'importlib.import_module' || written === '__import__') {
    const name = args.positional[0];
    if (!name) return [];
    const prefix = literalPrefix(name, scope, hops + 1);
    if (prefix === undefined) return [];
    if (prefix.exact) {
      const module = modules.resolve(path, prefix.text, 'python');
      return module ? [module] : [];
    }
    // `f"reports.{kind}"`: any module of the package `reports`.
    if (!prefix.text.endsWith('.') || prefix.text.length < 2) return [];
    return (modules.submodules?.(path, prefix.text.slice(0, -1), 'python') ?? []).map(([, module]) => module);
  }
  // A helper of this file returning a module (`def _module(kind): return import_module(...)`).
  if (fn.type !== 'identifier' || canonical !== undefined) return [];
  const def = topLevelFunction(written, node, scope);
  if (!def) return [];
  return returnedValues(def).flatMap((value) => moduleCandidates(value, scope, hops + 1));
}

/** What a name's text is known to start with: an exact literal, or the literal part before a placeholder. */
function literalPrefix(expr: Node, scope: Scope, hops: number): { text: string; exact: boolean } | undefined {
  const { src } = scope.facts;
  const node = unwrapParens(expr);
  if (hops > MAX_HOPS) return undefined;
  if (node.type === 'identifier') {
    const value = assignedValue(node, scope);
    return value ? literalPrefix(value, scope, hops + 1) : undefined;
  }
  if (node.type === 'string') {
    const raw = src.of(node);
    const quote = /^([a-zA-Z]*)("""|'''|"|')/.exec(raw);
    if (!quote) return undefined;
    const body = raw.slice(quote[0].length, raw.length - quote[2].length);
    const interpolated = quote[1].toLowerCase().includes('f') && node.namedChildren.some((c) => c.type === 'interpolation');
    const brace = body.indexOf('{');
    return interpolated ? { text: body.slice(0, Math.max(0, brace)), exact: false } : { text: body, exact: true };
  }
  // `"do_{}".format(name)`
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (object?.type === 'string' && src.of(fn!.childForFieldName('attribute')!) === 'format') {
      const format = literalPrefix(object, scope, hops + 1);
      if (!format) return undefined;
      const brace = format.text.indexOf('{');
      return brace < 0 ? format : { text: format.text.slice(0, brace), exact: false };
    }
    return undefined;
  }
  // `"run_" + name`
  if (node.type === 'binary_operator' && src.of(node.childForFieldName('operator')!) === '+') {
    const left = node.childForFieldName('left');
    const known = left && literalPrefix(left, scope, hops + 1);
    return known ? { text: known.text, exact: false } : undefined;
  }
  return undefined;
}

/** `getattr(module, name)`: which names it can reach, by the name's written prefix (any name when unknown). */
function namePrefix(expr: Node, scope: Scope, hops: number): { test(name: string): boolean } {
  const known = literalPrefix(expr, scope, hops);
  if (!known) return { test: (name) => !name.startsWith('_') };
  return { test: (name) => (known.exact ? name === known.text : name.startsWith(known.text)) };
}

/**
 * The value last assigned to a name before `use` (`handler = HANDLERS[kind]`), in the function
 * around it, else at the module's top level; undefined when it is bound some other way (a
 * parameter, a loop) or assigned more than that.
 */
export function assignedValue(use: Node, scope: Scope): Node | undefined {
  const { src } = scope.facts;
  const name = src.of(use);
  let body: Node | null = use.parent;
  while (body && body.type !== 'function_definition' && body.type !== 'module') body = body.parent;
  for (let within = body; within; ) {
    if (within.type === 'module') {
      // The result now depends on the module's assignments to the name, which a cached result must see change.
      scope.calledFunctions.add(ModuleConstants.bindingDep(name));
      const values = topLevelAssignments(within, scope.facts).get(name);
      return values?.length === 1 ? (values[0] ?? undefined) : undefined;
    }
    let found: Node | undefined;
    let count = 0;
    // Most names a function returns or calls are never assigned in it: its text says so without a walk of its nodes.
    const assigns = mayAssign(src.text.slice(within.startIndex, within.endIndex), name);
    for (const assignment of assigns ? within.descendantsOfType('assignment') : []) {
      const left = assignment.childForFieldName('left');
      if (left?.type !== 'identifier' || src.of(left) !== name || !enclosedBy(assignment, within)) continue;
      count++;
      if (assignment.startIndex < use.startIndex) found = assignment.childForFieldName('right') ?? undefined;
    }
    if (count > 0) return found;
    // A root that is no module (recovery made the whole file an ERROR) has nothing more to look at.
    if (within.type !== 'function_definition') return undefined;
    // Parameters shadow the module's names.
    const params = within.childForFieldName('parameters');
    if (params?.descendantsOfType('identifier').some((p) => src.of(p) === name)) return undefined;
    within = use.tree.rootNode;
  }
  return undefined;
}

/** Whether `text` may assign `name` (`name = `, `name: T = `); no means certainly not. */
function mayAssign(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (/^\s*(?::[^=\n]*)?=(?!=)/.test(text.slice(at + name.length, at + name.length + 200)) && !/\w/.test(text[at - 1] ?? '')) return true;
  }
  return false;
}

/** Per analysis: the module's top-level `name = value` statements, by name (looked up for every name a function returns or calls). */
const moduleAssignments = new WeakMap<ModuleFacts, Map<string, (Node | null)[]>>();

function topLevelAssignments(module: Node, facts: ModuleFacts): Map<string, (Node | null)[]> {
  let byName = moduleAssignments.get(facts);
  if (byName) return byName;
  byName = new Map();
  for (const statement of module.namedChildren) {
    if (statement.type !== 'expression_statement') continue;
    for (const assignment of statement.namedChildren) {
      const left = assignment.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left?.type !== 'identifier') continue;
      const name = facts.src.of(left);
      const right = assignment.childForFieldName('right');
      // A bare annotation (`x: int`) counts as an assignment of nothing known.
      byName.set(name, [...(byName.get(name) ?? []), right]);
    }
  }
  moduleAssignments.set(facts, byName);
  return byName;
}

/** Whether `node` is in `scope`'s own body (not in a function defined inside it). */
function enclosedBy(node: Node, scope: Node): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.startIndex === scope.startIndex && up.endIndex === scope.endIndex && up.type === scope.type) return true;
    if (up.type === 'function_definition' || up.type === 'lambda') return false;
  }
  return false;
}

function topLevelFunction(name: string, near: Node, scope: Scope): Node | undefined {
  for (const statement of near.tree.rootNode.namedChildren) {
    const def = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (def?.type === 'function_definition' && scope.facts.src.of(def.childForFieldName('name') ?? def) === name) return def;
  }
  return undefined;
}

/** The expressions a function returns (its own `return`s, not those of functions inside it). */
export function returnedValues(def: Node): Node[] {
  const body = def.childForFieldName('body');
  if (!body) return [];
  return body
    .descendantsOfType('return_statement')
    .filter((r) => enclosedBy(r, def))
    .map((r) => r.firstNamedChild)
    .filter((v): v is Node => !!v);
}

/**
 * A call of a function that calls one of its parameters with another (`def fetch(opener, url):
 * return opener(url)`): when the caller passes a sink there (`fetch(urlopen, q)`, a library's
 * function or one of the project's whose parameter reaches a sink), the other argument reaches
 * that sink, reported as a sink at this call.
 */
export function checkParamCalls(call: Node, summary: Summary, args: CallArguments, argTaints: readonly Taint[], scope: Scope): void {
  if (!scope.hits && !scope.probe) return;
  const sinks: ExportedSink[] = [];
  for (const paramCall of summary.paramCalls ?? []) {
    const given = args.positional[paramCall.param];
    if (!given || given.type === 'list_splat') continue;
    for (const [ruleId, label] of calledSinks(given, paramCall.arg, scope)) {
      sinks.push({ param: paramCall.from, name: paramCall.fromName, ruleId, sink: label, line: paramCall.line });
    }
  }
  if (sinks.length > 0) checkCallSinks(call, { name: summary.name, params: [], sources: CLEAN, sinks, signature: '', deps: [] }, args, argTaints, scope, true);
}

/** The sinks a function passed as a value (`urlopen`, `HTTPConnection`, `legacy_open` assigned one of those, a project function) has at its argument `arg`: [rule, sink as named]. */
function calledSinks(value: Node, arg: number, scope: Scope, hops = 0): [string, string][] {
  const { src, imports, spec } = scope.facts;
  const node = unwrapParens(value);
  if (hops > MAX_HOPS || (node.type !== 'identifier' && node.type !== 'attribute')) return [];
  const written = dottedName(node, src);
  if (!written) return [];
  const canonical = imports.canonical(written);
  if (canonical !== undefined) {
    const out: [string, string][] = [];
    for (const sink of spec.sinksFor(canonical, undefined)) {
      if (sink.arg !== arg || sink.when || !libraryMatch(sink, undefined, (library) => scope.facts.receivers.fileImports(library))) continue;
      out.push([sink.rule, `\`${written}\``]);
    }
    return out;
  }
  if (node.type === 'identifier') {
    const assigned = assignedValue(node, scope);
    if (assigned) return calledSinks(assigned, arg, scope, hops + 1);
  }
  const summary = scope.facts.summaryOf(written);
  if (summary) scope.calledFunctions.add(written);
  return (summary?.sinks ?? []).filter((s) => s.param === arg).map((s) => [s.ruleId, `${s.sink} inside \`${written}()\``]);
}
