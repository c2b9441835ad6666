// package.json, package-lock.json (v1, v2, v3) and npm-shrinkwrap.json.
import type { Node } from 'jsonc-parser';
import * as semver from 'semver';
import type { LineIndex } from '../../text/positions';
import type { Dependency, SourceKind } from '../types';
import { isTrue, jsonTree, properties, stringContent, stringProperty } from './json';

export const MANIFEST_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'];

/** Where a package.json spec points when it is no registry range. */
export function npmSource(spec: string): { kind: SourceKind; text: string } | undefined {
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(spec)) return { kind: 'git', text: spec };
  if (/^https?:/.test(spec)) return { kind: 'url', text: spec };
  if (/^(?:file:|link:|\.{0,2}\/)/.test(spec)) return { kind: 'file', text: spec };
  return undefined;
}

export function parsePackageJson(text: string, lines: LineIndex): Dependency[] {
  const root = jsonTree(text);
  const out: Dependency[] = [];
  for (const section of MANIFEST_SECTIONS) {
    for (const { key, value, name } of properties(root, [section])) {
      // `"//"` keys are npm's comments.
      if (value.type !== 'string' || name.startsWith('//')) continue;
      let spec = value.value as string;
      let [start, end] = stringContent(value);
      let realName = name;
      // `"alias": "npm:real-name@^1.2.0"`: the registry package is real-name.
      const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.*)$/.exec(spec);
      if (alias) {
        realName = alias[1];
        start += spec.length - alias[2].length;
        spec = alias[2];
      }
      const source = npmSource(spec);
      // An exact version (`"4.17.4"`) is a pin: what is installed, not a floor.
      const exact = semver.valid(spec.trim(), { loose: true });
      out.push({
        name: realName,
        spec,
        ...(exact && !source ? { version: exact } : {}),
        range: lines.rangeAt(key.offset, value.offset + value.length),
        versionRange: lines.rangeAt(start, end),
        direct: true,
        ...(source ? { source } : {}),
      });
    }
  }
  return out;
}

/** v2/v3 read `packages` (keyed by install path); v1 reads the nested `dependencies` tree. */
export function parsePackageLock(text: string, lines: LineIndex): { dependencies: Dependency[]; recordsInstallScripts: boolean } {
  const root = jsonTree(text);
  const packages = properties(root, ['packages']);
  // Only the `packages` section (v2/v3) says which packages have install scripts.
  return packages.length > 0 ? { dependencies: fromPackages(packages, lines), recordsInstallScripts: true } : { dependencies: fromDependencyTree(root, lines), recordsInstallScripts: false };
}

function fromPackages(packages: { key: Node; value: Node; name: string }[], lines: LineIndex): Dependency[] {
  const rootEntry = packages.find((p) => p.name === '');
  const direct = new Set(rootEntry ? MANIFEST_SECTIONS.flatMap((s) => properties(rootEntry.value, [s]).map((p) => p.name)) : []);
  const out: Dependency[] = [];
  for (const { key, value, name: installPath } of packages) {
    const at = installPath.lastIndexOf('node_modules/');
    if (at < 0 || value.type !== 'object') continue; // the root project and workspace folders
    const name = stringProperty(value, 'name')?.value ?? installPath.slice(at + 'node_modules/'.length);
    const version = stringProperty(value, 'version');
    const resolved = stringProperty(value, 'resolved')?.value as string | undefined;
    const source = resolved && !/^https?:\/\/registry\./.test(resolved) ? npmSource(resolved) : undefined;
    // npm records whether the package has preinstall/install/postinstall scripts (or a binding.gyp it builds).
    const scripted = isTrue(value, 'hasInstallScript');
    out.push({
      name,
      ...(version ? { version: version.value as string, versionRange: lines.rangeAt(...stringContent(version)) } : {}),
      range: lines.rangeAt(key.offset, key.offset + key.length),
      direct: at === 0 && direct.has(name),
      requires: ['dependencies', 'optionalDependencies'].flatMap((s) => properties(value, [s]).map((p) => p.name)),
      ...(source ? { source } : {}),
      ...(scripted ? { runsOnInstall: 'install-script' as const } : {}),
    });
  }
  return out;
}

function fromDependencyTree(root: Node, lines: LineIndex): Dependency[] {
  const out: Dependency[] = [];
  const walk = (path: string[]) => {
    for (const { key, value, name } of properties(root, path)) {
      if (value.type !== 'object') continue;
      const version = stringProperty(value, 'version');
      const spec = version?.value as string | undefined;
      const source = spec && !/^\d/.test(spec) ? npmSource(spec) : undefined;
      out.push({
        name,
        ...(version && !source ? { version: spec, versionRange: lines.rangeAt(...stringContent(version)) } : {}),
        range: lines.rangeAt(key.offset, key.offset + key.length),
        direct: false,
        requires: properties(value, ['requires']).map((p) => p.name),
        ...(source ? { source } : {}),
      });
      walk([...path, name, 'dependencies']);
    }
  };
  walk(['dependencies']);
  markRoots(out);
  return out;
}

/** Without a list of the project's own dependencies (lockfile v1, yarn, poetry): those nothing else requires. */
export function markRoots(dependencies: Dependency[]): void {
  const required = new Set(dependencies.flatMap((d) => d.requires ?? []));
  for (const d of dependencies) if (!required.has(d.name)) d.direct = true;
}
