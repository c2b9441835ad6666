// What the dependency parsers give the analysis: every dependency a manifest or lockfile
// declares, with where it is written. Positions follow the engine's (0-based, UTF-16).
import type { Range } from '../types';

export type Ecosystem = 'npm' | 'PyPI';

/** The manifest and lockfile formats Vigil reads, by what they are (not by file name). */
export type DependencyFileKind =
  | 'package-json'
  | 'package-lock'
  | 'yarn-lock'
  | 'pnpm-lock'
  | 'requirements'
  | 'pyproject'
  | 'poetry-lock'
  | 'uv-lock'
  | 'pipfile-lock'
  /** pip.conf / pip.ini: no dependencies, only where pip looks for packages. */
  | 'pip-config'
  /** .github/workflows/*.yml and action.yml: the actions CI runs and its shell steps. */
  | 'github-workflow';

/** The formats that list packages of one ecosystem. */
export type PackageFileKind = Exclude<DependencyFileKind, 'github-workflow'>;

/** Where a dependency comes from when it is not the package registry. */
export type SourceKind = 'git' | 'url' | 'file';

export interface Dependency {
  name: string;
  /** The exact version installed or pinned (lockfiles, `==1.2.3`, `"4.17.4"`). */
  version?: string;
  /** The version constraint as written in a manifest (`^4.17.4`, `>=5.1,<6`), without the name. */
  spec?: string;
  /** Where the version or the constraint's text is: a bump fix replaces that. */
  versionRange?: Range;
  /** The dependency's entry (its name): where its finding goes. */
  range: Range;
  /** Declared by the project itself (a manifest entry, a lockfile's root dependencies). */
  direct: boolean;
  /** Names of the packages this one depends on (lockfiles), for the chains to transitive ones. */
  requires?: string[];
  /** Not from the registry: a git repository, a URL or a local path. */
  source?: { kind: SourceKind; text: string };
  /**
   * Runs code of its own when installed, as far as the lockfile records it: an npm install script
   * (package-lock v2/v3 `hasInstallScript`, pnpm 7/8 `requiresBuild`) or a Python package with
   * only a source distribution (poetry.lock, uv.lock: no wheel, so installing builds it).
   */
  runsOnInstall?: 'install-script' | 'source-build';
}

export interface DependencyFile {
  kind: DependencyFileKind;
  ecosystem: Ecosystem;
  dependencies: Dependency[];
  /** Why the file could not be read (syntax or shape), with where: the analysis reports it there. */
  error?: { message: string; range: Range };
  /**
   * Whether the format records which packages run code when installed (`Dependency.runsOnInstall`):
   * package-lock v2/v3, pnpm 7/8, poetry.lock with file lists, uv.lock. Not lockfile v1, yarn, pnpm 9.
   */
  recordsInstallScripts?: boolean;
  /** requirements.txt `--extra-index-url` and the like: options that change where packages come from. */
  indexOptions?: { option: string; range: Range }[];
}

/** Thrown by a parser on text it cannot read: turned into the file's one parse-error diagnostic. */
export class DependencyParseError extends Error {
  constructor(
    message: string,
    readonly offset = 0,
  ) {
    super(message);
    this.name = 'DependencyParseError';
  }
}
