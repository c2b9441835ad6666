import type { SpecLanguage } from '../rules/spec-types';
import type { DependencyFileKind, Ecosystem, PackageFileKind } from './types';

/** File names of each format (requirements files by pattern: requirements.txt, requirements-dev.txt, requirements/prod.txt is not). */
const BY_NAME: Record<string, DependencyFileKind> = {
  'package.json': 'package-json',
  'package-lock.json': 'package-lock',
  'npm-shrinkwrap.json': 'package-lock',
  'yarn.lock': 'yarn-lock',
  'pnpm-lock.yaml': 'pnpm-lock',
  'pyproject.toml': 'pyproject',
  'poetry.lock': 'poetry-lock',
  'uv.lock': 'uv-lock',
  'Pipfile.lock': 'pipfile-lock',
  'pip.conf': 'pip-config',
  'pip.ini': 'pip-config',
};

const REQUIREMENTS = /^requirements[\w.-]*\.(?:txt|in)$/i;
/** GitHub Actions workflows (`.github/workflows/ci.yml`) and composite actions (`action.yml`). */
const WORKFLOW = /(?:^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$|(?:^|[\\/])action\.ya?ml$/;

export const ECOSYSTEM: Record<PackageFileKind, Ecosystem> = {
  'package-json': 'npm',
  'package-lock': 'npm',
  'yarn-lock': 'npm',
  'pnpm-lock': 'npm',
  requirements: 'PyPI',
  pyproject: 'PyPI',
  'poetry-lock': 'PyPI',
  'uv-lock': 'PyPI',
  'pipfile-lock': 'PyPI',
  'pip-config': 'PyPI',
};

/** The manifest or lockfile format of a path (`/`-separated or not), or undefined. */
export function dependencyFileKind(path: string): DependencyFileKind | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return BY_NAME[base] ?? (REQUIREMENTS.test(base) ? 'requirements' : WORKFLOW.test(path) ? 'github-workflow' : undefined);
}

/** Whether the kind is a lockfile (exact versions of the whole tree) rather than a manifest. */
export function isLockfile(kind: DependencyFileKind): boolean {
  return kind === 'package-lock' || kind === 'yarn-lock' || kind === 'pnpm-lock' || kind === 'poetry-lock' || kind === 'uv-lock' || kind === 'pipfile-lock';
}

/** Formats whose comments start with `#` (suppression comments and fixture annotations fit there). */
export function hashComments(kind: DependencyFileKind): boolean {
  return kind !== 'package-json' && kind !== 'package-lock' && kind !== 'pipfile-lock';
}

/**
 * Whose docs sections a manifest's findings show: npm files the TypeScript ones, PyPI files the
 * Python ones; a workflow the Python ones when it sets up Python or runs pip (from its text).
 */
export function dependencyDocsLanguage(kind: DependencyFileKind, text = ''): SpecLanguage {
  if (kind === 'github-workflow') return PYTHON_WORKFLOW.test(text) ? 'python' : 'typescript';
  return ECOSYSTEM[kind] === 'PyPI' ? 'python' : 'typescript';
}

const PYTHON_WORKFLOW = /\bsetup-python@|\bsetup-uv@|\bpip3? install\b|\bpoetry install\b|\buv sync\b/;
