import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Finding, Fix, OwaspEdition, RuleCatalog, Severity } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { ruleTags } from '../engine';
import { fileDocsLink, type RuleDocsLink } from './rule-docs-link';

/**
 * What a Vigil diagnostic carries to `textDocument/codeAction`: the engine's fixes and the
 * document version they were computed for, so code actions need no server-side state.
 */
export interface DiagnosticData {
  version: number;
  fixes: Fix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string, version: number, catalog: RuleCatalog, edition?: OwaspEdition, docsLink: RuleDocsLink = fileDocsLink): Diagnostic {
  const rule = catalog.get(finding.ruleId);
  const data: DiagnosticData = { version, fixes: finding.fixes };
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: rule ? { href: docsLink(rule) } : undefined,
    source: DIAGNOSTIC_SOURCE,
    message: rule ? `${finding.message} [${ruleTags(rule.meta, edition)}]` : finding.message,
    relatedInformation: relatedInformation(finding, uri),
    // An unused suppression: the editor fades it rather than squiggling it.
    ...(finding.tags?.includes('unnecessary') && { tags: [DiagnosticTag.Unnecessary] }),
    data,
  };
}

/**
 * Where the user input enters. The rest of the path is in the hover, once: editors show
 * related information in the hover too, and the whole path twice was noise.
 */
function relatedInformation(finding: Finding, uri: string): DiagnosticRelatedInformation[] | undefined {
  if (finding.path.length === 0) return undefined;
  const [source] = finding.path;
  return [{ location: { uri, range: source.range }, message: `source: ${source.label}` }];
}

/** Reads `Diagnostic.data` back from a client, which may send anything. */
export function readDiagnosticData(data: unknown): DiagnosticData | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { version, fixes } = data as Partial<DiagnosticData>;
  if (typeof version !== 'number' || !Array.isArray(fixes)) return undefined;
  const valid = fixes.filter((fix) => fix && typeof fix.title === 'string' && Array.isArray(fix.edits));
  return { version, fixes: valid };
}
