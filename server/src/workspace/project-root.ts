import * as fs from 'fs';
import * as path from 'path';

// Where a file's project is, found from the file alone: the CLI (from any working folder) and
// the editor (whatever folder it was opened at) bound import resolution by the same folder, so
// they give the same findings (issue 21: a file scanned from its own folder lost every import).

/** Files that make a folder the root of a Python or JS/TS project (used when there is no git root). */
const PROJECT_MARKERS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'package.json'];

/** Folder → its project root. */
const roots = new Map<string, string>();
/** Folder → what it holds: every file's walk up passes the same ancestors (a scan of 655 files asked `/work/setup.py` 102 times). */
const holdings = new Map<string, { git: boolean; marker: boolean }>();

function holdingsOf(dir: string): { git: boolean; marker: boolean } {
  let held = holdings.get(dir);
  if (!held) {
    const git = fs.existsSync(path.join(dir, '.git'));
    held = { git, marker: !git && PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker))) };
    holdings.set(dir, held);
  }
  return held;
}

/**
 * The project root of a file (absolute): the nearest git work tree above it (a repository is one
 * project, monorepo packages importing each other included); without one (an extracted archive),
 * the outermost folder above it holding a project marker; without any, the file system root.
 * A wider root only lets imports be looked for further up; a narrower one loses real imports.
 */
export function projectRootOf(file: string): string {
  const folder = path.dirname(path.resolve(file));
  let root = roots.get(folder);
  if (root === undefined) {
    let outermostMarker: string | undefined;
    for (let d = folder; ; d = path.dirname(d)) {
      const held = holdingsOf(d);
      if (held.git) {
        root = d;
        break;
      }
      if (held.marker) outermostMarker = d;
      if (path.dirname(d) === d) {
        root = outermostMarker ?? d;
        break;
      }
    }
    roots.set(folder, root);
  }
  return root;
}

/** Files were created or deleted: markers may have come or gone. */
export function clearProjectRootCache(): void {
  roots.clear();
  holdings.clear();
}

/** What makes a folder a JS/TS project. */
const SCRIPT_PROJECT_MARKERS = ['package.json', 'tsconfig.json', 'jsconfig.json'];

/**
 * Whether a workspace folder holds a JS/TS project: a package.json, tsconfig.json or
 * jsconfig.json in it or in one of its folders (`web/package.json` of a monorepo). A few
 * hundred stats at most, asked once per session.
 */
export function holdsScriptProject(folder: string): boolean {
  const has = (dir: string) => SCRIPT_PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)));
  if (has(folder)) return true;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').slice(0, 200).some((e) => has(path.join(folder, e.name)));
}
