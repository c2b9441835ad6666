import { allHold, compileConditions } from '../rules/compiled-patterns';
import { calleeFacts, type CalleeFacts } from '../rules/spec-cache';
import { replacementSanitizes } from '../taint/replacements';
import { CLEAN, TaintEnv, clearFor, forRule, isTainted, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import { builtInto } from '../taint/unknown-origin';
import { libraryMatch } from '../taint/libraries';
import { URL_ORIGIN } from '../taint/url-origin';
import { argLookup, argValue, argumentNode, pythonRegex } from './arguments';
import type { Scope } from './context';
import { matchCallPatterns, matchComparisonPatterns, matchLiteralPatterns } from './patterns';
import { concatenationTaint, fStringTaint, hasFixedOrigin, isPlus, isUrljoin, urljoinTaint } from './url-origin';
import { bindTarget, guardedConditional, pathKey } from './statements';
import { ROLE_MARK, applySummary, checkCallSinks } from './summaries';
import { assignedValue, callableSinks, checkParamCalls } from './dynamic-dispatch';
import { bindReceiver, receiverClass } from './methods';
import { fieldRead } from './fields';
import { callArguments, dottedName, isFString, type Node } from './syntax';

/** Methods that put their arguments into the receiver (`conditions.append(f"...")`). */
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'appendleft', 'extendleft']);
/** String methods whose result contains their arguments (`" AND ".join(parts)`, `q.replace("?", v)`). */
const BUILDERS = new Set(['join', 'format', 'format_map', 'replace']);

/**
 * The taint of an expression's value in `env`. Calls are checked against the sinks on the way
 * (a sink can sit anywhere in an expression), so every expression is evaluated exactly once
 * per pass of the walk.
 */
export function evaluate(node: Node, env: TaintEnv, scope: Scope): Taint {
  const taint = evaluateNode(node, env, scope);
  // The fix keeps clean interpolations in place where SQL wants a name (`ORDER BY {column}`).
  if (taint.length > 0 && scope.hits) scope.tainted.add(`${node.startIndex}:${node.endIndex}`);
  return taint;
}

function evaluateNode(node: Node, env: TaintEnv, scope: Scope): Taint {
  switch (node.type) {
    case 'identifier':
      return env.get(scope.text(node)) ?? CLEAN;
    case 'string':
      if (isFString(node, scope.facts.src)) return interpolations(node, env, scope);
      if (scope.hits) matchLiteralPatterns(node, scope);
      return CLEAN;
    case 'call':
      return evaluateCall(node, env, scope);
    case 'attribute':
      return evaluateAttribute(node, env, scope);
    case 'subscript': {
      for (const index of node.childrenForFieldName('subscript')) evaluate(index, env, scope);
      // `body["url"]` after a check of it (statements.ts seeds and proves the item in place).
      const key = pathKey(node, scope);
      const kept = key !== undefined ? env.get(key) : undefined;
      if (kept !== undefined) return kept;
      const value = node.childForFieldName('value');
      return value ? evaluate(value, env, scope) : CLEAN;
    }
    case 'conditional_expression': {
      const guarded = guardedConditional(node, env, scope);
      if (guarded) return guarded;
      const [body, condition, alternative] = node.namedChildren;
      if (condition) evaluate(condition, env, scope);
      return union(body && evaluate(body, env, scope), alternative && evaluate(alternative, env, scope));
    }
    case 'named_expression': {
      const value = node.childForFieldName('value');
      const name = node.childForFieldName('name');
      const taint = value ? evaluate(value, env, scope) : CLEAN;
      if (name) bindTarget(name, taint, env, scope);
      return taint;
    }
    case 'keyword_argument': {
      // `f(name=value)`: the name is no variable.
      const value = node.childForFieldName('value');
      return value ? evaluate(value, env, scope) : CLEAN;
    }
    case 'binary_operator':
      // `API_BASE + "/quotes/" + quote_id`: as an f-string; other operators: the union of the parts.
      if (isPlus(node)) return builtInto(concatenationTaint(node, scope, (operand) => evaluate(operand, env, scope)));
      // `"... %s" % value` formats text; other operators compute numbers.
      return node.childForFieldName('operator')?.type === '%' ? builtInto(evaluateChildren(node, env, scope)) : evaluateChildren(node, env, scope);
    case 'comparison_operator':
      if (scope.hits) matchComparisonPatterns(node, scope);
      evaluateChildren(node, env, scope);
      return CLEAN;
    case 'not_operator':
    case 'unary_operator':
      // Booleans and numbers: no text of the caller's survives.
      evaluateChildren(node, env, scope);
      return CLEAN;
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
    case 'dictionary_comprehension':
      return comprehension(node, env, scope);
    case 'lambda':
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
    case 'ellipsis':
    case 'comment':
      return CLEAN;
    default:
      // Operators, containers, await, parentheses, splats, keyword arguments: the union of the parts.
      return evaluateChildren(node, env, scope);
  }
}

function evaluateChildren(node: Node, env: TaintEnv, scope: Scope): Taint {
  let taint = CLEAN;
  for (const child of node.namedChildren) taint = union(taint, evaluate(child, env, scope));
  return taint;
}

/** An f-string: the union of its `{...}` expressions (those after a written origin clear it for URL sinks). */
function interpolations(node: Node, env: TaintEnv, scope: Scope): Taint {
  return builtInto(fStringTaint(node, scope, (expression) => evaluate(expression, env, scope)));
}

function evaluateAttribute(node: Node, env: TaintEnv, scope: Scope): Taint {
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (!object || !attribute) return CLEAN;
  const member = scope.text(attribute);
  const { spec, imports } = scope.facts;
  if (object.type === 'identifier') {
    const name = scope.text(object);
    const role = scope.roles.get(name);
    // A summary's walk reading which members of a parameter its function returns.
    if (role?.startsWith(ROLE_MARK)) return sourceTaint({ range: scope.range(node), label: `${role} ${member}` });
    const source = role !== undefined ? spec.memberSource(role, member) : undefined;
    if (source) return memberSource(source, node, scope);
    // `obj.attr = ...` earlier in the function is tracked under the dotted name.
    const own = env.get(`${name}.${member}`);
    if (own !== undefined) return own;
    // `self.category` that another method of the class set from the request.
    const kept = fieldRead(object, name, member, node, scope);
    if (kept !== undefined) return union(kept, evaluate(object, env, scope));
    if (role !== undefined) return CLEAN;
    if (env.get(name) === undefined) {
      const canonical = imports.canonical(name);
      if (imports.isRoot(canonical)) return memberSource(spec.memberSource(`import:${canonical}`, member), node, scope);
    }
  } else if (object.type === 'attribute') {
    const dotted = dottedName(object, scope.facts.src);
    const head = dotted?.slice(0, dotted.indexOf('.'));
    // `self.request.body` in a Tornado handler: a member path of the role's object.
    const role = head && scope.roles.get(head);
    if (role !== undefined && role !== '') {
      const source = spec.memberSource(role, `${dotted!.slice(head!.length + 1)}.${member}`);
      if (source) return memberSource(source, node, scope);
    }
    // `flask.request.args` after `import flask`.
    if (head && env.get(head) === undefined) {
      const canonical = imports.canonical(dotted);
      if (imports.isRoot(canonical)) return memberSource(spec.memberSource(`import:${canonical}`, member), node, scope);
    }
  }
  return evaluate(object, env, scope);
}

function memberSource(source: ReturnType<Scope['facts']['spec']['memberSource']>, node: Node, scope: Scope): Taint {
  return source ? withoutRules(sourceTaint({ range: scope.range(node), label: source.label }, source.confidence), source.spec.notFor) : CLEAN;
}

/** A source's `notFor`: rules its data does not feed (an environment variable is the operator's choice of host, no SSRF). */
function withoutRules(taint: Taint, notFor: readonly string[] | undefined): Taint {
  return notFor?.length ? clearFor(taint, notFor) : taint;
}

/** What `spec.sanitizedRules` answers for the callee: `all`, some rules, or undefined for no sanitizer. */
function sanitized(facts: CalleeFacts | undefined): 'all' | string[] | undefined {
  return facts?.sanitizer ? 'all' : facts?.clears;
}

function evaluateCall(node: Node, env: TaintEnv, scope: Scope): Taint {
  const fn = node.childForFieldName('function');
  if (!fn) return CLEAN;
  const { spec, imports, src } = scope.facts;
  const args = callArguments(node, src);
  const argTaints = args.all.map((arg) => evaluate(arg, env, scope));
  const written = dottedName(fn, src);
  const canonical = fn.type === 'identifier' && env.get(written!) !== undefined ? undefined : imports.canonical(written);
  const method = fn.type === 'attribute' ? written?.slice(written.lastIndexOf('.') + 1) : undefined;
  if (scope.hits) matchCallPatterns(node, fn, args, written, canonical, method, scope);

  // A name bound by an import is that module's (`from tagflow import text` is no SQLAlchemy `text`): only its canonical name matches a call sink.
  const imported = !!canonical && canonical !== written && !written?.includes('.');
  const sinks = [...calleeFacts(spec, imported ? undefined : written, method).sinks];
  if (canonical && canonical !== written) sinks.push(...calleeFacts(spec, canonical, undefined).sinks.filter((s) => !sinks.includes(s)));
  if (sinks.length > 0) {
    const lookup = withModuleConstants(argLookup(args, src), args, scope);
    // A sink that names its library matches only calls on that library's objects (`db.reviews.find_one`, not `self.repo.delete_one`).
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : fn;
    let origin: ReturnType<typeof scope.facts.receivers.originOf> | null = null;
    let isSink = false;
    for (const sink of sinks) {
      if (sink.library && origin === null) origin = receiver ? scope.facts.receivers.originOf(receiver) : undefined;
      const matched = libraryMatch(sink, origin ?? undefined, (library) => scope.facts.receivers.fileImports(library));
      if (!matched) continue;
      // The argument by position, or by the sink's keyword (`requests.get(url=...)`).
      const given = args.positional[sink.arg] ?? (sink.keyword !== undefined ? args.keywordNodes.get(sink.keyword) : undefined);
      const arg = given?.type === 'keyword_argument' ? given.childForFieldName('value') : given;
      if (given && !sink.passesThrough) isSink = true;
      if (!given || !arg) continue;
      let taint = forRule(argTaints[args.all.indexOf(given)], sink.rule);
      // Values after a written origin (`urljoin(BASE, f"/quotes/{id}")`) cannot choose the host.
      if (sink.position === 'url-origin') taint = forRule(taint, URL_ORIGIN);
      // Clean values reach no finding: their conditions (a pattern's analysis) need not be read.
      if (!isTainted(taint)) continue;
      if (sink.when && !allHold(compileConditions(sink.when), lookup)) continue;
      if (sink.position === 'url-origin' && hasFixedOrigin(arg, scope)) continue;
      const callee = written ?? scope.text(fn);
      if (scope.hits) scope.hits.set(`${sink.id}@${arg.startIndex}`, { sink, call: node, arg, callee, taint, tainted: scope.tainted, ...(matched === 'low' ? { confidence: 'low' as const } : {}) });
      scope.probe?.(taint, sink.rule, `\`${callee}\``, scope.range(node).start.line + 1, undefined, sink.message);
    }
    // The problem, if any, is reported here; what the sink returns (a cursor, a TextClause) is no query text.
    // A call that passes no sink its argument (`RegionTotals(r).fetch()` is no asyncpg `conn.fetch(sql)`) is an ordinary call.
    if (isSink) {
      // The receiver still runs its own checks (`ET.fromstring(body).findtext(path)`: the parse is XXE).
      if (fn.type === 'attribute') {
        const object = fn.childForFieldName('object');
        if (object?.type === 'call') evaluate(object, env, scope);
      }
      return CLEAN;
    }
  }
  if (method && fn.type === 'attribute' && COMPILED_MATCHERS.has(method)) compiledPatternSink(node, fn, method, args, argTaints, scope);
  // The spec's answers for the name as written, then for what it is bound to.
  const own = written !== undefined ? calleeFacts(spec, written, undefined) : undefined;
  const bound = canonical !== undefined ? calleeFacts(spec, canonical, undefined) : undefined;
  const cleared = sanitized(own) ?? sanitized(bound);
  if (cleared === 'all') return CLEAN;
  // `os.path.basename(name)` is a safe file name, still no safe SQL; for a method (`name.replace("\n", "")`)
  // the value cleaned is the receiver, which stays user data for every other rule.
  if (cleared) return clearFor(union(fn.type === 'attribute' && canonical === undefined ? evaluate(fn, env, scope) : CLEAN, ...argTaints), cleared);
  const source = own?.source ?? bound?.source;
  if (source) return withoutRules(sourceTaint({ range: scope.range(node), label: source.label }, source.confidence ?? 'high'), source.notFor);
  if (isUrljoin(canonical ?? written)) return urljoinTaint(args, argTaints, scope);
  // `re.sub(r"[^a-z0-9-]", "", slug)`: only letters, digits and dashes are left.
  if ((canonical === 're.sub' || canonical === 'regex.sub') && args.positional.length >= 3 && !args.hasSplat) {
    const [pattern, replacement] = args.positional.map((a) => argValue(a, src).literal);
    const cleared = typeof pattern === 'string' && typeof replacement === 'string' && !args.keywordNodes.has('count') ? replacementSanitizes(pattern, replacement) : undefined;
    if (cleared) return clearFor(union(...argTaints), cleared);
  }
  if (own?.propagator || bound?.propagator) return union(...argTaints);

  // `getattr(module, name)(q)`, `HANDLERS[kind](q)`, `handler(q)` after `handler = HANDLERS.get(kind)`: each candidate is called.
  if (fn.type === 'call' || fn.type === 'subscript' || (fn.type === 'identifier' && env.get(written!) !== undefined)) {
    const sinks = callableSinks(fn, scope);
    if (sinks && sinks.length > 0) checkCallSinks(node, { name: written ?? scope.text(fn), params: [], sources: CLEAN, sinks, signature: '', deps: [] }, args, argTaints, scope, true);
  }
  if (fn.type === 'identifier') {
    if (env.get(written!) !== undefined) {
      // A summary's walk: a parameter holding a function, called (`opener(url)`), tells its callers which function is called with what.
      if (scope.localCalls) {
        const line = scope.range(node).start.line + 1;
        args.positional.forEach((arg, position) => scope.localCalls!.push({ callee: written!, position, taint: argTaints[args.all.indexOf(arg)], line }));
      }
      return CLEAN; // a local callable: unknown
    }
    // Recorded even when no such function exists yet: defining it later changes this result.
    scope.calledFunctions.add(written!);
    const summary = scope.facts.summaryOf(written!);
    if (summary) checkCallSinks(node, summary, args, argTaints, scope);
    if (summary?.paramCalls) checkParamCalls(node, summary, args, argTaints, scope);
    return summary ? applySummary(summary, args, argTaints, node, scope, env) : CLEAN;
  }
  if (fn.type !== 'attribute') return CLEAN;
  // `search.build_filter(q)` after `import app.search as search`: another project module's function.
  if (scope.facts.importsProjectModules && written && env.get(written.slice(0, written.indexOf('.'))) === undefined && imports.target(written) !== undefined) {
    scope.calledFunctions.add(written);
    const summary = scope.facts.summaryOf(written);
    const object = fn.childForFieldName('object');
    if (summary && object) {
      // `OrderDao.search(q)` of an imported class: a classmethod's `cls` comes first.
      const [boundArgs, boundTaints] = bindReceiver(summary.receiver, false, object, args, argTaints);
      checkCallSinks(node, summary, boundArgs, boundTaints, scope);
      if (summary.paramCalls) checkParamCalls(node, summary, boundArgs, boundTaints, scope);
      return applySummary(summary, boundArgs, boundTaints, node, scope, env);
    }
  }
  const object = fn.childForFieldName('object');
  // `dao.find(q)`, `self.repo.save(q)`, `OrderDao.find(q)`: a class's method, by its summary.
  if (method && object && (scope.facts.classes.size > 0 || scope.facts.importsProjectModules)) {
    const cls = receiverClass(object, scope);
    const key = cls && `${cls.name}.${method}`;
    const summary = key && scope.facts.summaryOf(key);
    if (key) scope.calledFunctions.add(key);
    if (cls && summary) {
      const [boundArgs, boundTaints] = bindReceiver(summary.receiver, cls.bound, object, args, argTaints);
      // `OrderDao(request.args["q"]).run()`: the instance holds what its constructor was given.
      if (cls.bound && summary.receiver === 'self' && object.type === 'call') boundTaints[0] = constructedWith(object, cls.name, env, scope);
      checkCallSinks(node, summary, boundArgs, boundTaints, scope);
      return applySummary(summary, boundArgs, boundTaints, node, scope, env);
    }
  }
  const receiver = evaluate(fn, env, scope);
  if (method && MUTATORS.has(method) && object?.type === 'identifier') {
    const name = scope.text(object);
    const added = union(...argTaints);
    if (isTainted(added)) {
      env.set(name, union(env.get(name), withStep(added, { range: scope.range(node), label: `added to \`${name}\`` })));
      scope.assigned.add(name);
    }
  }
  return method && BUILDERS.has(method) ? union(receiver, ...argTaints.map(builtInto)) : receiver;
}

/** The request data a constructor call passes in (`OrderDao(request.args["q"])`), as what the new instance keeps. */
function constructedWith(call: Node, cls: string, env: TaintEnv, scope: Scope): Taint {
  const args = call.childForFieldName('arguments');
  const given = args ? evaluate(args, env, scope) : CLEAN;
  return isTainted(given) ? withStep(given, { range: scope.range(call), label: `kept by the \`${cls}\` instance` }) : CLEAN;
}

/** `[f(x) for x in xs if p(x)]`: the targets take the iterables' taint, then the body is evaluated. */
function comprehension(node: Node, env: TaintEnv, scope: Scope): Taint {
  const inner = env.fork();
  let body: Node | undefined;
  for (const child of node.namedChildren) {
    if (child.type === 'for_in_clause') {
      const left = child.childForFieldName('left');
      const right = child.childForFieldName('right');
      const taint = right ? evaluate(right, inner, scope) : CLEAN;
      if (left) bindTarget(left, taint, inner, scope, false);
    } else if (child.type === 'if_clause') {
      evaluateChildren(child, inner, scope);
    } else if (!body) {
      body = child;
    }
  }
  return body ? evaluate(body, inner, scope) : CLEAN;
}

/** Sink conditions read a module's string constant through its name (`re.match(PATTERN, text)`, `content_type=JSON_TYPE`), as written there. */
function withModuleConstants(lookup: ReturnType<typeof argLookup>, args: ReturnType<typeof callArguments>, scope: Scope): ReturnType<typeof argLookup> {
  return (arg, keyword) => {
    const value = lookup(arg, keyword);
    if (value?.kind !== 'name') return value;
    const node = argumentNode(args, arg, keyword);
    if (node?.type !== 'identifier') return value;
    const constant = scope.facts.constants.value(scope.text(node));
    return constant === undefined ? value : { ...value, kind: 'string', literal: constant, text: JSON.stringify(constant), names: () => [], regex: () => pythonRegex(constant, args, node, scope.facts.src) };
  };
}

/** Methods of a compiled pattern (`re.compile(...)`) that run it on a text, and the text's position. */
const COMPILED_MATCHERS = new Map([['match', 0], ['search', 0], ['fullmatch', 0], ['findall', 0], ['finditer', 0], ['split', 0], ['sub', 1], ['subn', 1]]);

/**
 * `pattern.match(text)` after `pattern = re.compile(PATTERN)` in the function or the module, or
 * `re.compile(PATTERN).match(text)`: the module-level
 * sink of `re.match(PATTERN, text)` (the spec's `re.match` sink whose conditions read the pattern)
 * applies to the compiled one too.
 */
function compiledPatternSink(node: Node, fn: Node, method: string, args: ReturnType<typeof callArguments>, argTaints: readonly Taint[], scope: Scope): void {
  if (!scope.hits && !scope.probe) return;
  const object = fn.childForFieldName('object');
  // `words.match(text)` after `words = re.compile(...)`, or `re.compile(...).match(text)` in one go.
  const compiled = object?.type === 'identifier' ? assignedValue(object, scope) : object?.type === 'call' ? object : undefined;
  if (compiled?.type !== 'call') return;
  const compile = compiled.childForFieldName('function');
  const canonical = compile && scope.facts.imports.canonical(dottedName(compile, scope.facts.src));
  if (canonical !== 're.compile' && canonical !== 'regex.compile') return;
  const patternArgs = callArguments(compiled, scope.facts.src);
  const lookup = withModuleConstants(argLookup(patternArgs, scope.facts.src), patternArgs, scope);
  const module = canonical.slice(0, canonical.indexOf('.'));
  const given = args.positional[COMPILED_MATCHERS.get(method)!];
  if (!given) return;
  for (const sink of scope.facts.spec.sinksFor(`${module}.${method}`, undefined)) {
    if (!sink.when || sink.arg === 0) continue;
    const taint = forRule(argTaints[args.all.indexOf(given)], sink.rule);
    if (!isTainted(taint) || !allHold(compileConditions(sink.when), lookup)) continue;
    const callee = scope.text(fn);
    if (scope.hits) scope.hits.set(`${sink.id}@${given.startIndex}`, { sink, call: node, arg: given, callee, taint, tainted: scope.tainted });
    scope.probe?.(taint, sink.rule, `\`${callee}\``, scope.range(node).start.line + 1, undefined, sink.message);
  }
}
