import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { ConfigError, isIncluded, type ConfigResolver, type Engine, type VigilConfig } from '../engine';
import { displayPath, fileReport, type FileReport, type ReportNotice, type ScanReport } from './report';

/** The files to analyze with their configs, or every broken config met on the way. */
export type ScanPlan = { ok: true; files: { file: string; config: VigilConfig }[] } | { ok: false; errors: ConfigError[] };

/**
 * Resolves the config of every file first, so a broken config stops the scan before any
 * output (each broken file reported once), and drops files the configs exclude.
 */
export function planScan(files: readonly string[], resolver: ConfigResolver): ScanPlan {
  const planned: { file: string; config: VigilConfig }[] = [];
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

/**
 * Reads and analyzes each planned file. A file that cannot be read or analyzed becomes an
 * `internal-error` notice naming it, and the scan goes on with the others.
 */
export function scanFiles(engine: Engine, planned: readonly { file: string; config: VigilConfig }[], cwd: string, startedAt = performance.now()): ScanReport {
  const files: FileReport[] = [];
  const notices: ReportNotice[] = [];
  for (const { file, config } of planned) {
    const shown = displayPath(cwd, file);
    try {
      // Skip huge files before reading them. UTF-8 takes at most 3 bytes per UTF-16 code unit,
      // so past 3x the limit the engine would skip the text anyway; below, it decides (as in the editor).
      const bytes = fs.statSync(file).size;
      if (bytes > 3 * engine.maxFileSize) {
        notices.push({ path: shown, kind: 'skipped', message: `skipped: ${bytes} bytes is over the size limit of ${engine.maxFileSize}` });
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      const result = engine.analyzeTextWith(shown, text, config);
      for (const notice of result.notices) notices.push({ path: shown, kind: notice.kind, message: notice.message });
      if (result.findings.length > 0) {
        files.push(fileReport(shown, text, result.findings, config.owaspEdition));
      }
    } catch (e) {
      notices.push({ path: shown, kind: 'internal-error', message: `could not be analyzed: ${(e as Error).stack ?? e}` });
    }
  }
  return { cwd, files, notices, scannedFiles: planned.length, durationMs: Math.round(performance.now() - startedAt) };
}
