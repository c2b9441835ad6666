// Where the offline index lives on disk, and reading and writing it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AdvisoryIndex } from '../engine';
import { indexOf, INDEX_FORMAT, type StoredIndex } from './build-index';

export const INDEX_FILE = 'advisory-index.json';

/** `VIGIL_ADVISORIES_DIR`, else the user's cache folder (`$XDG_CACHE_HOME/vigil`, `~/.cache/vigil`). */
export function defaultIndexDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIL_ADVISORIES_DIR) return env.VIGIL_ADVISORIES_DIR;
  const cache = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || path.join(os.homedir(), '.cache');
  return path.join(cache, 'vigil', 'advisories');
}

export function writeIndex(dir: string, index: StoredIndex): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, INDEX_FILE);
  // Written beside and renamed: a reader never sees half an index.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(index));
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** The stored index in `dir`, or undefined when there is none (or it is from another format). */
export function readStoredIndex(dir: string): StoredIndex | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const stored = JSON.parse(text) as StoredIndex;
    return stored.format === INDEX_FORMAT && stored.packages ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function loadIndex(dir: string): AdvisoryIndex | undefined {
  const stored = readStoredIndex(dir);
  return stored && indexOf(stored, 'offline index');
}
