// `vigil scan` keeps the TypeScript compiler's compiled code as the language server does
// (workspace/code-cache.ts): in $VIGIL_CODE_CACHE_DIR, else $XDG_CACHE_HOME/vigil/code-cache,
// else ~/.cache/vigil/code-cache (a folder of the user's own: code from there is run).
// VIGIL_CODE_CACHE_DIR set empty turns it off. The main thread and the worker threads share it;
// a missing cache is written by the main thread at exit, by a worker thread after its first file.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { useCodeCache } from '../workspace/code-cache';

export function cliCodeCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.VIGIL_CODE_CACHE_DIR !== undefined) return env.VIGIL_CODE_CACHE_DIR || undefined;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'vigil', 'code-cache');
}

/** `modules`: bundles to cache besides the compiler (file → name), see workspace/code-cache.ts. */
export function useCliCodeCache(env: NodeJS.ProcessEnv = process.env, modules: ReadonlyMap<string, string> = new Map()): void {
  const directory = cliCodeCacheDirectory(env);
  if (!directory) return;
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch {
    return;
  }
  useCodeCache(directory, undefined, modules, true);
}
