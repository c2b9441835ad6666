import type * as ts from 'typescript';
import { isIdentifier, isTypeReferenceNode } from './compiler';
import type { CompiledHandler } from '../rules/compiled-spec';
import type { HandlerParamSpec } from '../rules/spec-types';
import { bodyStatements, hasDirective, type FunctionNode } from './syntax';

/** Where a function sits, as far as handler specs care. */
export type HandlerPosition =
  | { kind: 'exported'; name: string }
  | { kind: 'default-export' }
  | { kind: 'callback'; callee: string | undefined }
  | { kind: 'other' };

export const OTHER_POSITION: HandlerPosition = { kind: 'other' };

/** A handler parameter that carries user data, and how. */
export interface ParamSeed {
  param: ts.ParameterDeclaration;
  spec: HandlerParamSpec;
  handler: CompiledHandler;
}

/**
 * The handlers (from the spec, already filtered by their `files` globs) a function is, given
 * its position: `export async function GET`, `export default function Page`, the callback of
 * `app.get(...)`, a function in a `'use server'` file or with that directive in its body.
 */
export function matchHandlers(fn: FunctionNode, position: HandlerPosition, handlers: readonly CompiledHandler[], fileDirectives: (d: string) => boolean): CompiledHandler[] {
  return handlers.filter((h) => {
    const m = h.spec.match;
    if (m.decorators) return false;
    if (m.exportedFunctions && !(position.kind === 'exported' && m.exportedFunctions.includes(position.name))) return false;
    if (m.defaultExport && position.kind !== 'default-export') return false;
    if (m.callbackOf && !(position.kind === 'callback' && h.callbackOf.matches(position.callee))) return false;
    if (m.directive) {
      const exported = position.kind === 'exported' || position.kind === 'default-export';
      if (!(exported && fileDirectives(m.directive)) && !hasDirective(bodyStatements(fn), m.directive)) return false;
    }
    return true;
  });
}

/** Which parameters of a matched handler are seeded, first matching handler and param spec winning. */
export function paramSeeds(fn: FunctionNode, handlers: readonly CompiledHandler[]): ParamSeed[] {
  const out: ParamSeed[] = [];
  fn.parameters.forEach((param, index) => {
    for (const handler of handlers) {
      const spec = handler.spec.params.find((p) => appliesTo(p, param, index) && !isSafe(handler, param));
      if (spec) {
        out.push({ param, spec, handler });
        return;
      }
    }
  });
  return out;
}

function appliesTo(spec: HandlerParamSpec, param: ts.ParameterDeclaration, index: number): boolean {
  if (spec.index !== undefined && spec.index !== '*' && spec.index !== index) return false;
  if (spec.annotations && !spec.annotations.includes(typeName(param.type) ?? '')) return false;
  // For a destructured parameter, `names` picks properties when it is bound, not the parameter.
  if (spec.names && isIdentifier(param.name) && !spec.names.includes(param.name.text)) return false;
  return true;
}

function isSafe(handler: CompiledHandler, param: ts.ParameterDeclaration): boolean {
  const type = typeName(param.type);
  return !!type && !!handler.spec.safeAnnotations?.includes(type);
}

/** The last segment of a type reference's name: `NextRequest`, `FormData` for `globalThis.FormData`. */
function typeName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !isTypeReferenceNode(type)) return undefined;
  return isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}
