import type * as ts from 'typescript';
import type { BackendInput } from '../backend';
import type { ExportedFunction, ExportedParam, ExportedSource, ModuleSummarizer, ModuleSummary } from '../modules';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { Taint } from '../taint/taint';
import { SyntaxKind } from './compiler';
import { exportsOf } from './exports';
import type { FunctionNode } from './syntax';
import { TaintWalker } from './taint-walker';
import { compileRouteAuth, guardedMounts, specsFor } from './route-auth/registered-routes';

/**
 * What files importing this one need (cross-module taint): the summaries of its exported
 * functions (ESM `export`s and CommonJS `module.exports`/`exports.f`), those that return
 * something tainted or pass a parameter to a sink only, and its re-exports. `export * from './db'` is the re-export
 * `'*./db': ['./db', '*']` (see ModuleSummary.reexports). Functions in an exported object or
 * static methods of an exported class are named `object.member` (`queries.byName`,
 * `default.byName` for `export default { byName }`, `Orders.search`).
 */
export function summarize(input: BackendInput<ts.SourceFile>): ModuleSummary {
  const module = exportedFunctions(input);
  const summary: ModuleSummary = { functions: {} };
  for (const name of module.names) {
    const exported = module.function(name);
    if (exported) summary.functions[name] = exported;
  }
  return { ...summary, ...module.head };
}

/**
 * The same a function at a time (ModuleSummarizer): importers ask for few of a module's
 * exports. The order they are asked in does not show: a summary that met another still being
 * computed (mutual recursion) is not kept (FunctionSummaries.compute), so each is what
 * summarize gives it.
 */
export function summarizer(input: BackendInput<ts.SourceFile>): ModuleSummarizer {
  const module = exportedFunctions(input);
  return { head: { functions: {}, ...module.head }, names: module.names, function: (name) => module.function(name), release() {} };
}

/** A module's exported functions, walked as asked, and the rest of its summary. */
function exportedFunctions(input: BackendInput<ts.SourceFile>) {
  const w = new TaintWalker(input);
  const { functions, reexports } = exportsOf(w.sf, w.facts);
  const roles = paramRoles(input.spec);
  const head: Omit<ModuleSummary, 'functions'> = {};
  if (reexports.size) head.reexports = Object.fromEntries(reexports);
  const libraries = w.receivers.importedLibraries;
  if (libraries.length) head.libraries = libraries;
  // Routers this module mounts behind authentication (`app.use('/admin', requireAuth, adminRouter)`): their modules ask (missing-auth).
  if (input.text.includes('.use(')) {
    const specs = specsFor(w.sf, input.catalog.frameworksOf('typescript').flatMap((f) => (f.routeAuth?.mounts ? [compileRouteAuth(f.routeAuth)] : [])));
    const mounts = guardedMounts(w.sf, specs);
    if (mounts.length) head.guardedIncludes = mounts;
  }
  return {
    head,
    names: [...functions.keys()],
    function(name: string): ExportedFunction | undefined {
      const fn = functions.get(name);
      if (!fn) return undefined;
      // A bug on odd code costs importers that one function's summary (the call is then unknown), not the file's.
      try {
        return exportedFunction(w, fn, roles);
      } catch {
        return undefined;
      }
    },
  };
}

function exportedFunction(w: TaintWalker, fn: FunctionNode, roles: readonly string[]): ExportedFunction | undefined {
  const summary = w.summaries.of(fn);
  if (!summary.params.length && !summary.own.length && !summary.sinks.length && !summary.paramCalls) return undefined;
  const params = summary.params.map((flowing): ExportedParam => {
    const param: ExportedParam = { index: flowing.index, name: w.text(fn.parameters[flowing.index].name) };
    if (flowing.rest) param.rest = true;
    if (flowing.cleared) param.cleared = [...flowing.cleared];
    if (!flowing.rest && !primitiveTyped(fn.parameters[flowing.index].type)) {
      for (const role of roles) {
        const sources = exportedSources(w.summaries.roleSources(fn, flowing.index, role));
        if (sources.length) (param.roles ??= {})[role] = sources;
      }
    }
    return param;
  });
  const exported: ExportedFunction = { params, sources: exportedSources(summary.own) };
  // The sink's place in this file is for this file's own traces only.
  if (summary.sinks.length) exported.sinks = summary.sinks.map(({ range: _range, ...sink }) => sink);
  if (summary.paramCalls) exported.paramCalls = summary.paramCalls.map(({ range: _range, ...call }) => call);
  return exported;
}

/**
 * A parameter declared a primitive (`term: string`, `ids: number[]`, `dir: 'asc' | 'desc'`) is no
 * request object, so what the function returns of one's members is nothing: no walk per role.
 */
function primitiveTyped(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  switch (type.kind) {
    case SyntaxKind.StringKeyword:
    case SyntaxKind.NumberKeyword:
    case SyntaxKind.BooleanKeyword:
    case SyntaxKind.BigIntKeyword:
    case SyntaxKind.SymbolKeyword:
    case SyntaxKind.UndefinedKeyword:
    case SyntaxKind.VoidKeyword:
    case SyntaxKind.NeverKeyword:
    case SyntaxKind.LiteralType:
      return true;
    case SyntaxKind.ArrayType:
      return primitiveTyped((type as ts.ArrayTypeNode).elementType);
    case SyntaxKind.ParenthesizedType:
      return primitiveTyped((type as ts.ParenthesizedTypeNode).type);
    case SyntaxKind.UnionType:
      return (type as ts.UnionTypeNode).types.every((t) => primitiveTyped(t));
    default:
      return false;
  }
}

function exportedSources(taint: Taint): ExportedSource[] {
  return taint.map((label) => {
    const source: ExportedSource = { label: label.source.label, line: label.source.range.start.line + 1 };
    if (label.confidence === 'low') source.lowConfidence = true;
    if (label.cleared?.length) source.cleared = [...label.cleared];
    return source;
  });
}

/** Roles a handler's parameter can have whose members are sources (`request`, `route-context`): what a request passed to a helper can be. */
function paramRoles(spec: CompiledTaintSpec): string[] {
  const roles = new Set<string>();
  for (const handler of spec.handlers) for (const param of handler.spec.params) if (param.role !== 'user-value' && spec.hasRoot(param.role)) roles.add(param.role);
  return [...roles];
}

