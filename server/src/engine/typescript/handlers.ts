import type * as ts from 'typescript';
import { canHaveDecorators, getDecorators, isCallExpression, isIdentifier, isMethodDeclaration, isTypeReferenceNode } from './compiler';
import type { CompiledHandler } from '../rules/compiled-spec';
import type { HandlerParamSpec, HandlerSpec } from '../rules/spec-types';
import type { ImportedName } from './imports';
import { bodyStatements, dottedName, hasDirective, type FunctionNode } from './syntax';

/** Where a function sits, as far as handler specs care. */
export type HandlerPosition =
  | { kind: 'exported'; name: string }
  | { kind: 'default-export' }
  | { kind: 'callback'; callee: string | undefined }
  | { kind: 'other' };

export const OTHER_POSITION: HandlerPosition = { kind: 'other' };

/** What handler matching asks of the file a function is in; answered lazily by the walker. */
export interface HandlerFile {
  /** Whether the file starts with this directive (`'use server'`). */
  directive(directive: string): boolean;
  /** How a top-level name was imported, if it was. */
  imported(name: string): ImportedName | undefined;
  /** Whether the file imports one of these packages (or a subpath of one). */
  importsAny(modules: readonly string[]): boolean;
}

/** A handler parameter that carries user data, and how. */
export interface ParamSeed {
  param: ts.ParameterDeclaration;
  spec: HandlerParamSpec;
  handler: CompiledHandler;
}

/**
 * The handlers (from the spec, already filtered by their `files` globs) a function is, given
 * its position: `export async function GET`, `export default function Page`, the callback of
 * `app.get(...)`, a function in a `'use server'` file or with that directive in its body; or
 * wherever it is, by its own signature: `(req, res, next)`, `(request: FastifyRequest)`, a
 * NestJS method decorated `@Get()`.
 */
export function matchHandlers(fn: FunctionNode, position: HandlerPosition, handlers: readonly CompiledHandler[], file: HandlerFile): CompiledHandler[] {
  return handlers.filter((h) => {
    const m = h.spec.match;
    if (m.decorators) return false;
    if (m.exportedFunctions && !(position.kind === 'exported' && m.exportedFunctions.includes(position.name))) return false;
    if (m.defaultExport && position.kind !== 'default-export') return false;
    if (m.callbackOf && !(position.kind === 'callback' && h.callbackOf.matches(position.callee))) return false;
    if (m.directive) {
      const exported = position.kind === 'exported' || position.kind === 'default-export';
      if (!(exported && file.directive(m.directive)) && !hasDirective(bodyStatements(fn), m.directive)) return false;
    }
    if (m.parameterNames && !m.parameterNames.some((shape) => hasParameterNames(fn, shape))) return false;
    if (m.parameterTypes && !fn.parameters.some((p) => hasImportedType(p, m.parameterTypes!, file))) return false;
    if (m.methodDecorators && !(isMethodDeclaration(fn) && hasDecorator(fn, m.methodDecorators))) return false;
    if (m.imports && !file.importsAny(m.imports)) return false;
    return true;
  });
}

/** Whether a handler matches functions by their signature alone, wherever they are declared. */
export function matchesBySignature(spec: HandlerSpec): boolean {
  const m = spec.match;
  return !!(m.parameterNames || m.parameterTypes || m.methodDecorators);
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
  if (spec.decorators && !hasDecorator(param, spec.decorators)) return false;
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

/** `(req, res, next)` against `["req|request", "res|response", "next"]`: every parameter a plain name, in order. */
function hasParameterNames(fn: FunctionNode, shape: readonly string[]): boolean {
  const params = fn.parameters.filter((p) => !(isIdentifier(p.name) && p.name.text === 'this'));
  if (params.length !== shape.length) return false;
  return params.every((p, i) => isIdentifier(p.name) && shape[i].split('|').includes(p.name.text));
}

/** `req: Request` with `import { Request } from 'express'`, or `req: express.Request` with `import express from 'express'`. */
function hasImportedType(param: ts.ParameterDeclaration, types: NonNullable<HandlerSpec['match']['parameterTypes']>, file: HandlerFile): boolean {
  const type = param.type;
  if (!type || !isTypeReferenceNode(type)) return false;
  const ref = type.typeName;
  let imported: ImportedName | undefined;
  let name: string;
  if (isIdentifier(ref)) {
    imported = file.imported(ref.text);
    name = imported?.member ?? '';
  } else {
    imported = isIdentifier(ref.left) ? file.imported(ref.left.text) : undefined;
    name = imported && !imported.member ? ref.right.text : '';
  }
  if (!imported) return false;
  return types.some((t) => t.type === name && t.modules.some((m) => isModule(imported!.module, m)));
}

/** Whether `module` is the package `name` or one of its subpaths (`next/server` of `next`). */
export function isModule(module: string, name: string): boolean {
  return module === name || module.startsWith(`${name}/`);
}

/** `@Get()`, `@Get(':id')`, `@Body`: a decorator of one of these names (last dotted segment). */
function hasDecorator(node: ts.Node, names: readonly string[]): boolean {
  if (!canHaveDecorators(node)) return false;
  for (const decorator of getDecorators(node) ?? []) {
    const expression = isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
    const dotted = dottedName(expression);
    if (dotted && names.includes(dotted.slice(dotted.lastIndexOf('.') + 1))) return true;
  }
  return false;
}
