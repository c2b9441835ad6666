import * as fs from 'fs';
import * as path from 'path';

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
  for (const candidate of pythonModuleCandidates(dir, specifier)) {
    if (within !== undefined && isOutside(within, candidate)) break;
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

const FROM_IMPORT = /^\s*from\s+(\.*)([\w.]*)\s+import\s+([\w\s,()*]+)/gm;
const IMPORT = /^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm;

/**
 * A cheap scan of a module's imports (regular expressions, no parse): the files they could
 * refer to, including `from pkg import name` where `name` may be a submodule.
 */
export function pythonImportCandidates(text: string, dir: string): string[] {
  const out: string[] = [];
  for (const [, dots, module, names] of text.matchAll(FROM_IMPORT)) {
    for (const folder of searchFolders(dir, dots.length)) {
      out.push(...moduleFiles(folder, module));
      // `from . import orders` / `from pkg import orders`: the names may be modules too.
      for (const name of names.replace(/[()]/g, '').split(',')) {
        const imported = name.trim().split(/\s+/)[0];
        if (/^\w+$/.test(imported)) out.push(...moduleFiles(folder, `${module}.${imported}`));
      }
    }
  }
  for (const [, modules] of text.matchAll(IMPORT)) {
    for (const module of modules.split(',')) out.push(...pythonModuleCandidates(dir, module.trim()));
  }
  return out;
}

export function isOutside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative.startsWith('..') || path.isAbsolute(relative);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
