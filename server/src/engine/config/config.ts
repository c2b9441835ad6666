import type { RuleCatalog } from '../rules/catalog';
import type { Severity } from '../types';

/** A rule's setting in a config: off, a severity, or an object with options. */
export type RuleSetting = 'off' | Severity | { severity?: 'off' | Severity; options?: Record<string, unknown> };
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** The configured severity of a rule, or its default from rules/<id>/rule.json. */
export function effectiveSeverity(ruleId: string, settings: RuleSettings, catalog: RuleCatalog): 'off' | Severity {
  const setting = settings[ruleId];
  const configured = typeof setting === 'string' ? setting : setting?.severity;
  return configured ?? catalog.get(ruleId)?.meta.severity ?? 'warning';
}
