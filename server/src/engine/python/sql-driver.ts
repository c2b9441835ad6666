import type { Paramstyle } from '../rules/spec-types';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import { dirOf, joinPath, parentDir } from '../fixes/npm-manifest';
import type { ProjectFiles } from '../modules';
import type { ModuleImports } from './imports';

/** How far the driver is looked for: the modules the file imports from, and theirs (`routes → db → config`). */
const MAX_HOPS = 2;

/** A SQLite database URL (`sqlite:///app.db`, `sqlite+aiosqlite://`), as SQLAlchemy engines are configured. */
const SQLITE_URL = /["']sqlite(?:\+\w+)?:\/\//;

/**
 * The placeholder style of the app's database when the file itself imports no driver
 * (`from ..db import get_db`): read from the project modules it imports from, and theirs — a
 * driver import there (`import mysql.connector`) or a SQLite URL (`create_engine("sqlite:///…")`,
 * `DATABASE_URL = "sqlite:///./app.db"` in the settings), whose DB-API connections take `?`.
 * Undefined when nothing is found.
 */
export function projectParamstyle(path: string, imports: ModuleImports, spec: CompiledTaintSpec, files: ProjectFiles | undefined): Paramstyle | undefined {
  if (!files) return undefined;
  const seen = new Set<string>([path]);
  let frontier: { path: string; modules: string[] }[] = [{ path, modules: imports.relativeModules }];
  for (let hop = 0; hop < MAX_HOPS && frontier.length; hop++) {
    const next: typeof frontier = [];
    for (const { path: from, modules } of frontier) {
      for (const module of modules) {
        const found = readModule(files, from, module);
        if (!found || seen.has(found.path)) continue;
        seen.add(found.path);
        if (SQLITE_URL.test(found.text)) return 'qmark';
        const driver = (spec.spec.sqlDrivers ?? []).find((d) => d.module !== 'sqlalchemy' && new RegExp(`^\\s*(?:import|from)\\s+${d.module.replace(/\./g, '\\.')}\\b`, 'm').test(found.text));
        if (driver) return driver.paramstyle;
        next.push({ path: found.path, modules: [...found.text.matchAll(/^\s*from\s+(\.+[\w.]*)\s+import/gm)].map((m) => m[1]) });
      }
    }
    frontier = next;
  }
  return undefined;
}

/** `..db` from `api/routers/orders.py` → `api/db.py` (or `api/db/__init__.py`), with its text. */
function readModule(files: ProjectFiles, from: string, module: string): { path: string; text: string } | undefined {
  const dots = /^\.+/.exec(module)![0].length;
  let dir: string | undefined = dirOf(from);
  for (let i = 1; i < dots && dir !== undefined; i++) dir = parentDir(dir);
  if (dir === undefined) return undefined;
  const rest = module.slice(dots).split('.').filter(Boolean);
  if (!rest.length) return undefined;
  const base = rest.reduce((d, segment) => joinPath(d, segment), dir);
  for (const candidate of [`${base}.py`, joinPath(base, '__init__.py')]) {
    const text = files.read(candidate);
    if (text !== undefined) return { path: candidate, text };
  }
  return undefined;
}
