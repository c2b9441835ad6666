// pyproject.toml (PEP 621 and poetry), poetry.lock (1.x, 2.x), uv.lock and Pipfile.lock.
import type { LineIndex } from '../../text/positions';
import type { Range } from '../../types';
import { DependencyParseError, type Dependency, type SourceKind } from '../types';
import { jsonTree, properties, stringContent, stringProperty } from './json';
import { markRoots } from './npm';
import { parsePep508, pinnedVersion } from './requirements';
import { keyLine, str, tableSpans, tomlDocument } from './toml';

export function parsePyproject(text: string, lines: LineIndex): Dependency[] {
  const doc = tomlDocument(text, (l) => lines.lineStart(l));
  const all = text.split(/\r\n|\r|\n/);
  const out: Dependency[] = [];
  const used = new Set<number>();
  const project = doc.project as Record<string, unknown> | undefined;
  const pep508Lists: unknown[] = [project?.dependencies, ...Object.values((project?.['optional-dependencies'] as object) ?? {}), ...Object.values((doc['dependency-groups'] as object) ?? {})];
  for (const list of pep508Lists) {
    if (!Array.isArray(list)) continue;
    for (const requirement of list) {
      if (typeof requirement !== 'string') continue;
      const parsed = parsePep508(requirement);
      const at = literalOffset(text, requirement, used);
      if (!parsed || at === undefined) continue;
      const version = pinnedVersion(parsed.spec?.text);
      out.push({
        name: parsed.name,
        ...(parsed.spec ? { spec: parsed.spec.text, versionRange: lines.rangeAt(at + parsed.spec.start, at + parsed.spec.start + parsed.spec.text.length) } : {}),
        ...(version ? { version } : {}),
        range: lines.rangeAt(at, at + parsed.name.length),
        direct: true,
        ...(parsed.url ? { source: { kind: /^git\+/.test(parsed.url) ? 'git' : /^https?:/.test(parsed.url) ? 'url' : 'file', text: parsed.url } } : {}),
      });
    }
  }
  const poetry = (doc.tool as Record<string, unknown> | undefined)?.poetry as Record<string, unknown> | undefined;
  if (poetry) {
    const groups = Object.entries((poetry.group as Record<string, { dependencies?: object }>) ?? {});
    const tables: [RegExp, object | undefined][] = [
      [/^tool\.poetry\.dependencies$/, poetry.dependencies as object],
      [/^tool\.poetry\.dev-dependencies$/, poetry['dev-dependencies'] as object],
      ...groups.map(([g, v]): [RegExp, object | undefined] => [new RegExp(`^tool\\.poetry\\.group\\.${g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.dependencies$`), v?.dependencies]),
    ];
    for (const [header, table] of tables) {
      const span = tableSpans(all, header)[0];
      if (!table || !span) continue;
      for (const [name, value] of Object.entries(table)) {
        if (name.toLowerCase() === 'python') continue;
        const line = keyLine(all, span[0] + 1, span[1], name);
        if (line === undefined) continue;
        const spec = typeof value === 'string' ? value : str(value, 'version');
        const source = poetrySource(value);
        const nameAt = lines.lineStart(line) + all[line].search(/\S/);
        const specAt = spec === undefined ? -1 : all[line].indexOf(`"${spec}"`) >= 0 ? all[line].indexOf(`"${spec}"`) + 1 : all[line].indexOf(`'${spec}'`) + 1;
        const pinned = spec && /^=?=?\s*\d[\w.!+-]*$/.test(spec) ? spec.replace(/^=+\s*/, '') : undefined;
        out.push({
          name,
          ...(spec ? { spec } : {}),
          ...(spec && specAt > 0 ? { versionRange: lines.rangeAt(lines.lineStart(line) + specAt, lines.lineStart(line) + specAt + spec.length) } : {}),
          ...(pinned ? { version: pinned } : {}),
          range: lines.rangeAt(nameAt, nameAt + all[line].trim().split(/\s*=/)[0].length),
          direct: true,
          ...(source ? { source } : {}),
        });
      }
    }
  }
  return out;
}

function poetrySource(value: unknown): Dependency['source'] {
  for (const [key, kind] of [['git', 'git'], ['url', 'url'], ['path', 'file']] as const) {
    const text = str(value, key);
    if (text) return { kind, text };
  }
  return undefined;
}

/** Offset of the first not yet used quoted occurrence of `content` (a TOML basic or literal string). */
function literalOffset(text: string, content: string, used: Set<number>): number | undefined {
  for (const quote of ['"', "'"]) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(`${quote}${content}${quote}`, from);
      if (at < 0) break;
      if (!used.has(at)) {
        used.add(at);
        return at + 1;
      }
      from = at + 1;
    }
  }
  return undefined;
}

interface LockedPackage {
  name?: unknown;
  version?: unknown;
  source?: unknown;
  dependencies?: unknown;
  /** poetry 1.2+: the package's distribution files (`{ file = "x-1.0.tar.gz", hash = … }`). */
  files?: unknown;
  /** uv: the source distribution and the wheels. */
  sdist?: unknown;
  wheels?: unknown;
}

/** poetry.lock and uv.lock: `[[package]]` tables, matched to their headers in file order for positions. */
export function parseTomlLock(text: string, lines: LineIndex, flavour: 'poetry' | 'uv'): { dependencies: Dependency[]; recordsInstallScripts: boolean } {
  const doc = tomlDocument(text, (l) => lines.lineStart(l));
  const packages = doc.package;
  if (packages !== undefined && !Array.isArray(packages)) throw new DependencyParseError('expected [[package]] tables', 0);
  const all = text.split(/\r\n|\r|\n/);
  const spans = tableSpans(all, /^package$/);
  const out: Dependency[] = [];
  const direct = new Set<string>();
  // poetry 1.0/1.1 list the files in one `[metadata.files]` table, by package name.
  const metadataFiles = ((doc.metadata as Record<string, unknown> | undefined)?.files ?? {}) as Record<string, unknown>;
  ((packages ?? []) as LockedPackage[]).forEach((entry, i) => {
    const span = spans[i];
    const name = typeof entry.name === 'string' ? entry.name : undefined;
    if (!span || !name) return;
    const requires = flavour === 'uv' ? (Array.isArray(entry.dependencies) ? entry.dependencies.map((d) => str(d, 'name')).filter((n): n is string => !!n) : []) : Object.keys((entry.dependencies as object) ?? {});
    const source = lockSource(entry.source, flavour);
    // uv: the project itself (editable or virtual ".") lists the direct dependencies.
    if (source === 'project') {
      for (const r of requires) direct.add(r);
      return;
    }
    const nameLine = keyLine(all, span[0] + 1, span[1], 'name') ?? span[0];
    const versionLine = keyLine(all, span[0] + 1, span[1], 'version');
    const version = typeof entry.version === 'string' ? entry.version : undefined;
    const builds = !source && buildsFromSource(entry, flavour, metadataFiles[name] ?? metadataFiles[name.toLowerCase()]);
    out.push({
      name,
      ...(version ? { version } : {}),
      ...(version && versionLine !== undefined ? { versionRange: quotedOnLine(lines, all, versionLine, version) } : {}),
      range: { start: { line: nameLine, character: 0 }, end: { line: nameLine, character: all[nameLine].length } },
      direct: false,
      requires,
      ...(source ? { source } : {}),
      ...(builds ? { runsOnInstall: 'source-build' as const } : {}),
    });
  });
  if (direct.size > 0) for (const d of out) d.direct = direct.has(d.name);
  else markRoots(out);
  // uv always lists sdist and wheels; poetry lists files unless locked without them (very old versions).
  const recordsInstallScripts = flavour === 'uv' || ((packages ?? []) as LockedPackage[]).some((p) => Array.isArray(p.files)) || Object.keys(metadataFiles).length > 0;
  return { dependencies: out, recordsInstallScripts };
}

/**
 * A registry package the lockfile knows only a source distribution of: installing it runs its
 * build (setup.py, a build backend) on the installing machine. A package with any wheel is not
 * counted (the wheel may not fit every platform, but the lockfile cannot say which one installs);
 * one whose files the lockfile does not list is unknown, not a build.
 */
function buildsFromSource(entry: LockedPackage, flavour: 'poetry' | 'uv', legacyFiles: unknown): boolean {
  // uv writes no `wheels` key for a package without any; another value there is a shape it does not write.
  if (flavour === 'uv') return typeof entry.sdist === 'object' && (entry.wheels === undefined || (Array.isArray(entry.wheels) && entry.wheels.length === 0));
  const files = Array.isArray(entry.files) ? entry.files : Array.isArray(legacyFiles) ? legacyFiles : [];
  const names = files.map((f) => str(f, 'file')).filter((f): f is string => !!f);
  return names.length > 0 && !names.some((f) => /\.whl$/i.test(f));
}

function lockSource(source: unknown, flavour: 'poetry' | 'uv'): Dependency['source'] | 'project' {
  if (!source || typeof source !== 'object') return undefined;
  if (flavour === 'poetry') {
    const type = str(source, 'type');
    const url = str(source, 'url') ?? '';
    const kinds: Record<string, SourceKind> = { git: 'git', url: 'url', directory: 'file', file: 'file' };
    return type && kinds[type] ? { kind: kinds[type], text: url } : undefined;
  }
  if (str(source, 'editable') === '.' || str(source, 'virtual') === '.') return 'project';
  const git = str(source, 'git');
  if (git) return { kind: 'git', text: git };
  const url = str(source, 'url');
  if (url) return { kind: 'url', text: url };
  const path = str(source, 'path') ?? str(source, 'editable') ?? str(source, 'directory');
  return path ? { kind: 'file', text: path } : undefined;
}

function quotedOnLine(lines: LineIndex, all: readonly string[], line: number, value: string): Range {
  const at = all[line].indexOf(`"${value}"`);
  const start = lines.lineStart(line) + (at < 0 ? 0 : at + 1);
  return lines.rangeAt(start, at < 0 ? lines.lineStart(line) + all[line].length : start + value.length);
}

/** Pipfile.lock: `default` and `develop`, name → { version: "==1.2.3" | git | path | file }. */
export function parsePipfileLock(text: string, lines: LineIndex): Dependency[] {
  const root = jsonTree(text);
  const out: Dependency[] = [];
  for (const section of ['default', 'develop']) {
    for (const { key, value, name } of properties(root, [section])) {
      if (value.type !== 'object') continue;
      const versionNode = stringProperty(value, 'version');
      const spec = versionNode?.value as string | undefined;
      const source = (['git', 'path', 'file'] as const).map((k) => [k, stringProperty(value, k)?.value] as const).find(([, v]) => typeof v === 'string');
      const [start, end] = versionNode ? stringContent(versionNode) : [0, 0];
      const version = pinnedVersion(spec);
      const prefix = version && spec ? spec.indexOf(version) : 0;
      out.push({
        name,
        ...(version ? { version, versionRange: lines.rangeAt(start + prefix, end) } : {}),
        range: lines.rangeAt(key.offset, key.offset + key.length),
        direct: true,
        ...(source ? { source: { kind: source[0] === 'git' ? 'git' : source[0] === 'file' && /^https?:/.test(String(source[1])) ? 'url' : 'file', text: String(source[1]) } } : {}),
      });
    }
  }
  return out;
}
