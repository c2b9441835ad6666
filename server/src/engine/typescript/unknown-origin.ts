import type * as ts from 'typescript';
import { SyntaxKind, isIdentifier, isObjectBindingPattern, isVariableDeclaration, isPropertyAssignment } from './compiler';
import { CLEAN, type Taint } from '../taint/taint';
import { unknownOriginTaint, unknownParameterLabel } from '../taint/unknown-origin';
import type { FunctionNode } from './syntax';
import type { TaintStep } from '../types';

/** Annotations whose values can carry no text an injection needs. */
const SCALAR_TYPES = new Set<SyntaxKind>([SyntaxKind.NumberKeyword, SyntaxKind.BooleanKeyword, SyntaxKind.BigIntKeyword]);

/**
 * What a parameter of a function that is no handler holds on entry in the unknown-origin tier: a
 * label of unknown origin naming it (its callers may be out of view); a destructured one, a label
 * per property. Not `this`, nor a scalar by annotation, nor a rest parameter (each caller's own list).
 */
export function unknownParameter(
  fn: FunctionNode,
  param: ts.ParameterDeclaration,
  sf: ts.SourceFile,
  step: (node: ts.Node, label: string) => TaintStep,
): { taint: Taint; member?: (property: string, node: ts.Node) => Taint } {
  if (param.dotDotDotToken || (param.type && SCALAR_TYPES.has(param.type.kind))) return { taint: CLEAN };
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
