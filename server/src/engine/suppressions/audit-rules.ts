import type { Severity } from '../types';

/**
 * Vigil's own findings about suppressions. They are not security rules (no OWASP category,
 * no CWE), so they live here rather than in rules/; a config can still set their severity or
 * turn them off like any rule's (`"rules": { "unused-suppression": "off" }`).
 */
export interface AuditRule {
  id: string;
  title: string;
  severity: Severity;
  summary: string;
}

export const MISSING_REASON = 'suppression-missing-reason';
export const UNUSED_SUPPRESSION = 'unused-suppression';
export const UNKNOWN_RULE = 'unknown-rule-in-suppression';

export const AUDIT_RULES: ReadonlyMap<string, AuditRule> = new Map(
  [
    {
      id: MISSING_REASON,
      title: 'Suppression without a reason',
      severity: 'info' as const,
      summary: 'A vigil-ignore comment says which finding to ignore but not why, so nobody can review the decision.',
    },
    {
      id: UNUSED_SUPPRESSION,
      title: 'Unused suppression',
      severity: 'hint' as const,
      summary: 'A vigil-ignore comment (or one of its rule ids) has no finding to suppress any more; left in place it would hide a future one.',
    },
    {
      id: UNKNOWN_RULE,
      title: 'Unknown rule id in a suppression',
      // A warning, not a faded hint: a mistyped id (`sqli` for `sql-injection`) leaves the finding it meant to ignore, or hides nothing it should.
      severity: 'warning' as const,
      summary: 'A vigil-ignore comment names a rule id Vigil does not have (often a typo), so it suppresses nothing for that id.',
    },
  ].map((rule) => [rule.id, rule]),
);
