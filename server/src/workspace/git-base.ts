import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BaseFiles } from '../engine';

/**
 * Files at a git revision, for the engine's BaseFiles (new-install-script compares a lockfile
 * with its base): `git show <ref>:<path>` in the file's repository. For the CLI (HEAD, or
 * `--changed-since <ref>`) and the editor (HEAD, trusted workspaces only: it runs git).
 *
 * - the file's text at the ref when it is there;
 * - `null` when the ref has no such file and git does not ignore it: a lockfile added since the
 *   base, every package of which is new;
 * - `undefined` (no base) outside a repository, without git, for a ref that names no commit
 *   (a repository without commits yet) or for a file git ignores (a project that does not
 *   commit its lockfile would otherwise see everything as new, always).
 */
export interface GitBaseOptions {
  /** The revision compared with: `HEAD` by default. */
  ref?: string;
  /** The file an engine path names (the CLI's paths are relative to its working folder). */
  fileOf: (enginePath: string) => string;
  /**
   * A scan: the ref and the files do not move while it runs, so every answer is kept. In the
   * editor HEAD moves with each commit: the ref's commit is looked up again on each read (one
   * `git rev-parse`), texts are kept per commit.
   */
  frozen?: boolean;
}

/** git's answers are bounded: a hung git (a network file system, a lock) must not hold the editor. */
const GIT_TIMEOUT_MS = 10_000;
const KEPT_TEXTS = 16;

export function gitBaseFiles(options: GitBaseOptions): BaseFiles {
  const ref = options.ref ?? 'HEAD';
  const roots = new Map<string, string | undefined>();
  const commits = new Map<string, string | undefined>();
  const texts = new Map<string, string | null | undefined>();
  const rootOf = (dir: string): string | undefined => {
    if (!roots.has(dir)) roots.set(dir, git(['rev-parse', '--show-toplevel'], dir)?.trim());
    return roots.get(dir);
  };
  const commitOf = (root: string): string | undefined => {
    if (options.frozen && commits.has(root)) return commits.get(root);
    const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root)?.trim() || undefined;
    commits.set(root, commit);
    return commit;
  };
  return {
    read(enginePath) {
      const file = options.fileOf(enginePath);
      const root = rootOf(path.dirname(file));
      if (!root) return undefined;
      const relative = repositoryPath(root, file);
      if (relative === undefined) return undefined;
      const commit = commitOf(root);
      if (!commit) return undefined;
      const key = `${root}\0${commit}\0${relative}`;
      if (texts.has(key)) return texts.get(key);
      let text: string | null | undefined = git(['show', `${commit}:${relative}`], root);
      if (text === undefined) text = git(['check-ignore', '--quiet', '--', relative], root) !== undefined ? undefined : null;
      if (texts.size >= KEPT_TEXTS) texts.delete(texts.keys().next().value as string);
      texts.set(key, text);
      return text;
    },
  };
}

/** The file's path inside the repository, `/`-separated (through symlinks on either side), or undefined outside it. */
function repositoryPath(root: string, file: string): string | undefined {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  };
  // An unsaved new file has no real path yet; its folder does.
  const resolved = real(file) ?? path.join(real(path.dirname(file)) ?? path.dirname(file), path.basename(file));
  const relative = path.relative(real(root) ?? root, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** git's stdout, or undefined when it cannot run or exits non-zero. */
function git(args: string[], cwd: string): string | undefined {
  try {
    const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: GIT_TIMEOUT_MS, windowsHide: true, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return result.error || result.status !== 0 ? undefined : result.stdout;
  } catch {
    return undefined;
  }
}
