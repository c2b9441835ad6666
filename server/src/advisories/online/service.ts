// Advisory data for a set of manifests and lockfiles, for the CLI and the language server: the
// OSV API for their exact versions (cached on disk), or the offline index when the user said
// offline or the API cannot be reached. Never throws: a failure is a one-line notice.
import * as path from 'path';
import { dependencyFileKind, LineIndex, matchingAdvisories, nearestFixed, parseDependencyFile, VERSION_SCHEMES, type AdvisoryIndex } from '../../engine';
import { buildIndex, indexOf, type StoredIndex } from '../build-index';
import type { OsvRecord } from '../osv-records';
import { readStoredIndex } from '../store';
import { OsvCache } from './cache';
import { DEFAULT_TTL_MS, queryOsv, type PackageVersion } from './osv-client';

export const ONLINE_ORIGIN = 'OSV API';
export const OFFLINE_ORIGIN = 'offline index';
/** Rounds of asking about the fixed versions the answers name (is the nearest fix itself affected?). */
const FIX_ROUNDS = 2;

export interface AdvisorySettings {
  /** Use the offline index only (`--offline`, `vigil.advisories.online: false`, an untrusted workspace). */
  offline: boolean;
  /** The OSV API (`--osv-url`, VIGIL_OSV_URL, `vigil.advisories.osvUrl`). */
  osvUrl: string;
  /** The offline index's folder; the OSV cache lives in its `osv-cache` subfolder. */
  indexDir: string;
  ttlMs?: number;
  timeoutMs?: number;
  proxy?: string;
  strictSSL?: boolean;
  env: NodeJS.ProcessEnv;
  now?: () => number;
}

export interface AdvisoryData {
  index?: AdvisoryIndex;
  /** The index's data, for the CLI's analyzer threads. */
  stored?: StoredIndex;
  origin?: string;
  /** Why the OSV API was not used although it should have been, and what was used instead. */
  notice?: string;
  /** Requests made to the OSV API (0 when all came from the cache). */
  requests: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function osvCacheDir(indexDir: string): string {
  return path.join(indexDir, 'osv-cache');
}

/** The package versions a set of manifests and lockfiles names (a manifest's range by its floor, as the analysis reads it). */
export function packagesOf(files: readonly { path: string; text: string }[]): PackageVersion[] {
  const out: PackageVersion[] = [];
  for (const { path: file, text } of files) {
    const kind = dependencyFileKind(file);
    if (!kind || kind === 'github-workflow' || kind === 'pip-config') continue;
    let parsed;
    try {
      parsed = parseDependencyFile(kind, text, new LineIndex(text));
    } catch {
      continue; // the analysis reports an unreadable file on the file itself
    }
    if (parsed.error) continue;
    for (const d of parsed.dependencies) {
      if (d.source) continue;
      const version = d.version ?? (d.spec !== undefined ? VERSION_SCHEMES[parsed.ecosystem].floor(d.spec) : undefined);
      if (version) out.push({ ecosystem: parsed.ecosystem, name: d.name, version });
    }
  }
  return out;
}

export function offlineData(indexDir: string): AdvisoryData {
  const stored = readStoredIndex(indexDir);
  return stored ? { index: indexOf(stored, OFFLINE_ORIGIN), stored, origin: OFFLINE_ORIGIN, requests: 0 } : { requests: 0 };
}

export async function advisoryData(packages: readonly PackageVersion[], settings: AdvisorySettings): Promise<AdvisoryData> {
  if (settings.offline || packages.length === 0) return offlineData(settings.indexDir);
  const cache = new OsvCache(osvCacheDir(settings.indexDir));
  const options = {
    baseUrl: settings.osvUrl,
    cache,
    ttlMs: settings.ttlMs ?? DEFAULT_TTL_MS,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    env: settings.env,
    ...(settings.proxy ? { proxy: settings.proxy } : {}),
    ...(settings.strictSSL !== undefined ? { strictSSL: settings.strictSSL } : {}),
    ...(settings.now ? { now: settings.now } : {}),
  };
  let requests = 0;
  try {
    const records = new Map<string, OsvRecord>();
    let oldest = Infinity;
    let asked = packages;
    let stored: StoredIndex | undefined;
    for (let round = 0; round <= FIX_ROUNDS && asked.length > 0; round++) {
      const answer = await queryOsv(asked, options);
      requests += answer.requests;
      oldest = Math.min(oldest, answer.oldest);
      for (const record of answer.records) records.set(record.id, record);
      stored = buildIndex([...records.values()], `${ONLINE_ORIGIN} ${settings.osvUrl}`);
      // The nearest fixed version a finding will name must itself be known to OSV's answers.
      const index = indexOf(stored, ONLINE_ORIGIN);
      const fixes = new Map<string, PackageVersion>();
      for (const p of asked) {
        if (matchingAdvisories(index, p.ecosystem, p.name, p.version).length === 0) continue;
        const fixed = nearestFixed(index, p.ecosystem, p.name, p.version);
        if (fixed) fixes.set(`${p.ecosystem} ${p.name} ${fixed}`, { ecosystem: p.ecosystem, name: p.name, version: fixed });
      }
      asked = [...fixes.values()];
    }
    const warning = cache.save();
    // The data is as old as the oldest answer in it (cached ones included).
    stored!.date = new Date(oldest).toISOString().slice(0, 10);
    return { index: indexOf(stored!, ONLINE_ORIGIN), stored: stored!, origin: ONLINE_ORIGIN, requests, ...(warning ? { notice: warning } : {}) };
  } catch (e) {
    cache.save();
    const offline = offlineData(settings.indexDir);
    const instead = offline.stored ? `using the offline index (data of ${offline.stored.date})` : 'no offline index either, so no dependency is checked against advisories; run `vigil advisories update`';
    return { ...offline, requests, notice: `OSV API ${settings.osvUrl} not used (${(e as Error).message}): ${instead}` };
  }
}
