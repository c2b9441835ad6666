import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceModules } from '../workspace/project-modules';
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
    if (bytes > 3 * engine.maxFileSize) {
      outcome.notices.push({ path: shown, kind: 'skipped', message: `skipped: ${bytes} bytes is over the size limit of ${engine.maxFileSize}` });
      return outcome;
    }
    const text = fs.readFileSync(file, 'utf8');
    // Imported modules are summarized with the importing file's config (the same in every thread).
    modules?.startAnalysis(config);
    const result = engine.analyzeTextWith(shown, text, { ...config, documentWaivers: waiversFor(config.waivers, file) });
    for (const notice of result.notices) outcome.notices.push({ path: shown, kind: notice.kind, message: notice.message });
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
 * Where imports are followed (cross-module taint): the working folder and the scanned folders
 * (files give their folder). Imports that lead elsewhere (site-packages, node_modules) stay unknown.
 */
export function scanRoots(paths: readonly string[], cwd: string): string[] {
  const roots = new Set([cwd]);
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    roots.add(fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : path.dirname(absolute));
  }
  return [...roots];
}

/**
 * Gives the engine the project's other modules, read from disk below `roots`, paths spelled
 * as the report spells them. Each thread's engine has its own (summaries are cached per engine);
 * no per-file budget, so a file's findings do not depend on the files its thread saw before.
 */
export function projectModulesFor(engine: Engine, cwd: string, roots: readonly string[]): WorkspaceModules {
  const modules = new WorkspaceModules({ engine, roots, fileOf: (shown) => path.resolve(cwd, shown), pathOf: (file) => displayPath(cwd, file), maxSummariesPerAnalysis: Infinity });
  engine.projectModules = modules;
  engine.projectFiles = diskFiles((shown) => path.resolve(cwd, shown));
  return modules;
}
