// The OSV API client: which advisories affect these exact package versions
// (`POST /v1/querybatch`, following `next_page_token`), then each advisory's record
// (`GET /v1/vulns/{id}`). Only ecosystem, name and version leave the machine.
import type { OsvRecord } from '../osv-records';
import { OsvCache } from './cache';
import { OnlineError, requestJson, type HttpOptions } from './http';

export const OSV_API_BASE = 'https://api.osv.dev';
/** How long an answer about a package version is reused before OSV is asked again. */
export const DEFAULT_TTL_MS = 12 * 3_600_000;
/** OSV takes at most 1,000 queries a batch. */
const BATCH = 1_000;
/** Pages of one query followed before giving up on the rest (a version with thousands of advisories). */
const MAX_PAGES = 20;
/** Advisory records fetched at once. */
const PARALLEL_FETCHES = 8;

export interface PackageVersion {
  ecosystem: 'npm' | 'PyPI';
  name: string;
  version: string;
}

export interface OsvClientOptions extends HttpOptions {
  baseUrl: string;
  cache: OsvCache;
  ttlMs: number;
  now?: () => number;
}

export interface OsvAnswer {
  /** Every advisory record that affects one of the versions. */
  records: OsvRecord[];
  /** When the oldest answer used was fetched (ms): the data's date. */
  oldest: number;
  /** Requests made (0: everything came from the cache). */
  requests: number;
}

interface BatchResult {
  vulns?: { id: string; modified?: string }[];
  next_page_token?: string;
}

export async function queryOsv(packages: readonly PackageVersion[], options: OsvClientOptions): Promise<OsvAnswer> {
  const now = (options.now ?? Date.now)();
  const base = options.baseUrl.replace(/\/+$/, '');
  let requests = 0;
  let oldest = now;
  const ids = new Map<string, string | undefined>();
  const missing: PackageVersion[] = [];
  for (const p of unique(packages)) {
    const cached = options.cache.query(OsvCache.key(p.ecosystem, p.name, p.version), now, options.ttlMs);
    if (!cached) {
      missing.push(p);
      continue;
    }
    oldest = Math.min(oldest, cached.at);
    for (const id of cached.ids) if (!ids.has(id)) ids.set(id, undefined);
  }
  for (let start = 0; start < missing.length; start += BATCH) {
    const chunk = missing.slice(start, start + BATCH);
    const found: { id: string; modified?: string }[][] = chunk.map(() => []);
    let pending = chunk.map((p, i) => ({ i, query: { package: { name: p.name, ecosystem: p.ecosystem }, version: p.version } as Record<string, unknown> }));
    for (let page = 0; pending.length > 0 && page < MAX_PAGES; page++) {
      requests++;
      const results = batchResults(await requestJson(`${base}/v1/querybatch`, { queries: pending.map((q) => q.query) }, options), pending.length);
      const next: typeof pending = [];
      results.forEach((result, j) => {
        found[pending[j].i].push(...(result.vulns ?? []));
        if (result.next_page_token) next.push({ i: pending[j].i, query: { ...pending[j].query, page_token: result.next_page_token } });
      });
      pending = next;
    }
    chunk.forEach((p, i) => {
      options.cache.setQuery(OsvCache.key(p.ecosystem, p.name, p.version), now, [...new Set(found[i].map((v) => v.id))]);
      for (const v of found[i]) ids.set(v.id, v.modified);
    });
  }
  const records: OsvRecord[] = [];
  const fetch: string[] = [];
  for (const [id, modified] of ids) {
    const cached = options.cache.vuln(id, modified);
    if (cached) records.push(cached);
    else fetch.push(id);
  }
  for (let start = 0; start < fetch.length; start += PARALLEL_FETCHES) {
    const fetched = await Promise.all(
      fetch.slice(start, start + PARALLEL_FETCHES).map(async (id) => {
        requests++;
        const record = await requestJson(`${base}/v1/vulns/${encodeURIComponent(id)}`, undefined, options);
        if (!record || typeof record !== 'object' || (record as OsvRecord).id !== id) throw new OnlineError(`the answer for ${id} is not its OSV record`);
        return record as OsvRecord;
      }),
    );
    for (const record of fetched) {
      options.cache.setVuln(record);
      records.push(record);
    }
  }
  return { records, oldest, requests };
}

function batchResults(answer: unknown, expected: number): BatchResult[] {
  const results = (answer as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length !== expected) throw new OnlineError(`the querybatch answer has ${Array.isArray(results) ? results.length : 'no'} results for ${expected} queries`);
  return results.map((r) => (r && typeof r === 'object' ? (r as BatchResult) : {}));
}

function unique(packages: readonly PackageVersion[]): PackageVersion[] {
  const seen = new Map<string, PackageVersion>();
  for (const p of packages) seen.set(OsvCache.key(p.ecosystem, p.name, p.version), p);
  return [...seen.values()];
}
