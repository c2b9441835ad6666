import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_IMPORT_DEPTH } from '../workspace/project-modules';
import { pythonImportCandidates } from '../workspace/python-resolve';
import { resolveTypeScriptImport } from '../workspace/typescript-resolve';
import { UsageError } from './exit-codes';

/**
 * `--changed-since <ref>`: of `files` (absolute), those changed since `ref` in git (committed,
 * staged or not) or untracked, plus the files that import one of them (directly or through
 * others, as deep as taint is followed), so a finding whose tainted data crosses into a changed
 * module is still found.
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
  // Taint crosses imports a few modules deep (project-modules.ts): so do the importers scanned.
  const picked = new Set(changedFiles);
  let reached: ReadonlySet<string> = changed;
  for (let depth = 0; depth < MAX_IMPORT_DEPTH && reached.size > 0; depth++) {
    const importers = files.filter((file) => !picked.has(file) && !changed.has(file) && importsAny(file, reached));
    for (const file of importers) picked.add(file);
    reached = new Set(importers);
  }
  return [...picked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new UsageError(`--changed-since needs git: ${result.error.message}`);
  if (result.status !== 0) throw new UsageError(`--changed-since: git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Every module specifier of a TS/JS file: `from '…'`, `import('…')`, `require('…')`, `export … from '…'`. */
const TS_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"'\n]+)["']/g;

/**
 * A cheap import scan (regular expressions, no parse) of the specifiers, each resolved as
 * cross-module taint resolves it: TS/JS by the compiler's module resolution (relative paths,
 * tsconfig `paths` aliases such as `@/`, index files), Python relative imports and absolute
 * `import pkg.mod` / `from pkg.mod import x` from the folders above the importing file.
 */
export function importsAny(file: string, targets: ReadonlySet<string>): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const dir = path.dirname(file);
  if (file.endsWith('.py')) return pythonImportCandidates(text, dir).some((candidate) => targets.has(candidate));
  for (const match of text.matchAll(TS_IMPORT)) {
    const resolved = resolveTypeScriptImport(file, match[1]);
    if (resolved !== undefined && targets.has(resolved)) return true;
  }
  return false;
}
