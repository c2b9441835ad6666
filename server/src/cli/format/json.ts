import { AUDIT_RULES, owaspCategories, ruleDocsUrl, toSarifRegion, type Confidence, type FixKind, type Range, type RuleCatalog, type Severity, type TextEdit } from '../../engine';
import { shippedDocsPath, type DocsOptions } from './rule-docs-ref';
import { fingerprintsOf } from '../fingerprint';
import { sinkSite, summarize, type NoticeKind, type ScanReport, type Summary } from '../report';

/**
 * `vigil scan --format json`: a stable shape; fields are only ever added. Ranges are the
 * engine's (0-based line, UTF-16 character); `location` repeats the start and end 1-based, as
 * editors and terminals show them. Findings come file by file (paths sorted), by position.
 */
export interface JsonReport {
  /** The Vigil version that wrote the report. */
  version: string;
  findings: JsonFinding[];
  notices: { path: string; kind: NoticeKind; message: string }[];
  summary: Summary;
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  /** `unknown-origin`: a value Vigil cannot trace to request data (the tier a config or preset turns on); absent otherwise. */
  tier?: 'unknown-origin';
  message: string;
  /** Relative to the working folder, `/`-separated. */
  path: string;
  range: Range;
  location: JsonLocation;
  /** OWASP Top 10 categories, e.g. { "2021": "A03:2021-Injection", "2025": "A05:2025-Injection" }; absent for the suppression audit's findings. */
  owasp?: { '2021': string; '2025': string };
  /** The configured OWASP edition's category (owaspEdition in vigil.config.json, default 2021). */
  owaspCategory?: string;
  /** Empty for the suppression audit's findings. */
  cwe: number[];
  /**
   * The rule's docs: the published page when the config's `docsBaseUrl` (or the package's repository)
   * names one, else the page shipped in Vigil's package, `rules/<id>/README.md` (relative to it).
   * Absent only for the suppression audit's findings.
   */
  docsUrl?: string;
  /** Stable across line moves (see fingerprint.ts); the same as SARIF's partialFingerprints. */
  fingerprint: string;
  /** The sink call as written, for taint findings. */
  sink?: string;
  /** Where the sink call is when that is not at `range`: inside a function called there, `path` naming its file. */
  sinkLocation?: { path: string; line: number; range?: Range };
  /** From the source of the user input to the last step before the sink; empty for pattern rules. */
  taintPath: { label: string; range: Range; location: JsonLocation }[];
  fixes: { title: string; kind: FixKind; isPreferred: boolean; edits: TextEdit[] }[];
}

export interface JsonLocation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function formatJson(report: ScanReport, options: { catalog: RuleCatalog; version: string } & DocsOptions): string {
  const findings: JsonFinding[] = [];
  for (const file of report.files) {
    const fingerprints = fingerprintsOf(file);
    for (const [index, finding] of file.findings.entries()) {
      const rule = options.catalog.get(finding.ruleId);
      if (!rule && !AUDIT_RULES.has(finding.ruleId)) throw new Error(`finding of unknown rule ${finding.ruleId}`);
      findings.push({
        ruleId: finding.ruleId,
        severity: finding.severity,
        confidence: finding.confidence,
        ...(finding.tier && { tier: finding.tier }),
        message: finding.message,
        path: file.path,
        range: finding.range,
        location: location(finding.range),
        ...(rule && { owasp: { ...rule.meta.owasp }, owaspCategory: owaspCategories(rule.meta, file.owaspEdition)[0] }),
        cwe: rule ? [...rule.meta.cwe] : [],
        ...(rule && { docsUrl: ruleDocsUrl(options.docsBase, rule.meta.id) ?? shippedDocsPath(rule.meta.id) }),
        fingerprint: fingerprints[index],
        ...(finding.sink !== undefined && { sink: finding.sink }),
        ...(finding.sinkLocation && { sinkLocation: sinkSite(file, finding) }),
        taintPath: finding.path.map((step) => ({ label: step.label, range: step.range, location: location(step.range) })),
        fixes: finding.fixes.map((fix) => ({ title: fix.title, kind: fix.kind, isPreferred: fix.isPreferred ?? false, edits: fix.edits })),
      });
    }
  }
  const json: JsonReport = { version: options.version, findings, notices: report.notices, summary: summarize(report) };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function location(range: Range): JsonLocation {
  const region = toSarifRegion(range);
  return { line: region.startLine, column: region.startColumn, endLine: region.endLine, endColumn: region.endColumn };
}
