import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { AUDIT_RULES, ConfigResolver, docsBaseUrl, LineIndex, toSarifRegion, waiversFor, type Engine, type SuppressionKind, type SuppressionRecord, type SuppressionStatus, type VigilConfig } from '../engine';
import { REPORT_OPTIONS } from './args';
import type { CliEnvironment } from './cli';
import { ExitCode, UsageError } from './exit-codes';
import { findSourceFiles } from '../workspace/files';
import { formatSarif } from './format/sarif';
import { createEngine } from './parallel';
import { configErrorMessage, displayPath, isFailure, type FileReport, type ReportNotice } from './report';
import { planScan } from './scan';
import { VIGIL_REPOSITORY, VIGIL_VERSION } from './version';

// `vigil suppressions [paths]`: the audit of every suppression comment and config waiver, so a
// team can review who ignored what, why and until when, and fail CI on expired or unexplained ones.

const FORMATS = ['table', 'json', 'sarif'] as const;
type AuditFormat = (typeof FORMATS)[number];

export interface SuppressionsOptions {
  paths: string[];
  format: AuditFormat;
  output?: string;
  config?: string;
  noConfig: boolean;
  failOnExpired: boolean;
  failOnMissingReason: boolean;
  failOnUnused: boolean;
}

export const SUPPRESSIONS_USAGE = `Usage: vigil suppressions [paths...] [options]

Lists every suppression comment (vigil-ignore, vigil-ignore-file, and with
honorForeignSuppressions nosec/nosemgrep/NOSONAR) and every config waiver, with rule,
file:line, reason, owner, expiry and status (active, expired, unused, no-reason).

Options:
  -f, --format <table|json|sarif>  output format (default: table); sarif: the suppressed and
                                   expired findings with SARIF "suppressions" objects
  -o, --output <file>              write the report to a file instead of stdout
  -c, --config <file>              use this config file instead of the nearest one
      --no-config                  ignore every config file (no waivers)
      --fail-on-expired            exit 1 when a suppression or waiver has expired
      --fail-on-missing-reason     exit 1 when a suppression gives no reason
      --fail-on-unused             exit 1 when a suppression or waiver suppresses nothing
`;

/** `vigil suppressions ...` arguments (after the command name). Throws UsageError. */
export function parseSuppressionsArgs(argv: readonly string[]): SuppressionsOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...REPORT_OPTIONS,
        'fail-on-expired': { type: 'boolean' },
        'fail-on-missing-reason': { type: 'boolean' },
        'fail-on-unused': { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const format = values.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  if (values.output === '' || values.config === '') throw new UsageError(`--${values.output === '' ? 'output' : 'config'} needs a file name`);
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as AuditFormat,
    output: values.output,
    config: values.config,
    noConfig: values['no-config'] ?? false,
    failOnExpired: values['fail-on-expired'] ?? false,
    failOnMissingReason: values['fail-on-missing-reason'] ?? false,
    failOnUnused: values['fail-on-unused'] ?? false,
  };
}

/** One line of the audit: a comment in a source file or a waiver in a config file. */
export interface AuditEntry {
  kind: SuppressionKind;
  ruleIds: string[];
  /** The source file (comments) or the config file (waivers), relative to the working folder. */
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  reason: string;
  owner?: string;
  until?: string;
  status: SuppressionStatus;
  /** Findings it covers (for waivers: across every scanned file). */
  matches: number;
  /** Waivers: the globs they cover. */
  paths?: readonly string[];
  /** Foreign comments: the tool they come from. */
  tool?: string;
  /** Rule ids no Vigil rule has (typos): they suppress nothing. */
  unknownRuleIds?: string[];
}

export interface SuppressionAudit {
  entries: AuditEntry[];
  /** Per file: the findings suppressions hid or that only an expired one covered, and the audit's own findings. */
  files: FileReport[];
  notices: ReportNotice[];
  scannedFiles: number;
}

/** `vigil suppressions [paths] [options]` (argv after the command name); errors go up to runCli. */
export function suppressionsCommand(argv: readonly string[], io: CliEnvironment): ExitCode {
  const options = parseSuppressionsArgs(argv);
  if (options === 'help') {
    io.stdout.write(SUPPRESSIONS_USAGE);
    return ExitCode.Ok;
  }
  const engine = io.createEngine?.() ?? createEngine(io.engineModule);
  const { files, unreadable } = findSourceFiles(options.paths, io.cwd);
  const resolver = new ConfigResolver(engine.catalog, { configFile: options.config && path.resolve(io.cwd, options.config), noConfig: options.noConfig });
  const plan = planScan(files, resolver);
  if (!plan.ok) {
    for (const error of plan.errors) io.stderr.write(`${configErrorMessage(error, io.cwd)}\n`);
    return ExitCode.Usage;
  }
  const audit = auditSuppressions(engine, plan.files, io.cwd);
  for (const folder of unreadable) audit.notices.push({ path: displayPath(io.cwd, folder.path), kind: 'internal-error', message: folder.message });

  const output = render(audit, options.format, io.cwd, engine);
  if (options.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.output), output);
    } catch (e) {
      throw new UsageError(`cannot write the report to ${options.output}: ${(e as Error).message}`);
    }
  } else io.stdout.write(output);
  for (const notice of audit.notices.filter(isFailure)) io.stderr.write(`${notice.path}: ${notice.message}\n`);

  if (audit.notices.some(isFailure)) return ExitCode.Internal;
  const has = (status: SuppressionStatus) => audit.entries.some((e) => e.status === status);
  const failing = (options.failOnExpired && has('expired')) || (options.failOnMissingReason && has('no-reason')) || (options.failOnUnused && has('unused'));
  return failing ? ExitCode.Findings : ExitCode.Ok;
}

/** Analyzes each file and gathers its suppressions; a config's waivers are counted across all files. */
export function auditSuppressions(engine: Engine, planned: readonly { file: string; config: VigilConfig }[], cwd: string): SuppressionAudit {
  const entries: AuditEntry[] = [];
  const waivers = new Map<string, AuditEntry>();
  const files: FileReport[] = [];
  const notices: ReportNotice[] = [];
  const waiverEntry = (record: Pick<SuppressionRecord, 'ruleIds' | 'range' | 'reason' | 'owner' | 'until' | 'paths'> & { file?: string }) => {
    const key = `${record.file}:${record.range.start.line}:${record.range.start.character}`;
    let entry = waivers.get(key);
    if (!entry) {
      const { startLine, startColumn } = toSarifRegion(record.range);
      entry = { kind: 'waiver', ruleIds: record.ruleIds, path: displayPath(cwd, record.file ?? ''), line: startLine, column: startColumn, reason: record.reason, ...(record.owner && { owner: record.owner }), ...(record.until && { until: record.until }), status: 'unused', matches: 0, paths: record.paths };
      waivers.set(key, entry);
    }
    return entry;
  };
  for (const { file, config } of planned) {
    for (const waiver of config.waivers ?? []) waiverEntry({ ...waiver, ruleIds: [waiver.rule] });
    const shown = displayPath(cwd, file);
    try {
      const text = fs.readFileSync(file, 'utf8');
      const result = engine.analyzeTextWith(shown, text, { ...config, documentWaivers: waiversFor(config.waivers, file) });
      for (const notice of result.notices) notices.push({ path: shown, kind: notice.kind, message: notice.message });
      for (const record of result.suppressions) {
        if (record.kind === 'waiver') {
          const entry = waiverEntry(record);
          entry.matches += record.matches;
          if (record.matches > 0) entry.status = record.status;
          continue;
        }
        const { startLine, startColumn } = toSarifRegion(record.range);
        entries.push({ kind: record.kind, ruleIds: record.ruleIds, path: shown, line: startLine, column: startColumn, reason: record.reason, ...(record.owner && { owner: record.owner }), ...(record.until && { until: record.until }), status: record.status, matches: record.matches, ...(record.tool && { tool: record.tool }), ...(record.unknownRuleIds && { unknownRuleIds: record.unknownRuleIds }) });
      }
      const expired = new Set(result.expired.map((e) => `${e.finding.ruleId}@${e.finding.range.start.line}:${e.finding.range.start.character}`));
      const findings = result.findings.filter((f) => AUDIT_RULES.has(f.ruleId) || expired.has(`${f.ruleId}@${f.range.start.line}:${f.range.start.character}`));
      if (findings.length > 0 || result.suppressed.length > 0) files.push({ path: shown, lines: new LineIndex(text), findings, suppressed: result.suppressed, expired: result.expired });
    } catch (e) {
      notices.push({ path: shown, kind: 'internal-error', message: `could not be analyzed: ${(e as Error).stack ?? e}` });
    }
  }
  entries.push(...waivers.values());
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return { entries, files, notices, scannedFiles: planned.length };
}

function render(audit: SuppressionAudit, format: AuditFormat, cwd: string, engine: Engine): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ version: VIGIL_VERSION, suppressions: audit.entries, notices: audit.notices, summary: summary(audit) }, null, 2)}\n`;
    case 'sarif':
      return formatSarif({ cwd, files: audit.files, notices: audit.notices, scannedFiles: audit.scannedFiles, durationMs: 0 }, { catalog: engine.catalog, version: VIGIL_VERSION, docsBase: docsBaseUrl({ repository: VIGIL_REPOSITORY, version: VIGIL_VERSION }) });
    case 'table':
      return table(audit);
  }
}

function summary(audit: SuppressionAudit): Record<'total' | SuppressionStatus, number> {
  const counts = { total: audit.entries.length, active: 0, expired: 0, unused: 0, 'no-reason': 0 };
  for (const entry of audit.entries) counts[entry.status]++;
  return counts;
}

const COLUMNS = ['STATUS', 'RULE', 'LOCATION', 'KIND', 'OWNER', 'UNTIL', 'REASON'] as const;
const REASON_WIDTH = 60;

function table(audit: SuppressionAudit): string {
  const counts = summary(audit);
  // The files holding them (a waiver's is its config file), then how many were scanned: "4 in 1 file (40 files scanned)".
  const holding = new Set(audit.entries.map((e) => e.path)).size;
  const tail = `${plural(counts.total, 'suppression')} in ${plural(holding, 'file')} (${plural(audit.scannedFiles, 'file')} scanned): ${counts.active} active, ${counts.expired} expired, ${counts.unused} unused, ${counts['no-reason']} without a reason\n`;
  if (audit.entries.length === 0) return tail;
  const rows = audit.entries.map((e) => [
    e.status,
    e.ruleIds.length > 0 ? e.ruleIds.map((id) => (e.unknownRuleIds?.includes(id) ? `${id} (no such rule)` : id)).join(', ') : '(all)',
    `${e.path}:${e.line}`,
    e.tool ? `${e.kind} (${e.tool})` : e.kind,
    e.owner ?? '-',
    e.until ?? '-',
    e.reason === '' ? '-' : e.reason.length > REASON_WIDTH ? `${e.reason.slice(0, REASON_WIDTH - 1)}…` : e.reason,
  ]);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n\n${tail}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
