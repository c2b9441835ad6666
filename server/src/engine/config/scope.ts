import * as path from 'path';
import { Minimatch } from 'minimatch';
import type { VigilConfig } from './config';

/**
 * Whether a config's `include`/`exclude` globs let a file be analyzed. Globs are relative
 * to the config file's folder; a glob that matches a folder covers everything inside it
 * (`"exclude": ["migrations"]` works as `migrations/**` does).
 */
export function isIncluded(config: VigilConfig, file: string): boolean {
  if (config.include.length === 0 && config.exclude.length === 0) return true;
  const relative = path.relative(config.dir, path.resolve(file)).split(path.sep).join('/');
  if (config.include.length > 0 && !config.include.some((glob) => matchesGlob(relative, glob))) return false;
  return !config.exclude.some((glob) => matchesGlob(relative, glob));
}

const compiled = new Map<string, Minimatch>();

/** Whether a `/`-separated relative path, or a folder it is in, matches a minimatch glob. */
export function matchesGlob(relative: string, glob: string): boolean {
  let matcher = compiled.get(glob);
  if (!matcher) {
    matcher = new Minimatch(glob.replace(/^\.\//, ''), { dot: true });
    compiled.set(glob, matcher);
  }
  const segments = relative.split('/');
  for (let length = segments.length; length > 0; length--) {
    if (matcher.match(segments.slice(0, length).join('/'))) return true;
  }
  return false;
}
