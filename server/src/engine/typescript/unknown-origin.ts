import type * as ts from 'typescript';
import { SyntaxKind, isIdentifier, isObjectBindingPattern, isVariableDeclaration, isPropertyAssignment, isUnionTypeNode } from './compiler';
import { CLEAN, type Taint } from '../taint/taint';
import { unknownOriginTaint, unknownParameterLabel } from '../taint/unknown-origin';
import type { FunctionNode } from './syntax';
import type { TaintStep } from '../types';

/** Annotations of text (or of anything), whose values can carry an injection. */
const TEXT_TYPES = new Set<SyntaxKind>([SyntaxKind.StringKeyword, SyntaxKind.AnyKeyword, SyntaxKind.UnknownKeyword]);

/** No annotation, or text: `string`, `any`, `unknown`, `string | undefined`. A number, an object type or a union of literals (`'asc' | 'desc'`: a fixed set) is not. */
function mayBeText(type: ts.TypeNode | undefined): boolean {
  if (!type) return true;
  if (TEXT_TYPES.has(type.kind)) return true;
  return isUnionTypeNode(type) && type.types.some((t) => TEXT_TYPES.has(t.kind));
}

/**
 * What a parameter of a function that is no handler holds on entry in the unknown-origin tier: a
 * label of unknown origin naming it (its callers may be out of view); a destructured one, a label
 * per property. Not `this`, nor one annotated with a type other than text, nor a rest parameter (each caller's own list).
 */
export function unknownParameter(
  fn: FunctionNode,
  param: ts.ParameterDeclaration,
  sf: ts.SourceFile,
  step: (node: ts.Node, label: string) => TaintStep,
): { taint: Taint; member?: (property: string, node: ts.Node) => Taint } {
  if (param.dotDotDotToken || !mayBeText(param.type)) return { taint: CLEAN };
  const name = functionName(fn, sf);
  const label = (p: string, node: ts.Node) => unknownOriginTaint(step(node, unknownParameterLabel(p, name)), p);
  if (isIdentifier(param.name)) return param.name.text === 'this' ? { taint: CLEAN } : { taint: label(param.name.text, param.name) };
  if (isObjectBindingPattern(param.name)) return { taint: CLEAN, member: label };
  return { taint: CLEAN };
}

/** `find` of `function find()`, `const find = () => …`, `find() {}`, `{ find: () => … }`. */
function functionName(fn: FunctionNode, sf: ts.SourceFile): string | undefined {
  if ('name' in fn && fn.name && (isIdentifier(fn.name) || fn.name.kind === SyntaxKind.PrivateIdentifier)) return fn.name.getText(sf);
  const parent = fn.parent;
  if (parent && (isVariableDeclaration(parent) || isPropertyAssignment(parent)) && isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
