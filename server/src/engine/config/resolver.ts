import * as fs from 'fs';
import * as path from 'path';
import type { RuleCatalog } from '../rules/catalog';
import { CONFIG_FILE_NAME, defaultConfig, type VigilConfig } from './config';
import { ConfigError } from './errors';
import { parseConfig } from './parse';
import { configValidator, type ConfigValidator } from './schema';

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
  validator?: ConfigValidator;
}

type Cached = VigilConfig | ConfigError;

/**
 * Finds the config that applies to a file: the explicit config file when one is given, else
 * the nearest vigil.config.json in the file's folder or above, else the defaults. Results are
 * cached per folder (and errors too, so a broken config is reported once per file, not
 * re-parsed); `clear()` drops the cache when a config file changes.
 */
export class ConfigResolver {
  private readonly host: ConfigHost;
  private readonly configFile?: string;
  private readonly validator: ConfigValidator;
  private readonly byDir = new Map<string, Cached>();
  private readonly byFile = new Map<string, Cached>();

  constructor(
    private readonly catalog: RuleCatalog,
    options: ConfigResolverOptions = {},
  ) {
    this.host = options.host ?? diskConfigHost;
    this.configFile = options.configFile && path.resolve(options.configFile);
    this.validator = options.validator ?? configValidator();
  }

  /** The config for an absolute file path. Throws ConfigError when that config is broken. */
  configFor(file: string): VigilConfig {
    const found = this.configFile ? this.explicit(this.configFile) : this.nearest(path.dirname(path.resolve(file)));
    if (found instanceof ConfigError) throw found;
    return found;
  }

  clear(): void {
    this.byDir.clear();
    this.byFile.clear();
  }

  private nearest(dir: string): Cached {
    const visited: string[] = [];
    let found: Cached | undefined;
    for (let current = dir; found === undefined; ) {
      found = this.byDir.get(current);
      if (found !== undefined) break;
      visited.push(current);
      found = this.load(path.join(current, CONFIG_FILE_NAME));
      const parent = path.dirname(current);
      if (found === undefined && parent === current) found = defaultConfig(dir);
      current = parent;
    }
    for (const visitedDir of visited) this.byDir.set(visitedDir, found);
    return found;
  }

  private explicit(file: string): Cached {
    const found = this.load(file);
    if (found) return found;
    const missing = ConfigError.atStart(file, 'config file not found');
    this.byFile.set(file, missing);
    return missing;
  }

  /** A config file's result; undefined when there is no such file. */
  private load(file: string): Cached | undefined {
    const cached = this.byFile.get(file);
    if (cached) return cached;
    let result: Cached;
    try {
      const text = this.host.readFile(file);
      if (text === undefined) return undefined;
      result = parseConfig(text, file, this.catalog, this.validator);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      result = e;
    }
    this.byFile.set(file, result);
    return result;
  }
}
