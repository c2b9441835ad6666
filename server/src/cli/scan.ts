import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceModules, type CrossModuleLimits } from '../workspace/project-modules';
import { gitBaseFiles } from '../workspace/git-base';
import { diskFiles } from '../workspace/project-files';
import { ConfigError, isIncluded, LineIndex, waiversFor, type ConfigResolver, type Engine, type Finding, type SuppressedFinding, type VigilConfig } from '../engine';
import { displayPath, type FileReport, type ReportNotice } from './report';

export interface PlannedFile {
  file: string;
  config: VigilConfig;
}

/** The files to analyze with their configs, or every broken config met on the way. */
export type ScanPlan = { ok: true; files: PlannedFile[] } | { ok: false; errors: ConfigError[] };

/**
 * Resolves the config of every file first, so a broken config stops the scan before any
 * output (each broken file reported once), and drops files the configs exclude.
 */
export function planScan(files: readonly string[], resolver: ConfigResolver): ScanPlan {
  const planned: PlannedFile[] = [];
  const errors = new Set<ConfigError>();
  for (const file of files) {
    try {
      const config = resolver.configFor(file);
      if (isIncluded(config, file)) planned.push({ file, config });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      errors.add(e);
    }
  }
  return errors.size > 0 ? { ok: false, errors: [...errors] } : { ok: true, files: planned };
}

/** What analyzing one file gave: plain data, so it can come back from a worker thread. */
export interface FileOutcome {
  path: string;
  /** Only when there are findings or suppressed ones (the report needs it for code frames and fingerprints). */
  text?: string;
  findings: Finding[];
  /** Findings suppressions hid, and those in `findings` only an expired suppression covered. */
  suppressed?: SuppressedFinding[];
  expired?: SuppressedFinding[];
  notices: ReportNotice[];
}

/**
 * Reads and analyzes one file. A file that cannot be read or analyzed gives an
 * `internal-error` notice naming it instead of throwing, so the scan goes on with the others.
 */
export function analyzeFile(engine: Engine, { file, config }: PlannedFile, cwd: string, modules?: WorkspaceModules): FileOutcome {
  const shown = displayPath(cwd, file);
  const outcome: FileOutcome = { path: shown, findings: [], notices: [] };
  try {
    // Skip huge files before reading them. UTF-8 takes at most 3 bytes per UTF-16 code unit,
    // so past 3x the limit the engine would skip the text anyway; below, it decides (as in the editor).
    const bytes = fs.statSync(file).size;
    const limit = config.maxFileSize ?? engine.maxFileSize;
    if (bytes > 3 * limit) {
      outcome.notices.push({ path: shown, kind: 'skipped', message: `skipped: ${bytes} bytes is over the size limit of ${limit} (maxFileSize)` });
      return outcome;
    }
    const text = fs.readFileSync(file, 'utf8');
    // Imported modules are summarized with the importing file's config (the same in every thread).
    modules?.startAnalysis(config);
    const result = engine.analyzeTextWith(shown, text, { ...config, documentWaivers: waiversFor(config.waivers, file) });
    for (const notice of result.notices) outcome.notices.push({ path: shown, kind: notice.kind, message: notice.message });
    const partial = modules?.partialAnalysis();
    if (partial) outcome.notices.push({ path: shown, kind: 'partial', message: partial });
    if (result.findings.length > 0 || result.suppressed.length > 0) Object.assign(outcome, { text, findings: result.findings, suppressed: result.suppressed, expired: result.expired });
  } catch (e) {
    outcome.notices.push({ path: shown, kind: 'internal-error', message: `could not be analyzed: ${(e as Error).stack ?? e}` });
  }
  return outcome;
}

/** The report's view of an outcome: undefined when the file has neither findings nor suppressed ones. */
export function outcomeReport(outcome: FileOutcome, config: VigilConfig): FileReport | undefined {
  if (outcome.text === undefined) return undefined;
  return { path: outcome.path, lines: new LineIndex(outcome.text), findings: outcome.findings, owaspEdition: config.owaspEdition, suppressed: outcome.suppressed, expired: outcome.expired };
}

/**
 * A scan's budgets on cross-module work. Summaries are computed once per depth and shared, so a
 * scan needs at most MAX_IMPORT_DEPTH per module; the budgets and guards only stop a runaway
 * (reported as a `partial` notice), and sit far above what real projects need so that a
 * file's findings do not depend on the files its thread analyzed before.
 */
export const SCAN_LIMITS: CrossModuleLimits = { summariesPerAnalysis: 5_000, summariesPerScan: 100_000, msPerAnalysis: 30_000, rssBytes: 1.5 * 2 ** 30 };

/**
 * Text of the parse trees a scan's engine keeps to share between a file's analysis and its
 * summaries (Engine.shareTrees): most of a mid-sized project's modules, ~100 MB of trees at most.
 */
export const SCAN_SHARED_TREE_CHARACTERS = 2_000_000;
/**
 * And of compacted trees (Python's, ~17 bytes of memory a character): ~200 MB at most, all of a
 * 100k-line project's modules, each then parsed once however many summaries ask for it.
 */
export const SCAN_COMPACT_TREE_CHARACTERS = 12_000_000;

function memoized(f: (key: string) => string): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) known.set(key, (value = f(key)));
    return value;
  };
}

/**
 * Gives the engine the project's other modules, read from disk below each file's project root
 * (not the working folder: the same report from anywhere), paths spelled as the report spells
 * them. Each thread's engine has its own (summaries are cached per engine). Files do not
 * change during a scan: the engine shares parse trees between analyses and summaries.
 */
export function projectModulesFor(engine: Engine, cwd: string, limits: Partial<CrossModuleLimits> = {}, baseRef?: string): WorkspaceModules {
  // Files do not move during a scan: each path is spelled either way once.
  const fileOf = memoized((shown: string) => path.resolve(cwd, shown));
  const pathOf = memoized((file: string) => displayPath(cwd, file));
  const modules = new WorkspaceModules({ engine, fileOf, pathOf, limits: { ...SCAN_LIMITS, ...limits }, frozen: true });
  engine.projectModules = modules;
  engine.projectFiles = diskFiles((shown) => path.resolve(cwd, shown));
  // Lockfiles at the base revision (new-install-script): git HEAD, or --changed-since's ref. An engine a test hands in may bring its own.
  if (baseRef !== undefined && !engine.baseFiles) engine.baseFiles = gitBaseFiles({ ref: baseRef, fileOf: (shown) => path.resolve(cwd, shown), frozen: true });
  engine.shareTrees(SCAN_SHARED_TREE_CHARACTERS, SCAN_COMPACT_TREE_CHARACTERS);
  return modules;
}
