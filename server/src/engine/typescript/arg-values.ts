import type * as ts from 'typescript';
import {
  NodeFlags,
  SyntaxKind,
  isBinaryExpression,
  isBlock,
  isCallExpression,
  isModuleBlock,
  isSourceFile,
  isVariableStatement,
  isElementAccessExpression,
  isIdentifier,
  isIfStatement,
  isObjectLiteralExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isSpreadAssignment,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isStringLiteral,
} from './compiler';
import type { RegexPattern } from '../rules/backtracking';
import type { ArgLookup, ArgValue } from '../rules/compiled-patterns';
import type { ValueKind } from '../rules/spec-types';
import { boundNames, forEachDescendant, isFunctionNode, skipOuter } from './syntax';

/**
 * A call's arguments for the spec's argument conditions (`when` of a sink): `arg` is the
 * position; `keyword` is a property of an options object among the arguments
 * (`spawn(cmd, args, { shell: true })`), TS's nearest thing to a Python keyword argument;
 * `receiver` the object a method is called on (`PATTERN` of `PATTERN.test(text)`).
 */
export function argLookup(args: readonly ts.Expression[], sf: ts.SourceFile, receiver?: ts.Expression): ArgLookup {
  return (arg, keyword, ofReceiver) => {
    if (ofReceiver) return receiver ? argValue(resolveConst(receiver), sf, receiver) : undefined;
    if (keyword !== undefined) {
      for (const candidate of args) {
        const found = optionNamed(candidate, keyword);
        if (found) return argValue(resolveConst(found), sf, found);
      }
      if (arg === undefined) return undefined;
    }
    const node = arg !== undefined ? args[arg] : undefined;
    return node && !isSpreadElement(node) ? argValue(resolveConst(node), sf, node) : undefined;
  };
}

/**
 * The value of option `name` in an options object (inline or held in a name), reading spreads:
 * `{ ...defaults, algorithm: 'none' }`; a later property wins over an earlier one, as at run time.
 */
export function optionNamed(options: ts.Expression, name: string, depth = 0): ts.Expression | undefined {
  const object = resolveConst(options);
  if (!isObjectLiteralExpression(object) || depth > 4) return undefined;
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const p = object.properties[i];
    if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    if (isSpreadAssignment(p)) {
      const spread = optionNamed(p.expression, name, depth + 1);
      if (spread) return spread;
    }
  }
  return undefined;
}

/**
 * Settings passed through a name are read like inline ones: `options` in
 * `const options = { algorithms: ['none'] }; jwt.verify(token, key, options)` is that object, and
 * `algorithm` in `const algorithm = 'des-ecb'; createCipheriv(algorithm, …)` is that string.
 * Only a `const` of the enclosing blocks or the module, or a `let`/`var` of an enclosing function
 * that nothing assigns again, whose value is a literal (object, array, string, number, boolean);
 * a parameter of that name shadows it; anything else is the expression itself (see argValue for
 * how a string read through a name is seen).
 */
export function resolveConst(node: ts.Expression): ts.Expression {
  const e = skipOuter(node);
  if (isPropertyAccessExpression(e) && isIdentifier(e.expression)) return memberSetting(e) ?? e;
  if (!isIdentifier(e)) return e;
  return declaredSetting(e)?.[0] ?? e;
}

/**
 * `settings.secure` where `settings` is an object literal declared in the enclosing function
 * that nothing writes to (`settings.secure = …`, `settings[k] = …`): that property's value.
 */
function memberSetting(access: ts.PropertyAccessExpression): ts.Expression | undefined {
  const declared = declaredSetting(access.expression as ts.Identifier);
  if (!declared) return undefined;
  const [object, scope] = declared;
  if (!isObjectLiteralExpression(object) || isSourceFile(scope) || isModuleBlock(scope) || writtenThrough(scope, (access.expression as ts.Identifier).text)) return undefined;
  const value = optionNamed(object, access.name.text);
  return value && resolveConst(value);
}

/** The literal a name is declared with (see resolveConst), and the block that declares it. */
function declaredSetting(e: ts.Identifier): [ts.Expression, ts.Node] | undefined {
  for (let scope: ts.Node | undefined = e.parent; scope; scope = scope.parent) {
    if (isFunctionNode(scope) && scope.parameters.some((p) => boundNames(p.name).includes(e.text))) return undefined;
    const statements = isBlock(scope) || isSourceFile(scope) || isModuleBlock(scope) ? scope.statements : undefined;
    for (const statement of statements ?? []) {
      if (!isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!isIdentifier(declaration.name) || declaration.name.text !== e.text) continue;
        const value = declaration.initializer && skipOuter(declaration.initializer);
        if (!value || !isSettingLiteral(value)) return undefined;
        if (statement.declarationList.flags & NodeFlags.Const) return [value, scope];
        // `let`/`var`: inside a function only (the statement cache sees its reassignments), and never reassigned.
        return !isSourceFile(scope) && !isModuleBlock(scope) && !reassigned(scope, e.text) ? [value, scope] : undefined;
      }
    }
  }
  return undefined;
}

/** Whether anything assigns to a member of `name` in `scope` (`name.x = …`, `name[k] = …`, `delete name.x`). */
function writtenThrough(scope: ts.Node, name: string): boolean {
  let found = false;
  forEachDescendant(scope, (n) => {
    if (found) return false;
    const target = isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment ? skipOuter(n.left) : n.kind === SyntaxKind.DeleteExpression ? skipOuter((n as ts.DeleteExpression).expression) : undefined;
    if (target && (isPropertyAccessExpression(target) || isElementAccessExpression(target)) && isIdentifier(skipOuter(target.expression)) && (skipOuter(target.expression) as ts.Identifier).text === name) found = true;
    return undefined;
  });
  return found;
}

/** The literal values a setting is written as (a fixed regular expression too: `/…/`, `new RegExp("…")`). */
function isSettingLiteral(value: ts.Expression): boolean {
  switch (value.kind) {
    case SyntaxKind.RegularExpressionLiteral:
      return true;
    case SyntaxKind.NewExpression:
    case SyntaxKind.CallExpression:
      return regexConstruction(value as ts.NewExpression | ts.CallExpression) !== undefined;
    case SyntaxKind.ObjectLiteralExpression:
    case SyntaxKind.ArrayLiteralExpression:
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
      return true;
    default:
      return foldBoolean(value) !== undefined;
  }
}

/**
 * A condition of literals only, as it evaluates (`1 != 1`, `32 > 44`, `!true`, `"a" === "b" || false`):
 * what a value written that way is, and whether a branch under it can run. Undefined for anything else.
 */
export function foldBoolean(node: ts.Expression, depth = 0): boolean | undefined {
  const e = skipOuter(node);
  if (e.kind === SyntaxKind.TrueKeyword) return true;
  if (e.kind === SyntaxKind.FalseKeyword) return false;
  if (depth > 8) return undefined;
  if (isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) {
    const inner = foldBoolean(e.operand, depth + 1);
    return inner === undefined ? undefined : !inner;
  }
  if (!isBinaryExpression(e)) return undefined;
  const op = e.operatorToken.kind;
  if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
    const left = foldBoolean(e.left, depth + 1);
    const right = foldBoolean(e.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    return op === SyntaxKind.AmpersandAmpersandToken ? left && right : left || right;
  }
  const left = literalOperand(e.left);
  const right = literalOperand(e.right);
  if (left === undefined || right === undefined) return undefined;
  switch (op) {
    case SyntaxKind.EqualsEqualsToken:
    case SyntaxKind.EqualsEqualsEqualsToken:
      return left === right;
    case SyntaxKind.ExclamationEqualsToken:
    case SyntaxKind.ExclamationEqualsEqualsToken:
      return left !== right;
    case SyntaxKind.LessThanToken:
      return left < right;
    case SyntaxKind.GreaterThanToken:
      return left > right;
    case SyntaxKind.LessThanEqualsToken:
      return left <= right;
    case SyntaxKind.GreaterThanEqualsToken:
      return left >= right;
    default:
      return undefined;
  }
}

/** A number or string written as such (the operands foldBoolean compares; mixed kinds are not folded). */
function literalOperand(node: ts.Expression): number | string | undefined {
  const e = skipOuter(node);
  if (e.kind === SyntaxKind.NumericLiteral) return Number((e as ts.NumericLiteral).text);
  if (e.kind === SyntaxKind.StringLiteral || e.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return (e as ts.StringLiteral).text;
  return undefined;
}

/** Whether `name` is assigned (`=`, `+=`, `++`) anywhere in `scope` after its declaration. */
function reassigned(scope: ts.Node, name: string): boolean {
  let found = false;
  forEachDescendant(scope, (n) => {
    if (found) return false;
    // `if (32 > 44) { secure = true; }`: a branch that never runs assigns nothing.
    if (isIfStatement(n) && foldBoolean(n.expression) !== undefined) {
      const taken = foldBoolean(n.expression) ? n.thenStatement : n.elseStatement;
      if (taken && reassigned(taken, name)) found = true;
      return false;
    }
    if (isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment && isIdentifier(skipOuter(n.left)) && (skipOuter(n.left) as ts.Identifier).text === name) found = true;
    else if ((isPrefixUnaryExpression(n) || isPostfixUnaryExpression(n)) && isIdentifier(n.operand) && n.operand.text === name) found = true;
    return undefined;
  });
  return found;
}

/**
 * What pattern matches read outside their own top-level statement through resolveConst: the
 * module's constants (names and values), part of the statement cache's context.
 */
export function moduleConstants(sf: ts.SourceFile): string {
  const out: string[] = [];
  for (const statement of sf.statements) {
    if (!isVariableStatement(statement) || !(statement.declarationList.flags & NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const value = declaration.initializer && skipOuter(declaration.initializer);
      if (value && isSettingLiteral(value)) out.push(declaration.getText(sf));
    }
  }
  return out.join('\n');
}

/**
 * `written` is the argument as written when `node` is the value it names (see resolveConst): a
 * string, number or boolean read through a name has its value (`literal`, `text`) but stays a
 * `name` in kind, so a condition on a literal written in the call (a hard-coded key) does not
 * hold there: a named secret is reported where it is written, once.
 */
export function argValue(node: ts.Expression, sf: ts.SourceFile, written?: ts.Expression): ArgValue {
  const e = skipOuter(node);
  const { kind, literal } = kindOf(e);
  const named = !!written && skipOuter(written) !== e && kind !== 'dict' && kind !== 'list';
  return {
    kind: named ? 'name' : kind,
    literal,
    // Read on demand: most conditions never look at the text, and a value may be a whole function.
    get text() {
      return sf.text.slice(e.getStart(sf), e.getEnd());
    },
    regex: () => fixedRegex(e),
    names: () => {
      const names: string[] = [];
      if (isIdentifier(e)) names.push(e.text);
      forEachDescendant(e, (n) => {
        if (isIdentifier(n)) names.push(n.text);
        else if (isStringLiteral(n) && isKeyRead(n)) names.push(n.text);
      });
      return names;
    },
  };
}

function kindOf(e: ts.Expression): { kind: ValueKind; literal?: ArgValue['literal'] } {
  switch (e.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { kind: 'string', literal: (e as ts.StringLiteral).text };
    case SyntaxKind.TemplateExpression:
      return { kind: 'template' };
    case SyntaxKind.NumericLiteral:
      return { kind: 'number', literal: Number((e as ts.NumericLiteral).text) };
    case SyntaxKind.TrueKeyword:
      return { kind: 'bool', literal: true };
    case SyntaxKind.FalseKeyword:
      return { kind: 'bool', literal: false };
    case SyntaxKind.NullKeyword:
      return { kind: 'none' };
    case SyntaxKind.ArrayLiteralExpression:
      return { kind: 'list' };
    case SyntaxKind.ObjectLiteralExpression:
      return { kind: 'dict' };
    case SyntaxKind.Identifier:
      return (e as ts.Identifier).text === 'undefined' ? { kind: 'none' } : { kind: 'name' };
    case SyntaxKind.CallExpression:
      return { kind: 'call' };
    default: {
      const folded = foldBoolean(e);
      return folded === undefined ? { kind: 'other' } : { kind: 'bool', literal: folded };
    }
  }
}

/** `headers['authorization']`, `headers.get('authorization')`: a string that names a member read. */
function isKeyRead(literal: ts.StringLiteral): boolean {
  const parent = literal.parent;
  if (isElementAccessExpression(parent)) return parent.argumentExpression === literal;
  return isCallExpression(parent) && parent.arguments.length === 1 && isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'get';
}

/**
 * The regular expression a value is, when written in place: a literal (`/(a+)+$/i`) or
 * `new RegExp("…", "flags")` / `RegExp("…")` with string literals (read through `const`s).
 */
function fixedRegex(e: ts.Expression): RegexPattern | undefined {
  if (e.kind === SyntaxKind.RegularExpressionLiteral) {
    const text = (e as ts.RegularExpressionLiteral).text;
    const end = text.lastIndexOf('/');
    return end > 0 ? { source: text.slice(1, end), flags: text.slice(end + 1), syntax: 'ecmascript' } : undefined;
  }
  if (e.kind === SyntaxKind.NewExpression || e.kind === SyntaxKind.CallExpression) {
    const made = regexConstruction(e as ts.NewExpression | ts.CallExpression);
    return made && { ...made, syntax: 'ecmascript' };
  }
  return undefined;
}

/** `new RegExp("src", "flags")`, `RegExp(SRC)`: the source and flags when both are string literals (or absent flags). */
function regexConstruction(call: ts.NewExpression | ts.CallExpression): { source: string; flags: string } | undefined {
  const callee = skipOuter(call.expression);
  const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && /^(?:window|globalThis)$/.test(callee.expression.text) ? callee.name.text : undefined;
  if (name !== 'RegExp') return undefined;
  const [source, flags, ...rest] = call.arguments ?? [];
  if (!source || rest.length) return undefined;
  const text = (node: ts.Expression) => {
    const value = skipOuter(node).kind === SyntaxKind.Identifier ? resolveConst(node) : skipOuter(node);
    return value.kind === SyntaxKind.StringLiteral || value.kind === SyntaxKind.NoSubstitutionTemplateLiteral ? (value as ts.StringLiteral).text : undefined;
  };
  const pattern = text(source);
  const given = flags ? text(flags) : '';
  return pattern !== undefined && given !== undefined ? { source: pattern, flags: given } : undefined;
}
