// The editor settings the server reads, defined once for the client, the server and the
// `contributes.configuration` block in package.json (a test keeps them in step).

/** The `workspace/configuration` section the server pulls, and the prefix of every setting. */
export const SETTINGS_SECTION = 'vigil';

export type SettingsSeverity = 'hint' | 'info' | 'warning' | 'error';

/**
 * What the server reads from the `vigil` section for one document. These are the per-user
 * bits: none of them can make the team's config less strict.
 */
export interface VigilSettings {
  /** Analyze files at all; when false the server clears its diagnostics. */
  enable: boolean;
  /**
   * A config file for files that have no project config of their own (absolute, or relative
   * to the workspace folder); '' for none. A project's config always wins.
   */
  configPath: string;
  /** The OWASP Top 10 edition hovers and messages name first, unless the project config sets one. */
  owaspEdition: '2021' | '2025';
  /** Findings below this severity are shown at it: raises, never lowers or hides. */
  minSeverity: SettingsSeverity;
  /** Files longer than this (characters) are skipped with a notice in the output (the engine's own limit is the ceiling). */
  maxFileSize: number;
  /** Where dependencies' advisory data comes from (`vigil.advisories.*`). */
  advisories: AdvisorySettings;
}

export interface AdvisorySettings {
  /** Ask the OSV API about the exact versions of open manifests and lockfiles; false: the offline index only. */
  online: boolean;
  /** The OSV API's base URL ('' for https://api.osv.dev). Machine scope: a workspace cannot redirect it. */
  osvUrl: string;
  /** Also go online in untrusted (Restricted Mode) workspaces. Machine scope: a workspace cannot grant it itself. */
  onlineInUntrustedWorkspaces: boolean;
}

export const DEFAULT_SETTINGS: Readonly<VigilSettings> = Object.freeze({
  enable: true,
  configPath: '',
  owaspEdition: '2021',
  minSeverity: 'hint',
  maxFileSize: 1_000_000,
  advisories: Object.freeze({ online: true, osvUrl: '', onlineInUntrustedWorkspaces: false }),
});

const EDITIONS: readonly string[] = ['2021', '2025'];
const SEVERITIES: readonly string[] = ['hint', 'info', 'warning', 'error'];

/** Merges whatever the client sent over the defaults, ignoring values of the wrong type. */
export function readSettings(raw: unknown): VigilSettings {
  const settings: VigilSettings = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    const { enable, configPath, owaspEdition, minSeverity, maxFileSize } = raw as Record<string, unknown>;
    if (typeof enable === 'boolean') settings.enable = enable;
    if (typeof configPath === 'string') settings.configPath = configPath.trim();
    if (typeof owaspEdition === 'string' && EDITIONS.includes(owaspEdition)) settings.owaspEdition = owaspEdition as VigilSettings['owaspEdition'];
    if (typeof minSeverity === 'string' && SEVERITIES.includes(minSeverity)) settings.minSeverity = minSeverity as SettingsSeverity;
    if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize >= 0) settings.maxFileSize = Math.floor(maxFileSize);
    const advisories = (raw as Record<string, unknown>).advisories;
    if (advisories && typeof advisories === 'object') {
      const { online, osvUrl, onlineInUntrustedWorkspaces } = advisories as Record<string, unknown>;
      settings.advisories = {
        online: typeof online === 'boolean' ? online : DEFAULT_SETTINGS.advisories.online,
        osvUrl: typeof osvUrl === 'string' ? osvUrl.trim() : '',
        onlineInUntrustedWorkspaces: onlineInUntrustedWorkspaces === true,
      };
    }
  }
  return settings;
}
