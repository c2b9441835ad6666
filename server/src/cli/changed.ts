import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './exit-codes';

/**
 * `--changed-since <ref>`: of `files` (absolute), those changed since `ref` in git (committed,
 * staged or not) or untracked, plus the files that import one of them, so a finding whose
 * tainted data crosses into a changed module is still found.
 */
export function changedSince(files: readonly string[], ref: string, cwd: string): string[] {
  const root = git(['rev-parse', '--show-toplevel'], cwd).trim();
  // The repository root as the discovered paths spell it (cwd may be reached through a symlink).
  const rootSeenFromCwd = path.resolve(cwd, path.relative(fs.realpathSync(cwd), fs.realpathSync(root)));
  const listed = [
    ...git(['diff', '--name-only', '-z', '--no-renames', ref, '--'], root).split('\0'),
    ...git(['ls-files', '--others', '--exclude-standard', '-z'], root).split('\0'),
  ];
  const changed = new Set(listed.filter((name) => name !== '').map((name) => path.join(rootSeenFromCwd, name)));
  const changedFiles = files.filter((file) => changed.has(file));
  const importers = files.filter((file) => !changed.has(file) && importsAny(file, changed));
  return [...changedFiles, ...importers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new UsageError(`--changed-since needs git: ${result.error.message}`);
  if (result.status !== 0) throw new UsageError(`--changed-since: git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

const TS_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g;
const PY_FROM_IMPORT = /^\s*from\s+(\.*)([\w.]*)\s+import\s+([\w\s,()*]+)/gm;
const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm;
const TS_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.jsx'];

/**
 * A cheap import scan (regular expressions, no parse): relative TS/JS imports and requires,
 * Python relative imports and absolute `import pkg.mod` / `from pkg.mod import x` resolved from
 * the folders above the importing file (where a package root may be).
 */
export function importsAny(file: string, targets: ReadonlySet<string>): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const dir = path.dirname(file);
  if (file.endsWith('.py')) return pythonImports(text, dir).some((candidate) => targets.has(candidate));
  for (const match of text.matchAll(TS_IMPORT)) {
    const base = path.resolve(dir, match[1]);
    const stripped = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    for (const candidate of [base, stripped]) if (TS_EXTENSIONS.some((ext) => targets.has(candidate + ext))) return true;
  }
  return false;
}

/** The files a Python module's imports could refer to (module.py or module/__init__.py). */
function pythonImports(text: string, dir: string): string[] {
  const modules: string[] = [];
  const asFiles = (folder: string, dotted: string) => {
    const base = path.join(folder, ...dotted.split('.').filter(Boolean));
    modules.push(`${base}.py`, path.join(base, '__init__.py'));
  };
  const ancestors: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    ancestors.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const match of text.matchAll(PY_FROM_IMPORT)) {
    const [, dots, module, names] = match;
    const folders = dots.length > 0 ? [path.resolve(dir, ...Array(dots.length - 1).fill('..'))] : ancestors;
    for (const folder of folders) {
      asFiles(folder, module);
      // `from . import orders` / `from pkg import orders`: the names may be modules too.
      for (const name of names.replace(/[()]/g, '').split(',')) {
        const imported = name.trim().split(/\s+/)[0];
        if (/^\w+$/.test(imported)) asFiles(folder, `${module}.${imported}`);
      }
    }
  }
  for (const match of text.matchAll(PY_IMPORT)) {
    for (const module of match[1].split(',')) for (const folder of ancestors) asFiles(folder, module.trim());
  }
  return modules;
}
