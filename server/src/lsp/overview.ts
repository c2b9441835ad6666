import { OWASP_TOP10, owaspCategory, type Finding, type RuleCatalog } from '../engine';
import type { OverviewCategory, OwaspOverview } from '../protocol';

/** The findings of a set of files grouped by the categories of one OWASP Top 10 edition. */
export function owaspOverview(filesFindings: Iterable<[uri: string, findings: readonly Finding[]]>, catalog: RuleCatalog | undefined, edition: '2021' | '2025'): OwaspOverview {
  const categories = new Map<string, OverviewCategory>();
  for (const category of OWASP_TOP10[edition]) {
    const { id, name } = owaspCategory(category);
    categories.set(id, { id, name, findings: [] });
  }
  let files = 0;
  for (const [uri, findings] of filesFindings) {
    if (findings.length > 0) files++;
    for (const finding of findings) {
      const rule = catalog?.get(finding.ruleId);
      const { id, name } = owaspCategory(rule?.meta.owasp[edition] ?? 'Other-Not in the OWASP Top 10');
      let category = categories.get(id);
      if (!category) categories.set(id, (category = { id, name, findings: [] }));
      category.findings.push({
        uri,
        range: finding.range,
        ruleId: finding.ruleId,
        title: rule?.meta.title ?? finding.ruleId,
        severity: finding.severity,
        message: finding.message,
      });
    }
  }
  // By file, then by position: the order the findings are read in.
  for (const category of categories.values()) category.findings.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  return { edition, categories: [...categories.values()], files };
}
