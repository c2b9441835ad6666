import * as fs from 'fs';
import * as path from 'path';
import { findRulesDir, type RuleCatalog } from '../rules/catalog';
import { defaultConfig, type VigilConfig } from './config';
import { CONFIG_SOURCES, formatOfFile, readConfigDocument, type ConfigFormat } from './documents';
import { ConfigError } from './errors';
import { extendsCandidates } from './extends';
import { mergeConfigData } from './merge';
import { validateConfig, type ConfigData, type ConfigLayer } from './parse';
import { configValidator, type ConfigValidator } from './schema';
import { isInsideWorkspace, mayRead, stricterOnly, type UntrustedWorkspace } from './untrusted';

/** How config files are read: from disk by default; an editor can serve unsaved buffers. */
export interface ConfigHost {
  /** The file's text, or undefined when there is no such file. */
  readFile(file: string): string | undefined;
}

export const diskConfigHost: ConfigHost = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw ConfigError.atStart(file, `cannot read the config: ${(e as Error).message}`);
    }
  },
};

export interface ConfigResolverOptions {
  host?: ConfigHost;
  /** An explicit config file (`--config`, an editor setting): used for every file, no lookup. */
  configFile?: string;
  /** No config file at all (`--no-config`): the defaults for every file. */
  noConfig?: boolean;
  validator?: ConfigValidator;
  /** Where `vigil:` presets live; rules/presets by default (always read from disk). */
  presetsDir?: string;
  /** An untrusted workspace: configs may only make the analysis stricter (see untrusted.ts). */
  untrusted?: UntrustedWorkspace;
}

type Cached = VigilConfig | ConfigError;

/**
 * Finds the config that applies to a file: the explicit config file when one is given, else
 * the nearest config up the tree — in each folder vigil.config.json, then a package.json with
 * a "vigil" key, then a pyproject.toml with a [tool.vigil] table — else the defaults. Each
 * config's `extends` chain is merged in; in an untrusted workspace only what makes the
 * analysis stricter is kept. Results are cached per folder and per file (errors too, so a
 * broken config is reported once, not re-parsed); `clear()` drops the caches.
 */
export class ConfigResolver {
  private readonly host: ConfigHost;
  private readonly configFile?: string;
  private readonly noConfig: boolean;
  private readonly validator: ConfigValidator;
  private readonly presetsDir: string;
  private readonly untrusted?: UntrustedWorkspace;
  private readonly byDir = new Map<string, Cached>();
  private readonly byFile = new Map<string, Cached | undefined>();
  private readonly layers = new Map<string, ConfigLayer | ConfigError | undefined>();

  constructor(
    private readonly catalog: RuleCatalog,
    options: ConfigResolverOptions = {},
  ) {
    this.host = options.host ?? diskConfigHost;
    this.configFile = options.configFile && path.resolve(options.configFile);
    this.noConfig = options.noConfig ?? false;
    this.validator = options.validator ?? configValidator();
    this.presetsDir = options.presetsDir ?? path.join(findRulesDir(), 'presets');
    this.untrusted = options.untrusted;
  }

  /** The config for an absolute file path. Throws ConfigError when that config is broken. */
  configFor(file: string): VigilConfig {
    const dir = path.dirname(path.resolve(file));
    if (this.noConfig) return defaultConfig(dir);
    const found = this.configFile ? this.explicit(this.configFile) : this.nearest(dir);
    if (found instanceof ConfigError) throw found;
    return found;
  }

  clear(): void {
    this.byDir.clear();
    this.byFile.clear();
    this.layers.clear();
  }

  private nearest(dir: string): Cached {
    const visited: string[] = [];
    let found: Cached | undefined;
    for (let current = dir; found === undefined; ) {
      found = this.byDir.get(current);
      if (found !== undefined) break;
      visited.push(current);
      // An untrusted workspace's files look no further up than its folders.
      const readable = !this.untrusted || isInsideWorkspace(current, this.untrusted);
      for (const source of readable ? CONFIG_SOURCES : []) {
        found = this.resolved(path.join(current, source.name), source.format);
        if (found) break;
      }
      const parent = path.dirname(current);
      if (found === undefined && (parent === current || !readable)) found = defaultConfig(dir);
      current = parent;
    }
    for (const visitedDir of visited) this.byDir.set(visitedDir, found);
    return found;
  }

  private explicit(file: string): Cached {
    const found = this.resolved(file, formatOfFile(file));
    if (found) return found;
    if (this.host.readFile(file) === undefined) return ConfigError.atStart(file, 'config file not found');
    return ConfigError.atStart(file, 'the file has no Vigil config (a "vigil" key in package.json, a [tool.vigil] table in pyproject.toml)');
  }

  /** A config file with its `extends` chain merged in; undefined when the file holds no config. */
  private resolved(file: string, format: ConfigFormat): Cached | undefined {
    if (this.byFile.has(file)) return this.byFile.get(file);
    let result: Cached | undefined;
    try {
      const layer = this.layer(file, format);
      if (layer) {
        const { data, files } = this.chain(layer, [file]);
        const config: VigilConfig = {
          file,
          files,
          dir: path.dirname(file),
          rules: data.rules ?? {},
          include: data.include ?? [],
          exclude: data.exclude ?? [],
          owaspEdition: data.owaspEdition,
          minConfidence: data.minConfidence,
          taint: data.taint,
          unknownOrigin: data.unknownOrigin,
          waivers: data.waivers,
          honorForeignSuppressions: data.honorForeignSuppressions,
          maxFileSize: data.maxFileSize,
          docsBaseUrl: data.docsBaseUrl,
        };
        result = this.untrusted ? this.restricted(config) : config;
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      result = e;
    }
    this.byFile.set(file, result);
    return result;
  }

  /** A layer's data over its `extends` targets', in order; `stack` is the chain so far (cycles). */
  private chain(layer: ConfigLayer, stack: readonly string[]): { data: ConfigData; files: string[] } {
    let data: ConfigData = {};
    const files: string[] = [];
    for (const entry of layer.extends) {
      const target = extendsCandidates(entry.specifier, path.dirname(layer.file), this.presetsDir);
      if ('invalid' in target) throw new ConfigError(layer.file, entry.range, `cannot extend ${target.invalid}`);
      let base: ConfigLayer | undefined;
      for (const candidate of target.candidates) {
        if (this.untrusted && !mayRead(candidate, this.untrusted, this.presetsDir)) {
          throw new ConfigError(layer.file, entry.range, `cannot extend "${entry.specifier}": in an untrusted workspace no config outside it is read, except installed npm packages`);
        }
        base = this.layer(candidate, formatOfFile(candidate));
        if (base) break;
      }
      if (!base) throw new ConfigError(layer.file, entry.range, `extends target not found: ${target.describe}`);
      if (stack.includes(base.file)) {
        const cycle = [...stack, base.file].map((f) => path.relative(path.dirname(layer.file), f) || path.basename(f));
        throw new ConfigError(layer.file, entry.range, `extends cycle: ${cycle.join(' → ')}`);
      }
      const resolved = this.chain(base, [...stack, base.file]);
      data = mergeConfigData(data, resolved.data);
      files.push(...resolved.files.filter((f) => !files.includes(f)));
    }
    return { data: mergeConfigData(data, layer.data), files: [...files, layer.file] };
  }

  private restricted(config: VigilConfig): VigilConfig {
    const { config: stricter, ignored } = stricterOnly(config, this.catalog);
    return ignored.length > 0 ? { ...stricter, untrustedIgnored: ignored } : stricter;
  }

  /** One file's own config, checked; undefined when the file is missing or holds no config. */
  private layer(file: string, format: ConfigFormat): ConfigLayer | undefined {
    let layer = this.layers.get(file);
    if (!this.layers.has(file)) {
      try {
        layer = this.readLayer(file, format);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        layer = e;
      }
      this.layers.set(file, layer);
    }
    if (layer instanceof ConfigError) throw layer;
    return layer;
  }

  private readLayer(file: string, format: ConfigFormat): ConfigLayer | undefined {
    // Presets ship with Vigil: always from disk, whatever serves the project's files.
    const text = (file.startsWith(this.presetsDir + path.sep) ? diskConfigHost : this.host).readFile(file);
    if (text === undefined) return undefined;
    let doc;
    try {
      doc = readConfigDocument(text, file, format);
    } catch (e) {
      // A broken package.json or pyproject.toml that never mentions Vigil is not ours to report.
      if (format !== 'vigil' && e instanceof ConfigError && !/\bvigil\b/.test(text)) return undefined;
      throw e;
    }
    return doc.data === undefined ? undefined : validateConfig(doc, this.catalog, this.validator);
  }
}
