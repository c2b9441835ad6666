import * as fs from 'fs';
import * as path from 'path';
import { buildIndex, indexOf } from '../../server/src/advisories/build-index';
import { readOsvRecords } from '../../server/src/advisories/osv-records';
import type { AdvisoryIndex } from '../../server/src/engine';

// (fixtures.ts imports this module: the repository root is found here, not imported from there.)
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

/**
 * Real OSV advisories beside the checkout (../shared/advisories: PyPA and Node.js security WG
 * records, with their licences; never copied into the repository), read as users' files are.
 * A clone elsewhere (CI's fresh clone) names the folder with VIGIL_SHARED_ADVISORIES, or finds the
 * workplace's /work/shared.
 */
export const SHARED_ADVISORIES =
  [process.env.VIGIL_SHARED_ADVISORIES, path.resolve(ROOT, '..', 'shared', 'advisories'), '/work/shared/advisories'].find(
    (dir): dir is string => !!dir && fs.existsSync(path.join(dir, 'npm.osv.jsonl')),
  ) ?? path.resolve(ROOT, '..', 'shared', 'advisories');

/** Advisories of our own for what the shared data lacks (malware entries, in OSV's `MAL-` shape). */
export const OWN_ADVISORIES = path.join(ROOT, 'test', 'fixtures', 'advisories');

let index: AdvisoryIndex | undefined;
/** The shared advisories plus our own, indexed once for all tests. */
export function fixtureAdvisories(): AdvisoryIndex {
  if (!index) {
    if (!fs.existsSync(SHARED_ADVISORIES)) throw new Error(`the shared advisory data is missing: ${SHARED_ADVISORIES}`);
    const records = [path.join(SHARED_ADVISORIES, 'npm.osv.jsonl'), path.join(SHARED_ADVISORIES, 'pypi.osv.jsonl'), OWN_ADVISORIES].flatMap(readOsvRecords);
    index = indexOf(buildIndex(records, 'test data'), 'offline index');
  }
  return index;
}
