import * as path from 'path';
import { quotesSecrets, redactLine, type AnalysisNotice, type ConfigError, type Finding, type LineIndex, type OwaspEdition, type Range, type RuleCatalog, type Severity, type SuppressedFinding } from '../engine';

/** The findings of one file, with what the formatters need to show and fingerprint them. */
export interface FileReport {
  /** As shown to the user: relative to the working folder, `/`-separated. */
  path: string;
  lines: LineIndex;
  /** In the engine's order (by position, then rule id). */
  findings: Finding[];
  owaspEdition?: OwaspEdition;
  /** Findings suppressions hid (SARIF keeps them, with `suppressions`). */
  suppressed?: SuppressedFinding[];
  /** Findings in `findings` that only an expired suppression covered. */
  expired?: SuppressedFinding[];
}


/** `partial`: a budget or guard stopped following imports for the file (its own analysis is whole). */
export type NoticeKind = AnalysisNotice['kind'] | 'internal-error' | 'partial';

export interface ReportNotice {
  path: string;
  kind: NoticeKind;
  message: string;
}

/** Everything one `vigil scan` found, in a deterministic order (files by path). */
export interface ScanReport {
  /** The working folder report paths are relative to (SARIF's %SRCROOT%). */
  cwd: string;
  /** Files that have findings or suppressed findings. */
  files: FileReport[];
  notices: ReportNotice[];
  scannedFiles: number;
  durationMs: number;
  /** Findings left out because the --baseline has them. */
  baselined?: number;
}

export interface Summary {
  findings: number;
  bySeverity: Record<Severity, number>;
  filesWithFindings: number;
  scannedFiles: number;
  /** Files that could not be read or analyzed (exit code 3). */
  failedFiles: number;
  /** Files not analyzed on purpose (over maxFileSize, binary, generated, too deeply nested): a gap every format shows. */
  skippedFiles: number;
  /** Findings left out because the --baseline has them (only with --baseline). */
  baselined?: number;
  durationMs: number;
}

/** A file left unanalyzed on purpose (size limit, binary, generated). */
export function isSkipped(notice: ReportNotice): boolean {
  return notice.kind === 'skipped';
}

/** A notice that means part of the scan did not happen: Vigil's fault, not the code's. */
export function isFailure(notice: ReportNotice): boolean {
  return notice.kind === 'internal-error' || notice.kind === 'rule-error';
}

export function summarize(report: ScanReport): Summary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let findings = 0;
  for (const file of report.files) {
    for (const finding of file.findings) {
      bySeverity[finding.severity]++;
      findings++;
    }
  }
  return {
    findings,
    bySeverity,
    filesWithFindings: report.files.filter((file) => file.findings.length > 0).length,
    scannedFiles: report.scannedFiles,
    failedFiles: new Set(report.notices.filter(isFailure).map((n) => n.path)).size,
    skippedFiles: new Set(report.notices.filter(isSkipped).map((n) => n.path)).size,
    ...(report.baselined !== undefined && { baselined: report.baselined }),
    durationMs: report.durationMs,
  };
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Whether a finding of `severity` is at or above the `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** A path as reports show it: relative to `cwd`, with `/` on every platform. */
export function displayPath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** `path:line:col: message`, the path relative to the working folder. */
export function configErrorMessage(error: ConfigError, cwd: string): string {
  return `${displayPath(cwd, error.file)}:${error.line}:${error.column}: ${error.detail}`;
}

/** Where a finding's sink call is: its own place, or the `sinkLocation` inside a called function (in this file or another). */
export interface SinkSite {
  path: string;
  line: number;
  range?: Range;
}

export function sinkSite(file: FileReport, finding: Finding): SinkSite {
  const at = finding.sinkLocation;
  if (!at) return { path: file.path, line: finding.range.start.line + 1, range: finding.range };
  return { path: at.path ?? file.path, line: at.line, ...(at.range && { range: at.range }) };
}

/**
 * A line of a file as code frames show it: the lines of a hard-coded secret (any finding of a rule
 * that quotes secrets) with their string literals redacted as the messages are, and where a column
 * of the original line falls in the shown text.
 */
export function frameLine(file: FileReport, catalog: RuleCatalog, line: number): { text: string; column(character: number): number } {
  const text = file.lines.lineText(line);
  const secret = file.findings.some((f) => f.range.start.line <= line && line <= f.range.end.line && quotesSecrets(catalog.get(f.ruleId)?.meta));
  return secret ? redactLine(text) : { text, column: (character) => character };
}
