// Packages that run code when installed and are new to the lockfile: the change that brings them
// is where a reviewer can still say no before `npm install` or `pip install` runs them.
import { LineIndex } from '../../text/positions';
import type { Finding } from '../../types';
import { parseDependencyFile } from '../parsers';
import type { Dependency, DependencyFile, PackageFileKind } from '../types';
import { normalizeName } from '../versions';

export const NEW_INSTALL_SCRIPT = 'new-install-script';

/**
 * The lockfile's text at the base revision (git HEAD, or the CLI's `--changed-since` ref):
 * a string; `null` when the lockfile is not in the base (it is new: every package in it is);
 * `undefined` when there is no base to compare with (no git, an ignored file, an untrusted
 * workspace): then nothing is reported, since "new" cannot be told.
 */
export type BaseText = string | null | undefined;

/**
 * A package was in the base's lockfile: with an install script there (`true`) or not (`false`,
 * only when the base's format records scripts). Absent: new to the lockfile.
 */
type Before = Map<string, boolean>;

/** Findings for the packages of `file` that run code on install and are new (or newly do so) since the base. */
export function newInstallScripts(file: DependencyFile, base: () => BaseText): Finding[] {
  const scripted = file.dependencies.filter((d) => d.runsOnInstall && !d.source);
  // Asked only now: a lockfile without such packages never costs a `git show`.
  if (scripted.length === 0) return [];
  const before = beforeOf(file.kind as PackageFileKind, base());
  if (!before) return [];
  const out: Finding[] = [];
  for (const dependency of scripted) {
    const had = before.get(normalizeName(file.ecosystem, dependency.name));
    if (had === true) continue;
    out.push({ ruleId: NEW_INSTALL_SCRIPT, message: message(dependency, had === false), range: dependency.range, severity: 'warning', confidence: 'high', path: [], fixes: [] });
  }
  return out;
}

// The base text of a big lockfile is parsed once while the lockfile is edited or scanned.
let lastBase: { kind: PackageFileKind; text: string; before: Before | undefined } | undefined;

function beforeOf(kind: PackageFileKind, text: BaseText): Before | undefined {
  if (text === undefined) return undefined;
  if (text === null) return new Map();
  if (lastBase && lastBase.kind === kind && lastBase.text === text) return lastBase.before;
  const before = kind === 'package-lock' ? packageLockBefore(text) : parsedBefore(kind, text);
  lastBase = { kind, text, before };
  return before;
}

function parsedBefore(kind: PackageFileKind, text: string): Before | undefined {
  const parsed = parseDependencyFile(kind, text, new LineIndex(text));
  // A base that does not parse tells nothing about what is new.
  if (parsed.error) return undefined;
  const before: Before = new Map();
  for (const d of parsed.dependencies) {
    const key = normalizeName(parsed.ecosystem, d.name);
    // A base format that records no scripts (package-lock v1 before an upgrade) only says the package was there.
    before.set(key, before.get(key) === true || !!d.runsOnInstall || !parsed.recordsInstallScripts);
  }
  return before;
}

/**
 * The base needs no positions: a big package-lock.json is read with JSON.parse, several times
 * faster than the positioned tree the analyzed text needs. Its shape is checked as the parser does.
 */
function packageLockBefore(text: string): Before | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(root)) return undefined;
  const packages = isRecord(root.packages) ? root.packages : undefined;
  if (!packages || Object.keys(packages).length === 0) return parsedBefore('package-lock', text);
  const before: Before = new Map();
  for (const [installPath, entry] of Object.entries(packages)) {
    const at = installPath.lastIndexOf('node_modules/');
    if (at < 0 || !isRecord(entry)) continue;
    const name = typeof entry.name === 'string' ? entry.name : installPath.slice(at + 'node_modules/'.length);
    const key = normalizeName('npm', name);
    before.set(key, before.get(key) === true || entry.hasInstallScript === true);
  }
  return before;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function message(dependency: Dependency, gained: boolean): string {
  const what = `${dependency.name}${dependency.version ? `@${dependency.version}` : ''}`;
  const runs =
    dependency.runsOnInstall === 'source-build'
      ? 'has no wheel, only a source distribution: installing it runs its build code (setup.py or the build backend) on every developer machine and CI runner that installs it'
      : 'has an install script: `npm install` runs it on every developer machine and CI runner, with their credentials and network';

  const advice =
    dependency.runsOnInstall === 'source-build'
      ? 'Check that it is the package you meant (name, publisher) and read its build script before merging, or require wheels (`--only-binary :all:`).'
      : 'Check that it is the package you meant (name, publisher) and read the script before merging; `npm install --ignore-scripts` (or pnpm\'s `onlyBuiltDependencies`) runs only the scripts you allow.';
  const since = gained ? `${what} ${runs}; the version the lockfile had before did not (a release that newly runs code on install is how hijacked packages spread)` : `${what} is new to the lockfile and ${runs}`;
  return `${since}. ${advice}`;
}
