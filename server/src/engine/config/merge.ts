import type { SpecLanguage, TaintSpec } from '../rules/spec-types';
import type { ConfigTaint, TaintAdditions, UnknownOriginSettings } from './config';
import type { ConfigData } from './parse';

/**
 * `over` applied on top of `base` (an `extends` chain resolves left to right, the file
 * itself last): rule settings merge per rule id; globs, edition, confidence and
 * honorForeignSuppressions and docsBaseUrl are replaced when set; the unknown-origin tier's level is
 * replaced, its rule and sink settings merge per id; custom sources, sinks, sanitizers,
 * propagators and waivers add up.
 */
export function mergeConfigData(base: ConfigData, over: ConfigData): ConfigData {
  return {
    rules: { ...base.rules, ...over.rules },
    include: over.include ?? base.include,
    exclude: over.exclude ?? base.exclude,
    owaspEdition: over.owaspEdition ?? base.owaspEdition,
    minConfidence: over.minConfidence ?? base.minConfidence,
    taint: mergeTaint(base.taint, over.taint),
    unknownOrigin: mergeUnknownOrigin(base.unknownOrigin, over.unknownOrigin),
    waivers: base.waivers || over.waivers ? [...(base.waivers ?? []), ...(over.waivers ?? [])] : undefined,
    honorForeignSuppressions: over.honorForeignSuppressions ?? base.honorForeignSuppressions,
    maxFileSize: over.maxFileSize ?? base.maxFileSize,
    docsBaseUrl: over.docsBaseUrl ?? base.docsBaseUrl,
  };
}

function mergeUnknownOrigin(base: UnknownOriginSettings | undefined, over: UnknownOriginSettings | undefined): UnknownOriginSettings | undefined {
  if (!base || !over) return base ?? over;
  const report = over.report ?? base.report;
  const rules = base.rules || over.rules ? { ...base.rules, ...over.rules } : undefined;
  const sinks = base.sinks || over.sinks ? { ...base.sinks, ...over.sinks } : undefined;
  return { ...(report && { report }), ...(rules && { rules }), ...(sinks && { sinks }) };
}

const KINDS = ['sources', 'sinks', 'sanitizers', 'propagators'] as const;

function mergeTaint(base: ConfigTaint | undefined, over: ConfigTaint | undefined): ConfigTaint | undefined {
  if (!base || !over) return base ?? over;
  const merged: Partial<Record<SpecLanguage, TaintAdditions>> = { ...base };
  for (const [language, additions] of Object.entries(over) as [SpecLanguage, TaintAdditions][]) {
    const before = merged[language] ?? {};
    merged[language] = Object.fromEntries(KINDS.map((kind) => [kind, [...(before[kind] ?? []), ...(additions[kind] ?? [])]]));
  }
  return merged;
}

/** A built-in spec with a config's additions appended (the analysis compiles it once per config). */
export function extendTaintSpec(spec: TaintSpec, additions: TaintAdditions): TaintSpec {
  const extended: TaintSpec = { ...spec };
  for (const kind of KINDS) {
    if (additions[kind]?.length) (extended[kind] as unknown[]) = [...(spec[kind] ?? []), ...additions[kind]!];
  }
  return extended;
}
