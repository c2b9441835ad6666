import * as fs from 'fs';
import * as path from 'path';
import type { AnalysisSettings, Engine, ImportedModule, ModuleSummary, ProjectModules } from '../engine';
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

export interface ProjectModulesOptions {
  engine: Engine;
  /** Folders (absolute) whose files may be summarized: the workspace folders or the scan's root. */
  roots: readonly string[];
  /** The file (absolute) of a path the engine knows a document by. */
  fileOf(enginePath: string): string;
  /** The path the engine knows a file by, and how a trace names it. */
  pathOf(file: string): string;
  labelOf?(file: string): string;
  /** An open document's unsaved text; the file on disk otherwise. */
  openText?(file: string): string | undefined;
  resolvers?: Readonly<Record<string, ImportResolver>>;
  /**
   * Summaries one analysis may compute (default MAX_SUMMARIES_PER_ANALYSIS). The CLI lifts it:
   * every summary is computed once per scan anyway, and a limit would make a file's findings
   * depend on which files its thread analyzed before.
   */
  maxSummariesPerAnalysis?: number;
}

interface Entry {
  /** The text of an open document, or `mtime:size` of a file on disk. */
  stamp: string;
  taint: AnalysisSettings['taint'];
  summary: ModuleSummary | undefined;
  signature: string;
  /** The modules the summary used, with their signatures then. */
  deps: Map<string, string>;
  /** Every other file its computation reached, and those of them it found in progress (an import cycle): see fits(). */
  reached: Set<string>;
  cuts: Set<string>;
}

/** One summary being computed: what it used and reached, and which files it cut. */
interface Frame {
  file: string;
  deps: Map<string, string>;
  reached: Set<string>;
  cuts: Set<string>;
  /** Cut by the depth or the budget: depends on where it was asked from, never cached. */
  limited: boolean;
}

/** Summaries kept per file: one per import-cycle context it was computed in (usually one). */
const MAX_VARIANTS = 4;

export class WorkspaceModules implements ProjectModules {
  private readonly entries = new Map<string, Entry[]>();
  private readonly resolved = new Map<string, string | null>();
  /** Imported file → the files that imported it (for re-analysis when it changes). */
  private readonly importers = new Map<string, Set<string>>();
  private readonly stack: Frame[] = [];
  private computed = 0;
  /** The analyzed file's settings: imported modules are summarized with them (its config's taint additions). */
  private settings: AnalysisSettings | undefined;
  private readonly resolvers: Readonly<Record<string, ImportResolver>>;

  constructor(private readonly options: ProjectModulesOptions) {
    this.resolvers = options.resolvers ?? IMPORT_RESOLVERS;
    // The resolvers cache folder listings and tsconfigs process-wide; a new provider (a scan, a
    // server) starts from the disk as it is now, and filesChanged() keeps it current after.
    this.filesChanged();
  }

  /** Starts one file's analysis under `settings`: a fresh budget of summaries to compute. */
  startAnalysis(settings: AnalysisSettings): void {
    this.settings = settings;
    this.computed = 0;
  }

  /** Files were created or deleted: imports may name other files now. */
  filesChanged(): void {
    this.resolved.clear();
    clearPythonResolutionCache();
    clearTypeScriptResolutionCache();
  }

  /** The files (absolute, `path.resolve`d) that import `file`, directly or through others (as known from analyses so far). */
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
    const given = this.options.fileOf(fromPath);
    if (!path.isAbsolute(given)) return undefined; // an untitled buffer: no folder to resolve from
    const from = path.resolve(given);
    const root = this.options.roots.find((r) => !isOutside(r, from));
    if (!resolver || root === undefined) return undefined;
    const key = `${language}\u0000${path.dirname(from)}\u0000${specifier}`;
    let file = this.resolved.get(key);
    if (file === undefined) {
      if (this.resolved.size >= MAX_RESOLUTIONS) this.resolved.clear();
      this.resolved.set(key, (file = resolver(from, specifier, root) ?? null));
    }
    if (file === null || file === from || isOutside(root, file)) return undefined;
    let importers = this.importers.get(file);
    if (!importers) this.importers.set(file, (importers = new Set()));
    importers.add(from);
    const entry = this.entryOf(file);
    this.stack.at(-1)?.deps.set(file, entry?.signature ?? '');
    return entry?.summary && { path: this.options.pathOf(file), label: this.options.labelOf?.(file), summary: entry.summary };
  }

  /**
   * A file's summary: cached while its text, the settings and the summaries it used are the
   * same. Inside an import cycle a summary depends on which files were in progress when it was
   * computed (those answer undefined): it is reused where the same ones are.
   */
  private entryOf(file: string): Entry | undefined {
    const parent = this.stack.at(-1);
    parent?.reached.add(file);
    if (this.stack.some((f) => f.file === file)) {
      parent?.cuts.add(file);
      return undefined;
    }
    const settings = this.settings;
    const stamp = settings && this.stampOf(file);
    if (!settings || stamp === undefined) return undefined;
    const own: Frame = { file, deps: new Map(), reached: new Set(), cuts: new Set(), limited: false };
    this.stack.push(own);
    let entry: Entry | undefined;
    try {
      const variants = this.entries.get(file) ?? [];
      entry = variants.find((known) => known.stamp === stamp && known.taint === settings.taint && this.fits(known) && this.depsHold(known));
      if (entry) own.limited = false; // deps re-checked on the way may have met the limits; the entry stands
      else entry = this.compute(file, own, stamp, settings);
    } finally {
      this.stack.pop();
    }
    if (parent && entry) {
      for (const r of entry.reached) parent.reached.add(r);
      for (const c of entry.cuts) parent.cuts.add(c);
    }
    if (parent && own.limited) parent.limited = true;
    return entry;
  }

  private compute(file: string, own: Frame, stamp: string, settings: AnalysisSettings): Entry | undefined {
    if (this.stack.length > MAX_IMPORT_DEPTH || this.computed >= (this.options.maxSummariesPerAnalysis ?? MAX_SUMMARIES_PER_ANALYSIS)) {
      own.limited = true;
      return undefined;
    }
    this.computed++;
    own.limited = false;
    own.deps.clear();
    own.reached.clear();
    own.cuts.clear();
    let summary: ModuleSummary | undefined;
    try {
      const text = this.options.openText?.(file) ?? fs.readFileSync(file, 'utf8');
      summary = this.options.engine.summarize(this.options.pathOf(file), text, settings);
    } catch {
      summary = undefined; // unreadable or unparsable: the import stays unknown
    }
    own.reached.delete(file);
    own.cuts.delete(file);
    const entry: Entry = { stamp, taint: settings.taint, summary, signature: summary ? JSON.stringify(summary) : '', deps: own.deps, reached: own.reached, cuts: own.cuts };
    if (!own.limited) {
      const variants = [entry, ...(this.entries.get(file) ?? []).filter((e) => e.stamp === stamp)].slice(0, MAX_VARIANTS);
      this.entries.delete(file); // re-inserted last: the map's order is the least recently computed first
      this.entries.set(file, variants);
      if (this.entries.size > MAX_CACHED_FILES) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  /** Whether the files in progress now are, of those the entry reached, exactly the ones it found in progress. */
  private fits(entry: Entry): boolean {
    for (const file of entry.reached) if (this.stack.some((f) => f.file === file) !== entry.cuts.has(file)) return false;
    return true;
  }

  private depsHold(entry: Entry): boolean {
    for (const [file, signature] of entry.deps) if ((this.entryOf(file)?.signature ?? '') !== signature) return false;
    return true;
  }

  private stampOf(file: string): string | undefined {
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
