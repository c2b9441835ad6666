import { toSarifRegion, type RuleCatalog } from '../../engine';
import { ruleDocsReference, type DocsOptions } from './rule-docs-ref';
import { frameLine, isFailure, isSkipped, summarize, type ScanReport } from '../report';
import { escapeXml } from './xml';

/**
 * `vigil scan --format junit`: JUnit XML as CI test tabs read it (GitLab, Jenkins, Azure, GitHub
 * test reporters). Each file with findings is a test suite and each finding a failed test case
 * (named rule @ line:col); a file that could not be analyzed is a test case in error. A clean
 * scan is one passing test case, so the tab shows the scan ran.
 */
export function formatJunit(report: ScanReport, options: { catalog: RuleCatalog } & DocsOptions): string {
  const summary = summarize(report);
  const suites: string[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    const cases = file.findings.map((finding) => {
      const { startLine, startColumn } = toSarifRegion(finding.range);
      const rule = options.catalog.get(finding.ruleId);
      const body = [
        `${file.path}:${startLine}:${startColumn}`,
        frameLine(file, options.catalog, finding.range.start.line).text.trim(),
        ...finding.fixes.filter((f) => f.kind === 'rewrite').map((f) => `fix: ${f.title}`),
        ...(rule ? [`docs: ${ruleDocsReference(rule, report.cwd, options)}`] : []),
      ].join('\n');
      const name = `${finding.ruleId} @ ${startLine}:${startColumn}`;
      return `    <testcase name="${escapeXml(name)}" classname="${escapeXml(file.path)}" file="${escapeXml(file.path)}" line="${startLine}">\n      <failure message="${escapeXml(finding.message)}" type="${finding.severity}">${escapeXml(body)}</failure>\n    </testcase>`;
    });
    suites.push(suite(file.path, cases, cases.length, 0));
  }
  const failed = report.notices.filter(isFailure);
  if (failed.length > 0) {
    const cases = failed.map((n) => `    <testcase name="analyze ${escapeXml(n.path)}" classname="${escapeXml(n.path)}" file="${escapeXml(n.path)}">\n      <error message="${escapeXml(n.message.split('\n')[0])}" type="${n.kind}">${escapeXml(n.message)}</error>\n    </testcase>`);
    suites.push(suite('vigil: files that could not be analyzed', cases, 0, cases.length));
  }
  // Skipped files as skipped test cases: CI test tabs count and list those.
  const skipped = report.notices.filter(isSkipped);
  if (skipped.length > 0) {
    const cases = skipped.map((n) => `    <testcase name="analyze ${escapeXml(n.path)}" classname="${escapeXml(n.path)}" file="${escapeXml(n.path)}">\n      <skipped message="${escapeXml(n.message)}"/>\n    </testcase>`);
    suites.push(suite('vigil: files skipped', cases, 0, 0, cases.length));
  }
  if (suites.length === 0) suites.push(suite('vigil', [`    <testcase name="${summary.scannedFiles} files scanned, no findings" classname="vigil"/>`], 0, 0));
  const time = (summary.durationMs / 1000).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vigil" tests="${Math.max(1, summary.findings + failed.length + skipped.length)}" failures="${summary.findings}" errors="${failed.length}"${skipped.length > 0 ? ` skipped="${skipped.length}"` : ''} time="${time}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function suite(name: string, cases: string[], failures: number, errors: number, skipped = 0): string {
  return `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}"${skipped > 0 ? ` skipped="${skipped}"` : ''}>\n${cases.join('\n')}\n  </testsuite>`;
}
