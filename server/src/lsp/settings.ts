import * as path from 'path';
import type { AnalysisSettings, OwaspEdition } from '../engine';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, readSettings, type VigilSettings } from '../protocol';
import type { LspClient } from './lsp-client';

/** What a project's config says about one file: how to analyze it, and whether to. */
export interface ProjectConfig extends AnalysisSettings {
  /** Left out by the config's include/exclude globs. */
  excluded: boolean;
  /** The edition the config names (`owaspEdition`); the user's setting applies when it names none. */
  owaspEdition?: OwaspEdition;
  /** The config file that applies (the nearest one, or the user's `vigil.configPath`); undefined for the defaults. */
  configFile?: string;
}

/** Finds the project config that applies to a file (config-files.ts reads vigil.config.json). */
export interface ProjectConfigProvider {
  /**
   * `path` is undefined for documents that are not files (untitled buffers). `fallback` is a
   * config file (the user's `vigil.configPath`) for files that have no project config.
   */
  configFor(path: string | undefined, fallback?: string): ProjectConfig;
  /** Broken config files and their problems, for the status bar. */
  problems?(): { file: string; message: string }[];
  /** Config files changed on disk. */
  changed?(): void;
}

export const NO_PROJECT_CONFIG: ProjectConfigProvider = { configFor: () => ({ rules: {}, excluded: false }) };

export interface DocumentSettings {
  editor: VigilSettings;
  project: ProjectConfig;
}

/**
 * Settings per document. The editor's `vigil` section says whether to analyze at all; the
 * project's config file says which rules at which severity. They never overlap, so neither
 * has to win. Editor settings are pulled per document with `workspace/configuration`,
 * cached, and dropped on close or when the client says settings changed.
 */
export class SettingsProvider {
  private readonly editorCache = new Map<string, Promise<VigilSettings>>();
  /** The settings a client without `workspace/configuration` pushed last. */
  private pushed: VigilSettings = { ...DEFAULT_SETTINGS };

  constructor(
    private readonly client: LspClient,
    private readonly project: ProjectConfigProvider,
    private readonly pull: boolean,
    /** Workspace folders (absolute), against which a relative `vigil.configPath` resolves. */
    private readonly folders: readonly string[] = [],
  ) {}

  async forDocument(uri: string, file: string | undefined): Promise<DocumentSettings> {
    const editor = await this.editor(uri);
    return { editor, project: this.project.configFor(file, this.configPath(editor, file)) };
  }

  problems(): { file: string; message: string }[] {
    return this.project.problems?.() ?? [];
  }

  /** `vigil.configPath` as an absolute path: relative ones are taken from the file's workspace folder. */
  private configPath(editor: VigilSettings, file: string | undefined): string | undefined {
    if (!editor.configPath) return undefined;
    if (path.isAbsolute(editor.configPath)) return editor.configPath;
    const folder = file ? this.folders.find((f) => !path.relative(f, file).startsWith('..')) : undefined;
    const base = folder ?? this.folders[0];
    return base ? path.join(base, editor.configPath) : undefined;
  }

  /** Config files changed on disk. */
  projectChanged(): void {
    this.project.changed?.();
  }

  /** didChangeConfiguration: forget everything; clients that cannot be asked send the values. */
  changed(settings: unknown): void {
    this.editorCache.clear();
    if (!this.pull && settings && typeof settings === 'object') {
      this.pushed = readSettings((settings as Record<string, unknown>)[SETTINGS_SECTION]);
    }
  }

  forget(uri: string): void {
    this.editorCache.delete(uri);
  }

  private editor(uri: string): Promise<VigilSettings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let settings = this.editorCache.get(uri);
    if (!settings) {
      settings = this.client.configuration(uri).then(readSettings, (e: unknown) => {
        this.client.log('warn', `could not read the ${SETTINGS_SECTION} settings for ${uri}, using the defaults: ${e}`);
        return { ...DEFAULT_SETTINGS };
      });
      this.editorCache.set(uri, settings);
    }
    return settings;
  }
}
