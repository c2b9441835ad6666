import type * as ts from 'typescript';
import {
  SyntaxKind,
  isBinaryExpression,
  isBlock,
  isClassDeclaration,
  isClassExpression,
  isConstructorDeclaration,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isParameter,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isSourceFile,
  isTypeReferenceNode,
  isVariableStatement,
} from './compiler';
import { skipOuter } from './syntax';

// Which method of a class in this file a call like `dao.findByName(q)` runs, so the taint walk can
// use that method's summary as it does a function's: DAO and service classes called with request data.

/** The file's top-level classes by name. */
export type FileClasses = ReadonlyMap<string, ts.ClassLikeDeclaration>;

/** What resolving a receiver read: the statements it found a declaration in (the per-statement cache depends on them). */
export type DeclarationUse = (node: ts.Node) => void;

/** What a method call's receiver is: `this` of a class here, or a class named in this file (its instance or itself). */
export type Receiver = { cls: ts.ClassLikeDeclaration } | { className: string; instance: boolean };

/**
 * The method of `receiver.method(...)` when the receiver is, in this file: `this` inside a class,
 * the class itself (static), a variable initialised with `new Class(...)` in an enclosing block,
 * or a field of `this` given such a value or declared with the class's type (an injected
 * `constructor(private readonly orders: OrdersRepository)`). Undefined otherwise.
 */
export function classMethod(call: ts.PropertyAccessExpression, classes: FileClasses, isLocal: (name: string) => boolean, use: DeclarationUse): ts.MethodDeclaration | undefined {
  const receiver = receiverOf(call, isLocal, use);
  const cls = receiver && ('cls' in receiver ? receiver.cls : classes.get(receiver.className));
  if (!cls) return undefined;
  const name = call.name.text;
  for (const member of cls.members) {
    if (isMethodDeclaration(member) && member.body && isIdentifier(member.name) && member.name.text === name) return member;
  }
  return undefined;
}

/** The receiver of `receiver.method(...)` as far as this file tells (see classMethod); the class name may be an import. */
export function receiverOf(call: ts.PropertyAccessExpression, isLocal: (name: string) => boolean, use: DeclarationUse): Receiver | undefined {
  const receiver = skipOuter(call.expression);
  if (receiver.kind === SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(call);
    return cls && { cls };
  }
  if (isIdentifier(receiver)) {
    const className = instanceOf(receiver.text, call, use);
    if (className) return { className, instance: true };
    return isLocal(receiver.text) ? undefined : { className: receiver.text, instance: false };
  }
  if (isPropertyAccessExpression(receiver) && receiver.expression.kind === SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(call);
    const className = cls && fieldClass(cls, receiver.name.text, use);
    return className ? { className, instance: true } : undefined;
  }
  return undefined;
}

/** The class whose `this` a node sees: the nearest class, unless a `function` (its own `this`) comes first. */
function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isClassDeclaration(current) || isClassExpression(current)) return current;
    if (isFunctionDeclaration(current) || isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** `const dao = new OrdersDao(pool)` in a block around `at` (or at the top level): `OrdersDao`. */
function instanceOf(name: string, at: ts.Node, use: DeclarationUse): string | undefined {
  for (let current = at.parent; current; current = current.parent) {
    if (!isBlock(current) && !isSourceFile(current)) continue;
    for (const statement of current.statements) {
      if (!isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
        const className = constructed(declaration.initializer);
        if (className) use(statement);
        return className;
      }
    }
  }
  return undefined;
}

/** A field of the class holding an instance of a file class: `orders: OrdersDao`, `orders = new OrdersDao()`, `this.orders = new OrdersDao()` in the constructor. */
function fieldClass(cls: ts.ClassLikeDeclaration, field: string, use: DeclarationUse): string | undefined {
  use(cls);
  for (const member of cls.members) {
    if (isPropertyDeclaration(member) && isIdentifier(member.name) && member.name.text === field) {
      return typed(member.type) ?? (member.initializer && constructed(member.initializer));
    }
    if (!isConstructorDeclaration(member)) continue;
    for (const param of member.parameters) {
      if (isParameter(param) && isIdentifier(param.name) && param.name.text === field && param.modifiers?.length) return typed(param.type);
    }
    for (const statement of member.body?.statements ?? []) {
      if (!isExpressionStatement(statement) || !isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      const assigned = operatorToken.kind === SyntaxKind.EqualsToken && isPropertyAccessExpression(left) && left.expression.kind === SyntaxKind.ThisKeyword && left.name.text === field;
      if (assigned) return constructed(right);
    }
  }
  return undefined;
}

function typed(type: ts.TypeNode | undefined): string | undefined {
  return type && isTypeReferenceNode(type) && isIdentifier(type.typeName) ? type.typeName.text : undefined;
}

function constructed(init: ts.Expression): string | undefined {
  const value = skipOuter(init);
  return isNewExpression(value) && isIdentifier(value.expression) ? value.expression.text : undefined;
}
