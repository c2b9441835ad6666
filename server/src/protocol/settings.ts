// The editor settings the server reads, defined once for the client, the server and the
// `contributes.configuration` block in package.json (a test keeps them in step).

/** The `workspace/configuration` section the server pulls, and the prefix of every setting. */
export const SETTINGS_SECTION = 'vigil';

/** What the server reads from the `vigil` section for one document. */
export interface VigilSettings {
  /** Analyze files at all; when false the server clears its diagnostics. */
  enable: boolean;
  /** Files longer than this (characters) are skipped with a notice in the output (the engine's own limit is the ceiling). */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: Readonly<VigilSettings> = Object.freeze({ enable: true, maxFileSize: 1_000_000 });

/** Merges whatever the client sent over the defaults, ignoring values of the wrong type. */
export function readSettings(raw: unknown): VigilSettings {
  const settings: VigilSettings = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    const { enable, maxFileSize } = raw as Record<string, unknown>;
    if (typeof enable === 'boolean') settings.enable = enable;
    if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize >= 0) settings.maxFileSize = Math.floor(maxFileSize);
  }
  return settings;
}
