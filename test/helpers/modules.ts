import type { CrossModuleLimits } from '../../server/src/workspace/project-modules';

/**
 * Limits for tests of what cross-module taint finds: the memory guard reads the whole process's
 * RSS, which in a full test run is mocha's after thousands of tests (past 1.5 GB), not the
 * analysis's; and a loaded machine must not cut a summary by wall time. The guards have their own
 * tests (project-modules, runaway).
 */
export const UNGUARDED: Partial<CrossModuleLimits> = { rssBytes: Infinity, msPerAnalysis: Infinity };
