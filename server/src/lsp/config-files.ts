import { pathToFileURL } from 'url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { ConfigError, ConfigResolver, isIncluded, type RuleCatalog, type VigilConfig } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { LspClient } from './lsp-client';
import { NO_PROJECT_CONFIG, type ProjectConfig, type ProjectConfigProvider } from './settings';

/**
 * The project config from vigil.config.json (the nearest one up the tree, found by the
 * engine's ConfigResolver). A broken config file gets a diagnostic of its own, and the files
 * under it keep the last good version of it, so analysis never silently stops.
 */
export class ConfigFiles implements ProjectConfigProvider {
  private readonly resolver: ConfigResolver;
  private readonly lastGood = new Map<string, VigilConfig>();
  /** Config files with a published problem, and that problem. */
  private readonly broken = new Map<string, string>();

  constructor(
    catalog: RuleCatalog,
    private readonly client: LspClient,
  ) {
    this.resolver = new ConfigResolver(catalog);
  }

  configFor(path: string | undefined): ProjectConfig {
    if (path === undefined) return NO_PROJECT_CONFIG.configFor(path);
    let config: VigilConfig | undefined;
    try {
      config = this.resolver.configFor(path);
      if (config.file) {
        this.lastGood.set(config.file, config);
        this.repaired(config.file);
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.reportBroken(e);
      config = this.lastGood.get(e.file);
      if (!config) return NO_PROJECT_CONFIG.configFor(path);
    }
    return { rules: config.rules, excluded: !isIncluded(config, path) };
  }

  /** A config file changed on disk: read them all again. */
  changed(): void {
    this.resolver.clear();
  }

  private reportBroken(error: ConfigError): void {
    if (this.broken.get(error.file) === error.message) return;
    this.broken.set(error.file, error.message);
    const fallback = this.lastGood.has(error.file) ? 'using its last good version' : 'using the defaults';
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
