import type { RuleMeta } from '../engine';

/** `A03:2021-Injection` → `{ id: 'A03:2021', name: 'Injection' }`. */
export function owaspCategory(category: string): { id: string; name: string } {
  const dash = category.indexOf('-');
  return dash < 0 ? { id: category, name: '' } : { id: category.slice(0, dash), name: category.slice(dash + 1) };
}

/** `OWASP A03:2021 / A05:2025, CWE-89`: the tail of every diagnostic message. */
export function ruleTags(meta: RuleMeta): string {
  const owasp = `${owaspCategory(meta.owasp['2021']).id} / ${owaspCategory(meta.owasp['2025']).id}`;
  return `OWASP ${owasp}, ${meta.cwe.map((id) => `CWE-${id}`).join(', ')}`;
}

export function cweUrl(id: number): string {
  return `https://cwe.mitre.org/data/definitions/${id}.html`;
}
