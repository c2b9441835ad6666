import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { importReferences, languageOfPath } from '../engine';
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
  const graph = new ImportGraph();
  for (let depth = 0; depth < MAX_IMPORT_DEPTH && reached.size > 0; depth++) {
    const importers = files.filter((file) => !picked.has(file) && !changed.has(file) && graph.importsAny(file, reached));
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

/**
 * Which files each file imports, from the imports the engine parses (tree-sitter for Python,
 * the TypeScript compiler's import scanner for TS/JS), each resolved as cross-module taint
 * resolves it: TS/JS by the compiler's module resolution (relative paths, tsconfig `paths`
 * aliases such as `@/`, index files), Python relative imports and absolute `import pkg.mod` /
 * `from pkg.mod import x` from the folders above the importing file. A file is parsed once
 * per scan, and only when it could import one of the targets.
 */
export class ImportGraph {
  private readonly imported = new Map<string, ReadonlySet<string>>();

  /** Whether `file` imports one of `targets` (absolute paths). */
  importsAny(file: string, targets: ReadonlySet<string>): boolean {
    const known = this.imported.get(file);
    if (known) return [...known].some((f) => targets.has(f));
    const python = file.endsWith('.py');
    const names = python ? pythonModuleNames(targets) : undefined;
    if (names?.length === 0 || (!python && ![...targets].some((t) => languageOfPath(t) !== undefined && !t.endsWith('.py')))) return false;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    // A Python import spells the module's name: a file that never mentions one cannot import it (and skips a parse).
    if (names && !names.some((name) => text.includes(name))) return false;
    const files = new Set(this.resolve(file, text));
    this.imported.set(file, files);
    return [...files].some((f) => targets.has(f));
  }

  private resolve(file: string, text: string): string[] {
    const references = importReferences(file, text);
    if (file.endsWith('.py')) return pythonImportCandidates(references, path.dirname(file));
    return references.map((r) => resolveTypeScriptImport(file, r.specifier)).filter((f): f is string => f !== undefined);
  }
}

/** The names Python code imports the `.py` targets by: the module's file name, or its package's folder for `__init__.py`. */
function pythonModuleNames(targets: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const target of targets) {
    if (!target.endsWith('.py')) continue;
    const stem = path.basename(target, '.py');
    names.add(stem === '__init__' ? path.basename(path.dirname(target)) : stem);
  }
  return [...names];
}
