import * as path from 'path';
import type { RuleCatalog } from '../rules/catalog';
import type { Severity } from '../types';
import { effectiveSeverity, type ConfigTaint, type RuleSettings, type TaintAdditions, type VigilConfig } from './config';

/**
 * A workspace the user has not trusted (VS Code workspace trust). Its configs may only make
 * the analysis stricter, and no config is read from outside its folders except installed
 * npm packages and the built-in presets.
 */
export interface UntrustedWorkspace {
  /** Absolute paths of the workspace folders. */
  readonly folders: readonly string[];
}

const SEVERITY_RANK: Record<'off' | Severity, number> = { off: 0, hint: 1, info: 2, warning: 3, error: 4 };

/** Whether a config file may be read in an untrusted workspace. */
export function mayRead(file: string, workspace: UntrustedWorkspace, presetsDir: string): boolean {
  return isInside(file, presetsDir) || file.split(/[\\/]/).includes('node_modules') || isInsideWorkspace(file, workspace);
}

export function isInsideWorkspace(file: string, workspace: UntrustedWorkspace): boolean {
  return workspace.folders.some((folder) => isInside(file, folder));
}

/**
 * The parts of a config that can only add findings: rules raised above their defaults,
 * sources, sinks and propagators. What would silence findings (lower or `off` rules, rule
 * options, include/exclude, minConfidence, sanitizers, waivers, foreign suppression comments)
 * is dropped and named in `ignored`.
 */
export function stricterOnly(config: VigilConfig, catalog: RuleCatalog): { config: VigilConfig; ignored: string[] } {
  const ignored: string[] = [];
  const rules: Record<string, 'off' | Severity> = {};
  for (const [ruleId, setting] of Object.entries(config.rules)) {
    const severity = effectiveSeverity(ruleId, { [ruleId]: setting }, catalog);
    if (SEVERITY_RANK[severity] >= SEVERITY_RANK[effectiveSeverity(ruleId, {}, catalog)]) rules[ruleId] = severity;
    else ignored.push(`rules.${ruleId}`);
    if (typeof setting === 'object' && setting.options) ignored.push(`rules.${ruleId}.options`);
  }
  if (config.include.length > 0) ignored.push('include');
  if (config.exclude.length > 0) ignored.push('exclude');
  if (config.minConfidence && config.minConfidence !== 'low') ignored.push('minConfidence');
  const taint: Partial<Record<keyof ConfigTaint, TaintAdditions>> = {};
  for (const [language, additions] of Object.entries(config.taint ?? {}) as [keyof ConfigTaint, TaintAdditions][]) {
    if (additions.sanitizers?.length) ignored.push(`taint.${language}.sanitizers`);
    taint[language] = { sources: additions.sources, sinks: additions.sinks, propagators: additions.propagators };
  }
  if (config.waivers?.length) ignored.push('waivers');
  if (config.honorForeignSuppressions) ignored.push('honorForeignSuppressions');
  const restricted: VigilConfig = { ...config, rules: rules as RuleSettings, include: [], exclude: [], minConfidence: undefined, taint: config.taint && taint, waivers: undefined, honorForeignSuppressions: undefined };
  return { config: restricted, ignored };
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
