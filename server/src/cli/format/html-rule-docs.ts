import { ruleDocsUrl, type RuleCatalog } from '../../engine';
import type { ScanReport } from '../report';
import { markdownToHtml } from './markdown-html';
import type { DocsOptions } from './rule-docs-ref';
import { escapeXml as escape } from './xml';

/** The anchor of a rule's inline docs in the HTML report (each finding's rule id links there). */
export function ruleDocsAnchor(ruleId: string): string {
  return `rule-${ruleId}`;
}

/**
 * The docs of every rule the report has findings of, each collapsed in a <details>: the report
 * is read offline (a CI artifact), so the docs travel inside it rather than behind a link.
 */
export function ruleDocsSection(report: ScanReport, catalog: RuleCatalog, options: DocsOptions): string {
  const ids = [...new Set(report.files.flatMap((file) => file.findings.map((f) => f.ruleId)))].sort();
  const rules = ids.flatMap((id) => catalog.get(id) ?? []);
  if (rules.length === 0) return '';
  const blocks = rules.map((rule) => {
    const url = ruleDocsUrl(options.docsBase, rule.meta.id);
    return `<details class="rule-docs" id="${escape(ruleDocsAnchor(rule.meta.id))}">
<summary><code>${escape(rule.meta.id)}</code> ${escape(rule.meta.title)}</summary>
${markdownToHtml(rule.docs, 2)}${url ? `\n<p><a href="${escape(url)}">Published docs</a></p>` : ''}
</details>`;
  });
  return `<section id="rules">\n<h2>About these rules</h2>\n${blocks.join('\n')}\n</section>`;
}
