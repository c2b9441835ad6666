import { owaspCategories, owaspCategory, cweLabel, toSarifRegion, type Finding, type RuleCatalog, type Severity } from '../../engine';
import { frameLine, isFailure, isSkipped, sinkSite, summarize, type FileReport, type ScanReport } from '../report';
import { escapeXml as escape } from './xml';
import { ruleDocsAnchor, ruleDocsSection } from './html-rule-docs';
import type { DocsOptions } from './rule-docs-ref';

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
const SEVERITY_COLOR: Record<Severity, string> = { error: '#c62828', warning: '#ef6c00', info: '#1565c0', hint: '#00838f' };
const FRAME_CONTEXT = 2;

/**
 * `vigil scan --format html`: one self-contained page (inline CSS and SVG, no script, no
 * fonts, images or styles from the network) that a CI job can keep as an artifact: the summary,
 * a bar chart of findings by OWASP Top 10 category, then each file's findings with a code frame,
 * the taint path and the fixes on offer, and the docs of the rules found (collapsed). Every piece of scanned text is escaped.
 */
export function formatHtml(report: ScanReport, options: { catalog: RuleCatalog; version: string } & DocsOptions): string {
  const summary = summarize(report);
  const counts = SEVERITIES.map((s) => `<span class="pill ${s}">${summary.bySeverity[s]} ${s}</span>`).join(' ');
  const failed = report.notices.filter(isFailure);
  const skipped = report.notices.filter(isSkipped);
  // Files kept only for their suppressed findings (SARIF lists those) have nothing to show here.
  const withFindings = report.files.filter((file) => file.findings.length > 0);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Vigil report: ${summary.findings} findings</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Vigil security report</h1>
<p class="meta">${summary.findings} findings in ${summary.filesWithFindings} of ${summary.scannedFiles} files scanned · ${counts}${summary.baselined ? ` · ${summary.baselined} in the baseline, not shown` : ''}${failed.length > 0 ? ` · <span class="pill error">${failed.length} ${failed.length === 1 ? 'file' : 'files'} could not be analyzed</span>` : ''}${skipped.length > 0 ? ` · <span class="pill warning">${skipped.length} ${skipped.length === 1 ? 'file' : 'files'} skipped</span>` : ''} · Vigil ${escape(options.version)}</p>
</header>
<section id="summary">
<h2>Findings by OWASP Top 10 category</h2>
${owaspChart(report, options.catalog)}
</section>
<section id="files">
<h2>Findings by file</h2>
${withFindings.length === 0 ? '<p class="clean">No findings.</p>' : withFindings.map((file) => fileSection(file, options.catalog)).join('\n')}
</section>
${skipped.length > 0 ? `<section id="skipped"><h2>Files skipped</h2><ul>${skipped.map((n) => `<li><code>${escape(n.path)}</code>: ${escape(n.message)}</li>`).join('')}</ul></section>` : ''}
${ruleDocsSection(report, options.catalog, options)}
${failed.length > 0 ? `<section id="failures"><h2>Files that could not be analyzed</h2><ul>${failed.map((n) => `<li><code>${escape(n.path)}</code>: <pre>${escape(n.message)}</pre></li>`).join('')}</ul></section>` : ''}
</body>
</html>
`;
}

/** A horizontal bar per OWASP category (the configured edition's), stacked by severity. */
function owaspChart(report: ScanReport, catalog: RuleCatalog): string {
  const byCategory = new Map<string, Record<Severity, number>>();
  for (const file of report.files) {
    for (const finding of file.findings) {
      const rule = catalog.get(finding.ruleId);
      const category = rule ? owaspCategories(rule.meta, file.owaspEdition)[0] : 'Uncategorized';
      const row = byCategory.get(category) ?? { error: 0, warning: 0, info: 0, hint: 0 };
      row[finding.severity]++;
      byCategory.set(category, row);
    }
  }
  if (byCategory.size === 0) return '<p class="clean">No findings.</p>';
  const rows = [...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const max = Math.max(...rows.map(([, r]) => SEVERITIES.reduce((sum, s) => sum + r[s], 0)));
  // Each category's name sits on its own line above its bar: long names ("A07:2021
  // Identification and Authentication Failures") never run under the bars.
  const barWidth = 720;
  const labelHeight = 18;
  const barHeight = 18;
  const rowHeight = labelHeight + barHeight + 10;
  const bars = rows.map(([category, row], i) => {
    const y = i * rowHeight;
    const barY = y + labelHeight + 2;
    let x = 0;
    const total = SEVERITIES.reduce((sum, s) => sum + row[s], 0);
    const segments = SEVERITIES.filter((s) => row[s] > 0).map((s) => {
      const width = (row[s] / max) * barWidth;
      const rect = `<rect x="${x.toFixed(1)}" y="${barY}" width="${width.toFixed(1)}" height="${barHeight}" fill="${SEVERITY_COLOR[s]}"><title>${row[s]} ${s}</title></rect>`;
      x += width;
      return rect;
    });
    const { id, name } = owaspCategory(category);
    return `<g class="bar"><text class="category" x="0" y="${y + labelHeight - 4}">${escape(`${id} ${name}`)}</text>${segments.join('')}<text class="total" x="${(x + 6).toFixed(1)}" y="${barY + barHeight - 4}">${total}</text></g>`;
  });
  const legend = SEVERITIES.map((s) => `<span class="swatch" style="background:${SEVERITY_COLOR[s]}"></span>${s}`).join(' ');
  const width = barWidth + 60;
  const height = rows.length * rowHeight;
  return `<svg class="chart" role="img" aria-label="Findings by OWASP category" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>\n<p class="legend">Bar colours, by severity: ${legend}</p>`;
}

/** A message, escaped, with its `code` spans (the sink, the variable) set as code. */
function messageHtml(message: string): string {
  // `` x `` quotes code that has backticks itself (a template literal).
  return escape(message).replace(/`` ?(.+?) ?``|`([^`\n]+)`/g, (_, wide: string | undefined, plain: string | undefined) => `<code>${wide ?? plain}</code>`);
}

function fileSection(file: FileReport, catalog: RuleCatalog): string {
  return `<details class="file" open>
<summary><code>${escape(file.path)}</code> <span class="count">${file.findings.length}</span></summary>
${file.findings.map((finding) => findingBlock(file, finding, catalog)).join('\n')}
</details>`;
}

function findingBlock(file: FileReport, finding: Finding, catalog: RuleCatalog): string {
  const { startLine, startColumn } = toSarifRegion(finding.range);
  const rule = catalog.get(finding.ruleId);
  const tags = rule ? [...owaspCategories(rule.meta, file.owaspEdition).map((c) => `OWASP ${owaspCategory(c).id}`), ...rule.meta.cwe.map(cweLabel)] : [];
  const site = sinkSite(file, finding);
  const sinkAt = `${site.path === file.path ? '' : `${escape(site.path)} `}line ${site.line}`;
  const path = finding.path.length > 0 ? `<p class="path">Path: ${[...finding.path.map((s) => `${escape(s.label)} (line ${toSarifRegion(s.range).startLine})`), ...(finding.sink ? [`<code>${escape(finding.sink)}</code> (${sinkAt})`] : [])].join(' → ')}</p>` : '';
  const fixes = finding.fixes.filter((f) => f.kind === 'rewrite').map((f) => `<li>${escape(f.title)}${f.isPreferred ? ' <em>(preferred)</em>' : ''}</li>`);
  return `<article class="finding ${finding.severity}" id="${escape(`${file.path}:${startLine}:${startColumn}:${finding.ruleId}`)}">
<h3><span class="pill ${finding.severity}">${finding.severity}</span> <a href="#${escape(ruleDocsAnchor(finding.ruleId))}">${escape(finding.ruleId)}</a> <span class="where">${escape(file.path)}:${startLine}:${startColumn}</span></h3>
<p class="message">${messageHtml(finding.message)}</p>
${codeFrame(file, finding, catalog)}
${path}
${fixes.length > 0 ? `<p>Fix on offer:</p><ul class="fixes">${fixes.join('')}</ul>` : ''}
<p class="tags">${tags.map(escape).join(' · ')}</p>
</article>`;
}

/** The flagged lines with FRAME_CONTEXT lines around them, the flagged span highlighted. */
function codeFrame(file: FileReport, finding: Finding, catalog: RuleCatalog): string {
  const { start, end } = finding.range;
  const first = Math.max(0, start.line - FRAME_CONTEXT);
  // The empty "line" after a final newline is not worth a row.
  const lastLine = file.lines.lineCount - (file.lines.lineText(file.lines.lineCount - 1) === '' ? 2 : 1);
  const last = Math.max(end.line, Math.min(lastLine, end.line + FRAME_CONTEXT));
  const rows: string[] = [];
  for (let line = first; line <= last; line++) {
    const { text, column } = frameLine(file, catalog, line);
    const from = line === start.line ? column(start.character) : line > start.line && line <= end.line ? 0 : text.length;
    const to = line === end.line ? column(end.character) : line >= start.line && line < end.line ? text.length : from;
    const code = `${escape(text.slice(0, from))}${to > from ? `<mark>${escape(text.slice(from, to))}</mark>` : ''}${escape(text.slice(Math.max(from, to)))}`;
    rows.push(`<tr${line >= start.line && line <= end.line ? ' class="flagged"' : ''}><td class="ln">${line + 1}</td><td><code>${code}</code></td></tr>`);
  }
  return `<table class="frame">${rows.join('')}</table>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:0 24px 48px;color:#1b1f24;background:#fff}
h1{font-size:24px;margin:24px 0 4px}h2{font-size:18px;margin:28px 0 12px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:14px;margin:0 0 6px}
.meta{color:#57606a}.pill{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;font-weight:600}
.pill.error{background:#c62828}.pill.warning{background:#ef6c00}.pill.info{background:#1565c0}.pill.hint{background:#00838f}
.chart text{font:13px system-ui,sans-serif;fill:#1b1f24}.legend{margin-top:4px;color:#57606a}.swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px;border-radius:2px}
.message code{background:#eff1f3;border-radius:4px;padding:0 4px;font-size:12.5px}
details.file{border:1px solid #d0d7de;border-radius:6px;margin:0 0 12px}details.file>summary{cursor:pointer;padding:8px 12px;background:#f6f8fa;font-weight:600}
.count{background:#57606a;color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
.finding{padding:10px 12px;border-top:1px solid #eaeef2}.finding.error{border-left:4px solid #c62828}.finding.warning{border-left:4px solid #ef6c00}.finding.info{border-left:4px solid #1565c0}.finding.hint{border-left:4px solid #00838f}
.where{color:#57606a;font-weight:400}.message{margin:4px 0}
table.frame{border-collapse:collapse;width:100%;background:#f6f8fa;font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:6px 0}
table.frame td{padding:0 8px;white-space:pre;vertical-align:top}td.ln{color:#8c959f;text-align:right;width:1%;user-select:none}
tr.flagged{background:#fff1f0}mark{background:#ffd7d5;border-bottom:2px solid #c62828;color:inherit}
.path,.tags{color:#57606a;font-size:13px}.fixes{margin:2px 0 6px}.clean{color:#1a7f37;font-weight:600}pre{white-space:pre-wrap}
.rule-docs{margin:4px 0}.rule-docs summary{cursor:pointer}.rule-docs pre{background:#f6f8fa;padding:8px;font-size:12.5px}
`;
