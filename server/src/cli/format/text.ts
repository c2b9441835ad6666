import { cweLabel, owaspCategories, tierDescription, toSarifRegion, type Finding, type Rule, type RuleCatalog, type Severity } from '../../engine';
import { frameLine, sinkSite, summarize, type FileReport, type ScanReport } from '../report';
import { palette, type Palette } from './colors';
import { ruleDocsReference, type DocsOptions } from './rule-docs-ref';

export interface TextOptions extends DocsOptions {
  catalog: RuleCatalog;
  color: boolean;
  /** Findings only: no summary line. */
  quiet: boolean;
}

/**
 * The human report: findings grouped by file, each with a one-line code frame, the taint
 * path, the fixes on offer and its OWASP/CWE classification; then a summary line.
 */
export function formatText(report: ScanReport, options: TextOptions): string {
  const p = palette(options.color);
  const out: string[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    out.push(p.underline(p.bold(file.path)));
    for (const finding of file.findings) out.push(...formatFinding(file, finding, options.catalog, p, (rule) => ruleDocsReference(rule, report.cwd, options)), '');
  }
  if (!options.quiet) out.push(summaryLine(report, p));
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function formatFinding(file: FileReport, finding: Finding, catalog: RuleCatalog, p: Palette, docs: (rule: Rule) => string): string[] {
  const { startLine, startColumn } = toSarifRegion(finding.range);
  const indent = '    ';
  const lines = [
    `${file.path}:${startLine}:${startColumn}  ${severityLabel(finding.severity, p)}  ${p.dim(finding.ruleId)}  ${finding.message}`,
    ...codeFrame(file, finding, catalog, p).map((l) => indent + l),
  ];
  if (finding.path.length > 0) lines.push(`${indent}${p.bold('path:')} ${taintPath(file, finding)}`);
  if (finding.tier) lines.push(`${indent}${p.bold('tier:')} ${tierDescription(finding.tier)} (confidence ${finding.confidence})`);
  for (const fix of finding.fixes) lines.push(`${indent}${p.green('fix:')} ${fix.title}${fix.isPreferred ? ' (preferred)' : ''}`);
  const rule = catalog.get(finding.ruleId);
  if (rule) {
    const tags = [...owaspCategories(rule.meta, file.owaspEdition).map((c) => `OWASP ${c}`), ...rule.meta.cwe.map(cweLabel)];
    lines.push(`${indent}${p.dim(`${tags.join(' · ')} · ${docs(rule)}`)}`);
  }
  return lines;
}

const FRAME_WIDTH = 120;

/** The flagged line with a ^~~~ underline under the finding's range (to the line's end if it spans lines). */
function codeFrame(file: FileReport, finding: Finding, catalog: RuleCatalog, p: Palette): string[] {
  const line = finding.range.start.line;
  const shown = frameLine(file, catalog, line);
  const source = shown.text.replace(/\t/g, ' ');
  const start = shown.column(finding.range.start.character);
  const end = finding.range.end.line === line ? shown.column(finding.range.end.character) : source.length;
  const from = Math.max(0, Math.min(start - 20, source.length - FRAME_WIDTH));
  const visible = source.slice(from, from + FRAME_WIDTH).trimEnd();
  const width = Math.max(1, Math.min(end, from + FRAME_WIDTH) - start);
  const gutter = String(toSarifRegion(finding.range).startLine);
  return [
    `${p.dim(`${gutter} |`)} ${from > 0 ? '…' : ''}${visible}`,
    `${p.dim(`${' '.repeat(gutter.length)} |`)} ${from > 0 ? ' ' : ''}${' '.repeat(start - from)}${p.red(`^${'~'.repeat(width - 1)}`)}`,
  ];
}

/**
 * "FastAPI parameter `email` (line 9) → assigned to `query` (line 11) → `cursor.execute` (line 12)";
 * a sink in another file is named with it: "→ `cur.execute` (app/catalog.py line 8)".
 */
function taintPath(file: FileReport, finding: Finding): string {
  const steps = finding.path.map((step) => `${step.label} (line ${toSarifRegion(step.range).startLine})`);
  if (finding.sink) {
    const site = sinkSite(file, finding);
    steps.push(`\`${finding.sink}\` (${site.path === file.path ? '' : `${site.path} `}line ${site.line})`);
  }
  return steps.join(' → ');
}

function severityLabel(severity: Severity, p: Palette): string {
  const paint = { error: p.red, warning: p.yellow, info: p.blue, hint: p.cyan }[severity];
  return paint(severity);
}

function summaryLine(report: ScanReport, p: Palette): string {
  const s = summarize(report);
  const counts = [plural(s.bySeverity.error, 'error'), plural(s.bySeverity.warning, 'warning')];
  if (s.bySeverity.info > 0) counts.push(`${s.bySeverity.info} info`);
  if (s.bySeverity.hint > 0) counts.push(plural(s.bySeverity.hint, 'hint'));
  let line = `${plural(s.findings, 'finding')} (${counts.join(', ')}) in ${plural(s.filesWithFindings, 'file')}, scanned ${plural(s.scannedFiles, 'file')} in ${s.durationMs} ms`;
  if (s.baselined) line += `; ${s.baselined} in the baseline`;
  if (s.skippedFiles > 0) line += `; ${plural(s.skippedFiles, 'file')} skipped (see the notices)`;
  if (s.failedFiles > 0) line += `; ${plural(s.failedFiles, 'file')} could not be analyzed`;
  const paint = s.failedFiles > 0 || s.bySeverity.error > 0 ? p.red : s.findings > 0 ? p.yellow : p.green;
  return paint(p.bold(line));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
