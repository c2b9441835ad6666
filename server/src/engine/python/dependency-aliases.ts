import type { ModuleSummary, ProjectModules } from '../modules';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { ModuleImports } from './imports';
import type { Lazy } from './module-index';
import type { Node, Source } from './syntax';

/**
 * FastAPI dependency aliases: `CurrentUser = Annotated[User, Depends(get_current_user)]` at a
 * module's top level, used as a parameter type (`user: CurrentUser`, `session: SessionDep`).
 * FastAPI fills such a parameter by calling the dependency, so it holds no request data, and
 * a dependency that authenticates protects the route as `Depends(get_current_user)` would.
 * Aliases are usually defined in a shared `deps.py` and imported: cross-module, they travel in
 * the module summary (`dependencyAliases`), and an importer resolves the names it annotates with.
 */

/**
 * Alias name → the dependency it calls, as written (`get_current_user`; `` for `Depends()`). A
 * dependency that is an instance made at the module's top level carries its factory in parentheses:
 * `_OrdersWrite = Authenticator(required_scopes=…)` then `OrdersWrite = Annotated[…, Depends(_OrdersWrite)]`
 * gives `_OrdersWrite (Authenticator)`, so that what the instance does can be told by its factory.
 */
export type DependencyAliases = ReadonlyMap<string, string>;

/** The dependency's name as code calls it: `_OrdersWrite` of `_OrdersWrite (Authenticator)`. */
export function dependencyName(dependency: string): string {
  const paren = dependency.indexOf(' (');
  return paren < 0 ? dependency : dependency.slice(0, paren);
}

export const NO_ALIASES: DependencyAliases = new Map();

/** How many re-exports (`from .deps import CurrentUser` in `__init__.py`) an alias is followed through. */
const MAX_REEXPORT_HOPS = 4;

/** The last segments of the handlers' `safeDefaults` (`Depends`, `Security`): what marks a dependency. */
function dependencyCallNames(spec: CompiledTaintSpec): string[] {
  const names = new Set<string>();
  for (const handler of spec.handlers) for (const callee of handler.spec.safeDefaults ?? []) names.add(callee.slice(callee.lastIndexOf('.') + 1));
  return [...names].filter((n) => /^\w+$/.test(n));
}

/** `Name = Annotated[T, Depends(dep)]`, `Name: TypeAlias = Annotated[...]`, `type Name = Annotated[...]`. */
function aliasPattern(spec: CompiledTaintSpec): RegExp | undefined {
  const calls = dependencyCallNames(spec);
  if (calls.length === 0) return undefined;
  return new RegExp(`^(?:type\\s+)?([A-Za-z_]\\w*)\\s*(?::[^=\\n]*)?=\\s*(?:[\\w.]+\\.)?Annotated\\s*\\[[\\s\\S]*?\\b(?:${calls.join('|')})\\(\\s*([\\w.]*)`);
}

const patterns = new WeakMap<CompiledTaintSpec, RegExp | null>();

/** `_OrdersWrite = Authenticator(` at a module's top level: an instance and the factory that made it. */
const INSTANCE = /^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*([A-Za-z_][\w.]*)\s*\(/;

/** The aliases a module defines at its top level. */
export function localAliases(statements: readonly Lazy<Node>[], src: Source, spec: CompiledTaintSpec): Map<string, string> {
  let pattern = patterns.get(spec);
  if (pattern === undefined) patterns.set(spec, (pattern = aliasPattern(spec) ?? null));
  const out = new Map<string, string>();
  if (!pattern) return out;
  const factories = new Map<string, string>();
  for (const statement of statements) {
    if (statement.type !== 'expression_statement' && statement.type !== 'type_alias_statement') continue;
    const text = src.text.slice(statement.start, statement.end);
    const made = INSTANCE.exec(text);
    if (made) factories.set(made[1], made[2]);
    if (!text.includes('Annotated')) continue;
    const match = pattern.exec(text);
    if (match) out.set(match[1], match[2]);
  }
  for (const [alias, dependency] of out) {
    const factory = factories.get(dependency);
    if (factory) out.set(alias, `${dependency} (${factory})`);
  }
  return out;
}

/**
 * A parameter annotated with a name (`user: CurrentUser`, `db: SessionDep = None`) or a module's
 * name (`auth_subject: auth.OrganizationsCreate`): the names worth resolving.
 */
const ANNOTATION_NAME = /[(,]\s*\**[A-Za-z_]\w*\s*:\s*(?:([A-Za-z_]\w*)\.)?([A-Za-z_]\w*)(?=\s*[,)=])/g;

/**
 * The aliases a file can use: its own, and those it imports from project modules for the
 * names it annotates parameters with (one resolution per such name and analysis).
 */
export function moduleAliases(
  local: ReadonlyMap<string, string>,
  text: string,
  imports: ModuleImports,
  modules: ProjectModules | undefined,
  path: string,
): DependencyAliases {
  if (!modules) return local.size === 0 ? NO_ALIASES : local;
  const imported = new Map(imports.fromImports());
  let out: Map<string, string> | undefined;
  for (const [, module, name] of text.matchAll(ANNOTATION_NAME)) {
    const written = module === undefined ? name : `${module}.${name}`;
    if (local.has(written) || out?.has(written)) continue;
    const binding = imported.get(module ?? name);
    // `from . import auth` then `auth.OrganizationsCreate`: the alias `OrganizationsCreate` of module `.auth`.
    const specifier = module === undefined ? binding?.[0] : binding ? joinModule(binding[0], binding[1]) : imports.canonical(module);
    if (specifier === undefined) continue;
    const dependency = importedAlias(modules, path, specifier, module === undefined ? binding![1] : name);
    if (dependency !== undefined) (out ??= new Map(local)).set(written, dependency);
  }
  return out ?? (local.size === 0 ? NO_ALIASES : local);
}

/** `.` + `auth` → `.auth`; `app.orders` + `auth` → `app.orders.auth`. */
export function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? module + name : `${module}.${name}`;
}

function importedAlias(modules: ProjectModules, fromPath: string, specifier: string, name: string): string | undefined {
  let module = modules.resolve(fromPath, specifier, 'python');
  for (let hop = 0; module && hop <= MAX_REEXPORT_HOPS; hop++) {
    const aliases = module.summary.dependencyAliases;
    if (aliases && Object.hasOwn(aliases, name)) return aliases[name];
    const reexport = module.summary.reexports && Object.hasOwn(module.summary.reexports, name) ? module.summary.reexports[name] : undefined;
    if (!reexport) return undefined;
    [, name] = reexport;
    module = modules.resolve(module.path, reexport[0], 'python');
  }
  return undefined;
}

/** Part of every cache key of the file: a changed alias changes what its handlers' parameters hold. */
export function aliasSignature(aliases: DependencyAliases): string {
  return aliases.size === 0 ? '' : [...aliases].map(([name, dep]) => `${name}=${dep}`).sort().join(';');
}

/** What importers need: the module's aliases as plain data. */
export function exportedAliases(summary: ModuleSummary, local: ReadonlyMap<string, string>): ModuleSummary {
  if (local.size > 0) summary.dependencyAliases = Object.fromEntries(local);
  return summary;
}
