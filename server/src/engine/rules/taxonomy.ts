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

/** The ten categories of each OWASP Top 10 edition, in order (overviews list empty ones too). */
export const OWASP_TOP10: Readonly<Record<OwaspEdition, readonly string[]>> = {
  '2021': [
    'A01:2021-Broken Access Control',
    'A02:2021-Cryptographic Failures',
    'A03:2021-Injection',
    'A04:2021-Insecure Design',
    'A05:2021-Security Misconfiguration',
    'A06:2021-Vulnerable and Outdated Components',
    'A07:2021-Identification and Authentication Failures',
    'A08:2021-Software and Data Integrity Failures',
    'A09:2021-Security Logging and Monitoring Failures',
    'A10:2021-Server-Side Request Forgery (SSRF)',
  ],
  '2025': [
    'A01:2025-Broken Access Control',
    'A02:2025-Security Misconfiguration',
    'A03:2025-Software Supply Chain Failures',
    'A04:2025-Cryptographic Failures',
    'A05:2025-Injection',
    'A06:2025-Insecure Design',
    'A07:2025-Authentication Failures',
    'A08:2025-Software or Data Integrity Failures',
    'A09:2025-Security Logging and Alerting Failures',
    'A10:2025-Mishandling of Exceptional Conditions',
  ],
};
