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

export type OwaspEdition = '2021' | '2025';

/** A loaded vigil.config.json (or the defaults when there is none), as the analysis uses it. */
export interface VigilConfig {
  /** Absolute path of the config file; undefined for the built-in defaults. */
  readonly file?: string;
  /** The folder `include`/`exclude` globs are relative to. */
  readonly dir: string;
  readonly rules: RuleSettings;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly owaspEdition?: OwaspEdition;
}

/** The name of the project config file looked up the tree from each analyzed file. */
export const CONFIG_FILE_NAME = 'vigil.config.json';

/** No config file: every rule at its default severity, every file included. */
export function defaultConfig(dir: string): VigilConfig {
  return { dir, rules: {}, include: [], exclude: [] };
}
