import { pathToFileURL } from 'url';
import { AUDIT_RULES, comparePositions, ruleDocsUrl, type AuditRule, toSarifRegion, type Confidence, type Finding, type Range, type Rule, type RuleCatalog, type Severity, type SuppressedFinding } from '../../engine';
import { displayPath, isFailure, sinkSite, type FileReport, type NoticeKind, type ScanReport } from '../report';
import { cweLabel, owaspCategories, owaspCategory } from '../../engine';
import { FINGERPRINT_KEY, fingerprintFindings } from '../fingerprint';
import type { DocsOptions } from './rule-docs-ref';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub code scanning's scale: 7.0–8.9 is high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };
const PRECISION: Record<Confidence, string> = { high: 'high', medium: 'medium', low: 'low' };
// A skipped file is a gap in the scan: a warning, which code scanning's tool status shows (it hides notes).
const NOTIFICATION_LEVEL: Record<NoticeKind, 'error' | 'warning' | 'note'> = { skipped: 'warning', 'parse-error': 'warning', 'rule-error': 'error', 'internal-error': 'error', partial: 'note' };

/**
 * `vigil scan --format sarif`: one SARIF 2.1.0 run. The driver lists every rule of the catalog
 * with its docs embedded (a link only where a team publishes them); results carry the taint path as related locations and a code flow, a
 * line-number-independent fingerprint and the rewrite fixes as artifact changes. Paths are
 * relative to %SRCROOT% (the working folder).
 */
export function formatSarif(report: ScanReport, options: { catalog: RuleCatalog; version: string } & DocsOptions): string {
  const rules = [...options.catalog.rules.values()];
  // The suppression audit's rules follow, for those the report has findings of.
  const audit = [...AUDIT_RULES.values()].filter((rule) => report.files.some((file) => file.findings.some((f) => f.ruleId === rule.id)));
  const ruleIndex = new Map([...rules.map((rule) => rule.meta.id), ...audit.map((rule) => rule.id)].map((id, index) => [id, index]));
  const results = report.files.flatMap((file) => fileResults(file, ruleIndex, report.cwd));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vigil',
            version: options.version,
            semanticVersion: options.version,
            rules: [...rules.map((rule) => ruleDescriptor(rule, options.docsBase)), ...audit.map(auditRuleDescriptor)],
          },
        },
        invocations: [
          {
            executionSuccessful: !report.notices.some(isFailure),
            toolExecutionNotifications: report.notices.map((notice) => ({
              level: NOTIFICATION_LEVEL[notice.kind],
              message: { text: notice.message },
              descriptor: { id: notice.kind },
              locations: [{ physicalLocation: { artifactLocation: artifact(notice.path) } }],
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(report.cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A rule with its docs embedded (GitHub code scanning shows help.markdown); helpUri only where the docs are published. */
function ruleDescriptor(rule: Rule, docsBase: string | undefined) {
  const helpUri = ruleDocsUrl(docsBase, rule.meta.id);
  const { meta } = rule;
  const tags = new Set([...(meta.tags ?? []), 'security', ...owaspCategories(meta).map((c) => `OWASP-${owaspCategory(c).id}`), ...meta.cwe.map(cweLabel), ...meta.cwe.map(githubCweTag)]);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.summary },
    ...(helpUri && { helpUri }),
    help: { text: rule.docs, markdown: rule.docs },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: [...tags], 'security-severity': SECURITY_SEVERITY[meta.severity], precision: PRECISION[meta.confidence] },
  };
}

/** The form GitHub code scanning links CWE tags by (as CodeQL writes them): external/cwe/cwe-089. */
function githubCweTag(cwe: number): string {
  return `external/cwe/cwe-${String(cwe).padStart(3, '0')}`;
}

/** `sql-injection` → `SqlInjection`, SARIF's rule name. */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function auditRuleDescriptor(rule: AuditRule) {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.summary },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['suppression'] },
  };
}

function fileResults(file: FileReport, ruleIndex: ReadonlyMap<string, number>, cwd: string) {
  const suppressed = file.suppressed ?? [];
  // Findings first, so their fingerprints are the ones JSON reports and baselines carry.
  const fingerprints = fingerprintFindings(file.path, file.lines, [...file.findings, ...suppressed.map((s) => s.finding)]);
  const result = (finding: Finding, fingerprint: string, suppression?: SuppressedFinding) => {
    const steps = finding.path.map((step) => location(file.path, step.range, step.label));
    // The thread flow ends at the sink call, which may be inside a function of another file.
    const site = sinkSite(file, finding);
    const sinkStep = location(site.path, site.range ?? site.line, finding.sink ? `\`${finding.sink}\`` : finding.message);
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [location(file.path, finding.range)],
      ...(steps.length > 0 && {
        relatedLocations: steps.map((step, id) => ({ id, ...step })),
        codeFlows: [{ threadFlows: [{ locations: [...steps, sinkStep].map((step) => ({ location: step })) }] }],
      }),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
      fixes: rewriteFixes(file.path, finding),
      ...(suppression && { suppressions: [sarifSuppression(suppression, file.path, cwd)] }),
      properties: { confidence: finding.confidence, ...(finding.tier && { tier: finding.tier }) },
    };
  };
  const expiredOf = (finding: Finding) => file.expired?.find((e) => e.finding.ruleId === finding.ruleId && comparePositions(e.finding.range.start, finding.range.start) === 0);
  return [...file.findings.map((finding, i) => result(finding, fingerprints[i], expiredOf(finding))), ...suppressed.map((s, i) => result(s.finding, fingerprints[file.findings.length + i], s))];
}

/**
 * SARIF's own record of a suppression: in the source (a comment) or external (a config
 * waiver); `rejected` when it expired, so the result counts again.
 */
export function sarifSuppression({ by }: SuppressedFinding, path: string, cwd: string) {
  const external = by.kind === 'waiver';
  return {
    kind: external ? 'external' : 'inSource',
    status: by.status === 'expired' ? 'rejected' : 'accepted',
    ...(by.reason && { justification: by.reason }),
    location: external ? location(displayPath(cwd, by.file!), by.range) : location(path, by.range),
    properties: { vigilStatus: by.status, vigilKind: by.kind, ruleIds: by.ruleIds, ...(by.owner && { owner: by.owner }), ...(by.until && { until: by.until }), ...(by.tool && { tool: by.tool }) },
  };
}

function rewriteFixes(path: string, finding: Finding) {
  return finding.fixes
    .filter((fix) => fix.kind === 'rewrite')
    .map((fix) => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: artifact(path),
          replacements: fix.edits.map((edit) => ({ deletedRegion: toSarifRegion(edit.range), insertedContent: { text: edit.newText } })),
        },
      ],
    }));
}

/** A range, or a whole 1-based line where only that is known (a sink inside another module's function). */
function location(path: string, range: Range | number, message?: string) {
  return {
    physicalLocation: { artifactLocation: artifact(path), region: typeof range === 'number' ? { startLine: range } : toSarifRegion(range) },
    ...(message !== undefined && { message: { text: message } }),
  };
}

function artifact(path: string) {
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}
