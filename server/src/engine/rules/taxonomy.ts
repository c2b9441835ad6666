import type { OwaspEdition } from '../config/config';
import type { RuleMeta } from './spec-types';

// How rules name their OWASP Top 10 categories and CWEs, for every front end (hover,
// diagnostics, text/JSON/SARIF reports): written once here.

/** `A03:2021-Injection` → `{ id: 'A03:2021', name: 'Injection' }`. */
export function owaspCategory(category: string): { id: string; name: string } {
  const dash = category.indexOf('-');
  return dash < 0 ? { id: category, name: '' } : { id: category.slice(0, dash), name: category.slice(dash + 1) };
}

/** The rule's OWASP Top 10 categories, e.g. "A03:2021-Injection", the configured edition first. */
export function owaspCategories(meta: RuleMeta, edition?: OwaspEdition): string[] {
  const both = [meta.owasp['2021'], meta.owasp['2025']];
  return edition === '2025' ? both.reverse() : both;
}

/** `OWASP A03:2021 / A05:2025, CWE-89`: the tail of every diagnostic message. */
export function ruleTags(meta: RuleMeta, edition?: OwaspEdition): string {
  const owasp = owaspCategories(meta, edition).map((c) => owaspCategory(c).id).join(' / ');
  return `OWASP ${owasp}, ${meta.cwe.map(cweLabel).join(', ')}`;
}

export function cweLabel(cwe: number): string {
  return `CWE-${cwe}`;
}

export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}
