import type { OwaspEdition, RuleMeta } from '../../engine';

/** The rule's OWASP Top 10 categories, e.g. "A03:2021-Injection", the configured edition first. */
export function owaspCategories(meta: RuleMeta, edition?: OwaspEdition): string[] {
  const both = [meta.owasp['2021'], meta.owasp['2025']];
  return edition === '2025' ? both.reverse() : both;
}

/** "A03:2021-Injection" → "A03:2021". */
export function owaspCode(category: string): string {
  return category.split('-')[0];
}

export function cweLabel(cwe: number): string {
  return `CWE-${cwe}`;
}
