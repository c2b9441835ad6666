// pnpm-lock.yaml: lockfile v5/v6 (pnpm 7/8: `/name@1.2.3` or `/name/1.2.3` keys, root deps at the
// top or under `importers`) and v9 (pnpm 9: `name@1.2.3` keys, edges under `snapshots`).
import { isMap, isScalar, LineCounter, parseDocument, type Pair, type YAMLMap } from 'yaml';
import type { LineIndex } from '../../text/positions';
import { DependencyParseError, type Dependency } from '../types';
import { npmSource } from './npm';

interface PnpmKey {
  name: string;
  version: string;
}

/** `/@scope/name@1.2.3(peer@1.0.0)`, `name@1.2.3`, `/name/1.2.3_peer@1`: name and version. */
export function pnpmKey(key: string): PnpmKey | undefined {
  const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
  const at = bare.indexOf('@', 1);
  if (at > 0) return { name: bare.slice(0, at), version: bare.slice(at + 1).replace(/_.*$/, '') };
  const slash = bare.lastIndexOf('/');
  return slash > 0 ? { name: bare.slice(0, slash), version: bare.slice(slash + 1).replace(/_.*$/, '') } : undefined;
}

export function parsePnpmLock(text: string, lines: LineIndex): { dependencies: Dependency[]; recordsInstallScripts: boolean } {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false });
  if (doc.errors.length > 0) throw new DependencyParseError(`invalid YAML: ${doc.errors[0].message.split('\n')[0]}`, doc.errors[0].pos[0]);
  if (!isMap(doc.contents)) throw new DependencyParseError('expected a YAML mapping at the top', 0);
  const top = doc.contents;
  const importers = mapAt(top, 'importers');
  const rootSections = importers ? importers.items.map((i) => i.value).filter(isMap) : [top];
  const direct = new Set<string>();
  for (const section of rootSections) {
    for (const name of ['dependencies', 'devDependencies', 'optionalDependencies']) for (const item of mapAt(section as YAMLMap, name)?.items ?? []) direct.add(String(scalar(item.key)));
  }
  const snapshots = mapAt(top, 'snapshots');
  const out: Dependency[] = [];
  for (const item of mapAt(top, 'packages')?.items ?? []) {
    const key = pnpmKey(String(scalar(item.key)));
    const keyNode = item.key as { range?: [number, number, number] };
    if (!key || !keyNode.range) continue;
    const entry = isMap(item.value) ? item.value : undefined;
    const snapshot = snapshots?.get(item.key, true);
    const edges = isMap(snapshot) ? snapshot : entry;
    const requires = ['dependencies', 'optionalDependencies'].flatMap((s) => (mapAt(edges, s)?.items ?? []).map((i) => String(scalar(i.key))));
    const resolution = mapAt(entry, 'resolution');
    const tarball = resolution?.get('tarball') ?? resolution?.get('repo') ?? resolution?.get('directory');
    const source = typeof tarball === 'string' && !/^https?:\/\/registry\./.test(tarball) ? (npmSource(tarball) ?? { kind: 'url' as const, text: tarball }) : undefined;
    const [start, end] = keyNode.range;
    const versionAt = text.indexOf(key.version, start);
    // pnpm 7/8 (lockfile v5/v6) mark packages with install scripts `requiresBuild: true`; pnpm 9 records no such thing.
    const scripted = entry?.get('requiresBuild') === true;
    out.push({
      name: key.name,
      version: key.version,
      ...(versionAt >= 0 && versionAt < end ? { versionRange: lines.rangeAt(versionAt, versionAt + key.version.length) } : {}),
      range: lines.rangeAt(start, end),
      direct: direct.has(key.name),
      requires,
      ...(source ? { source } : {}),
      ...(scripted ? { runsOnInstall: 'install-script' as const } : {}),
    });
  }
  // lockfileVersion 5.x and '6.0' (pnpm 7/8) write `requiresBuild`; '9.0' does not.
  const version = parseFloat(String(top.get('lockfileVersion') ?? ''));
  return { dependencies: out, recordsInstallScripts: version >= 5 && version < 7 };
}

function mapAt(map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const value = map?.get(key, true);
  return isMap(value) ? value : undefined;
}

function scalar(node: Pair['key']): unknown {
  return isScalar(node) ? node.value : node;
}
