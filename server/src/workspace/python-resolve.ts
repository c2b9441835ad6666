import * as fs from 'fs';
import * as path from 'path';
import type { ImportReference } from '../engine';

// Which file a Python import names, without running Python: relative imports from the
// importing file's package, absolute ones from the folders above it (one of them is the
// project's package root: `app.services.search` from app/routers/x.py is <root>/app/services/search.py).

/** `module.py` or the package `module/__init__.py` for a dotted name below `folder`. */
function moduleFiles(folder: string, dotted: string): string[] {
  const base = path.join(folder, ...dotted.split('.').filter(Boolean));
  return [`${base}.py`, path.join(base, '__init__.py')];
}

/** The folders a module named `specifier` (`.db`, `..models`, `app.db`) may sit below, nearest first. */
function searchFolders(dir: string, dots: number): string[] {
  if (dots > 0) return [path.resolve(dir, ...Array<string>(dots - 1).fill('..'))];
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    out.push(d);
    if (path.dirname(d) === d) return out;
  }
}

/** Every file `specifier` imported from a file in `dir` could be, nearest first. */
export function pythonModuleCandidates(dir: string, specifier: string): string[] {
  const dots = /^\.*/.exec(specifier)![0].length;
  return searchFolders(dir, dots).flatMap((folder) => moduleFiles(folder, specifier.slice(dots)));
}

/**
 * The project file the module `specifier` names when imported from `fromFile` (absolute), or
 * undefined for anything that is not one (a pip package, the standard library). `within`
 * stops the search for absolute imports at that folder (the workspace or scan root).
 */
export function resolvePythonImport(fromFile: string, specifier: string, within?: string): string | undefined {
  if (!/^\.*[\w.]*$/.test(specifier) || specifier === '') return undefined;
  const dir = path.dirname(fromFile);
  if (!specifier.startsWith('.')) return absoluteImport(dir, specifier, within) ?? undefined;
  for (const candidate of pythonModuleCandidates(dir, specifier)) {
    if (within !== undefined && isOutside(within, candidate)) break;
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * An absolute import's file from `dir`: below it, else as from the folder above. Remembered per
 * folder, so that the files of a project, asking for the same modules from many folders, share
 * the folders above them (cleared with the listings).
 */
function absoluteImport(dir: string, dotted: string, within: string | undefined): string | null {
  const key = `${dir}\u0000${dotted}\u0000${within ?? ''}`;
  let found = absoluteImports.get(key);
  if (found === undefined) {
    found = null;
    // Both candidates need the name's first segment here (`app.py` or `app/`): most names tried (pip packages) have none.
    const head = dotted.split('.', 1)[0];
    const entries = listing(dir);
    const mayHold = !!entries && (entries.has(head) || entries.has(`${head}.py`));
    for (const candidate of mayHold ? moduleFiles(dir, dotted) : []) {
      if (within !== undefined && isOutside(within, candidate)) break;
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
    }
    const parent = path.dirname(dir);
    if (found === null && parent !== dir && !(within !== undefined && isOutside(within, dir))) found = absoluteImport(parent, dotted, within);
    if (absoluteImports.size >= MAX_LISTINGS) absoluteImports.clear();
    absoluteImports.set(key, found);
  }
  return found;
}

/**
 * The files a module's imports (as the engine parsed them) could refer to, including
 * `from pkg import name` where `name` may be a submodule.
 */
export function pythonImportCandidates(references: readonly ImportReference[], dir: string): string[] {
  const out: string[] = [];
  for (const { specifier, names } of references) {
    const dots = /^\.*/.exec(specifier)![0].length;
    const module = specifier.slice(dots);
    for (const folder of searchFolders(dir, dots)) {
      out.push(...moduleFiles(folder, module));
      // `from . import orders` / `from pkg import orders`: the names may be modules too.
      for (const name of names ?? []) out.push(...moduleFiles(folder, `${module}.${name}`));
    }
  }
  return out;
}

export function isOutside(folder: string, file: string): boolean {
  // Both are absolute and normalized where the resolvers ask: a file under the folder's own
  // spelling is inside without path.relative (a twentieth of a Python scan's CPU asked it so).
  if (file.length > folder.length && file.startsWith(folder) && (file[folder.length] === path.sep || folder.endsWith(path.sep)) && !file.includes(`${path.sep}.`)) return false;
  const relative = path.relative(folder, file);
  return relative.startsWith('..') || path.isAbsolute(relative);
}

/**
 * Folder listings, read once: resolving `from fastapi import ...` tries `fastapi.py` and
 * `fastapi/__init__.py` in every folder above every importing file, and one `readdir` per folder
 * answers them all where a `stat` per candidate cost a tenth of a scan. Cleared when files are
 * created or deleted (`clearPythonResolutionCache`).
 */
const listings = new Map<string, ReadonlyMap<string, fs.Dirent> | null>();
const absoluteImports = new Map<string, string | null>();
const MAX_LISTINGS = 20000;

function listing(dir: string): ReadonlyMap<string, fs.Dirent> | null {
  let entries = listings.get(dir);
  if (entries === undefined) {
    // Asking the parent first: most folders tried do not exist, and a failing readdir costs an exception.
    const parent = path.dirname(dir);
    const entry = parent === dir ? undefined : listing(parent)?.get(path.basename(dir));
    if (parent !== dir && (!entry || !(entry.isDirectory() || entry.isSymbolicLink()))) {
      listings.set(dir, null);
      return null;
    }
    try {
      entries = new Map(fs.readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry]));
    } catch {
      entries = null; // no such folder (the common case: a pip package's name tried in a project folder)
    }
    if (listings.size >= MAX_LISTINGS) listings.clear();
    listings.set(dir, entries);
  }
  return entries;
}

/** Files were created or deleted: folder listings may be stale. */
export function clearPythonResolutionCache(): void {
  listings.clear();
  absoluteImports.clear();
}

function isFile(file: string): boolean {
  const entry = listing(path.dirname(file))?.get(path.basename(file));
  if (!entry) return false;
  if (!entry.isSymbolicLink()) return entry.isFile();
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
