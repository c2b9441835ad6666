// `vigil advisories update`: OSV's per-ecosystem archives, downloaded and indexed.
import { recordsOfZip, type OsvRecord } from './osv-records';

/** OSV's public bucket of per-ecosystem archives (`<base>/<ecosystem>/all.zip`). */
export const OSV_ARCHIVE_BASE = 'https://osv-vulnerabilities.storage.googleapis.com';
export const ARCHIVE_ECOSYSTEMS = ['npm', 'PyPI'] as const;

export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** Downloads every ecosystem's archive from `base` and returns their records. */
export async function downloadOsvRecords(base: string, fetchFn: typeof fetch = fetch): Promise<{ records: OsvRecord[]; urls: string[] }> {
  const records: OsvRecord[] = [];
  const urls: string[] = [];
  for (const ecosystem of ARCHIVE_ECOSYSTEMS) {
    const url = `${base.replace(/\/+$/, '')}/${ecosystem}/all.zip`;
    let response: Response;
    try {
      response = await fetchFn(url);
    } catch (e) {
      throw new DownloadError(`cannot download ${url}: ${(e as Error).cause ?? (e as Error).message}`);
    }
    if (!response.ok) throw new DownloadError(`cannot download ${url}: HTTP ${response.status}`);
    records.push(...recordsOfZip(new Uint8Array(await response.arrayBuffer()), url));
    urls.push(url);
  }
  return { records, urls };
}
