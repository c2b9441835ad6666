// The manifest's lockfile, found beside it or, for a workspace member, in the workspace root.
import { LineIndex } from '../../text/positions';
import { dependencyFileKind } from '../kinds';
import { parseDependencyFile } from '../parsers';
import type { DependencyFile, PackageFileKind } from '../types';

/** Other files of the project, by a path relative to the analyzed file's folder (`yarn.lock`, `../uv.lock`). */
export interface NearbyFiles {
  read(relativePath: string): string | undefined;
}

export interface FoundLockfile {
  /** As found from the manifest's folder: `package-lock.json`, `../../pnpm-lock.yaml`. */
  path: string;
  /** Parsed, unless it is a format Vigil does not read (bun's lockfile): its presence still pins. */
  file?: DependencyFile;
}

const NPM_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const PYTHON_LOCKFILES = ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml'];
/** How far up a workspace root is looked for (packages/web/package.json → the root's lockfile). */
const WORKSPACE_DEPTH = 3;

/** The nearest lockfile for a package.json or pyproject.toml: beside it, else in an enclosing workspace root. */
export function findLockfile(manifest: 'package-json' | 'pyproject', nearby: NearbyFiles): FoundLockfile | undefined {
  const names = manifest === 'package-json' ? NPM_LOCKFILES : PYTHON_LOCKFILES;
  for (let depth = 0; depth <= WORKSPACE_DEPTH; depth++) {
    const dir = '../'.repeat(depth);
    // Above the manifest's own folder only a workspace root counts: another project's lockfile pins nothing here.
    if (depth > 0 && !isWorkspaceRoot(manifest, dir, nearby)) continue;
    for (const name of names) {
      const text = nearby.read(dir + name);
      if (text === undefined) continue;
      const kind = dependencyFileKind(name) as PackageFileKind | undefined;
      return { path: dir + name, ...(kind ? { file: parsedLockfile(kind, dir + name, text) } : {}) };
    }
  }
  return undefined;
}

function isWorkspaceRoot(manifest: 'package-json' | 'pyproject', dir: string, nearby: NearbyFiles): boolean {
  if (manifest === 'pyproject') return /^\s*\[tool\.uv\.workspace\]/m.test(nearby.read(`${dir}pyproject.toml`) ?? '');
  return nearby.read(`${dir}pnpm-workspace.yaml`) !== undefined || /"workspaces"\s*:/.test(nearby.read(`${dir}package.json`) ?? '');
}

// Typing in package.json re-checks it against the same lockfile text: parsed once per text.
const parsed = new Map<string, { text: string; file: DependencyFile }>();
const PARSED_LIMIT = 8;

function parsedLockfile(kind: PackageFileKind, path: string, text: string): DependencyFile {
  const key = `${kind}\0${path}`;
  const hit = parsed.get(key);
  if (hit && hit.text === text) return hit.file;
  const file = parseDependencyFile(kind, text, new LineIndex(text));
  if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, { text, file });
  return file;
}
