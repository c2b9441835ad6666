import * as path from 'path';
import { matchesGlob } from '../config/scope';
import type { Range } from '../types';

/**
 * A waiver from a team config (`"waivers"` in vigil.config.json), for what cannot carry a
 * comment: generated files, vendored code, whole folders. Its `paths` are minimatch globs
 * relative to `dir`, the folder of the config file that declares it.
 */
export interface ConfigWaiver {
  rule: string;
  paths: readonly string[];
  reason: string;
  until?: string;
  owner?: string;
  /** The config file that declares the waiver, and where in it. */
  file: string;
  range: Range;
  dir: string;
}

/** The waivers whose globs cover an absolute file path (a glob matching a folder covers what is inside). */
export function waiversFor(waivers: readonly ConfigWaiver[] | undefined, file: string): ConfigWaiver[] {
  if (!waivers?.length) return [];
  return waivers.filter((waiver) => {
    const relative = path.relative(waiver.dir, path.resolve(file)).split(path.sep).join('/');
    return !relative.startsWith('../') && waiver.paths.some((glob) => matchesGlob(relative, glob));
  });
}
