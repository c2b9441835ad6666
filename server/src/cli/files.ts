import * as fs from 'fs';
import * as path from 'path';
import { languageOfPath } from '../engine';
import { UsageError } from './exit-codes';

/** Folders that hold dependencies, build output or tool state, never the project's own code. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'build', 'out', '.next', '__pycache__', '.venv', '.tox', 'coverage']);

/** A Python virtualenv (whatever it is called: venv, env, ...) has this file at its top. */
const VIRTUALENV_MARKER = 'pyvenv.cfg';

export interface SourceFiles {
  /** Absolute paths, de-duplicated, in code-point order. */
  files: string[];
  /** Folders that could not be listed (absolute path and why). */
  unreadable: { path: string; message: string }[];
}

/**
 * The files to scan under `paths` (files or folders, relative to `cwd`). Folders are
 * searched recursively for files the engine supports, skipping SKIPPED_FOLDERS and
 * virtualenvs below them; a file named explicitly must be a supported one. Symbolic links to
 * folders are not followed. Throws UsageError for a path that does not exist.
 */
export function findSourceFiles(paths: readonly string[], cwd: string): SourceFiles {
  const found = new Set<string>();
  const unreadable: SourceFiles['unreadable'] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = statOrUndefined(absolute);
    if (!stat) throw new UsageError(`no such file or folder: ${given}`);
    if (stat.isDirectory()) {
      walk(absolute, found, unreadable);
    } else if (languageOfPath(absolute)) {
      found.add(absolute);
    } else {
      throw new UsageError(`not a Python or TypeScript/JavaScript file: ${given}`);
    }
  }
  return { files: [...found].sort(compareCodePoints), unreadable };
}

function walk(dir: string, found: Set<string>, unreadable: SourceFiles['unreadable']): void {
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
      if (!SKIPPED_FOLDERS.has(entry.name) && !fs.existsSync(path.join(full, VIRTUALENV_MARKER))) walk(full, found, unreadable);
    } else if (languageOfPath(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile()))) {
      found.add(full);
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
