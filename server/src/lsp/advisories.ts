import { MemoryAdvisoryIndex, type Advisory, type AdvisoryIndex } from '../engine';
import { advisoryData, OFFLINE_ORIGIN, ONLINE_ORIGIN, packagesOf } from '../advisories/online/service';
import { OSV_API_BASE, type PackageVersion } from '../advisories/online/osv-client';
import { loadIndex } from '../advisories/store';
import type { AdvisorySettings } from '../protocol';
import type { LspClient } from './lsp-client';

// The advisory data of open manifests and lockfiles. The offline index answers at once; with
// `vigil.advisories.online` (and a trusted workspace, unless the user allows more) the OSV API is
// asked about the document's exact versions in the background, and the document is analyzed
// again once the answers are in. A failure is logged and shown once; the offline index stays in use.

const RETRY_AFTER_MS = 5 * 60_000;

export interface EditorAdvisoryOptions {
  indexDir: string;
  trusted: boolean;
  proxy?: string;
  strictSSL?: boolean;
  env: NodeJS.ProcessEnv;
  /** Called when new answers arrived: the documents to analyze again. */
  onData: () => void;
}

export class EditorAdvisories {
  readonly offline: AdvisoryIndex | undefined;
  /** OSV's answers so far, by MemoryAdvisoryIndex.key; a key with [] was asked and has none. */
  private readonly online = new Map<string, Advisory[]>();
  private readonly answered = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private oldest = '';
  private lastNotice = '';
  /** After a failure the API is left alone for a while: not asked again at every keystroke. */
  private quietUntil = 0;

  constructor(
    private readonly client: LspClient,
    private readonly options: EditorAdvisoryOptions,
  ) {
    this.offline = loadIndex(options.indexDir);
  }

  /** Whether this workspace may send package names to the OSV API under these settings. */
  mayGoOnline(settings: AdvisorySettings): boolean {
    // VIGIL_OFFLINE=1 in the server's environment is the CLI's --offline.
    if (/^(?:1|true|yes)$/i.test(this.options.env.VIGIL_OFFLINE ?? '')) return false;
    return settings.online && (this.options.trusted || settings.onlineInUntrustedWorkspaces);
  }

  /**
   * The index to analyze a dependency file with: OSV's answers when every package version in it
   * was answered, else the offline index (and the missing versions are asked for).
   */
  indexFor(path: string, text: string, settings: AdvisorySettings): AdvisoryIndex | undefined {
    if (!this.mayGoOnline(settings)) return this.offline;
    const packages = packagesOf([{ path, text }]);
    const missing = packages.filter((p) => !this.answered.has(versionKey(p)));
    if (missing.length === 0) return packages.length === 0 ? this.offline : this.onlineIndex();
    const asking = this.ask(missing, settings);
    this.pending.add(asking);
    void asking.finally(() => this.pending.delete(asking));
    return this.offline;
  }

  /** Resolves when every question asked so far is answered or failed (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private onlineIndex(): AdvisoryIndex {
    const online = new MemoryAdvisoryIndex(this.oldest, ONLINE_ORIGIN, this.online);
    return online;
  }

  private async ask(packages: PackageVersion[], settings: AdvisorySettings): Promise<void> {
    const asked = packages.filter((p) => !this.inFlight.has(versionKey(p)));
    if (asked.length === 0 || Date.now() < this.quietUntil) return;
    for (const p of asked) this.inFlight.add(versionKey(p));
    try {
      const osvUrl = settings.osvUrl || this.options.env.VIGIL_OSV_URL || OSV_API_BASE;
      const data = await advisoryData(asked, { offline: false, osvUrl, indexDir: this.options.indexDir, env: this.options.env, ...(this.options.proxy ? { proxy: this.options.proxy } : {}), ...(this.options.strictSSL !== undefined ? { strictSSL: this.options.strictSSL } : {}) });
      if (data.notice) this.tell(data.notice);
      if (data.origin !== ONLINE_ORIGIN || !data.stored) {
        // Fell back: the offline index stays in use until the next try.
        this.quietUntil = Date.now() + RETRY_AFTER_MS;
        return;
      }
      for (const p of asked) {
        this.answered.add(versionKey(p));
        const key = MemoryAdvisoryIndex.key(p.ecosystem, p.name);
        if (!this.online.has(key)) this.online.set(key, []);
      }
      for (const [key, advisories] of Object.entries(data.stored.packages)) {
        const known = this.online.get(key) ?? [];
        for (const advisory of advisories) if (!known.some((a) => a.id === advisory.id)) known.push(advisory);
        this.online.set(key, known);
      }
      if (!this.oldest || data.stored.date < this.oldest) this.oldest = data.stored.date;
      this.lastNotice = '';
      this.options.onData();
    } catch (e) {
      this.quietUntil = Date.now() + RETRY_AFTER_MS;
      this.tell(`OSV API not used (${(e as Error).message}): using the ${OFFLINE_ORIGIN}`);
    } finally {
      for (const p of asked) this.inFlight.delete(versionKey(p));
    }
  }

  /** A failure: in the output each time it changes, on screen once. */
  private tell(notice: string): void {
    if (notice === this.lastNotice) return;
    this.lastNotice = notice;
    this.client.log('warn', `advisories: ${notice}`);
    this.client.notify('warn', `Vigil: ${notice}`);
  }
}

function versionKey(p: PackageVersion): string {
  return `${MemoryAdvisoryIndex.key(p.ecosystem, p.name)}@${p.version}`;
}
