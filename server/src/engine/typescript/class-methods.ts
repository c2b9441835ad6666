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

/**
 * The method of `receiver.method(...)` when the receiver is, in this file: `this` inside a class,
 * the class itself (static), a variable initialised with `new Class(...)` in an enclosing block,
 * or a field of `this` given such a value or declared with the class's type (an injected
 * `constructor(private readonly orders: OrdersRepository)`). Undefined otherwise.
 */
export function classMethod(call: ts.PropertyAccessExpression, classes: FileClasses, isLocal: (name: string) => boolean, use: DeclarationUse): ts.MethodDeclaration | undefined {
  const cls = receiverClass(skipOuter(call.expression), call, classes, isLocal, use);
  if (!cls) return undefined;
  const name = call.name.text;
  for (const member of cls.members) {
    if (isMethodDeclaration(member) && member.body && isIdentifier(member.name) && member.name.text === name) return member;
  }
  return undefined;
}

function receiverClass(receiver: ts.Expression, at: ts.Node, classes: FileClasses, isLocal: (name: string) => boolean, use: DeclarationUse): ts.ClassLikeDeclaration | undefined {
  if (receiver.kind === SyntaxKind.ThisKeyword) return enclosingClass(at);
  if (isIdentifier(receiver)) {
    const own = classes.get(receiver.text);
    if (own && !isLocal(receiver.text)) return own;
    return instanceOf(receiver.text, at, classes, use);
  }
  if (isPropertyAccessExpression(receiver) && receiver.expression.kind === SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(at);
    return cls && fieldClass(cls, receiver.name.text, classes, use);
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

/** `const dao = new OrdersDao(pool)` in a block around `at` (or at the top level). */
function instanceOf(name: string, at: ts.Node, classes: FileClasses, use: DeclarationUse): ts.ClassLikeDeclaration | undefined {
  for (let current = at.parent; current; current = current.parent) {
    if (!isBlock(current) && !isSourceFile(current)) continue;
    for (const statement of current.statements) {
      if (!isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
        const cls = constructed(declaration.initializer, classes);
        if (cls) use(statement);
        return cls;
      }
    }
  }
  return undefined;
}

/** A field of the class holding an instance of a file class: `orders: OrdersDao`, `orders = new OrdersDao()`, `this.orders = new OrdersDao()` in the constructor. */
function fieldClass(cls: ts.ClassLikeDeclaration, field: string, classes: FileClasses, use: DeclarationUse): ts.ClassLikeDeclaration | undefined {
  use(cls);
  for (const member of cls.members) {
    if (isPropertyDeclaration(member) && isIdentifier(member.name) && member.name.text === field) {
      return typed(member.type, classes) ?? (member.initializer && constructed(member.initializer, classes));
    }
    if (!isConstructorDeclaration(member)) continue;
    for (const param of member.parameters) {
      if (isParameter(param) && isIdentifier(param.name) && param.name.text === field && param.modifiers?.length) return typed(param.type, classes);
    }
    for (const statement of member.body?.statements ?? []) {
      if (!isExpressionStatement(statement) || !isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      const assigned = operatorToken.kind === SyntaxKind.EqualsToken && isPropertyAccessExpression(left) && left.expression.kind === SyntaxKind.ThisKeyword && left.name.text === field;
      if (assigned) return constructed(right, classes);
    }
  }
  return undefined;
}

function typed(type: ts.TypeNode | undefined, classes: FileClasses): ts.ClassLikeDeclaration | undefined {
  return type && isTypeReferenceNode(type) && isIdentifier(type.typeName) ? classes.get(type.typeName.text) : undefined;
}

function constructed(init: ts.Expression, classes: FileClasses): ts.ClassLikeDeclaration | undefined {
  const value = skipOuter(init);
  return isNewExpression(value) && isIdentifier(value.expression) ? classes.get(value.expression.text) : undefined;
}
