import { CLEAN, TaintEnv, clearFor, forRule, isTainted, union, weakenFor, withStep, type Taint } from '../taint/taint';
import { URL_ORIGIN } from '../taint/url-origin';
import type { Scope } from './context';
import { argValue } from './arguments';
import { evaluate } from './expressions';
import { parameterBindings } from './handlers';
import { reportReturn, returnSinks, returnedText } from './view-returns';
import { matchAssertionPatterns, matchAssignmentPatterns } from './patterns';
import { asFunction, isFString, lastChildOfType, unwrapParens, type FunctionNode, type Node } from './syntax';

/**
 * The flow-sensitive walk of statements. Straight-line code updates `env` in place (so
 * `x = int(x)` cleans `x`); branches run on forks that are joined after the statement;
 * loop bodies run twice so values carried around the loop are seen.
 */
export function walkBlock(block: Node, env: TaintEnv, scope: Scope): void {
  for (const statement of block.namedChildren) walkStatement(statement, env, scope);
}

export function walkStatement(node: Node, env: TaintEnv, scope: Scope): void {
  switch (node.type) {
    case 'expression_statement':
      for (const child of node.namedChildren) expressionStatement(child, env, scope);
      return;
    case 'if_statement':
      return ifStatement(node, env, scope);
    case 'for_statement':
    case 'while_statement':
      return loop(node, env, scope);
    case 'try_statement':
      return tryStatement(node, env, scope);
    case 'with_statement':
      return withStatement(node, env, scope);
    case 'match_statement':
      return matchStatement(node, env, scope);
    case 'return_statement': {
      const value = node.firstNamedChild;
      if (!value) return;
      const taint = evaluate(value, env, scope);
      scope.returns = union(scope.returns, taint);
      const returned = scope.returnSink && returnedText(value, scope.returnSink.fn, scope);
      if (returned) reportReturn(scope.returnSink!.sinks, returned, returned === value ? taint : evaluate(returned, env, scope), scope);
      return;
    }
    case 'function_definition':
    case 'decorated_definition': {
      const fn = asFunction(node);
      if (fn) walkFunction(fn, env.child(), scope.nested());
      else walkChildren(node, env, scope); // a decorated class
      return;
    }
    case 'class_definition': {
      const body = node.childForFieldName('body');
      if (!body) return;
      // A top-level class's methods are analysed on their own (module-index units): here only its other statements.
      const topLevel = (node.parent?.type === 'decorated_definition' ? node.parent.parent : node.parent)?.type === 'module';
      const inner = env.fork();
      const classScope = scope.nested();
      for (const statement of body.namedChildren) if (!(topLevel && asFunction(statement))) walkStatement(statement, inner, classScope);
      return;
    }
    case 'block':
    case 'ERROR':
      // Error recovery leaves statements and expressions side by side: walk what parsed.
      return walkChildren(node, env, scope);
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'pass_statement':
    case 'break_statement':
    case 'continue_statement':
    case 'comment':
      return;
    case 'assert_statement':
      matchAssertionPatterns(node, scope);
      evaluate(node, env, scope);
      return;
    default:
      // raise, del, print, or an expression left bare by error recovery.
      evaluate(node, env, scope);
  }
}

function walkChildren(node: Node, env: TaintEnv, scope: Scope): void {
  for (const child of node.namedChildren) walkStatement(child, env, scope);
}

/**
 * A function body in a child env of where it is defined. Parameters shadow outer names; for
 * a route handler they carry the request's data.
 */
export function walkFunction(fn: FunctionNode, env: TaintEnv, scope: Scope, params = parameterBindings(fn, scope)): void {
  for (const param of params) {
    env.set(param.name, param.taint);
    if (param.role) scope.roles.set(param.name, param.role);
    else scope.roles.delete(param.name);
  }
  if (scope.hits) {
    const sinks = returnSinks(fn, scope);
    scope.returnSink = sinks.length > 0 ? { sinks, fn: fn.definition } : undefined;
  }
  // Decorators run where the function is defined; pattern rules look at them (`@cross_origin(origins="*")`).
  if (scope.hits) for (const decorator of fn.decorators) if (decorator.firstNamedChild) evaluate(decorator.firstNamedChild, env, scope);
  const body = fn.definition.childForFieldName('body');
  if (body) walkBlock(body, env, scope);
}

function expressionStatement(node: Node, env: TaintEnv, scope: Scope): void {
  if (node.type === 'assignment') assign(node, env, scope);
  else if (node.type === 'augmented_assignment') augmentedAssign(node, env, scope);
  else {
    evaluate(node, env, scope);
    validatedArgument(node, env, scope);
  }
}

/** `validate_url(url)` (or awaited) of a same-file validator: past it, `url` is clean for what it validates. */
function validatedArgument(node: Node, env: TaintEnv, scope: Scope): void {
  const call = node.type === 'await' ? node.namedChildren[0] : node;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const first = call?.childForFieldName('arguments')?.namedChildren[0];
  if (fn?.type !== 'identifier' || first?.type !== 'identifier' || env.get(scope.text(fn)) !== undefined) return;
  const rules = scope.facts.summaryOf(scope.text(fn))?.validates;
  const name = scope.text(first);
  const taint = env.get(name);
  if (rules && taint) env.set(name, clearFor(taint, rules));
}

/** `a = b = value`, `x: str = value`, `a, b = b, a`. Returns the value's taint. */
function assign(node: Node, env: TaintEnv, scope: Scope): Taint {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!right) return CLEAN; // `x: int`
  if (left && isPattern(left) && isSequence(right) && left.namedChildCount === right.namedChildCount && !hasSplat(left) && !hasSplat(right)) {
    // Element-wise, so `name, limit = email, 10` taints only `name`.
    const values = right.namedChildren.map((value) => evaluate(value, env, scope));
    left.namedChildren.forEach((target, i) => bindTarget(target, values[i], env, scope));
    return union(...values);
  }
  const taint = right.type === 'assignment' ? assign(right, env, scope) : evaluate(right, env, scope);
  if (left?.type === 'subscript') itemSink(left, right, taint, scope);
  else if (left?.type === 'attribute') attributeSink(left, right, taint, scope);
  if (left) bindTarget(left, taint, env, scope);
  if (left && scope.hits) matchAssignmentPatterns(node, left, right, scope);
  return taint;
}

/**
 * `response.headers["Content-Disposition"] = value`: the attribute is a sink's `properties` entry
 * (header injection), and the assigned value must not carry user data.
 */
function itemSink(left: Node, right: Node, taint: Taint, scope: Scope): void {
  const container = left.childForFieldName('value');
  if ((!scope.hits && !scope.probe) || !isTainted(taint) || container?.type !== 'attribute') return;
  const name = scope.text(container.childForFieldName('attribute') ?? container);
  for (const sink of scope.facts.spec.spec.sinks ?? []) {
    if (!sink.properties?.includes(name)) continue;
    const ruleTaint = forRule(taint, sink.rule);
    if (!isTainted(ruleTaint)) continue;
    scope.hits?.set(`${sink.id}@${right.startIndex}`, { sink, call: left, arg: right, callee: scope.text(container), taint: ruleTaint, tainted: scope.tainted });
    scope.probe?.(ruleTaint, sink.rule, `\`${scope.text(container)}\``, scope.range(left).start.line + 1);
  }
}

/**
 * `resp.text = html` where `resp` is a handler parameter of the sink's `receiverRole` (Falcon's
 * response), in a function that sets an HTML content type when the sink asks for one.
 */
function attributeSink(left: Node, right: Node, taint: Taint, scope: Scope): void {
  const object = left.childForFieldName('object');
  const attribute = left.childForFieldName('attribute');
  if ((!scope.hits && !scope.probe) || !isTainted(taint) || object?.type !== 'identifier' || !attribute) return;
  const receiver = scope.text(object);
  const role = scope.roles.get(receiver);
  if (!role) return;
  const name = scope.text(attribute);
  for (const sink of scope.facts.spec.spec.sinks ?? []) {
    if (sink.receiverRole !== role || !sink.properties?.includes(name)) continue;
    if (sink.contentType && !setsContentType(left, receiver, sink.contentType, scope)) continue;
    const ruleTaint = forRule(taint, sink.rule);
    if (!isTainted(ruleTaint)) continue;
    scope.hits?.set(`${sink.id}@${right.startIndex}`, { sink, call: left, arg: right, callee: scope.text(left), taint: ruleTaint, tainted: scope.tainted });
    scope.probe?.(ruleTaint, sink.rule, `\`${scope.text(left)}\``, scope.range(left).start.line + 1);
  }
}

/** Whether the function around `node` assigns `receiver.<property>` a value naming one of `values` (`resp.content_type = falcon.MEDIA_HTML`). */
function setsContentType(node: Node, receiver: string, { property, values }: { property: string; values: string[] }, scope: Scope): boolean {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return false;
  const assigned = new RegExp(`(?<![\\w.])${receiver}\\.${property}\\s*=\\s*([^\\n]+)`, 'g');
  return [...scope.text(fn).matchAll(assigned)].some((m) => values.some((v) => m[1].includes(v)));
}

function augmentedAssign(node: Node, env: TaintEnv, scope: Scope): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const added = right ? evaluate(right, env, scope) : CLEAN;
  if (!left || !isTainted(added)) return;
  const target = left.type === 'identifier' ? scope.text(left) : undefined;
  const step = { range: scope.range(left), label: `appended to \`${scope.text(left)}\`` };
  if (target !== undefined) {
    env.set(target, union(env.get(target), withStep(added, step)));
    scope.assigned.add(target);
  }
  else bindTarget(left, union(evaluate(left, env, scope), withStep(added, step)), env, scope, false);
}

/**
 * Binds an assignment target. Names are replaced (a strong update); attributes are tracked
 * under their dotted name; `d[k] = v` adds to `d` (a weak update: other keys keep theirs).
 */
export function bindTarget(target: Node, taint: Taint, env: TaintEnv, scope: Scope, step = true): void {
  switch (target.type) {
    case 'identifier': {
      const name = scope.text(target);
      env.set(name, step ? withStep(taint, { range: scope.range(target), label: `assigned to \`${name}\`` }) : taint);
      scope.roles.delete(name);
      scope.assigned.add(name);
      return;
    }
    case 'attribute': {
      const object = target.childForFieldName('object');
      if (object?.type === 'identifier') {
        env.set(scope.text(target), taint);
        scope.assigned.add(scope.text(target));
      }
      return;
    }
    case 'subscript': {
      let base = target.childForFieldName('value');
      while (base && (base.type === 'subscript' || base.type === 'attribute')) base = base.childForFieldName(base.type === 'subscript' ? 'value' : 'object');
      if (base?.type === 'identifier' && isTainted(taint)) {
        const name = scope.text(base);
        env.set(name, union(env.get(name), taint));
        scope.assigned.add(name);
      }
      return;
    }
    case 'as_pattern_target':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'list_splat':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
      for (const child of target.namedChildren) bindTarget(child, taint, env, scope, step);
      return;
    default:
      return;
  }
}

function isPattern(node: Node): boolean {
  return node.type === 'pattern_list' || node.type === 'tuple_pattern' || node.type === 'list_pattern';
}

function isSequence(node: Node): boolean {
  return node.type === 'expression_list' || node.type === 'tuple' || node.type === 'list';
}

function hasSplat(node: Node): boolean {
  return node.namedChildren.some((c) => c.type === 'list_splat' || c.type === 'list_splat_pattern');
}

function ifStatement(node: Node, env: TaintEnv, scope: Scope): void {
  const condition = node.childForFieldName('condition');
  if (condition) evaluate(condition, env, scope);
  const allowed = condition ? allowListGuard(condition, env, scope) : undefined;
  const pointed = condition ? (urlGuard(condition, env, scope) ?? relativePathGuard(condition, scope)) : undefined;
  // `if host not in HOSTS:` where `host = urlsplit(url).hostname`: `host` is allowed, and `url` points there.
  const guard = allowed && pointed && allowed.inside === pointed.inside && allowed.name !== pointed.name ? { ...allowed, also: pointed } : (allowed ?? pointed);
  // `if host not in HOSTS: raise` about `body["url"]`: the item holds its taint first, so proving it on one path keeps it on the other.
  for (const g of [guard, guard?.also]) if (g?.path && env.get(g.name) === undefined) env.set(g.name, evaluate(g.path, env, scope));
  const branches: TaintEnv[] = [];
  const consequence = node.childForFieldName('consequence');
  const first = env.fork();
  if (guard?.inside) proveClean(first, guard);
  if (consequence) walkBlock(consequence, first, scope);
  branches.push(first);
  let exhaustive = false;
  const alternatives = node.childrenForFieldName('alternative');
  for (const alternative of alternatives) {
    // An `elif` condition runs after the earlier conditions, before its own branch.
    const branch = env.fork();
    if (guard && !guard.inside) proveClean(branch, guard);
    const elifCondition = alternative.childForFieldName('condition');
    if (elifCondition) evaluate(elifCondition, branch, scope);
    const body = alternative.childForFieldName(alternative.type === 'elif_clause' ? 'consequence' : 'body');
    if (body) walkBlock(body, branch, scope);
    branches.push(branch);
    if (alternative.type === 'else_clause') exhaustive = true;
  }
  // `if next not in ALLOWED: next = "/"`: the path that skips the branch is the one where the test failed.
  if (guard && !guard.inside && alternatives.length === 0) {
    const skipped = env.fork();
    proveClean(skipped, guard);
    branches.push(skipped);
    exhaustive = true;
  }
  env.join(branches, exhaustive);
  // `if name not in ALLOWED: raise ...`: past the statement, `name` is one of the allowed values.
  if (guard && !guard.inside && branches.length === 2 && consequence && exits(consequence, env, scope)) proveClean(env, guard);
}

/** What a guard proves about its variable: clean for every rule, or for `rules` only (a path kept inside a folder). */
function proveClean(env: TaintEnv, guard: Guard): void {
  const before = env.get(guard.name) ?? CLEAN;
  env.set(guard.name, guard.weak ? weakenFor(before, guard.weak) : guard.rules ? clearFor(before, guard.rules) : CLEAN);
  if (guard.also) proveClean(env, guard.also);
}

/** A variable, or an item of one read in place (`body["url"]`): its env key and, for an item, the expression. */
interface ValuePath {
  name: string;
  path?: Node;
}

/** `name`, or `body["url"]` (a string key of a variable), as a key the env can hold. */
function valuePath(node: Node, scope: Scope): ValuePath | undefined {
  const value = unwrapParens(node);
  if (value.type === 'identifier') return { name: scope.text(value) };
  return pathKey(value, scope) !== undefined ? { name: pathKey(value, scope)!, path: value } : undefined;
}

/** The env key of `body["url"]`: a variable's item under a written string key; what a check proved of it is kept there. */
export function pathKey(node: Node, scope: Scope): string | undefined {
  if (node.type !== 'subscript') return undefined;
  const object = node.childForFieldName('value');
  const keys = node.childrenForFieldName('subscript');
  if (object?.type !== 'identifier' || keys.length !== 1 || keys[0].type !== 'string' || isFString(keys[0], scope.facts.src)) return undefined;
  return `${scope.text(object)}[${scope.text(keys[0])}]`;
}

interface Guard {
  name: string;
  /** For an item read in place (`body["url"]`), the expression; the `if` seeds the env with its taint first. */
  path?: Node;
  /** True when the variable is proven inside the branch, false when on the other path. */
  inside: boolean;
  rules?: readonly string[];
  /** Rules the check has a known bypass for: the value stays reported for them, as a warning. */
  weak?: readonly string[];
  /** Another variable the same test proves, with the same polarity (the URL whose host was checked). */
  also?: Guard;
}

/** `x if x in ALLOWED else "/"`: the taint of a conditional expression whose test is a guard. */
export function guardedConditional(node: Node, env: TaintEnv, scope: Scope): Taint | undefined {
  const [body, condition, alternative] = node.namedChildren;
  if (!body || !condition || !alternative) return undefined;
  const guard = allowListGuard(condition, env, scope);
  if (!guard) return undefined;
  evaluate(condition, env, scope);
  const whenTrue = env.fork();
  const whenFalse = env.fork();
  proveClean(guard.inside ? whenTrue : whenFalse, guard);
  return union(evaluate(body, whenTrue, scope), evaluate(alternative, whenFalse, scope));
}

/** What a path check proves: the path stays under a folder of ours (for path traversal only). */
const PATH_PREFIX_RULES = ['path-traversal'];

/**
 * `name in ALLOWED` / `name not in ALLOWED`, where ALLOWED is a clean collection (a name or a
 * list/tuple/set/dict literal, not a string: `"/" in url` is a substring test). Inside the
 * branch where the test held, `name` is one of the allowed values: clean for every rule.
 * Also `re.fullmatch(PATTERN, name)` with a constant pattern that admits no wildcard run, and
 * for path traversal `name.is_relative_to(BASE)` / `name.startswith(BASE)` with a base of ours;
 * `not` flips any of them.
 */
function allowListGuard(condition: Node, env: TaintEnv, scope: Scope): Guard | undefined {
  const test = unwrapParens(condition);
  if (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    const inner = operand ? allowListGuard(operand, env, scope) : undefined;
    return inner && { ...inner, inside: !inner.inside };
  }
  if (test.type === 'call') return callGuard(test, env, scope) ?? predicateGuard(test, env, scope);
  if (test.type !== 'comparison_operator' || test.namedChildCount !== 2) return undefined;
  const [left, right] = test.namedChildren;
  const operator = comparison(test, scope);
  // `re.fullmatch(PATTERN, slug) is not None`
  if ((operator === 'is not' || operator === 'is') && right.type === 'none') {
    const inner = allowListGuard(left, env, scope);
    return inner && (operator === 'is not' ? inner : { ...inner, inside: !inner.inside });
  }
  const subject = valuePath(left, scope);
  if (!subject || (operator !== 'in' && operator !== 'not in')) return undefined;
  if (!isCleanCollection(right, env, scope)) return undefined;
  return { ...subject, inside: operator === 'in' };
}

function comparison(test: Node, scope: Scope): string {
  const [left, right] = test.namedChildren;
  return scope.text(test).slice(left.endIndex - test.startIndex, right.startIndex - test.startIndex).replace(/\s+/g, ' ').trim();
}

function isCleanCollection(node: Node, env: TaintEnv, scope: Scope): boolean {
  const collection = unwrapParens(node);
  const isCollection = ['list', 'tuple', 'set', 'dictionary'].includes(collection.type) || ((collection.type === 'identifier' || collection.type === 'attribute') && scope.facts.constants.value(scope.text(collection)) === undefined);
  return isCollection && !isTainted(evaluate(collection, env, scope));
}

type RelativeFact = 'slash' | 'noDouble' | 'noBackslash';

/**
 * A relative-path check of a redirect target: `nxt.startswith("/") and not nxt.startswith("//")`
 * (or, refused, `not nxt.startswith("/") or nxt.startswith("//")`). With the backslash refused too
 * (`"/\\"`, `"\\" in nxt`) the URL stays on this site; without, `/\\evil.example` passes, so the
 * target stays reported as a warning.
 */
function relativePathGuard(condition: Node, scope: Scope): Guard | undefined {
  for (const inside of [true, false]) {
    const facts = new Map<string, Set<RelativeFact>>();
    relativeFacts(condition, inside, facts, scope);
    for (const [name, held] of facts) {
      if (!held.has('slash') || !held.has('noDouble')) continue;
      return held.has('noBackslash') ? { name, inside, rules: [URL_ORIGIN] } : { name, inside, weak: ['open-redirect'] };
    }
  }
  return undefined;
}

/** What holds of string variables when `condition` is `truthy`, as far as a relative-path check goes; through `not`, `and` (true), `or` (false). */
function relativeFacts(condition: Node, truthy: boolean, out: Map<string, Set<RelativeFact>>, scope: Scope): void {
  const test = unwrapParens(condition);
  if (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    if (operand) relativeFacts(operand, !truthy, out, scope);
    return;
  }
  if (test.type === 'boolean_operator') {
    const op = scope.text(test.childForFieldName('operator') ?? test);
    if ((op === 'and' && truthy) || (op === 'or' && !truthy)) {
      for (const side of [test.childForFieldName('left'), test.childForFieldName('right')]) if (side) relativeFacts(side, truthy, out, scope);
    }
    return;
  }
  const add = (name: string, fact: RelativeFact) => out.set(name, new Set([...(out.get(name) ?? []), fact]));
  // `"\\" in nxt` refused
  if (test.type === 'comparison_operator' && test.namedChildCount === 2) {
    const [left, right] = test.namedChildren;
    const operator = comparison(test, scope);
    const refused = (operator === 'in' && !truthy) || (operator === 'not in' && truthy);
    if (refused && right.type === 'identifier' && left.type === 'string' && argValue(left, scope.facts.src).literal === '\\') add(scope.text(right), 'noBackslash');
    return;
  }
  if (test.type !== 'call') return;
  const callee = test.childForFieldName('function');
  const args = (test.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  if (!object || object.type !== 'identifier' || scope.text(callee!.childForFieldName('attribute') ?? callee!) !== 'startswith' || args.length !== 1) return;
  const name = scope.text(object);
  const prefixes = args[0].type === 'tuple' ? args[0].namedChildren : [args[0]];
  for (const prefix of prefixes) {
    const text = prefix.type === 'string' ? argValue(prefix, scope.facts.src).literal : undefined;
    if (text === '/' && truthy) add(name, 'slash');
    else if (text === '//' && !truthy) add(name, 'noDouble');
    else if (text === '/\\' && !truthy) add(name, 'noBackslash');
  }
}

/** `urlsplit` / `urlparse` by their canonical names. */
const URL_PARSERS = new Set(['urllib.parse.urlsplit', 'urllib.parse.urlparse', 'httpx.URL', 'yarl.URL']);
/** What names where a parsed URL points. */
const URL_HOST_PARTS = new Set(['netloc', 'hostname', 'host']);

/**
 * Checks of where a URL points, which settle it for URL sinks (redirects, outbound requests)
 * and nothing else: `urlsplit(url).netloc == urlsplit(SITE).netloc` (or `!=`, or `.hostname in
 * ALLOWED_HOSTS`) against a value the caller did not choose, and the spec's host checks
 * (`validators` with `calls`: Django's `url_has_allowed_host_and_scheme(url, allowed_hosts=…)`), through `not`.
 */
function urlGuard(condition: Node, env: TaintEnv, scope: Scope, negated = false): Guard | undefined {
  const test = unwrapParens(condition);
  const rules = [URL_ORIGIN];
  if (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    return operand ? urlGuard(operand, env, scope, !negated) : undefined;
  }
  if (test.type === 'boolean_operator') {
    // `a or b` is false only when both are (a check that failed either way proves nothing inside); `and` the other way round.
    const or = scope.text(test.childForFieldName('operator') ?? test) === 'or';
    const sides = [test.childForFieldName('left'), test.childForFieldName('right')].map((side) => (side ? urlGuard(side, env, scope, negated) : undefined));
    return sides.find((g) => g && g.inside === (or === negated));
  }
  if (test.type === 'call') {
    const fn = test.childForFieldName('function');
    const first = test.childForFieldName('arguments')?.namedChildren[0];
    // The spec's checks that a URL stays on allowed hosts and schemes (Django's `url_has_allowed_host_and_scheme` also refuses `/\\evil.example`).
    const checked = fn && first?.type === 'identifier' ? scope.facts.spec.checkedBy(canonicalCall(fn, env, scope)) : undefined;
    if (!checked || !first) return undefined;
    return { name: scope.text(first), inside: !negated, rules: [...checked] };
  }
  if (test.type !== 'comparison_operator' || test.namedChildCount !== 2) return undefined;
  const [left, right] = test.namedChildren;
  const operator = comparison(test, scope);
  const parsed = parsedHostOf(left, env, scope);
  if (!parsed) return undefined;
  if ((operator === '==' || operator === '!=') && !isTainted(evaluate(right, env, scope))) return { ...parsed, inside: (operator === '==') !== negated, rules };
  if ((operator === 'in' || operator === 'not in') && isCleanCollection(right, env, scope)) return { ...parsed, inside: (operator === 'in') !== negated, rules };
  return undefined;
}

/**
 * `url` in `urlsplit(url).netloc` / `urlparse(url).hostname` / `httpx.URL(url).host`, also through
 * names assigned before the check (`host = urlsplit(url).hostname`, `parts = urlsplit(url)` then `parts.hostname`).
 */
function parsedHostOf(node: Node, env: TaintEnv, scope: Scope): ValuePath | undefined {
  let attribute = unwrapParens(node);
  if (attribute.type === 'identifier') {
    // Only a file that parses URLs holds a host in a name; the look for the assignment reads the function.
    if (!parsesUrls(scope)) return undefined;
    const value = assignedBefore(attribute, scope);
    if (!value) return undefined;
    attribute = value;
  }
  if (attribute.type !== 'attribute' || !URL_HOST_PARTS.has(scope.text(attribute.childForFieldName('attribute') ?? attribute))) return undefined;
  let call = attribute.childForFieldName('object');
  if (call?.type === 'identifier' && parsesUrls(scope)) call = assignedBefore(call, scope) ?? call;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const url = call?.childForFieldName('arguments')?.namedChildren[0];
  const path = url && valuePath(url, scope);
  if (!fn || !path || call!.childForFieldName('arguments')!.namedChildCount !== 1) return undefined;
  return URL_PARSERS.has(canonicalCall(fn, env, scope) ?? '') ? path : undefined;
}

const urlSources = new WeakMap<object, boolean>();
function parsesUrls(scope: Scope): boolean {
  const src = scope.facts.src;
  let found = urlSources.get(src);
  if (found === undefined) urlSources.set(src, (found = /\b(?:urlsplit|urlparse|URL)\(/.test(src.text)));
  return found;
}

/** The value last assigned to a plain name before `name` in its function (`host = urlsplit(url).hostname`). */
function assignedBefore(name: Node, scope: Scope): Node | undefined {
  let fn: Node | null = name.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'module') fn = fn.parent;
  const text = scope.text(name);
  let found: Node | undefined;
  for (const assignment of fn?.descendantsOfType('assignment') ?? []) {
    if (assignment.startIndex >= name.startIndex) break;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right && scope.text(left) === text) found = unwrapParens(right);
  }
  return found;
}

/** A called function's canonical name through the file's imports, unless a local variable shadows it. */
function canonicalCall(fn: Node, env: TaintEnv, scope: Scope): string | undefined {
  const written = scope.text(fn);
  if (fn.type === 'identifier' && env.get(written) !== undefined) return undefined;
  return scope.facts.imports.canonical(written);
}

/** Predicates being looked into (one that calls itself proves nothing). */
const predicatesInUse = new Set<number>();

/**
 * `is_valid_slug(slug)` where the module's `def is_valid_slug(value): return re.fullmatch(..., value) is not None`
 * (or `return value in REPORTS`): what the check proves of the parameter, it proves of the argument.
 */
function predicateGuard(call: Node, env: TaintEnv, scope: Scope): Guard | undefined {
  const fn = call.childForFieldName('function');
  const arg = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment')[0];
  if (fn?.type !== 'identifier' || arg?.type !== 'identifier' || env.get(scope.text(fn)) !== undefined) return undefined;
  const definition = topLevelFunction(call, scope.text(fn), scope);
  const param = definition?.childForFieldName('parameters')?.namedChildren.find((p) => p.type === 'identifier' || p.type === 'typed_parameter');
  const paramName = param && (param.type === 'identifier' ? param : param.namedChildren.find((c) => c.type === 'identifier'));
  const statements = (definition?.childForFieldName('body')?.namedChildren ?? []).filter((c) => c.type !== 'comment' && !(c.type === 'expression_statement' && c.namedChildren[0]?.type === 'string'));
  const returned = statements.length === 1 && statements[0].type === 'return_statement' ? statements[0].namedChildren[0] : undefined;
  if (!definition || !paramName || !returned || predicatesInUse.has(definition.startIndex)) return undefined;
  predicatesInUse.add(definition.startIndex);
  try {
    const inner = allowListGuard(returned, env, scope);
    return inner && inner.name === scope.text(paramName) ? { ...inner, name: scope.text(arg) } : undefined;
  } finally {
    predicatesInUse.delete(definition.startIndex);
  }
}

/** The module's top-level `def name(...)` (decorated or not). */
function topLevelFunction(from: Node, name: string, scope: Scope): Node | undefined {
  let module: Node | null = from;
  while (module && module.type !== 'module') module = module.parent;
  for (const child of module?.namedChildren ?? []) {
    const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (definition?.type === 'function_definition' && scope.text(definition.childForFieldName('name') ?? definition) === name) return definition;
  }
  return undefined;
}

/** The pattern of `SLUG = re.compile(r"[a-z0-9-]+")` at the module's top level, for `SLUG.fullmatch(slug)`. */
function compiledPattern(name: Node, scope: Scope): Node | undefined {
  let module: Node | null = name;
  while (module && module.type !== 'module') module = module.parent;
  const text = scope.text(name);
  for (const statement of module?.namedChildren ?? []) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment' || scope.text(assignment.childForFieldName('left') ?? assignment) !== text) continue;
    const value = assignment.childForFieldName('right');
    const fn = value?.type === 'call' ? value.childForFieldName('function') : undefined;
    if (!fn || !['re.compile', 'regex.compile'].includes(scope.facts.imports.canonical(scope.text(fn)) ?? '')) return undefined;
    return value!.childForFieldName('arguments')?.namedChildren[0];
  }
  return undefined;
}

/** `re.fullmatch(r"[a-z0-9-]+", slug)`, `SLUG.fullmatch(slug)`, `target.is_relative_to(BASE)`, `real.startswith(BASE_DIR)`. */
function callGuard(call: Node, env: TaintEnv, scope: Scope): Guard | undefined {
  const callee = call.childForFieldName('function');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  if (!callee || callee.type !== 'attribute') return undefined;
  const method = scope.text(callee.childForFieldName('attribute') ?? callee);
  const object = callee.childForFieldName('object');
  const compiled = method === 'fullmatch' && object?.type === 'identifier' && args.length === 1 ? compiledPattern(object, scope) : undefined;
  if (compiled) args.unshift(compiled);
  if (method === 'fullmatch' && object && (compiled || ['re', 'regex'].includes(scope.facts.imports.canonical(scope.text(object)) ?? '')) && args.length >= 2) {
    const [pattern, subject] = args;
    if (subject.type !== 'identifier' || pattern.type !== 'string' || isFString(pattern, scope.facts.src)) return undefined;
    // `.*` / `.+` let anything through: only a pattern of character classes and literals is an allow-pattern.
    if (/(?<!\\)\.[*+{]/.test(scope.text(pattern))) return undefined;
    return { name: scope.text(subject), inside: true };
  }
  if ((method === 'is_relative_to' || method === 'startswith') && object?.type === 'identifier' && args.length === 1) {
    const base = args[0];
    if (base.type === 'string' ? scope.text(base).length <= 4 : isTainted(evaluate(base, env, scope))) return undefined;
    return { name: scope.text(object), inside: true, rules: PATH_PREFIX_RULES };
  }
  return undefined;
}

/** Whether a block always leaves: its last statement returns, raises, breaks or continues, or calls what never returns (`abort(404)`). */
function exits(block: Node, env: TaintEnv, scope: Scope): boolean {
  const last = block.lastNamedChild;
  if (!last) return false;
  if (['return_statement', 'raise_statement', 'break_statement', 'continue_statement'].includes(last.type)) return true;
  const call = last.type === 'expression_statement' ? unwrapParens(last.namedChildren[0] ?? last) : undefined;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  if (!fn) return false;
  const { spec } = scope.facts;
  return spec.isExit(canonicalCall(fn, env, scope)) || spec.isExit(scope.text(fn));
}

/** `for` and `while`: the body twice on forks (it may not run at all), then `else`. */
function loop(node: Node, env: TaintEnv, scope: Scope): void {
  const isFor = node.type === 'for_statement';
  const iterable = isFor ? node.childForFieldName('right') : null;
  const iterTaint = iterable ? evaluate(iterable, env, scope) : CLEAN;
  const left = isFor ? node.childForFieldName('left') : null;
  const condition = isFor ? null : node.childForFieldName('condition');
  const body = node.childForFieldName('body');
  for (let pass = 0; pass < 2; pass++) {
    const branch = env.fork();
    if (left) bindTarget(left, iterTaint, branch, scope);
    if (condition) evaluate(condition, branch, scope);
    if (body) walkBlock(body, branch, scope);
    env.join([branch]);
  }
  const otherwise = node.childForFieldName('alternative')?.childForFieldName('body');
  if (otherwise) walkBlock(otherwise, env, scope);
}

/**
 * `try`: the body on a fork; each handler starts from what held before or after the body
 * (an exception may come anywhere in it); `else` follows the body; one of them always
 * completes; `finally` runs after all.
 */
function tryStatement(node: Node, env: TaintEnv, scope: Scope): void {
  const body = node.childForFieldName('body');
  const tried = env.fork();
  if (body) walkBlock(body, tried, scope);
  const completions = [tried];
  let finallyBlock: Node | undefined;
  const before = env.fork();
  before.join([tried]);
  for (const clause of node.namedChildren) {
    if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
      const handler = before.fork();
      const block = lastChildOfType(clause, 'block');
      if (block) walkBlock(block, handler, scope);
      completions.push(handler);
    } else if (clause.type === 'else_clause') {
      const block = clause.childForFieldName('body');
      if (block) walkBlock(block, tried, scope);
    } else if (clause.type === 'finally_clause') {
      finallyBlock = lastChildOfType(clause, 'block');
    }
  }
  env.join(completions, true);
  if (finallyBlock) walkBlock(finallyBlock, env, scope);
}

/** `with conn.cursor() as cur:` binds `cur` to the value's taint; the body runs once, in line. */
function withStatement(node: Node, env: TaintEnv, scope: Scope): void {
  const clause = node.namedChildren.find((c) => c.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    const value = item.childForFieldName('value');
    if (!value) continue;
    if (value.type === 'as_pattern') {
      const expression = value.firstNamedChild;
      const alias = value.childForFieldName('alias');
      const taint = expression ? evaluate(expression, env, scope) : CLEAN;
      if (alias) bindTarget(alias, taint, env, scope);
    } else {
      evaluate(value, env, scope);
    }
  }
  const body = node.childForFieldName('body');
  if (body) walkBlock(body, env, scope);
}

/** `match`: each case on a fork, its capture names bound to the subject; `case _:` makes it exhaustive. */
function matchStatement(node: Node, env: TaintEnv, scope: Scope): void {
  const subject = node.childForFieldName('subject');
  const subjectTaint = subject ? evaluate(subject, env, scope) : CLEAN;
  const branches: TaintEnv[] = [];
  let exhaustive = false;
  for (const clause of node.childForFieldName('body')?.namedChildren ?? []) {
    if (clause.type !== 'case_clause') continue;
    const branch = env.fork();
    const pattern = clause.namedChildren.find((c) => c.type === 'case_pattern');
    if (pattern) {
      for (const name of captureNames(pattern)) bindTarget(name, subjectTaint, branch, scope);
      const text = scope.text(pattern).trim();
      if ((text === '_' || /^[A-Za-z_]\w*$/.test(text)) && !clause.childForFieldName('guard')) exhaustive = true;
    }
    const guard = clause.childForFieldName('guard');
    if (guard) evaluate(guard, branch, scope);
    const consequence = clause.childForFieldName('consequence');
    if (consequence) walkBlock(consequence, branch, scope);
    branches.push(branch);
  }
  env.join(branches, exhaustive);
}

/** Names a case pattern binds: bare names, `as` names and `*rest`; not class or constant names. */
function captureNames(pattern: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'dotted_name') {
        if (child.namedChildCount === 1 && node.type === 'case_pattern') out.push(child.firstNamedChild!);
      } else if (child.type === 'identifier') {
        if (node.type === 'as_pattern' || node.type === 'splat_pattern') out.push(child);
      } else {
        visit(child);
      }
    }
  };
  visit(pattern);
  return out;
}
