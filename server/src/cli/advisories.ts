import * as fs from 'fs';
import { dependencyFileKind } from '../engine';
import { advisoryData, DEFAULT_TIMEOUT_MS, packagesOf, type AdvisoryData } from '../advisories/online/service';
import { OSV_API_BASE } from '../advisories/online/osv-client';
import { defaultIndexDir } from '../advisories/store';
import type { ScanOptions } from './args';
import type { CliEnvironment } from './environment';

// `vigil scan`'s advisory data: the OSV API for the exact versions of the manifests and lockfiles
// it scans, unless --offline / VIGIL_OFFLINE=1; the offline index when the API fails.

export async function cliAdvisories(files: readonly string[], options: Pick<ScanOptions, 'offline' | 'osvUrl'>, io: CliEnvironment): Promise<AdvisoryData> {
  const offline = options.offline || /^(?:1|true|yes)$/i.test(io.env.VIGIL_OFFLINE ?? '');
  const manifests = offline ? [] : files.filter((file) => dependencyFileKind(file) !== undefined).flatMap((file) => {
    try {
      return [{ path: file, text: fs.readFileSync(file, 'utf8') }];
    } catch {
      return []; // the scan names the unreadable file
    }
  });
  const timeout = Number(io.env.VIGIL_OSV_TIMEOUT_MS);
  return advisoryData(packagesOf(manifests), {
    offline,
    osvUrl: options.osvUrl ?? (io.env.VIGIL_OSV_URL || OSV_API_BASE),
    indexDir: defaultIndexDir(io.env),
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    env: io.env,
  });
}
