// The OSV answers kept on disk: which advisories affect a package version (for a time-to-live),
// and each advisory's record (until OSV reports it modified). A broken or missing file is an empty cache.
import * as fs from 'fs';
import * as path from 'path';
import type { OsvRecord } from '../osv-records';

export const CACHE_FILE = 'osv-cache.json';
const CACHE_FORMAT = 1;

interface CacheData {
  format: typeof CACHE_FORMAT;
  /** `<ecosystem> <name> <version>` → the ids OSV named, and when it was asked (ms). */
  queries: Record<string, { at: number; ids: string[] }>;
  /** id → the record and its `modified` stamp. */
  vulns: Record<string, { modified: string; record: OsvRecord }>;
}

export class OsvCache {
  private data: CacheData;
  private dirty = false;

  constructor(private readonly dir: string | undefined) {
    this.data = this.read() ?? { format: CACHE_FORMAT, queries: {}, vulns: {} };
  }

  static key(ecosystem: string, name: string, version: string): string {
    return `${ecosystem} ${name} ${version}`;
  }

  /** The ids of a query asked within `ttlMs`, else undefined. */
  query(key: string, now: number, ttlMs: number): { at: number; ids: string[] } | undefined {
    const entry = this.data.queries[key];
    return entry && now - entry.at < ttlMs && now >= entry.at ? entry : undefined;
  }

  setQuery(key: string, at: number, ids: string[]): void {
    this.data.queries[key] = { at, ids };
    this.dirty = true;
  }

  /** The cached record, when it is at least as new as `modified` (unknown: any). */
  vuln(id: string, modified?: string): OsvRecord | undefined {
    const entry = this.data.vulns[id];
    return entry && (!modified || !entry.modified || entry.modified >= modified) ? entry.record : undefined;
  }

  setVuln(record: OsvRecord): void {
    this.data.vulns[record.id] = { modified: record.modified ?? '', record };
    this.dirty = true;
  }

  /** Writes the cache if it changed (beside and renamed: a concurrent reader never sees half of it). Never throws. */
  save(): string | undefined {
    if (!this.dir || !this.dirty) return undefined;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const file = path.join(this.dir, CACHE_FILE);
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(this.data));
      fs.renameSync(temp, file);
      this.dirty = false;
      return undefined;
    } catch (e) {
      return `cannot write the OSV cache in ${this.dir}: ${(e as Error).message}`;
    }
  }

  private read(): CacheData | undefined {
    if (!this.dir) return undefined;
    try {
      const data = JSON.parse(fs.readFileSync(path.join(this.dir, CACHE_FILE), 'utf8')) as CacheData;
      return data.format === CACHE_FORMAT && data.queries && data.vulns ? data : undefined;
    } catch {
      return undefined;
    }
  }
}
