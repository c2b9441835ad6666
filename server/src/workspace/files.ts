import * as fs from 'fs';
import * as path from 'path';
import { isAnalyzedPath } from '../engine';
import { GitIgnore } from './gitignore';

// Which files of a project Vigil analyzes: shared by `vigil scan` and the editor's Scan
// Workspace, so both see the same files (same skipped folders, virtualenvs and .gitignore).

/** A path given to scan that does not exist or is not a supported file (the CLI's usage error). */
export class SourcePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourcePathError';
  }
}

/** Folders that hold dependencies, build output or tool state, never the project's own code. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', '.next', '__pycache__', '.venv', 'venv', '.tox', 'coverage']);
/** Never the project's code, not even with --no-ignore. */
const VCS_FOLDERS = new Set(['.git', '.hg', '.svn']);

/** A Python virtualenv (whatever it is called: venv, env, ...) has this file at its top. */
const VIRTUALENV_MARKER = 'pyvenv.cfg';

export interface SourceFiles {
  /** Absolute paths, de-duplicated, in code-point order. */
  files: string[];
  /** Folders that could not be listed (absolute path and why). */
  unreadable: { path: string; message: string }[];
}

export interface DiscoveryOptions {
  /** Skip SKIPPED_FOLDERS, virtualenvs and .gitignored paths (default true; --no-ignore turns it off). */
  ignore?: boolean;
}

/**
 * The files to scan under `paths` (files or folders, relative to `cwd`). Folders are
 * searched recursively for files the engine supports, skipping SKIPPED_FOLDERS, virtualenvs
 * and what the .gitignore files of the repository ignore below them; a file named explicitly
 * is always scanned and must be a supported one. Symbolic links to folders are not followed.
 * Throws SourcePathError for a path that does not exist.
 */
export function findSourceFiles(paths: readonly string[], cwd: string, options: DiscoveryOptions = {}): SourceFiles {
  const ignore = options.ignore ?? true;
  const found = new Set<string>();
  const unreadable: SourceFiles['unreadable'] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = statOrUndefined(absolute);
    if (!stat) throw new SourcePathError(`no such file or folder: ${given}`);
    if (stat.isDirectory()) {
      walk(absolute, ignore ? GitIgnore.forFolder(absolute) : undefined, found, unreadable);
    } else if (isAnalyzedPath(absolute)) {
      found.add(absolute);
    } else {
      throw new SourcePathError(`not a Python or TypeScript/JavaScript file, manifest or lockfile: ${given}`);
    }
  }
  return { files: [...found].sort(compareCodePoints), unreadable };
}

/** `gitignore` is undefined with --no-ignore. */
function walk(dir: string, gitignore: GitIgnore | undefined, found: Set<string>, unreadable: SourceFiles['unreadable']): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    unreadable.push({ path: dir, message: `cannot list the folder: ${(e as Error).message}` });
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (VCS_FOLDERS.has(entry.name)) continue;
      if (gitignore && (SKIPPED_FOLDERS.has(entry.name) || fs.existsSync(path.join(full, VIRTUALENV_MARKER)) || gitignore.ignores(full, true))) continue;
      walk(full, gitignore?.enter(full), found, unreadable);
    } else if (isAnalyzedPath(full) /* the full path: a workflow is known by its .github/workflows folder */ && (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile()))) {
      if (!gitignore?.ignores(full, false)) found.add(full);
    }
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Locale-independent order, so the same tree gives the same report on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
