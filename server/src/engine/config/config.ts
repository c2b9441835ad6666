import type { RuleCatalog } from '../rules/catalog';
import type { SpecLanguage, TaintSpec } from '../rules/spec-types';
import { AUDIT_RULES } from '../suppressions/audit-rules';
import type { ConfigWaiver } from '../suppressions/waivers';
import type { Confidence, Severity } from '../types';

/** A rule's setting in a config: off, a severity, or an object with options. */
export type RuleSetting = 'off' | Severity | { severity?: 'off' | Severity; options?: Record<string, unknown> };
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** The configured severity of a rule, or its default from rules/<id>/rule.json (or the suppression audit's). */
export function effectiveSeverity(ruleId: string, settings: RuleSettings, catalog: RuleCatalog): 'off' | Severity {
  const setting = settings[ruleId];
  const configured = typeof setting === 'string' ? setting : setting?.severity;
  return configured ?? catalog.get(ruleId)?.meta.severity ?? AUDIT_RULES.get(ruleId)?.severity ?? 'warning';
}

export type OwaspEdition = '2021' | '2025';

/** A team's own sources, sinks, sanitizers and propagators for one language, added to the built-in spec. */
export type TaintAdditions = Readonly<Pick<TaintSpec, 'sources' | 'sinks' | 'sanitizers' | 'propagators'>>;

export type ConfigTaint = Readonly<Partial<Record<SpecLanguage, TaintAdditions>>>;

/** How far down the unknown-origin tier is reported: `off`, or down to that confidence. */
export type TierLevel = 'off' | 'medium' | 'low';

/**
 * The unknown-origin tier (values Vigil cannot trace to request data at injection sinks): off
 * unless a config or preset turns it on. `rules` and `sinks` (sink ids of the taint specs) move
 * one rule or sink: `off` keeps it out of the tier, `medium`/`low` caps its findings there.
 */
export interface UnknownOriginSettings {
  readonly report?: TierLevel;
  readonly rules?: Readonly<Record<string, TierLevel>>;
  readonly sinks?: Readonly<Record<string, TierLevel>>;
}

/**
 * What one analysis needs from a config. The engine caches the taint spec it compiles from
 * `taint` per object, so callers pass the same object until the config changes.
 */
export interface AnalysisSettings {
  readonly rules: RuleSettings;
  /** Findings below this confidence are dropped. */
  readonly minConfidence?: Confidence;
  readonly taint?: ConfigTaint;
  /** The unknown-origin tier; absent or `report: "off"`: not reported. Compiled with the taint spec (same object, same caches). */
  readonly unknownOrigin?: UnknownOriginSettings;
  /**
   * The config waivers whose `paths` cover the analyzed document (`waiversFor(config.waivers, file)`):
   * the caller matches paths, since only it knows where the document is on disk.
   */
  readonly documentWaivers?: readonly ConfigWaiver[];
  /** Also honour `# nosec`, `nosemgrep` and `NOSONAR` comments. */
  readonly honorForeignSuppressions?: boolean;
  /** Files longer than this (UTF-16 code units) are skipped with a notice; the engine's limit when absent. */
  readonly maxFileSize?: number;
}

/** A resolved config (its `extends` chain merged in), or the defaults when there is none. */
export interface VigilConfig extends AnalysisSettings {
  /** Absolute path of the config file; undefined for the built-in defaults. */
  readonly file?: string;
  /** Every file the config was read from: its `extends` chain, then the file itself. */
  readonly files?: readonly string[];
  /** The folder `include`/`exclude` globs are relative to. */
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly owaspEdition?: OwaspEdition;
  /** Where the team publishes the rule docs (reports link there; see engine/rules/docs-links.ts). */
  readonly docsBaseUrl?: string;
  /** Every waiver of the config and its `extends` chain, each with the folder its globs are relative to. */
  readonly waivers?: readonly ConfigWaiver[];
  /** Settings left out because the workspace is untrusted (they could only silence findings). */
  readonly untrustedIgnored?: readonly string[];
}

/** The name of the project config file looked up the tree from each analyzed file. */
export const CONFIG_FILE_NAME = 'vigil.config.json';

/** No config file: every rule at its default severity, every file included. */
export function defaultConfig(dir: string): VigilConfig {
  return { dir, rules: {}, include: [], exclude: [] };
}
