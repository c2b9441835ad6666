import type { SpecLanguage } from './rules/spec-types';

/**
 * Cross-module taint: what an importing file needs to know of another project module. The
 * engine stays pure: it never reads files. Whoever embeds it (the CLI, the language server)
 * supplies `ProjectModules`, which finds the imported file, reads it and asks the engine for
 * its summary (`Engine.summarize`). Plain data, so CLI worker threads can pass it around.
 */

/** Request data an exported function reads itself and returns (e.g. Flask's `request.args`). */
export interface ExportedSource {
  /** The source's label as it reads in the module's own trace, e.g. "`request.args`". */
  label: string;
  /** 1-based line in the module's file, for the trace step ("`app/filters.py` line 14"). */
  line: number;
  /** The file that reads it (as traces name it, see ImportedModule.label) when that is not this module (a source returned through a further import); `line` is then that file's. */
  path?: string;
  /** A low-confidence source (environment, argv) stays low across modules. */
  lowConfidence?: boolean;
  /** Rules the value no longer matters to (a sanitizer for some rules only, a source's `notFor`), as in `TaintLabel.cleared`. */
  cleared?: string[];
}

/** A parameter whose value can reach the return value. */
export interface ExportedParam {
  index: number;
  name: string;
  rest?: boolean;
  /** Rules the argument no longer matters to on its way out (`escapeHtml(s)` clears `xss`; a constant URL origin clears `url-origin`). */
  cleared?: string[];
  /**
   * Request data returned when the caller passes a request-like object of a spec role
   * (`getSearchTerm(req)` with Express's `req`, role `request`): role → what the function
   * reads of it and returns. A request object is not itself tainted, only its members are.
   */
  roles?: Record<string, ExportedSource[]>;
}

/** What calling an exported function returns, as a function of its arguments. */
export interface ExportedFunction {
  /** Parameters (by position, and by name for keyword arguments) whose value can reach the return value. */
  params: ExportedParam[];
  /** Request data the function returns of its own. */
  sources: ExportedSource[];
  /** 1-based line of its `def`/declaration, for the trace step of a parameter flowing through it. */
  line?: number;
  /** Parameters that reach a sink inside the function (or inside a function it calls): a caller passing request data there has the finding. */
  sinks?: ExportedSink[];
  /** Python: a method's first parameter (`self`, `cls`), which a call on an instance or the class binds. */
  receiver?: string;
  /**
   * The function returns a function chosen at run time (`return getattr(module, "do_" + name)`, `return HANDLERS[name]`):
   * the sinks the candidates' parameters reach, `param` being the argument of the call of the returned function.
   */
  callableSinks?: ExportedSink[];
  /** Python: parameters holding a function that the function calls with another parameter (`def fetch(opener, url): opener(url)`); see ParamCall. */
  paramCalls?: ParamCall[];
}

/** `param` (a function passed in) is called with the value of parameter `from` as its argument `arg`, at `line`. */
export interface ParamCall {
  param: number;
  arg: number;
  from: number;
  /** The name of parameter `from`, for the finding's path. */
  fromName: string;
  line: number;
}

/**
 * A parameter that reaches a dangerous call inside a function: `def find_products(term):
 * cursor.execute(f"... {term}")`. The finding is reported at the caller's argument (the
 * caller's file is the one analyzed, in the editor as in the CLI), naming the sink and where it is.
 */
export interface ExportedSink {
  /** The parameter (by position and name, `rest` for `...args`/`*args`). */
  param: number;
  name: string;
  rest?: boolean;
  /** The rule the sink belongs to (`sql-injection`, `ssrf`, ...). */
  ruleId: string;
  /** The sink as the trace names it, e.g. "`cursor.execute`". */
  sink: string;
  /** 1-based line of the sink, and the file it is in when that is not this module (a sink reached through a further call). */
  line: number;
  path?: string;
  /** A URL sink (`fetch(url)`): only data that can choose the URL's origin counts, not a value after the caller's constant `https://host/`. */
  originOnly?: boolean;
  /** The sink's own message (a key in the rule's `messages`, see SinkSpec.message). */
  message?: string;
}

/** One module's exported functions (top-level `def`s; TS `export function`/`export const f = () =>`/default export). */
export interface ModuleSummary {
  /** Exported name → summary. Functions that return nothing tainted and reach no sink are left out (the common case). */
  functions: Record<string, ExportedFunction>;
  /**
   * Names the module re-exports from others (`export { q } from './db'`, `from .db import q` in `__init__.py`): name → [specifier, name there].
   * A name there of `'*'` re-exports all of that module's names (`export * from './db'`, keyed `'*./db'` so several can coexist);
   * importers look a name up there after the module's own functions and named re-exports.
   */
  reexports?: Record<string, [string, string]>;
  /**
   * FastAPI dependency aliases the module defines (`CurrentUser = Annotated[User, Depends(get_current_user)]`):
   * alias → the dependency it calls as written. A handler parameter typed with one holds no request data.
   */
  dependencyAliases?: Record<string, string>;
  /**
   * Routers this module includes behind authentication: FastAPI's `app.include_router(router,
   * dependencies=[Depends(get_admin)])` (or into an app/router created with such dependencies),
   * Express/Koa's `app.use('/admin', requireAuth, adminRouter)` (or after `app.use(requireAuth)`):
   * [module specifier as written here, the router's name there (`default` for a default import or a
   * whole `require`)]. The router's own module reads it from its enclosing packages (Python) or the
   * modules that assemble the app (TS/JS: `app`, `index`, `server`, ... up the folders), so its routes
   * are not reported by missing-auth.
   */
  guardedIncludes?: [string, string][];
  /** Libraries the module imports (ids of the language's taint-spec `libraries`): a name imported from it may be one of their objects (`reviews()` of a module that imports `mongodb`). */
  libraries?: string[];
}

/** A resolved import: the project file it names (workspace-relative or absolute, as the embedder spells paths) and its summary. */
export interface ImportedModule {
  path: string;
  /** How a trace names the file when that differs from `path` (the server's paths are absolute; traces show workspace-relative ones). */
  label?: string;
  /** The module's summary; its `functions` may be left empty for `function` to answer (read them with exportedFunction). */
  summary: ModuleSummary;
  /** One exported function, computed when first asked (see ModuleSummarizer): what the summary's `functions` would hold under that name. */
  function?(name: string): ExportedFunction | undefined;
  /** The names `function` may answer for, in the module's order. */
  functionNames?: readonly string[];
}

/** The function `name` of a resolved module (only that one computed, where the embedder computes them as asked). */
export function exportedFunction(module: ImportedModule, name: string): ExportedFunction | undefined {
  if (module.function) return module.function(name);
  return Object.hasOwn(module.summary.functions, name) ? module.summary.functions[name] : undefined;
}

/** The module's exported functions whose names `wanted` accepts, in the module's order (only those computed). */
export function exportedFunctions(module: ImportedModule, wanted: (name: string) => boolean): [string, ExportedFunction][] {
  const names = module.function ? (module.functionNames ?? []) : Object.keys(module.summary.functions);
  return names.filter(wanted).flatMap((name): [string, ExportedFunction][] => {
    const fn = exportedFunction(module, name);
    return fn ? [[name, fn]] : [];
  });
}

/**
 * One module's summary, a function at a time (Engine.summarizer): importers ask for few of a
 * module's functions, and a function's summary walks it (issue 21: most of a Python scan's
 * summaries were never asked for). It keeps the module's tree and what the walks share until
 * `release`.
 */
export interface ModuleSummarizer {
  /** The summary without its functions: re-exports, dependency aliases, guarded includes, libraries. */
  readonly head: ModuleSummary;
  /** The functions and methods (`Class.method`) `function` may answer for, in the module's order. */
  readonly names: readonly string[];
  /** What `summary.functions[name]` of the whole summary holds (undefined: it returns nothing tainted and reaches no sink, or is no function of the module). */
  function(name: string): ExportedFunction | undefined;
  /** Lets go of the tree and the walks' state; `function` is not called after. */
  release(): void;
}

/**
 * Supplied by the embedder. `resolve` answers undefined for anything that is not a project file
 * (an npm/pip package, a missing file), for an import cycle being summarized, or when its
 * budget is spent: the analysis then treats the call as unknown, as before cross-module taint.
 */
export interface ProjectModules {
  /** The module `specifier` (as written: `./db`, `@/lib/db`, `app.services.search`, `.search`) names when imported from `fromPath`. */
  resolve(fromPath: string, specifier: string, language: SpecLanguage): ImportedModule | undefined;
  /**
   * The modules of the package `specifier` names (Python: the other `.py` files beside its `__init__.py`), as
   * [name, module]: what `import_module(f"pkg.{name}")` can load. Optional; undefined when it is no package.
   */
  submodules?(fromPath: string, specifier: string, language: SpecLanguage): [string, ImportedModule][] | undefined;
}

/**
 * Other project files a fix needs to read (the `package.json` it adds a dependency to, the
 * middleware or root layout a CSP fix completes), supplied by the embedder like ProjectModules:
 * the engine still reads no file itself. Paths are spelled as the analyzed file's path is.
 */
export interface ProjectFiles {
  /** The text of the file (an open document's unsaved text first), or undefined when there is none. */
  read(path: string): string | undefined;
}

/**
 * Files as they were at the base revision the changes are reviewed against (git HEAD, or the
 * CLI's `--changed-since` ref), supplied by the embedder (the engine runs no git): a lockfile's
 * packages that run code on install are reported when they are new since then. Paths are spelled
 * as the analyzed file's path is.
 */
export interface BaseFiles {
  /** The file's text at the base; `null`: not in the base (a new file); `undefined`: no base known. */
  read(path: string): string | null | undefined;
}
