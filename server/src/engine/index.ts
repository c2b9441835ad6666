// The engine's public surface: the LSP adapter and the CLI import from here only.
export { Engine, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_PARSED_CHARACTERS, DEFAULT_MAX_PARSED_DOCUMENTS, type EngineOptions, type EngineRule } from './engine';
export { RuleCatalog, findRulesDir, type Rule } from './rules/catalog';
export { docsBaseUrl, ruleDocsUrl, type DocsLocation } from './rules/docs-links';
export { languageDocs } from './rules/rule-docs';
export { RuleLoadError } from './rules/errors';
export type { RuleMeta, TaintSpec, SpecLanguage, Paramstyle } from './rules/spec-types';
export { ruleText } from './rules/spec-types';
export { quotesSecrets } from './rules/pattern-finding';
export { redactLine } from './text/redact';
export {
  effectiveSeverity,
  defaultConfig,
  CONFIG_FILE_NAME,
  type AnalysisSettings,
  type ConfigTaint,
  type RuleSetting,
  type RuleSettings,
  type TaintAdditions,
  type VigilConfig,
  type OwaspEdition,
} from './config/config';
export { CONFIG_SOURCES, CONFIG_WATCH_GLOB } from './config/documents';
export { PRESET_PREFIX } from './config/extends';
export type { UntrustedWorkspace } from './config/untrusted';
export { ConfigError } from './config/errors';
export { ConfigResolver, diskConfigHost, type ConfigHost, type ConfigResolverOptions } from './config/resolver';
export { isIncluded } from './config/scope';
export { importReferences, type ImportReference } from './import-references';
export { languageOfPath, isAnalyzedPath, isSupportedLanguage, specLanguage, SOURCE_EXTENSIONS, SUPPORTED_LANGUAGES } from './languages';
export { applyContentChanges, applyTextEdits } from './text/edits';
export {
  AUDIT_RULES,
  REASON_PLACEHOLDER,
  waiversFor,
  type AuditRule,
  type ConfigWaiver,
  type SuppressedFinding,
  type SuppressionKind,
  type SuppressionRecord,
  type SuppressionStatus,
} from './suppressions/suppressions';
export { LineIndex, toSarifRegion, comparePositions } from './text/positions';
export * from './types';
export type { ExportedFunction, ExportedSink, ExportedParam, ExportedSource, ImportedModule, ModuleSummarizer, ModuleSummary, BaseFiles, ProjectFiles, ProjectModules } from './modules';
export { owaspCategory, owaspCategories, ruleTags, cweLabel, cweUrl, OWASP_TOP10 } from './rules/taxonomy';
export { applyPreferredFixes, independentFixes, minimalEdit, preferredFix, type FixAllResult } from './fixes/fix-all';
export { mergeDependencyChanges } from './fixes/npm-manifest';
export { mergeRequirementsChanges } from './fixes/python-manifest';
export {
  dependencyDocsLanguage,
  dependencyFileKind,
  hashComments,
  isLockfile,
  matchingAdvisories,
  MemoryAdvisoryIndex,
  nearestFixed,
  normalizeName,
  VERSION_SCHEMES,
  parseDependencyFile,
  STALE_AFTER_DAYS,
  type Advisory,
  type AdvisoryIndex,
  type AdvisoryIndexData,
  type BaseText,
  type Dependency,
  type DependencyFile,
  type DependencyFileKind,
  type PackageFileKind,
  type Ecosystem,
  type RangeEvent,
} from './dependencies';
export { tierDescription } from './taint/unknown-origin';
