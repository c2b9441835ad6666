import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { Finding, Language, OwaspEdition, Range, Rule, RuleCatalog } from '../engine';
import { cweUrl, languageDocs, owaspCategories, owaspCategory, ruleText, specLanguage, tierDescription } from '../engine';
import { fileDocsLink, type RuleDocsLink } from './rule-docs-link';

/**
 * textDocument/hover over a Vigil finding: what the rule catches and why, the path from
 * the user input to the sink, the OWASP categories and CWE, how to fix it and the docs link.
 */
export function hover(findings: readonly Finding[], position: Position, catalog: RuleCatalog, language: Language, edition?: OwaspEdition, docsLink: RuleDocsLink = fileDocsLink): Hover | null {
  const hits = findings.filter((finding) => contains(finding.range, position));
  if (hits.length === 0) return null;
  const value = hits.map((finding) => findingMarkdown(finding, catalog.get(finding.ruleId), language, edition, docsLink)).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: hits[0].range };
}

/**
 * Three short lines, then the advice: what (the rule and why it matters), where from and where to
 * (the taint path on one line), the classification and the fixes on the lightbulb; then the "Use
 * instead" of the rule's docs for the file's language and the link to the whole page.
 */
function findingMarkdown(finding: Finding, rule: Rule | undefined, language: Language, edition: OwaspEdition | undefined, docsLink: RuleDocsLink): string {
  if (!rule) return `**Vigil** \`${finding.ruleId}\`\n\n${finding.message}`;
  const { meta } = rule;
  const parts = [`**Vigil: ${meta.title}** (\`${meta.id}\`, ${finding.severity}): ${ruleText(meta, specLanguage(language), 'summary')}`];
  if (finding.path.length > 0) parts.push(pathLine(finding));
  if (finding.tier) parts.push(`**Tier:** ${tierDescription(finding.tier)} (confidence ${finding.confidence}).`);
  const owasp = owaspCategories(meta, edition).map((category) => {
    const { id, name } = owaspCategory(category);
    return `${id} ${name}`;
  });
  // The links read "CWE-89" already: no "CWE" label before them.
  const cwes = meta.cwe.map((id) => `[CWE-${id}](${cweUrl(id)})`).join(', ');
  const rewrites = finding.fixes.filter((fix) => fix.kind === 'rewrite');
  parts.push(`**OWASP** ${owasp.join(' · ')} · ${cwes}${rewrites.length > 0 ? ` · **Fix** (lightbulb): ${rewrites.map((fix) => fix.title).join(' · ')}` : ''}`);
  const howToFix = docsSection(languageDocs(rule.docs, specLanguage(language)), 'Use instead');
  if (howToFix) parts.push(`**How to fix**\n\n${onlyLanguage(howToFix, language)}`);
  parts.push(`[More about this rule](${docsLink(rule)})`);
  return parts.join('\n\n');
}

/** "**From** FastAPI parameter `email` (line 7) → assigned to `query` (line 9) → `db.execute` (line 10)". */
function pathLine(finding: Finding): string {
  const steps = finding.path.map((step) => `${step.label} (line ${step.range.start.line + 1})`);
  const sink = finding.sink ? `\`${finding.sink}\`` : 'the sink';
  // A sink inside a called function is named where it is (another file, or further down this one).
  const at = finding.sinkLocation;
  steps.push(`${sink} (${at ? `${at.path ? `${at.path} ` : ''}line ${at.line}` : `line ${finding.range.start.line + 1}`})`);
  return `**From** ${steps.join(' → ')}`;
}

/** The body of a `## <title>` section of a rule's docs page. */
export function docsSection(docs: string, title: string): string | undefined {
  const lines = docs.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim().toLowerCase() === `## ${title.toLowerCase()}`);
  if (start < 0) return undefined;
  let end = start + 1;
  let inFence = false;
  for (; end < lines.length; end++) {
    if (lines[end].startsWith('```')) inFence = !inFence;
    if (!inFence && /^#{1,2} /.test(lines[end])) break;
  }
  return lines.slice(start + 1, end).join('\n').trim() || undefined;
}

const PYTHON_FENCES = new Set(['python', 'py']);
const TS_FENCES = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'jsx']);

/** Drops the code blocks written for the other language family (a Python file needs no TS). */
function onlyLanguage(markdown: string, language: Language): string {
  const other = language === 'python' ? TS_FENCES : PYTHON_FENCES;
  return markdown
    .replace(/^```(\w*)[^\n]*\n[\s\S]*?^```[ \t]*(?:\n|$)/gm, (block, tag: string) => (other.has(tag.toLowerCase()) ? '' : block))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function contains(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
