import { isClassName, type ArgLookup, type CompiledPattern, type ComparedOperand, type PassedTo } from '../rules/compiled-patterns';
import { argLookup, argValue, splatGiving } from './arguments';
import type { Scope } from './context';
import { dottedName, sameNode, unwrapParens, type CallArguments, type Node, type Source } from './syntax';

// The Python side of the pattern rules (rules/patterns/python.json): the taint walk visits every
// call and assignment once, and asks here whether a pattern matches it. No data flow involved.

/** Records the pattern rules a call matches (`yaml.load(data)`, `requests.get(url, verify=False)`). */
export function matchCallPatterns(call: Node, fn: Node, args: CallArguments, written: string | undefined, canonical: string | undefined, method: string | undefined, scope: Scope): void {
  const { patterns, src, path } = scope.facts;
  if (!written || !scope.hits) return;
  const lookup = argLookup(args, src);
  let receiver: string | undefined | null = null;
  const destination = () => (receiver === null ? (receiver = receiverName(call, src)) : receiver);
  let uses: PassedTo[] | undefined;
  const passedTo = () => (uses ??= valueUses(call, scope));
  const intoCollection = () => throughCollection(call);
  const mayGive = (keyword: string) => args.hasSplat || args.keywords.has(keyword);
  for (const pattern of patterns.matchCall(written, canonical, method, path, lookup, destination, undefined, passedTo, intoCollection, mayGive)) {
    const argument = flaggedArgument(pattern, args, lookup, src);
    const at = pattern.spec.at === 'callee' ? fn : pattern.spec.at === 'argument' ? (argument ?? call) : call;
    const subject = (pattern.assignedTo && destination()) || undefined;
    scope.hits.set(`${pattern.spec.id}@${call.startIndex}`, { pattern, node: call, at, argument, callee: written, ...(subject && { subject }) });
  }
}

/** The argument of the pattern's first condition (or first `whereAny` condition that holds), with its keyword (`verify=False`). */
export function flaggedArgument(pattern: CompiledPattern, args: CallArguments, lookup: ArgLookup, src: Source): Node | undefined {
  const first = pattern.spec.where?.[0] ?? pattern.whereAny.find((c) => c.holds(lookup))?.spec;
  if (!first) return undefined;
  const written = (first.keyword !== undefined ? args.keywordNodes.get(first.keyword) : undefined) ?? (first.arg !== undefined ? args.positional[first.arg] : undefined);
  // A keyword given by `**options`: the splat marks it.
  return written ?? (first.keyword !== undefined && args.hasSplat ? splatGiving(args, first.keyword, src)?.[0] : undefined);
}

/** A setting stored under a string key: `app.config["SECRET_KEY"]`, `settings['DEBUG']`. */
const SETTING_KEY = /^[\w.]+\[\s*[rbuRBU]?["'][\w.-]+["']\s*\]$/;

/** Records the pattern rules an assignment matches (`DEBUG = True`, `app.debug = True`). */
export function matchAssignmentPatterns(assignment: Node, left: Node, right: Node, scope: Scope): void {
  const { patterns, src, path } = scope.facts;
  if (!patterns.hasAssignments || !scope.hits || (left.type !== 'identifier' && left.type !== 'attribute' && left.type !== 'subscript')) return;
  // `DEBUG`, `app.debug`: the text is the dotted name unless it spans spaces or comments (read from the tree then);
  // `app.config["SECRET_KEY"]`: a string key of a dotted name, as written.
  const written = src.of(left);
  const target = left.type === 'subscript' ? (SETTING_KEY.test(written) ? written : undefined) : /^[\w.]+$/.test(written) ? written : dottedName(left, src);
  if (!target) return;
  const moduleLevel = assignment.parent?.parent?.type === 'module';
  for (const pattern of patterns.matchAssignment(target, () => argValue(right, src), moduleLevel, path)) {
    scope.hits.set(`${pattern.spec.id}@${assignment.startIndex}`, { pattern, node: assignment, at: assignment, callee: target });
  }
}

/** Expressions a value passes through unchanged in kind on its way to a name (`"".join(random.choices(...))`). */
const CARRIERS = new Set(['call', 'argument_list', 'attribute', 'binary_operator', 'parenthesized_expression', 'generator_expression', 'list_comprehension', 'interpolation', 'string', 'list', 'tuple', 'conditional_expression', 'await', 'expression_list']);

/** Carriers that make a collection of the value (`[random.randint(0, 9) for _ in range(8)]`). */
const COLLECTIONS = new Set(['list', 'tuple', 'set', 'list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);

/** Whether a call's value goes to its name (see receiverName) as part of a collection. */
function throughCollection(call: Node): boolean {
  for (let node: Node = call; node.parent && (CARRIERS.has(node.parent.type) || COLLECTIONS.has(node.parent.type) || node.parent.type === 'subscript'); node = node.parent) {
    if (COLLECTIONS.has(node.parent.type)) return true;
  }
  return false;
}

/**
 * The name a call's value goes to: the assignment's target (`reset_token = ...`, `user.api_key = ...`,
 * `data["token"] = ...`), the keyword or dict key it is passed as, or the function returning it.
 */
export function receiverName(call: Node, src: Source): string | undefined {
  let node: Node = call;
  // A slice or item of the value is the value too (`hashlib.md5(...).hexdigest()[:8]`), an index into something else is not.
  while (node.parent && (CARRIERS.has(node.parent.type) || (node.parent.type === 'subscript' && node.parent.childForFieldName('value')?.startIndex === node.startIndex))) node = node.parent;
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'assignment':
    case 'augmented_assignment': {
      const left = parent.childForFieldName('left');
      return left && !sameNode(left, node) ? targetName(left, src) : undefined;
    }
    case 'keyword_argument':
      return src.of(parent.childForFieldName('name') ?? parent);
    case 'pair': {
      const key = parent.childForFieldName('key');
      return key && !sameNode(key, node) ? targetName(key, src) : undefined;
    }
    case 'return_statement': {
      let fn: Node | null = parent.parent;
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      const name = fn?.childForFieldName('name');
      return name ? src.of(name) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The calls a call's value is passed to as an argument: directly or through what carries it
 * (`resp.set_cookie("k", str(random.random()))`), or through the local name it is assigned to
 * (`key = ...; resp.set_cookie("k", key)`, in the same function).
 */
function valueUses(call: Node, scope: Scope): PassedTo[] {
  const { src, imports } = scope.facts;
  const out: PassedTo[] = [];
  const record = (list: Node, arg: Node) => {
    const outer = list.parent;
    const fn = outer?.type === 'call' ? outer.childForFieldName('function') : undefined;
    const written = fn ? dottedName(fn, src) : undefined;
    if (!written) return;
    const canonical = imports.canonical(written);
    if (arg.type === 'keyword_argument') out.push({ written, canonical, keyword: src.of(arg.childForFieldName('name') ?? arg) });
    else out.push({ written, canonical, arg: list.namedChildren.filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment').findIndex((c) => c.startIndex === arg.startIndex) });
  };
  let node: Node = call;
  while (node.parent && (CARRIERS.has(node.parent.type) || node.parent.type === 'keyword_argument' || (node.parent.type === 'subscript' && node.parent.childForFieldName('value')?.startIndex === node.startIndex))) {
    const parent = node.parent;
    if (parent.type === 'argument_list') record(parent, node);
    else if (parent.type === 'keyword_argument' && parent.parent?.type === 'argument_list') record(parent.parent, parent);
    node = parent;
  }
  const left = node.parent?.type === 'assignment' && node.parent.childForFieldName('right')?.startIndex === node.startIndex ? node.parent.childForFieldName('left') : undefined;
  if (left?.type !== 'identifier') return out;
  const name = src.of(left);
  let fn: Node | null = left.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  // Uses in the same function only: a function is analysed (and cached) as a unit.
  for (const identifier of fn?.childForFieldName('body')?.descendantsOfType('identifier') ?? []) {
    if (src.of(identifier) !== name) continue;
    // The name, or an item of it (`parts[1]`: the value may have been put in a list).
    const arg = identifier.parent?.type === 'subscript' && identifier.parent.childForFieldName('value')?.startIndex === identifier.startIndex ? identifier.parent : identifier;
    const parent = arg.parent;
    if (parent?.type === 'argument_list') record(parent, arg);
    else if (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.startIndex === arg.startIndex && parent.parent?.type === 'argument_list') record(parent.parent, parent);
  }
  return out;
}

/** `user.api_key` → `api_key`, `data["token"]` → `token`, `"token"` → `token`. */
function targetName(target: Node, src: Source): string | undefined {
  const node = unwrapParens(target);
  switch (node.type) {
    case 'identifier':
      return src.of(node);
    case 'attribute':
      return src.of(node.childForFieldName('attribute') ?? node);
    case 'subscript': {
      const index = node.childForFieldName('subscript');
      return index ? targetName(index, src) : undefined;
    }
    case 'string': {
      const value = argValue(node, src).literal;
      return typeof value === 'string' ? value : undefined;
    }
    default:
      return undefined;
  }
}

/** Records the comparison patterns `left == right` matches (`password == user.password`). */
export function matchComparisonPatterns(comparison: Node, scope: Scope): void {
  const { patterns, src, path } = scope.facts;
  if (!patterns.hasComparisons || !scope.hits || !patterns.mayMatch('comparison', src.of(comparison)) || comparison.namedChildCount !== 2) return;
  const [left, right] = comparison.namedChildren;
  const operator = src.text.slice(left.endIndex, right.startIndex).trim();
  if ((operator !== '==' && operator !== '!=') || inAssert(comparison)) return;
  for (const pattern of patterns.matchComparison(comparedOperand(left, src), comparedOperand(right, src), path)) {
    scope.hits.set(`${pattern.spec.id}@${comparison.startIndex}`, { pattern, node: comparison, at: comparison, callee: operator });
  }
}

/** Whether a comparison is (part of) an `assert`'s condition: a test's check, which no caller times. */
function inAssert(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'assert_statement') return true;
    if (current.type.endsWith('_statement') || current.type === 'block' || current.type.endsWith('_definition')) return false;
  }
  return false;
}

const CONSTANT_KINDS = new Set(['string', 'number', 'bool', 'none']);

/** One side of a comparison: whether it is a literal or a class member, and the names its value is known by. */
function comparedOperand(node: Node, src: Source): ComparedOperand {
  const value = unwrapParens(node);
  const object = value.type === 'attribute' ? value.childForFieldName('object') : undefined;
  return {
    constant: CONSTANT_KINDS.has(argValue(value, src).kind),
    classMember: object?.type === 'identifier' && isClassName(src.of(object)),
    names: valueNames(value, src),
  };
}

/** The names a value is known by (see ComparedOperand.names); `headers["X-Api-Key"]` and `.get("X-Api-Key")` by their key. */
function valueNames(node: Node, src: Source): string[] {
  const value = unwrapParens(node);
  switch (value.type) {
    case 'identifier':
      return [src.of(value)];
    case 'attribute': {
      const attribute = value.childForFieldName('attribute');
      return attribute ? [src.of(attribute)] : [];
    }
    case 'subscript': {
      const key = keyName(value.childForFieldName('subscript'), src);
      return key !== undefined ? [key] : valueNames(value.childForFieldName('value') ?? value, src);
    }
    case 'call': {
      const fn = value.childForFieldName('function');
      if (fn?.type !== 'attribute') return fn?.type === 'identifier' ? [src.of(fn)] : [];
      const method = fn.childForFieldName('attribute');
      const receiver = fn.childForFieldName('object');
      const first = value.childForFieldName('arguments')?.namedChildren[0];
      const name = method ? src.of(method) : '';
      const key = name === 'get' ? keyName(first, src) : undefined;
      return [name, ...(key !== undefined ? [key] : []), ...(receiver ? valueNames(receiver, src) : []), ...(DIGESTS.has(name) && receiver ? hashedNames(receiver, src) : [])];
    }
    case 'await':
      return value.namedChildren[0] ? valueNames(value.namedChildren[0], src) : [];
    case 'boolean_operator':
      return value.namedChildren.flatMap((side) => valueNames(side, src));
    default:
      return [];
  }
}

/** Methods that return a digest: `hashlib.md5(pwd).hexdigest()` is known by the names of what it hashes too. */
const DIGESTS = new Set(['hexdigest', 'digest']);

/** The names of what a hash object was fed (`hashlib.md5(pwd)` → pwd; `h.update(token)` → token). */
function hashedNames(receiver: Node, src: Source): string[] {
  const value = unwrapParens(receiver);
  if (value.type !== 'call') return [];
  return (value.childForFieldName('arguments')?.namedChildren ?? []).flatMap((arg) => valueNames(arg, src));
}

/** A string key as a name (`"X-Api-Key"` → `X_Api_Key`). */
function keyName(node: Node | null | undefined, src: Source): string | undefined {
  if (node?.type !== 'string') return undefined;
  const key = argValue(node, src).literal;
  return typeof key === 'string' ? key.replace(/-/g, '_') : undefined;
}

/** Records the literal patterns a plain string literal matches (an AWS key id, a private key). */
export function matchLiteralPatterns(literal: Node, scope: Scope): void {
  const { patterns, src, path, imports } = scope.facts;
  if (!patterns.hasLiterals || !scope.hits || !patterns.mayMatch('literal', src.of(literal))) return;
  const value = argValue(literal, src).literal;
  if (typeof value !== 'string') return;
  const call = literal.parent?.type === 'argument_list' ? literal.parent.parent : undefined;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const written = fn ? dottedName(fn, src) : undefined;
  const callee = imports.canonical(written) ?? written;
  for (const pattern of patterns.matchLiteral(value, callee, path)) {
    scope.hits.set(`${pattern.spec.id}@${literal.startIndex}`, { pattern, node: literal, at: literal, callee: 'string literal' });
  }
}

/** Records the assertion patterns an `assert` matches (`assert request.user.is_staff`): a check `python -O` strips. */
export function matchAssertionPatterns(statement: Node, scope: Scope): void {
  const { patterns, src, path } = scope.facts;
  const condition = statement.namedChildren[0];
  if (!patterns.hasAssertions || !scope.hits || !condition) return;
  for (const pattern of patterns.matchAssertion(argValue(condition, src).names(), path)) {
    scope.hits.set(`${pattern.spec.id}@${statement.startIndex}`, { pattern, node: statement, at: statement, callee: 'assert' });
  }
}
