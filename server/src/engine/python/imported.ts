import { exportedFunction, exportedFunctions, type ExportedFunction, type ExportedSource, type ImportedModule, type ModuleSummary, type ProjectModules } from '../modules';
import { CLEAN, clearFor, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import type { TaintStep } from '../types';
import type { ModuleImports } from './imports';
import type { Summary } from './summaries';

/**
 * Cross-module taint, the importing side: a call to a name imported from a project module
 * (`from app.search import q`, `from .search import q`, `import app.search as s; s.q()`) gets
 * the summary the embedder's ProjectModules gives for it, like a same-file function's.
 */

/** How many `from .x import y` re-exports a name is followed through (package `__init__` files). */
const MAX_REEXPORT_HOPS = 4;

/** What a summary of another module's function carries besides a same-file one's. */
export interface ImportedOrigin {
  /** The module's file as traces name it. */
  path: string;
  /** Its `def` line (1-based), when known. */
  line?: number;
  sources: readonly ExportedSource[];
}

/** The summary of `written` (`q`, `search.q`) when it names a function of a project module. */
export function importedSummary(written: string, imports: ModuleImports, modules: ProjectModules, fromPath: string): Summary | undefined {
  const target = imports.target(written);
  if (!target) return undefined;
  const [module, name] = splitTarget(target);
  if (!module) return undefined;
  // `UserDao.find` after `from app.dao import UserDao`: the method `UserDao.find` of module `app.dao`.
  const found = functionThroughReexports(modules.resolve(fromPath, module, 'python'), name, modules) ?? classMethod(module, name, modules, fromPath);
  if (!found) return undefined;
  const [imported, fn] = found;
  const params = fn.params.map(({ index, name, cleared }) => ({ index, name, ...(cleared && { cleared }) }));
  const origin: ImportedOrigin = { path: imported.label ?? imported.path, line: fn.line, sources: fn.sources };
  // The signature is what callers' cache entries compare: the module, its lines and labels included.
  const sinks = fn.sinks ?? [];
  const signature = `${written}@${origin.path}:${fn.line ?? ''}${JSON.stringify(fn.params)}${JSON.stringify(fn.sources)}${sinks.length > 0 ? JSON.stringify(sinks) : ''}${fn.callableSinks ? `^${JSON.stringify(fn.callableSinks)}` : ''}`;
  return { name: written, params, sources: CLEAN, sinks, signature, deps: [], imported: origin, ...(fn.receiver && { receiver: fn.receiver }), ...(fn.callableSinks && { callableSinks: fn.callableSinks }) };
}

function classMethod(classPath: string, method: string, modules: ProjectModules, fromPath: string): [ImportedModule, ExportedFunction] | undefined {
  const [module, className] = splitTarget(classPath);
  return module ? functionThroughReexports(modules.resolve(fromPath, module, 'python'), `${className}.${method}`, modules) : undefined;
}

/** Whether `written` names a project module's class with a method whose parameters reach a sink (`UserDao` in `UserDao(conn).find(q)`). */
export function importedClassReachesSink(written: string, imports: ModuleImports, modules: ProjectModules, fromPath: string): boolean {
  const target = imports.target(written);
  if (!target) return false;
  const [module, className] = splitTarget(target);
  const resolved = module ? modules.resolve(fromPath, module, 'python') : undefined;
  return !!resolved && exportedFunctions(resolved, (name) => name.startsWith(`${className}.`)).some(([, fn]) => (fn.sinks?.length ?? 0) > 0);
}

/** `app.search.q` → [`app.search`, `q`]; `..q` → [`..`, `q`]; `.q` → [`.`, `q`]; `os` (a module called) → [``, `os`]. */
function splitTarget(target: string): [string, string] {
  const dot = target.lastIndexOf('.');
  if (dot < 0) return ['', target];
  const module = target.slice(0, dot);
  return /^\.*$/.test(module) ? [target.slice(0, dot + 1), target.slice(dot + 1)] : [module, target.slice(dot + 1)];
}

/** The function `name` of a module, following its re-exports (`from .search import q` in `__init__.py`). */
function functionThroughReexports(module: ImportedModule | undefined, name: string, modules: ProjectModules): [ImportedModule, ExportedFunction] | undefined {
  for (let hop = 0; module && hop <= MAX_REEXPORT_HOPS; hop++) {
    const fn = exportedFunction(module, name);
    if (fn) return [module, fn];
    const reexport = module.summary.reexports && Object.hasOwn(module.summary.reexports, name) ? module.summary.reexports[name] : undefined;
    if (!reexport) return undefined;
    [, name] = reexport;
    module = modules.resolve(module.path, reexport[0], 'python');
  }
  return undefined;
}

/**
 * Where a source read in another module was read: kept beside the taint (by its source step)
 * so that this module's own summary can pass it on to its importers (transitive imports).
 */
const origins = new WeakMap<TaintStep, { path: string; line: number }>();

/**
 * The taint of a call to another module's function: the flowing arguments' taint, and each
 * source it returns as read at the call, with a step naming the file and line that reads it.
 */
export function applyImported(origin: ImportedOrigin, name: string, flowing: Taint, call: TaintStep['range']): Taint {
  const where = (path: string, line: number | undefined) => `${path}${line === undefined ? '' : ` line ${line}`}`;
  let taint = withStep(flowing, { range: call, label: `returned by \`${name}()\` (${where(origin.path, origin.line)})` });
  for (const source of origin.sources) {
    const path = source.path ?? origin.path;
    const step: TaintStep = { range: call, label: source.label };
    origins.set(step, { path, line: source.line });
    let read = sourceTaint(step, source.lowConfidence ? 'low' : 'high');
    if (source.cleared) read = clearFor(read, source.cleared);
    taint = union(taint, withStep(read, { range: call, label: `returned by \`${name}()\` (${where(path, source.line)} reads ${source.label})` }));
  }
  return taint;
}

/** Plain data of a summary for importers (see modules.ts): the module's own sources by line, others by their file. */
export function exportedOf(summary: Summary, line: number): ExportedFunction {
  const sources: ExportedSource[] = [];
  for (const label of summary.sources) {
    const origin = origins.get(label.source);
    const source: ExportedSource = origin ? { label: label.source.label, line: origin.line, path: origin.path } : { label: label.source.label, line: label.source.range.start.line + 1 };
    if (label.confidence === 'low') source.lowConfidence = true;
    if (label.cleared) source.cleared = [...label.cleared];
    if (!sources.some((s) => s.label === source.label && s.line === source.line && s.path === source.path)) sources.push(source);
  }
  const exported: ExportedFunction = { params: summary.params.map((p) => ({ ...p, ...(p.cleared && { cleared: [...p.cleared] }) })), sources, line };
  if (summary.receiver) exported.receiver = summary.receiver;
  if (summary.sinks.length > 0) exported.sinks = summary.sinks.map((s) => ({ ...s }));
  if (summary.callableSinks?.length) exported.callableSinks = summary.callableSinks.map((s) => ({ ...s }));
  return exported;
}

/** Whether a function's summary is worth a place in its module's: it returns something tainted or its parameters reach a sink. */
export function exported(summary: Summary): boolean {
  return summary.params.length > 0 || summary.sources.length > 0 || summary.sinks.length > 0 || (summary.callableSinks?.length ?? 0) > 0;
}

/** A module's summary: its functions that return something tainted or whose parameters reach a sink, and the names it imports from others (re-exports). */
export function moduleSummary(functions: Iterable<[string, Summary | undefined, number]>, imports: ModuleImports): ModuleSummary {
  const out: ModuleSummary = { functions: {} };
  const defined = new Set<string>();
  for (const [name, summary, line] of functions) {
    defined.add(name);
    if (summary && exported(summary)) out.functions[name] = exportedOf(summary, line);
  }
  for (const [local, [module, name]] of imports.fromImports()) {
    if (defined.has(local)) continue;
    (out.reexports ??= {})[local] = [module, name];
  }
  return out;
}
