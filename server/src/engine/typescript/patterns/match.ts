import type * as ts from 'typescript';
import {
  SyntaxKind,
  isArrayLiteralExpression,
  isAwaitExpression,
  isBinaryExpression,
  isCallExpression,
  isElementAccessExpression,
  isExportAssignment,
  isIdentifier,
  isImportDeclaration,
  isNewExpression,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isShorthandPropertyAssignment,
  isSourceFile,
  isStringLiteral,
  isStringLiteralLike,
  isVariableDeclaration,
  isVariableStatement,
  isBlock,
  isExpressionStatement,
  isNumericLiteral,
  isForOfStatement,
  isVariableDeclarationList,
  isTemplateExpression,
} from '../compiler';
import { argLookup, argValue, moduleConstants, optionNamed } from '../arg-values';
import { isClassName, type CompiledPattern, type CompiledPatterns, type ComparedOperand, type PassedTo } from '../../rules/compiled-patterns';
import { canonicalCallee, importedNames, type ImportedName } from '../imports';
import { perStatement } from '../statement-cache';
import { dottedName, forEachDescendant, isFunctionNode, memberName, skipOuter, type FunctionNode } from '../syntax';

/** One place a pattern rule matched: `node` is what matched (call, assignment, literal, comparison), `at` what the finding marks. */
export interface PatternHit {
  pattern: CompiledPattern;
  node: ts.Node;
  at: ts.Node;
  /** The assigned value (assignments), or the flagged argument (calls). */
  value?: ts.Expression;
  /** The callee or assignment target as written: `{sink}` in the message. */
  callee: string;
  /** What the message names as `{variable}` when not the flagged value (`Math.random()` → the `resetToken` it makes). */
  subject?: string;
}

/** Operators of the comparisons `comparison` patterns look at. */
const EQUALITY = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

/**
 * The pattern rules of rules/patterns/typescript.json over one file, in one walk of the tree
 * for all of them: calls (by callee, as written or resolved through the file's imports),
 * assignments, declarations and object properties (by target), string literals, comparisons.
 * Calls are first tested by their last name against the names some pattern calls, so most
 * nodes cost a kind check. At most one hit per rule and call or value (the first pattern wins).
 *
 * A keystroke changes one top-level statement: the others' matches come from the file's
 * statement cache (see statement-cache.ts). What a statement's matches read outside it is the
 * cache's context: the patterns, the path, the file's imports (canonical callees), the module's
 * constants (settings passed through a `const`). Which rules
 * are on and the patterns' `unlessFile` tests of the whole text are applied after, to cached
 * and new matches alike.
 */
export function findPatternHits(sf: ts.SourceFile, path: string, patterns: CompiledPatterns, isRuleEnabled: (id: string) => boolean): PatternHit[] {
  const imports = importedNames(sf);
  const walk = statementWalk(sf, path, patterns, imports);
  const byStatement = perStatement(sf, 'pattern-hits', [patterns, path, sf.fileName, JSON.stringify([...imports]), moduleConstants(sf)], walk);
  // The order of one walk of the whole file (children last to first: see forEachDescendant),
  // so the same match wins a rule and value as it always did.
  const candidates = [...walk(sf.endOfFileToken), ...byStatement.reverse().flat()];
  const hits = new Map<string, PatternHit>();
  const holds = new Map<CompiledPattern, boolean>();
  for (const hit of candidates) {
    // One finding per rule and call, or per rule and value (`key: 'sk_live_…'` is a secret by name and by shape).
    const at = isCallExpression(hit.node) || isNewExpression(hit.node) ? hit.node : (hit.value ?? hit.node);
    const key = `${hit.pattern.spec.rule}@${at.pos}`;
    if (hits.has(key) || !isRuleEnabled(hit.pattern.spec.rule)) continue;
    let holdsInFile = holds.get(hit.pattern);
    if (holdsInFile === undefined) holds.set(hit.pattern, (holdsInFile = hit.pattern.holdsIn(sf.text)));
    if (holdsInFile) hits.set(key, hit);
  }
  return [...hits.values()];
}

/** The matches in one top-level statement (or the end-of-file token), in walk order, before rules' settings and `unlessFile`. */
function statementWalk(sf: ts.SourceFile, path: string, patterns: CompiledPatterns, imports: ReadonlyMap<string, ImportedName>): (root: ts.Node) => PatternHit[] {
  const { names: callNames, wildcardParents } = callFilter(patterns);
  let hits: PatternHit[] = [];
  const add = (pattern: CompiledPattern, hit: Omit<PatternHit, 'pattern'>) => hits.push({ pattern, ...hit });
  const assignment = (node: ts.Node, target: string, value: ts.Expression, moduleLevel: boolean) => {
    if (!patterns.hasAssignments || !patterns.mayMatchTarget(target)) return;
    for (const pattern of patterns.matchAssignment(target, argValue(value, sf), moduleLevel, path)) add(pattern, { node, at: node, value, callee: target });
  };

  const visit = (node: ts.Node): boolean | undefined => {
    // Types, interfaces and type aliases hold no calls or values.
    if ((node.kind >= SyntaxKind.FirstTypeNode && node.kind <= SyntaxKind.LastTypeNode) || node.kind === SyntaxKind.InterfaceDeclaration || node.kind === SyntaxKind.TypeAliasDeclaration) return false;
    switch (node.kind) {
      case SyntaxKind.CallExpression:
      case SyntaxKind.NewExpression: {
        const call = node as ts.CallExpression | ts.NewExpression;
        const written = calleeName(call.expression);
        if (!written) break;
        const canonical = canonicalCallee(written, imports, call.expression);
        if (!mayMatchCall(written, callNames, wildcardParents) && !(canonical && mayMatchCall(canonical, callNames, wildcardParents))) break;
        const args = call.arguments ?? [];
        const method = memberName(skipOuter(call.expression));
        let destination: string | undefined | null = null;
        const receiverName = () => (destination === null ? (destination = destinationName(call)) : destination);
        let uses: PassedTo[] | undefined;
        const passedTo = () => (uses ??= valueUses(call, imports));
        for (const pattern of patterns.matchCall(written, canonical, method, path, argLookup(args, sf), receiverName, undefined, passedTo, () => intoCollection(call))) {
          const [argument, value] = flaggedArgument(pattern, args);
          const at = pattern.spec.at === 'callee' ? call.expression : pattern.spec.at === 'argument' ? (argument ?? call) : call;
          const callee = sf.text.slice(call.expression.getStart(sf), call.expression.getEnd()).replace(/\s+/g, '');
          add(pattern, { node: call, at, value, callee, subject: (pattern.assignedTo && receiverName()) || undefined });
        }
        break;
      }
      case SyntaxKind.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (binary.operatorToken.kind === SyntaxKind.EqualsToken) {
          const target = dottedName(binary.left);
          if (target) assignment(binary, target, binary.right, isSourceFile(binary.parent.parent));
        } else if (EQUALITY.has(binary.operatorToken.kind) && patterns.comparisons.length) {
          for (const pattern of patterns.matchComparison(comparedOperand(binary.left), comparedOperand(binary.right), path)) {
            add(pattern, { node: binary, at: binary, callee: binary.operatorToken.getText(sf) });
          }
        }
        break;
      }
      case SyntaxKind.VariableDeclaration: {
        const declaration = node as ts.VariableDeclaration;
        if (isIdentifier(declaration.name) && declaration.initializer) {
          const statement = declaration.parent.parent;
          assignment(declaration, declaration.name.text, declaration.initializer, isVariableStatement(statement) && isSourceFile(statement.parent));
        }
        break;
      }
      case SyntaxKind.PropertyAssignment: {
        const property = node as ts.PropertyAssignment;
        const name = isIdentifier(property.name) || isStringLiteral(property.name) ? property.name.text : undefined;
        if (name !== undefined) assignment(property, name, property.initializer, false);
        break;
      }
      case SyntaxKind.ExportAssignment: {
        // `export default { ... }` in next.config.mjs is `module.exports = { ... }` in next.config.js.
        const exported = node as ts.ExportAssignment;
        if (!exported.isExportEquals) assignment(exported, 'module.exports', exported.expression, true);
        break;
      }
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral: {
        const value = (node as ts.StringLiteralLike).text;
        if (!patterns.literals.length || !patterns.mayMatchLiteral(value) || isModuleName(node)) break;
        for (const pattern of patterns.literals) {
          if (pattern.text.test(value) && !pattern.notText?.test(value) && pattern.appliesTo(path)) add(pattern, { node, at: node, value: node as ts.Expression, callee: literalHolder(node, sf) });
        }
        return false;
      }
    }
    return undefined;
  };
  return (root) => {
    hits = [];
    if (visit(root) !== false) forEachDescendant(root, visit);
    return hits;
  };
}

interface CallFilter {
  /** The last names of the patterns' callees and their methods (`createHash.update` → `update`). */
  names: ReadonlySet<string>;
  /** Names a wildcard follows (`logger` for `logger.*`): any call on them may match. */
  wildcardParents: ReadonlySet<string>;
}
const callFilters = new WeakMap<CompiledPatterns, CallFilter>();

function callFilter(patterns: CompiledPatterns): CallFilter {
  let filter = callFilters.get(patterns);
  if (!filter) {
    const parents = patterns.file.patterns.flatMap((p) => (p.calls ?? []).map((c) => /(?:^|\.)([A-Za-z_$][\w$]*)\.\*\*?$/.exec(c)?.[1]));
    filter = { names: new Set(patterns.callNames), wildcardParents: new Set(parents.filter((n): n is string => !!n)) };
    callFilters.set(patterns, filter);
  }
  return filter;
}

function mayMatchCall(callee: string, names: ReadonlySet<string>, wildcardParents: ReadonlySet<string>): boolean {
  const dot = callee.lastIndexOf('.');
  if (names.has(dot < 0 ? callee : callee.slice(dot + 1))) return true;
  return dot > 0 && wildcardParents.has(callee.slice(callee.lastIndexOf('.', dot - 1) + 1, dot));
}

/** The dotted callee, seeing through an awaited receiver: `(await cookies()).set` is `cookies.set`. */
function calleeName(callee: ts.Expression): string | undefined {
  const e = skipOuter(callee);
  if (isPropertyAccessExpression(e)) {
    const receiver = skipOuter(e.expression);
    if (isAwaitExpression(receiver)) {
      const base = dottedName(receiver.expression);
      return base && `${base}.${e.name.text}`;
    }
  }
  return dottedName(callee);
}

/**
 * The argument of the pattern's first condition (an options property such as `rejectUnauthorized:
 * false`, or a positional argument: what the finding marks), and the value it sets (what a fix
 * rewrites: an option held in a constant or a spread object is rewritten where it is written).
 */
function flaggedArgument(pattern: CompiledPattern, args: readonly ts.Expression[]): [ts.Node | undefined, ts.Expression | undefined] {
  // The first `where` condition, else the first `whereAny` one whose option is given.
  const conditions = pattern.spec.where?.length ? [pattern.spec.where[0]] : (pattern.spec.whereAny ?? []);
  for (const condition of conditions) {
    if (condition.keyword !== undefined) {
      for (const arg of args) {
        const options = skipOuter(arg);
        const property = isObjectLiteralExpression(options) ? propertyNamed(options, condition.keyword) : undefined;
        if (property) return [property, property.initializer];
        // Options passed through a name or a spread: the argument that holds them (the finding stays in the call).
        const option = optionNamed(arg, condition.keyword);
        if (option) return [arg, isShorthandPropertyAssignment(option.parent) ? undefined : option];
      }
    }
    if (condition.arg !== undefined && args[condition.arg]) return [args[condition.arg], args[condition.arg]];
  }
  return [undefined, undefined];
}

function propertyNamed(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return object.properties.find((p) => isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) as ts.PropertyAssignment | undefined;
}

/** Where a string literal goes, for the message: the variable or property it is given to, or the call it is passed to. */
function literalHolder(node: ts.Node, sf: ts.SourceFile): string {
  const parent = node.parent;
  if ((isVariableDeclaration(parent) || isPropertyAssignment(parent)) && (isIdentifier(parent.name) || isStringLiteral(parent.name))) return parent.name.text;
  if (isCallExpression(parent) || isNewExpression(parent)) return dottedName(parent.expression) ?? 'a call';
  return sf.fileName.slice(sf.fileName.lastIndexOf('/') + 1);
}

/** `import x from 'm'`, `require('m')`: module names are no data. */
function isModuleName(node: ts.Node): boolean {
  const parent = node.parent;
  return isImportDeclaration(parent) || (isCallExpression(parent) && (parent.expression.kind === SyntaxKind.ImportKeyword || (isIdentifier(parent.expression) && parent.expression.text === 'require')));
}

/**
 * The name a call's value ends up under: `const resetToken = Math.random().toString(36)`,
 * `{ sessionId: ... }`, `user.apiKey = ...`, or the function that returns it
 * (`function generateToken() { return ... }`). Undefined when the value is used otherwise.
 */
export function destinationName(call: ts.Node): string | undefined {
  let node: ts.Node = call;
  for (let depth = 0; depth < 12 && node.parent; depth++) {
    const parent: ts.Node = node.parent;
    if (isVariableDeclaration(parent)) return parent.initializer === node && isIdentifier(parent.name) ? parent.name.text : undefined;
    if (isPropertyAssignment(parent)) return parent.initializer === node && (isIdentifier(parent.name) || isStringLiteral(parent.name)) ? parent.name.text : undefined;
    if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      if (parent.right !== node) return undefined;
      const target = dottedName(parent.left);
      return target?.slice(target.lastIndexOf('.') + 1);
    }
    if (isReturnStatement(parent) || (isFunctionNode(parent) && parent.body === node)) {
      // A callback's result is the call's (`useMemo(() => Math.random()…, [])`).
      const fn = enclosingFunction(parent);
      return (fn && functionName(fn)) ?? (fn && isCallExpression(fn.parent) ? destinationName(fn.parent) : undefined);
    }
    if (isShorthandPropertyAssignment(parent) || isStatementKind(parent)) return undefined;
    node = parent;
  }
  return undefined;
}

/**
 * Whether a call's value reaches its destination (see destinationName) inside a collection: an
 * array literal, or the results of a callback (`Array.from({ length: 8 }, () => Math.random()…)`).
 */
function intoCollection(call: ts.Node): boolean {
  let node: ts.Node = call;
  for (let depth = 0; depth < 12 && node.parent; depth++) {
    const parent: ts.Node = node.parent;
    if (isArrayLiteralExpression(parent)) return true;
    if (isReturnStatement(parent) || (isFunctionNode(parent) && parent.body === node)) {
      const fn = enclosingFunction(parent);
      return !!fn && !functionName(fn) && isCallExpression(fn.parent);
    }
    if (isVariableDeclaration(parent) || isPropertyAssignment(parent) || isShorthandPropertyAssignment(parent) || isStatementKind(parent)) return false;
    node = parent;
  }
  return false;
}

/**
 * The calls a call's value is passed to as an argument: directly or through what carries it
 * (`res.cookie('k', Math.random().toString(36))`), or through the local variable it is assigned
 * to (`const key = …; res.cookie('k', key)`, in the same function).
 */
function valueUses(call: ts.Node, imports: ReadonlyMap<string, ImportedName>): PassedTo[] {
  const out: PassedTo[] = [];
  const record = (outer: ts.CallExpression | ts.NewExpression, arg: ts.Node) => {
    const written = calleeName(outer.expression);
    const list: readonly ts.Expression[] = outer.arguments ?? [];
    const index = list.indexOf(arg as ts.Expression);
    if (written && index >= 0) out.push({ written, canonical: canonicalCallee(written, imports, outer.expression), arg: index });
  };
  let node: ts.Node = call;
  let variable: string | undefined;
  for (let depth = 0; depth < 12 && node.parent; depth++) {
    const parent: ts.Node = node.parent;
    if ((isCallExpression(parent) || isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
      record(parent, node);
      // `tokens.push(value)`: the list holds it now.
      const container = containerAdded(parent);
      if (container) {
        if (isCallExpression(parent) && stillHolds(parent, container, new Set()) === false) return out;
        variable = container;
        break;
      }
    } else if (isVariableDeclaration(parent)) {
      if (parent.initializer === node && isIdentifier(parent.name)) variable = parent.name.text;
      break;
    } else if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      if (parent.right === node) variable = assignedName(parent.left);
      break;
    } else if (isStatementKind(parent) || isFunctionNode(parent) || isReturnStatement(parent)) break;
    node = parent;
  }
  // Uses of the variable in its function (a module-level one's uses are in other statements, which the statement cache keeps apart).
  const name = variable;
  const fn = name !== undefined ? enclosingFunction(node) : undefined;
  if (!fn || name === undefined) return out;
  const holders = holdersOf(fn, name);
  forEachDescendant(fn, (n) => {
    if ((isCallExpression(n) || isNewExpression(n)) && n.arguments) {
      for (const arg of n.arguments) if (heldIn(arg, holders)) record(n, arg);
    }
    return undefined;
  });
  return out;
}

/**
 * Whether a list literal still holds the value once its straight-line edits are done (`data.push(v);
 * data.pop();` does not): the edits of `list` (push, pop, shift, unshift, `list[2] = x`) in the
 * statements after its `[...]` declaration, in its block, up to its first other use. Undefined
 * when that is not known (an edit in a branch or a loop, any other shape).
 */
function stillHolds(added: ts.CallExpression, list: string, holders: ReadonlySet<string>): boolean | undefined {
  const statement = added.parent;
  const block = statement?.parent;
  if (!statement || !block || (!isBlock(block) && !isSourceFile(block))) return undefined;
  let items: boolean[] | undefined;
  const holds = (e: ts.Expression | undefined) => !!e && (heldIn(e, holders) || e === added.arguments[0]);
  for (const s of block.statements) {
    if (items === undefined) {
      if (!isVariableStatement(s)) continue;
      const declaration = s.declarationList.declarations.find((d) => isIdentifier(d.name) && d.name.text === list);
      const init = declaration?.initializer && skipOuter(declaration.initializer);
      if (init && isArrayLiteralExpression(init)) items = init.elements.map((e) => holds(e));
      else if (declaration) return undefined;
      continue;
    }
    if (!mentions(s, list)) continue;
    const e = isExpressionStatement(s) ? skipOuter(s.expression) : undefined;
    if (e && isCallExpression(e) && isPropertyAccessExpression(e.expression) && isIdentifier(skipOuter(e.expression.expression)) && (skipOuter(e.expression.expression) as ts.Identifier).text === list) {
      const method = e.expression.name.text;
      if (method === 'push') items.push(...e.arguments.map((a) => holds(a)));
      else if (method === 'unshift') items.unshift(...e.arguments.map((a) => holds(a)));
      else if (method === 'pop' && e.arguments.length === 0) items.pop();
      else if (method === 'shift' && e.arguments.length === 0) items.shift();
      else return items.some(Boolean) || undefined;
      continue;
    }
    if (e && isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.EqualsToken && isElementAccessExpression(e.left) && isIdentifier(skipOuter(e.left.expression)) && (skipOuter(e.left.expression) as ts.Identifier).text === list && isNumericLiteral(skipOuter(e.left.argumentExpression))) {
      const index = Number((skipOuter(e.left.argumentExpression) as ts.NumericLiteral).text);
      if (index > 1000) return undefined;
      while (items.length <= index) items.push(false);
      items[index] = holds(e.right);
      continue;
    }
    // Its first other use (read, passed on, iterated): what it holds then.
    return items.some(Boolean);
  }
  return items === undefined ? undefined : items.some(Boolean);
}

function mentions(node: ts.Node, name: string): boolean {
  let found = false;
  forEachDescendant(node, (n) => {
    if (found) return false;
    if (isIdentifier(n) && n.text === name) found = true;
    return undefined;
  });
  return found;
}

/** `x` of `x = v`, and `map` of `map["k"] = v` / `map.k = v` (the object holds the value). */
function assignedName(left: ts.Expression): string | undefined {
  let target = skipOuter(left);
  if (isElementAccessExpression(target) || isPropertyAccessExpression(target)) target = skipOuter(target.expression);
  return isIdentifier(target) ? target.text : undefined;
}

/** `list` of `list.push(v)`, `list.unshift(v)`, `set.add(v)`: a container the argument is put in. */
function containerAdded(call: ts.CallExpression | ts.NewExpression): string | undefined {
  if (!isCallExpression(call) || !isPropertyAccessExpression(call.expression) || !CONTAINER_ADDS.has(call.expression.name.text)) return undefined;
  const object = skipOuter(call.expression.expression);
  return isIdentifier(object) ? object.text : undefined;
}

const CONTAINER_ADDS = new Set(['push', 'unshift', 'add', 'splice']);
/** Methods whose result is built from the receiver and the arguments (`key.concat(part)`). */
const BUILDING_METHODS = new Set(['concat', 'join', 'toString', 'slice', 'substring', 'trim']);

/**
 * The names in `fn` that come to hold the value of `name`: assigned it (`key = tokens[0]`, `key =
 * key.concat(part)`), iterating it (`for (const part of tokens)`), or a container it is put in
 * (`list.push(part)`, `map.k = part`). A few rounds, enough for the shapes real code writes.
 */
function holdersOf(fn: FunctionNode, name: string): Set<string> {
  const holders = new Set([name]);
  for (let round = 0; round < 4; round++) {
    const before = holders.size;
    forEachDescendant(fn, (n) => {
      if (isVariableDeclaration(n) && isIdentifier(n.name) && n.initializer && heldIn(n.initializer, holders)) holders.add(n.name.text);
      else if (isBinaryExpression(n) && (n.operatorToken.kind === SyntaxKind.EqualsToken || n.operatorToken.kind === SyntaxKind.PlusEqualsToken) && heldIn(n.right, holders)) {
        const target = assignedName(n.left);
        if (target) holders.add(target);
      } else if (isForOfStatement(n) && heldIn(n.expression, holders)) {
        const declared = isVariableDeclarationList(n.initializer) ? n.initializer.declarations[0]?.name : n.initializer;
        if (declared && isIdentifier(declared)) holders.add(declared.text);
      } else if (isCallExpression(n) && n.arguments.some((a) => heldIn(a, holders))) {
        const container = containerAdded(n);
        if (container && stillHolds(n, container, holders) !== false) holders.add(container);
      }
      return undefined;
    });
    if (holders.size === before) break;
  }
  return holders;
}

/** `key`, an item or member of it (`parts[1]`, `map.k`: the value may have been put there), or a value built from it (`a.concat(key)`, `key + "-x"`). */
function heldIn(arg: ts.Expression, holders: ReadonlySet<string>, depth = 0): boolean {
  let e = skipOuter(arg);
  if (depth > 4) return false;
  if (isElementAccessExpression(e) || isPropertyAccessExpression(e)) e = skipOuter(e.expression);
  if (isIdentifier(e)) return holders.has(e.text);
  if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && BUILDING_METHODS.has(e.expression.name.text)) {
    return heldIn(e.expression.expression, holders, depth + 1) || e.arguments.some((a) => heldIn(a, holders, depth + 1));
  }
  if (isBinaryExpression(e) && e.operatorToken.kind === SyntaxKind.PlusToken) return heldIn(e.left, holders, depth + 1) || heldIn(e.right, holders, depth + 1);
  if (isTemplateExpression(e)) return e.templateSpans.some((s) => heldIn(s.expression, holders, depth + 1));
  return false;
}

function isStatementKind(node: ts.Node): boolean {
  return node.kind >= SyntaxKind.FirstStatement && node.kind <= SyntaxKind.LastStatement && !isReturnStatement(node);
}

function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  let current: ts.Node | undefined = node;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current as FunctionNode | undefined;
}

/** A function's name: declared, or the variable or property it is assigned to. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.name && isIdentifier(fn.name)) return fn.name.text;
  const holder = fn.parent;
  if (holder && isVariableDeclaration(holder) && isIdentifier(holder.name)) return holder.name.text;
  if (holder && isPropertyAssignment(holder) && isIdentifier(holder.name)) return holder.name.text;
  return undefined;
}

/** One side of a comparison: whether it is a literal or a class/enum member, and the names its value is known by. */
function comparedOperand(side: ts.Expression): ComparedOperand {
  const value = skipOuter(side);
  return {
    constant: !isComparedValue(value),
    classMember: isPropertyAccessExpression(value) && isIdentifier(value.expression) && isClassName(value.expression.text),
    names: valueNames(value),
  };
}

/** A variable, a member read or a call result: what a stored secret looks like (literals, `typeof`, arithmetic are not). */
function isComparedValue(node: ts.Expression): boolean {
  return isIdentifier(node) ? node.text !== 'undefined' : isPropertyAccessExpression(node) || node.kind === SyntaxKind.ElementAccessExpression || isCallExpression(node) || isNewExpression(node) || node.kind === SyntaxKind.AwaitExpression;
}

/**
 * The names a value is known by (see ComparedOperand.names): `req.body.password` → password,
 * `getPassword()` → getPassword, `headers['x-api-key']` and `.get('x-api-key')` → xApiKey.
 */
function valueNames(node: ts.Expression): string[] {
  const value = skipOuter(node);
  if (isIdentifier(value)) return [value.text];
  if (isPropertyAccessExpression(value)) return [value.name.text];
  if (isElementAccessExpression(value)) {
    const key = keyName(value.argumentExpression);
    return key !== undefined ? [key] : valueNames(value.expression);
  }
  if (isAwaitExpression(value)) return valueNames(value.expression);
  if (isCallExpression(value)) {
    const callee = skipOuter(value.expression);
    if (isIdentifier(callee)) return [callee.text];
    if (!isPropertyAccessExpression(callee)) return [];
    const name = callee.name.text;
    const key = name === 'get' ? keyName(value.arguments[0]) : undefined;
    return [name, ...(key !== undefined ? [key] : []), ...valueNames(callee.expression), ...(name === 'digest' ? hashedNames(callee.expression) : [])];
  }
  return [];
}

/** The names of what a hash was fed: `createHash('md5').update(pwd).digest('hex')` is known by pwd too. */
function hashedNames(receiver: ts.Expression): string[] {
  const value = skipOuter(receiver);
  return isCallExpression(value) ? value.arguments.flatMap((arg) => valueNames(arg)) : [];
}

/** A string key as a name (`'x-api-key'` → `xApiKey`). */
function keyName(node: ts.Expression | undefined): string | undefined {
  if (!node || !isStringLiteralLike(node)) return undefined;
  return /[-_]/.test(node.text) ? node.text.toLowerCase().replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : node.text;
}

/** Whether the hit's node sits in an async function (where `await` may be added). */
export function inAsyncFunction(node: ts.Node): boolean {
  let current: ts.Node | undefined = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return !!current && !!(current as ts.FunctionLikeDeclaration).modifiers?.some((m) => m.kind === SyntaxKind.AsyncKeyword);
}
