import * as path from 'path';
import type { RuleCatalog } from '../rules/catalog';
import type { SpecLanguage } from '../rules/spec-types';
import type { Confidence, Range } from '../types';
import type { ConfigTaint, OwaspEdition, RuleSettings, UnknownOriginSettings } from './config';
import type { ConfigDocument, DataPath } from './documents';
import { AUDIT_RULES } from '../suppressions/audit-rules';
import { isCalendarDate } from '../suppressions/syntax';
import type { ConfigWaiver } from '../suppressions/waivers';
import { ConfigError } from './errors';
import { unsafeRegexReason } from './regex-safety';
import type { ConfigValidator } from './schema';

/** Condition fields that hold regular expressions (rules/schema/pattern.schema.json argCondition). */
const REGEX_FIELDS = ['text', 'notText', 'mentions'] as const;

/** A config file's own data once it matches the schema (its TypeScript mirror). */
export interface ConfigData {
  extends?: string | string[];
  rules?: RuleSettings;
  include?: string[];
  exclude?: string[];
  owaspEdition?: OwaspEdition;
  minConfidence?: Confidence;
  taint?: ConfigTaint;
  unknownOrigin?: UnknownOriginSettings;
  /** As written, then (after validateConfig) with where each is declared, for globs and reports. */
  waivers?: ConfigWaiver[];
  honorForeignSuppressions?: boolean;
  maxFileSize?: number;
  docsBaseUrl?: string;
}

/** An `extends` entry and where it is written (errors about its target point there). */
export interface ExtendsEntry {
  specifier: string;
  range: Range;
}

/** One config file, checked on its own; the resolver merges its `extends` chain. */
export interface ConfigLayer {
  file: string;
  data: ConfigData;
  extends: ExtendsEntry[];
}

/**
 * Checks a config document against the config schema and the rule catalogue (rule ids in
 * `rules`, custom sinks and sanitizers). Throws ConfigError pointing at the offending text.
 */
export function validateConfig(doc: ConfigDocument, catalog: RuleCatalog, validate: ConfigValidator): ConfigLayer {
  const fail = (at: DataPath, atKey: boolean, detail: string): never => {
    throw new ConfigError(doc.file, doc.locate(at, atKey), detail);
  };
  const violation = validate(doc.data);
  if (violation) fail(violation.path, violation.atKey, violation.message);

  const data = doc.data as ConfigData;
  const known = (ruleId: string) => catalog.get(ruleId) !== undefined;
  // The suppression audit's own rules can be configured too (severity or off), never used as sinks.
  const configurable = (ruleId: string) => known(ruleId) || AUDIT_RULES.has(ruleId);
  const unknownRule = (ruleId: string) => `unknown rule "${ruleId}"; known rules: ${[...catalog.rules.keys()].join(', ')}`;
  for (const ruleId of Object.keys(data.rules ?? {})) {
    if (!configurable(ruleId)) fail(['rules', ruleId], true, unknownRule(ruleId));
  }
  for (const [language, additions] of Object.entries(data.taint ?? {}) as [SpecLanguage, ConfigTaint[SpecLanguage]][]) {
    (additions?.sinks ?? []).forEach((sink, i) => {
      if (!known(sink.rule)) fail(['taint', language, 'sinks', i, 'rule'], false, unknownRule(sink.rule));
      (sink.when ?? []).forEach((condition, j) => {
        for (const field of REGEX_FIELDS) {
          const source = condition[field];
          const reason = source === undefined ? undefined : unsafeRegexReason(source);
          if (reason) fail(['taint', language, 'sinks', i, 'when', j, field], false, `"${source}": ${reason}`);
        }
      });
    });
    (additions?.sanitizers ?? []).forEach((sanitizer, i) => {
      (sanitizer.rules ?? []).forEach((ruleId, j) => {
        if (!known(ruleId)) fail(['taint', language, 'sanitizers', i, 'rules', j], false, unknownRule(ruleId));
      });
    });
  }
  for (const ruleId of Object.keys(data.unknownOrigin?.rules ?? {})) {
    if (!known(ruleId)) fail(['unknownOrigin', 'rules', ruleId], true, unknownRule(ruleId));
  }
  (data.waivers ?? []).forEach((waiver, i) => {
    if (!known(waiver.rule)) fail(['waivers', i, 'rule'], false, unknownRule(waiver.rule));
    if (waiver.until !== undefined && !isCalendarDate(waiver.until)) fail(['waivers', i, 'until'], false, `"${waiver.until}" is not a date (YYYY-MM-DD)`);
  });
  const waivers = data.waivers?.map((waiver, i): ConfigWaiver => ({ ...waiver, file: doc.file, dir: path.dirname(doc.file), range: doc.locate(['waivers', i], false) }));
  const specifiers = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
  const entryPath = (i: number): DataPath => (Array.isArray(data.extends) ? ['extends', i] : ['extends']);
  return {
    file: doc.file,
    data: waivers ? { ...data, waivers } : data,
    extends: specifiers.map((specifier, i) => ({ specifier, range: doc.locate(entryPath(i), false) })),
  };
}
