import { dirname } from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { ConfigError, ConfigResolver, diskConfigHost, isIncluded, type ConfigHost, waiversFor, type RuleCatalog, type UntrustedWorkspace, type VigilConfig } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { LspClient } from './lsp-client';
import { NO_PROJECT_CONFIG, type ProjectConfig, type ProjectConfigProvider } from './settings';

/**
 * The project config (the nearest vigil.config.json, package.json "vigil" or pyproject.toml
 * [tool.vigil] up the tree, with its `extends` chain, resolved by the engine's
 * ConfigResolver). A broken config file gets a diagnostic of its own, and the files under it
 * keep the last good version, so analysis never silently stops.
 */
export class ConfigFiles implements ProjectConfigProvider {
  private readonly resolver: ConfigResolver;
  /** Resolvers for the user's `vigil.configPath` files, by path (the user's own, so never restricted). */
  private readonly fallbacks = new Map<string, ConfigResolver>();
  /** The config last resolved for each folder of an analyzed file. */
  private readonly lastGood = new Map<string, VigilConfig>();
  /** Config files with a published problem, and that problem. */
  private readonly broken = new Map<string, string>();
  /** Configs whose untrusted-workspace restrictions were logged. */
  private readonly restrictionsLogged = new Set<VigilConfig>();

  /**
   * `untrusted`: the workspace is not trusted, so configs may only make the analysis stricter.
   * `host`: reads config files (the server's shows the unsaved text of open config files).
   */
  constructor(
    private readonly catalog: RuleCatalog,
    private readonly client: LspClient,
    untrusted?: UntrustedWorkspace,
    private readonly host: ConfigHost = diskConfigHost,
  ) {
    this.resolver = new ConfigResolver(catalog, { untrusted, host });
  }

  configFor(path: string | undefined, fallback?: string): ProjectConfig {
    if (path === undefined) return NO_PROJECT_CONFIG.configFor(path);
    // Last good configs by folder (and fallback): the error may sit in a file the config extends.
    const key = `${dirname(path)}\0${fallback ?? ''}`;
    let config: VigilConfig | undefined;
    try {
      config = this.resolver.configFor(path);
      // A file with no project config of its own takes the user's config file, if any.
      if (config.file === undefined && fallback) config = this.fallbackResolver(fallback).configFor(path);
      this.lastGood.set(key, config);
      for (const file of config.files ?? []) this.repaired(file);
      this.logRestrictions(config);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      config = this.lastGood.get(key);
      this.reportBroken(e, config !== undefined);
      if (!config) return NO_PROJECT_CONFIG.configFor(path);
    }
    // The config's own objects, so the engine's per-config caches (compiled taint spec) hold.
    return {
      rules: config.rules,
      minConfidence: config.minConfidence,
      taint: config.taint,
      unknownOrigin: config.unknownOrigin,
      documentWaivers: waiversFor(config.waivers, path),
      honorForeignSuppressions: config.honorForeignSuppressions,
      maxFileSize: config.maxFileSize,
      excluded: !isIncluded(config, path),
      owaspEdition: config.owaspEdition,
      configFile: config.file,
    };
  }

  problems(): { file: string; message: string }[] {
    return [...this.broken].map(([file, message]) => ({ file, message }));
  }

  /** A config file (or a file a config extends) changed on disk: read them all again. */
  changed(): void {
    this.resolver.clear();
    this.fallbacks.clear();
    this.restrictionsLogged.clear();
    // The re-analysis that follows reports again whatever is still broken.
    for (const file of [...this.broken.keys()]) this.repaired(file);
  }

  private fallbackResolver(file: string): ConfigResolver {
    let resolver = this.fallbacks.get(file);
    if (!resolver) this.fallbacks.set(file, (resolver = new ConfigResolver(this.catalog, { configFile: file, host: this.host })));
    return resolver;
  }

  private logRestrictions(config: VigilConfig): void {
    if (!config.untrustedIgnored || this.restrictionsLogged.has(config)) return;
    this.restrictionsLogged.add(config);
    this.client.log('info', `${config.file}: the workspace is not trusted, so settings that could hide findings are ignored: ${config.untrustedIgnored.join(', ')}`);
  }

  private reportBroken(error: ConfigError, hasLastGood: boolean): void {
    if (this.broken.get(error.file) === error.message) return;
    this.broken.set(error.file, error.message);
    const fallback = hasLastGood ? 'using its last good version' : 'using the defaults';
    this.client.log('warn', `${error.message} (${fallback})`);
    this.client.publishDiagnostics({
      uri: pathToFileURL(error.file).href,
      diagnostics: [{ range: error.range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message: error.detail }],
    });
  }

  private repaired(file: string): void {
    if (!this.broken.delete(file)) return;
    this.client.publishDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] });
  }
}
