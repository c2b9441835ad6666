import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { AnalysisSettings, Engine, ExportedFunction, ImportedModule, ModuleSummarizer, ModuleSummary, ProjectModules } from '../engine';
import { clearProjectRootCache, projectRootOf } from './project-root';
import { clearPythonResolutionCache, isOutside, resolvePythonImport } from './python-resolve';
import { clearTypeScriptResolutionCache, resolveTypeScriptImport } from './typescript-resolve';

// Cross-module taint for the CLI and the language server: finds the file an import names,
// reads it (an open document's unsaved text first, else the disk) and asks the engine for its
// summary, kept per file until its text (or mtime and size) changes.

/** Which file an import names, per language: (importing file, specifier as written, root) → absolute file. */
export type ImportResolver = (fromFile: string, specifier: string, within: string) => string | undefined;

/** The resolvers by language. */
export const IMPORT_RESOLVERS: Readonly<Record<string, ImportResolver>> = {
  python: resolvePythonImport,
  typescript: (fromFile, specifier) => resolveTypeScriptImport(fromFile, specifier),
};

/** The files whose changes on disk may change an open document's imports: sources, and the configs TypeScript resolves `@/` aliases with. */
export const MODULE_WATCH_GLOB = '**/{*.py,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,tsconfig*.json,jsconfig.json}';

/** How deep imports are followed from the analyzed file (a route → a service → a helper → the db module). */
export const MAX_IMPORT_DEPTH = 4;
/** How many summaries one analysis may compute by default (cached ones are free): a keystroke must not read half the workspace. */
export const MAX_SUMMARIES_PER_ANALYSIS = 32;
/** Files whose summaries are kept (least recently used dropped first), and import resolutions. */
const MAX_CACHED_FILES = 4000;
const MAX_RESOLUTIONS = 20000;
/** How many modules of one package a dynamic `import_module(f"pkg.{name}")` is taken to load. */
const MAX_SUBMODULES = 64;

/** What one scan (or one server) may spend on other modules' summaries, and per analyzed file. */
export interface CrossModuleLimits {
  /** Summaries one analysis may compute (cached ones are free). */
  summariesPerAnalysis: number;
  /** Summaries computed over the provider's life (a scan). */
  summariesPerScan: number;
  /** Wall-clock milliseconds one analysis may spend summarizing other modules (resolving imports not counted: the first one loads the TypeScript compiler). */
  msPerAnalysis: number;
  /** Resident memory (bytes) past which no more summaries are computed. */
  rssBytes: number;
}

/** The editor's limits: a keystroke must not read half the workspace. */
export const EDITOR_LIMITS: CrossModuleLimits = { summariesPerAnalysis: MAX_SUMMARIES_PER_ANALYSIS, summariesPerScan: Infinity, msPerAnalysis: 5_000, rssBytes: 1.5 * 2 ** 30 };

export interface ProjectModulesOptions {
  engine: Engine;
  /**
   * Folders (absolute) whose files may be summarized. Without them, each importing file's
   * project root (`projectRootOf`): the same answer from any working folder, in CLI and editor.
   */
  roots?: readonly string[];
  /** The file (absolute) of a path the engine knows a document by. */
  fileOf(enginePath: string): string;
  /** The path the engine knows a file by, and how a trace names it. */
  pathOf(file: string): string;
  labelOf?(file: string): string;
  /** An open document's unsaved text; the file on disk otherwise. */
  openText?(file: string): string | undefined;
  resolvers?: Readonly<Record<string, ImportResolver>>;
  /**
   * Summaries one analysis may compute (default MAX_SUMMARIES_PER_ANALYSIS); `limits` wins.
   * Kept for callers that only change this one.
   */
  maxSummariesPerAnalysis?: number;
  /** Budgets and guards (default EDITOR_LIMITS). */
  limits?: Partial<CrossModuleLimits>;
  /**
   * Files do not change while this provider lives (one CLI scan): each file's stamp is read and
   * each cached summary checked once, not on every import of it, and importers are not recorded
   * (importersOf answers for the editor).
   */
  frozen?: boolean;
}

/**
 * One module's summary at an import depth: `depth` is how many more modules it may follow
 * (1: its own imports stay unknown). It depends only on the module's text, the settings and
 * its imports' summaries at depth - 1, never on who asked: computed once and shared by every
 * importer (issue 21: summaries cut by whichever import cycle was in progress were recomputed
 * per importer, 99 s and 4 GB for one file of Netflix/dispatch). Its functions are computed
 * as importers ask for them (ModuleSummarizer): most are never asked for.
 */
interface Entry {
  /** The text of an open document, or `mtime:size` of a file on disk. */
  stamp: string;
  taint: AnalysisSettings['taint'];
  depth: number;
  /** Nothing computed so far met an import cut by the depth: it holds at any greater depth. */
  complete: boolean;
  /** The summary without its functions (ModuleSummarizer.head); undefined for a file that has none (skipped, unreadable, unparsable). */
  head: ModuleSummary | undefined;
  headSignature: string;
  /** The functions `function` answers for. */
  names: readonly string[];
  /** The functions computed so far. */
  functions: Map<string, ComputedFunction>;
  /** The summaries it used: `depth\0file` (a module's head) or `depth\0file\0name` (one function) → their signature then. */
  deps: Map<string, string>;
  /** The check generation it was last found current in (see `generation`). */
  checked: number;
  /** The engine's summarizer while kept (see MAX_LIVE_SUMMARIZERS): a function asked after it was let go gets another. */
  summarizer?: ModuleSummarizer;
}

interface ComputedFunction {
  value: ExportedFunction | undefined;
  signature: string;
  /** The entry was complete when it had been computed: the same at any greater depth. */
  complete: boolean;
  /** How many of the entry's `deps` there were then: those it may have used (the functions computed before it may have been its callees). */
  deps: number;
}

/** One summary (a module's head, or one of its functions) being computed. */
interface Frame {
  file: string;
  depth: number;
  deps: Map<string, string>;
  /** An import below was cut by the depth: the summary holds at this depth only. */
  depthCut: boolean;
  /** A budget or guard stopped a summary below: it depends on what was computed before, never cached. */
  budgetCut: boolean;
}

/** A dependency's key: a module's head at an import depth, or one of its functions there. */
function depKey(depth: number, file: string, name?: string): string {
  return name === undefined ? `${depth}\u0000${file}` : `${depth}\u0000${file}\u0000${name}`;
}

function parseDepKey(key: string): { depth: number; file: string; name: string | undefined } {
  const [depth, file, name] = key.split('\u0000');
  return { depth: Number(depth), file, name };
}

/** Summaries kept per file: one per depth (and per settings' taint additions). */
const MAX_VARIANTS = 2 * MAX_IMPORT_DEPTH;
/**
 * Summarizers kept with their trees, the most recently used: a module's functions are asked
 * for by one importer after another, and one let go is made again (its setup, and its tree
 * unless a scan kept it) when asked. A scan's trees are shared and compact; the editor's are
 * parsed for the summary and held in native memory meanwhile.
 */
const MAX_LIVE_SUMMARIZERS = { scan: 1024, editor: 16 };

export class WorkspaceModules implements ProjectModules {
  private readonly entries = new Map<string, Entry[]>();
  /** Entries whose summarizer is kept, least recently used first. */
  private readonly live = new Set<Entry>();
  private readonly resolved = new Map<string, string | null>();
  private readonly origins = new Map<string, { from: string; folder: string; root: string } | null>();
  /** Imported file → the files that imported it (for re-analysis when it changes). */
  private readonly importers = new Map<string, Set<string>>();
  private readonly stack: Frame[] = [];
  private readonly limits: CrossModuleLimits;
  /** Summaries computed in this analysis, and over the provider's life. */
  private computed = 0;
  private computedInScan = 0;
  /** Milliseconds this analysis spent in finished summaries, and when the one under way began. */
  private spentMs = 0;
  private summaryStartedAt = 0;
  /** Why this analysis's cross-module taint is partial, once a budget or guard stopped it. */
  private partialReason: string | undefined;
  /** Bumped when files may have changed: stamps are read again and cached entries re-checked. */
  private generation = 0;
  private readonly stamps = new Map<string, { generation: number; stamp: string | undefined }>();
  /** The analyzed file's settings: imported modules are summarized with them (its config's taint additions). */
  private settings: AnalysisSettings | undefined;
  private readonly resolvers: Readonly<Record<string, ImportResolver>>;

  constructor(private readonly options: ProjectModulesOptions) {
    this.resolvers = options.resolvers ?? IMPORT_RESOLVERS;
    this.limits = { ...EDITOR_LIMITS, ...(options.maxSummariesPerAnalysis !== undefined && { summariesPerAnalysis: options.maxSummariesPerAnalysis }), ...options.limits };
    // The resolvers cache folder listings and tsconfigs process-wide; a new provider (a scan, a
    // server) starts from the disk as it is now, and filesChanged() keeps it current after.
    this.filesChanged();
  }

  /** Starts one file's analysis under `settings`: a fresh budget of summaries to compute. */
  startAnalysis(settings: AnalysisSettings): void {
    this.settings = settings;
    this.computed = 0;
    this.partialReason = undefined;
    this.spentMs = 0;
    if (!this.options.frozen) this.generation++;
  }

  /** Why the analysis since startAnalysis followed imports only partly (a budget or guard), if it did. */
  partialAnalysis(): string | undefined {
    return this.partialReason;
  }

  /** Files were created or deleted: imports may name other files now. */
  filesChanged(): void {
    this.generation++;
    this.resolved.clear();
    this.origins.clear();
    clearPythonResolutionCache();
    clearTypeScriptResolutionCache();
    clearProjectRootCache();
  }

  /** The files (absolute, `path.resolve`d) that import `file`, directly or through others (as known from analyses so far; none in a frozen provider). */
  importersOf(file: string): string[] {
    const out = new Set<string>();
    const visit = (imported: string) => {
      for (const importer of this.importers.get(imported) ?? []) {
        if (out.has(importer)) continue;
        out.add(importer);
        visit(importer);
      }
    };
    visit(path.resolve(file));
    return [...out];
  }

  resolve(fromPath: string, specifier: string, language: string): ImportedModule | undefined {
    const resolver = this.resolvers[language];
    const origin = this.originOf(fromPath);
    if (!resolver || !origin) return undefined;
    const { from, root } = origin;
    const key = `${language}\u0000${origin.folder}\u0000${specifier}`;
    let file = this.resolved.get(key);
    if (file === undefined) {
      // The folder decides the root too: a file outside it is remembered as none.
      file = resolver(from, specifier, root) ?? null;
      if (file !== null && isOutside(root, file)) file = null;
      if (this.resolved.size >= MAX_RESOLUTIONS) this.resolved.clear();
      this.resolved.set(key, file);
    }
    if (file === null || file === from) return undefined;
    // Who imports whom tells the editor which open files to analyze again; a scan's files do not change.
    if (!this.options.frozen) {
      let importers = this.importers.get(file);
      if (!importers) this.importers.set(file, (importers = new Set()));
      importers.add(from);
    }
    const parent = this.stack.at(-1);
    // The analyzed file follows MAX_IMPORT_DEPTH modules deep; each summary one fewer.
    const depth = parent ? parent.depth - 1 : MAX_IMPORT_DEPTH;
    if (depth < 1) {
      parent!.depthCut = true;
      // Recorded too: the same summary at a greater depth needs this import's to be unknown there as well.
      parent!.deps.set(depKey(depth, file), '');
      return undefined;
    }
    const entry = this.entryOf(file, depth);
    parent?.deps.set(depKey(depth, file), entry?.headSignature ?? '');
    if (!entry?.head) return undefined;
    return {
      path: this.options.pathOf(file),
      label: this.options.labelOf?.(file),
      summary: entry.head,
      functionNames: entry.names,
      function: (name) => this.functionOf(file, depth, entry, name, this.stack.at(-1))?.value,
    };
  }

  /**
   * The importing file (absolute) of an engine path, its folder and its project root; undefined
   * for an untitled buffer (no folder to resolve from) or a file outside the given roots. Asked
   * at every call of an imported name: once per path until files change.
   */
  private originOf(fromPath: string): { from: string; folder: string; root: string } | undefined {
    let origin = this.origins.get(fromPath);
    if (origin === undefined) {
      const given = this.options.fileOf(fromPath);
      const from = path.isAbsolute(given) ? path.resolve(given) : undefined;
      const root = from === undefined ? undefined : this.options.roots ? this.options.roots.find((r) => !isOutside(r, from)) : projectRootOf(from);
      origin = from === undefined || root === undefined ? null : { from, folder: path.dirname(from), root };
      if (this.origins.size >= MAX_RESOLUTIONS) this.origins.clear();
      this.origins.set(fromPath, origin);
    }
    return origin ?? undefined;
  }

  submodules(fromPath: string, specifier: string, language: string): [string, ImportedModule][] | undefined {
    if (language !== 'python') return undefined;
    const resolver = this.resolvers[language];
    const given = this.options.fileOf(fromPath);
    if (!resolver || !path.isAbsolute(given)) return undefined;
    const from = path.resolve(given);
    const root = this.options.roots ? this.options.roots.find((r) => !isOutside(r, from)) : projectRootOf(from);
    const init = root === undefined ? undefined : resolver(from, specifier, root);
    if (!init || path.basename(init) !== '__init__.py') return undefined;
    let names: string[];
    try {
      names = fs.readdirSync(path.dirname(init)).filter((n) => /^[A-Za-z_]\w*\.py$/.test(n) && n !== '__init__.py').sort();
    } catch {
      return undefined;
    }
    const out: [string, ImportedModule][] = [];
    for (const name of names.slice(0, MAX_SUBMODULES)) {
      const module = this.resolve(fromPath, `${specifier}.${name.slice(0, -3)}`, language);
      if (module) out.push([name.slice(0, -3), module]);
    }
    return out;
  }

  /** A file's summary at `depth`: cached while its text, the settings and the summaries it used are the same. */
  private entryOf(file: string, depth: number, exact = false): Entry | undefined {
    const parent = this.stack.at(-1);
    const settings = this.settings;
    const stamp = settings && this.stampOf(file);
    if (!settings || stamp === undefined) return undefined;
    const variants = this.entries.get(file) ?? [];
    const fits = (known: Entry) => known.stamp === stamp && known.taint === settings.taint && (known.depth === depth || (!exact && known.complete && known.depth <= depth));
    let entry = variants.find((known) => fits(known) && this.holds(known));
    if (!entry) {
      const own: Frame = { file, depth, deps: new Map(), depthCut: false, budgetCut: false };
      entry = this.computing(own, () => this.compute(own, stamp, settings));
      if (parent && own.budgetCut) parent.budgetCut = true;
    }
    return entry;
  }

  /**
   * The function `name` of the module `entry` summarizes, asked at `depth`: computed when first
   * asked, at that depth (an entry of a smaller one serves what it computed completely).
   * `asker`, the summary being computed that asked, records it as a dependency.
   */
  private functionOf(file: string, depth: number, entry: Entry, name: string, asker: Frame | undefined): ComputedFunction | undefined {
    let computed = entry.functions.get(name);
    if (!computed || (!computed.complete && entry.depth !== depth)) {
      const exact = entry.depth === depth ? entry : this.entryOf(file, depth, true);
      computed = exact && (exact.functions.get(name) ?? this.computeFunction(file, exact, name));
    }
    asker?.deps.set(depKey(depth, file, name), computed?.signature ?? '');
    if (asker && computed && !computed.complete) asker.depthCut = true;
    return computed;
  }

  /**
   * One function of a module: the one computed at another depth when every summary it may have
   * used is the same one level below this depth (the walk would be the same step for step), else
   * a walk with the module's summarizer (made again if it was let go).
   */
  private computeFunction(file: string, entry: Entry, name: string): ComputedFunction | undefined {
    const parent = this.stack.at(-1);
    const same = this.sameAtDepth(file, entry, name);
    if (same) return same;
    const own: Frame = { file, depth: entry.depth, deps: entry.deps, depthCut: false, budgetCut: false };
    let value: ExportedFunction | undefined;
    let failed = false;
    this.computing(own, () => {
      const summarizer = entry.summarizer ?? this.summarizerAgain(file, entry, own);
      if (!summarizer) return;
      this.keepLive(entry);
      try {
        value = summarizer.function(name);
      } catch {
        failed = true; // a walk that threw: this function stays unknown, and its summarizer's state is not trusted
      }
    });
    if (own.depthCut) entry.complete = false;
    if (own.budgetCut || failed) {
      // A budget stopped an import below: the walk depends on what was computed before. Its summarizer remembers it: let go.
      if (parent && own.budgetCut) parent.budgetCut = true;
      this.letGo(entry);
      return { value, signature: value ? JSON.stringify(value) : '', complete: false, deps: entry.deps.size };
    }
    const unpathed = value && this.ownSourcesUnpathed(value, file);
    const computed: ComputedFunction = { value: unpathed, signature: unpathed ? JSON.stringify(unpathed) : '', complete: entry.complete, deps: entry.deps.size };
    entry.functions.set(name, computed);
    return computed;
  }

  /**
   * `name` as computed at another depth of the same text and settings, when every summary it
   * may have used (the first `deps` of that entry) is the same one level below `entry`'s depth.
   * Most functions' summaries do not change with the depth (issue 21: 597 summaries of 303
   * modules in a scan of Netflix/dispatch, 333 of them different), and this check asks for the
   * summaries a walk would ask for first anyway.
   */
  private sameAtDepth(file: string, entry: Entry, name: string): ComputedFunction | undefined {
    const below = entry.depth - 1;
    for (const known of this.entries.get(file) ?? []) {
      const computed = known !== entry && known.stamp === entry.stamp && known.taint === entry.taint ? known.functions.get(name) : undefined;
      if (!computed) continue;
      const own: Frame = { file, depth: entry.depth, deps: entry.deps, depthCut: false, budgetCut: false };
      const same = this.computing(own, () => {
        let checked = 0;
        for (const [key, signature] of known.deps) {
          if (checked++ >= computed.deps) break;
          const { file: imported, name: importedName } = parseDepKey(key);
          let now = '';
          if (below < 1) {
            own.depthCut = true;
            own.deps.set(depKey(below, imported, importedName), '');
          } else if (importedName === undefined) {
            now = this.entryOf(imported, below)?.headSignature ?? '';
            own.deps.set(depKey(below, imported), now);
          } else {
            const module = this.entryOf(imported, below);
            if (module) now = this.functionOf(imported, below, module, importedName, own)?.signature ?? '';
            else own.deps.set(depKey(below, imported, importedName), '');
          }
          if (now !== signature || own.budgetCut) return false;
        }
        return true;
      });
      const parent = this.stack.at(-1);
      if (parent && own.budgetCut) parent.budgetCut = true;
      if (own.depthCut) entry.complete = false;
      if (!same) continue;
      const reused: ComputedFunction = { ...computed, complete: entry.complete, deps: entry.deps.size };
      entry.functions.set(name, reused);
      return reused;
    }
    return undefined;
  }

  /** Runs `compute` as the summary `own` (a frame on the stack), timing the outermost one for the per-analysis budget. */
  private computing<T>(own: Frame, compute: () => T): T {
    const outermost = this.stack.length === 0;
    if (outermost) this.summaryStartedAt = performance.now();
    this.stack.push(own);
    try {
      return compute();
    } finally {
      this.stack.pop();
      if (outermost) this.spentMs += performance.now() - this.summaryStartedAt;
    }
  }

  /** Whether a cached entry's summaries used are still the same (checked once per generation). */
  private holds(entry: Entry): boolean {
    if (entry.checked === this.generation) return true;
    for (const [key, signature] of entry.deps) {
      const { depth, file, name } = parseDepKey(key);
      if (depth < 1) continue; // an import cut by the depth: unknown at any time
      const now = this.entryOf(file, depth);
      const current = name === undefined ? now?.headSignature : now && this.functionOf(file, depth, now, name, undefined)?.signature;
      if ((current ?? '') !== signature) return false;
    }
    entry.checked = this.generation;
    return true;
  }

  /** A new entry: the module's summarizer and head (its functions are computed as asked). */
  private compute(own: Frame, stamp: string, settings: AnalysisSettings): Entry | undefined {
    const entry: Entry = { stamp, taint: settings.taint, depth: own.depth, complete: true, head: undefined, headSignature: '', names: [], functions: new Map(), deps: own.deps, checked: this.generation };
    // The head is the text's alone: the same at every depth, and the summarizer is made when a function is walked.
    const other = this.entries.get(own.file)?.find((known) => known.stamp === stamp && known.taint === settings.taint);
    if (other) {
      entry.head = other.head;
      entry.names = other.names;
      entry.headSignature = other.headSignature;
      this.keep(own.file, stamp, entry);
      return entry;
    }
    const summarizer = this.summarizer(own.file, settings, own);
    if (own.budgetCut) return undefined;
    if (summarizer) {
      entry.summarizer = summarizer;
      entry.head = summarizer.head;
      entry.names = summarizer.names;
      entry.headSignature = JSON.stringify(summarizer.head);
      this.keepLive(entry);
    }
    entry.complete = !own.depthCut;
    this.keep(own.file, stamp, entry);
    return entry;
  }

  /** The engine's summarizer of `file` (counted against the budgets), or undefined: over budget (`own.budgetCut`), unreadable or unparsable. */
  private summarizer(file: string, settings: AnalysisSettings, own: Frame): ModuleSummarizer | undefined {
    const stopped = this.overBudget();
    if (stopped) {
      this.partialReason ??= stopped;
      own.budgetCut = true;
      return undefined;
    }
    this.computed++;
    this.computedInScan++;
    try {
      const text = this.options.openText?.(file) ?? fs.readFileSync(file, 'utf8');
      return this.options.engine.summarizer(this.options.pathOf(file), text, settings);
    } catch {
      return undefined; // unreadable or unparsable: the import stays unknown
    }
  }

  /** The summarizer of an entry whose first one was let go, if the file is still what the entry summarized. */
  private summarizerAgain(file: string, entry: Entry, own: Frame): ModuleSummarizer | undefined {
    const settings = this.settings;
    if (!settings || this.stampOf(file) !== entry.stamp) return undefined;
    return (entry.summarizer = this.summarizer(file, settings, own));
  }

  /** Marks an entry's summarizer the most recently used, letting go of the least recently used past MAX_LIVE_SUMMARIZERS. */
  private keepLive(entry: Entry): void {
    this.live.delete(entry);
    this.live.add(entry);
    if (this.live.size > (this.options.frozen ? MAX_LIVE_SUMMARIZERS.scan : MAX_LIVE_SUMMARIZERS.editor)) this.letGo(this.live.values().next().value!);
  }

  private letGo(entry: Entry): void {
    this.live.delete(entry);
    entry.summarizer?.release();
    entry.summarizer = undefined;
  }

  private keep(file: string, stamp: string, entry: Entry): void {
    const known = this.entries.get(file) ?? [];
    const variants = [entry, ...known.filter((e) => e.stamp === stamp && !(e.depth === entry.depth && e.taint === entry.taint))].slice(0, MAX_VARIANTS);
    for (const dropped of known) if (!variants.includes(dropped)) this.letGo(dropped);
    this.entries.delete(file); // re-inserted last: the map's order is the least recently computed first
    this.entries.set(file, variants);
    if (this.entries.size > MAX_CACHED_FILES) {
      const [oldest, evicted] = this.entries.entries().next().value!;
      for (const e of evicted) this.letGo(e);
      this.entries.delete(oldest);
    }
  }

  /** Which budget or guard forbids another summary now, said as the report's notice says it. */
  private overBudget(): string | undefined {
    const { summariesPerAnalysis, summariesPerScan, msPerAnalysis, rssBytes } = this.limits;
    if (this.computed >= summariesPerAnalysis) return `partial analysis: imports followed until ${summariesPerAnalysis} other modules were summarized for this file`;
    if (this.computedInScan >= summariesPerScan) return `partial analysis: imports followed until ${summariesPerScan} module summaries were computed in this scan`;
    const spent = this.spentMs + (this.stack.length > 1 ? performance.now() - this.summaryStartedAt : 0);
    if (spent > msPerAnalysis) return `partial analysis: imports followed for ${msPerAnalysis} ms, the limit per file`;
    // Reading the RSS costs a system call and a /proc read (a tenth of a TS scan's CPU when done per summary): every 32nd summary.
    if (this.computedInScan % 32 === 0 && process.memoryUsage.rss() > rssBytes) return `partial analysis: imports not followed further past ${Math.round(rssBytes / 2 ** 20)} MB of memory`;
    return undefined;
  }

  /**
   * Through an import cycle a module's function can meet its own sources and sinks again, named
   * by its own path: they are its own (no `path`), once each, as without the cycle.
   */
  private ownSourcesUnpathed(fn: ExportedFunction, file: string): ExportedFunction {
    const own = new Set([this.options.pathOf(file), this.options.labelOf?.(file)]);
    if (fn.sources.some((s) => s.path !== undefined && own.has(s.path))) {
      const seen = new Set<string>();
      fn.sources = fn.sources.map((s) => (s.path !== undefined && own.has(s.path) ? (({ path: _, ...rest }) => rest)(s) : s)).filter((s) => !seen.has(JSON.stringify(s)) && !!seen.add(JSON.stringify(s)));
    }
    if (fn.sinks?.some((s) => s.path !== undefined && own.has(s.path))) {
      const seen = new Set<string>();
      fn.sinks = fn.sinks.map((s) => (s.path !== undefined && own.has(s.path) ? (({ path: _, ...rest }) => rest)(s) : s)).filter((s) => !seen.has(JSON.stringify(s)) && !!seen.add(JSON.stringify(s)));
    }
    return fn;
  }

  /** `mtime:size` (or an open document's text); read once per generation in a frozen (scan) provider, else every time. */
  private stampOf(file: string): string | undefined {
    if (!this.options.frozen) return this.readStamp(file);
    const known = this.stamps.get(file);
    if (known?.generation === this.generation) return known.stamp;
    const stamp = this.readStamp(file);
    if (this.stamps.size >= MAX_CACHED_FILES * 4) this.stamps.clear();
    this.stamps.set(file, { generation: this.generation, stamp });
    return stamp;
  }

  private readStamp(file: string): string | undefined {
    const open = this.options.openText?.(file);
    if (open !== undefined) return open.length > this.options.engine.maxFileSize ? undefined : open;
    try {
      const stat = fs.statSync(file);
      // Past 3 bytes per character the engine would skip the text anyway (as the CLI's scan does).
      return stat.isFile() && stat.size <= 3 * this.options.engine.maxFileSize ? `${stat.mtimeMs}:${stat.size}` : undefined;
    } catch {
      return undefined;
    }
  }
}
