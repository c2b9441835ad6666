// Version order and ranges by each ecosystem's own rules: semver for npm, PEP 440 for PyPI.
import * as pep440 from '@renovatebot/pep440';
import * as semver from 'semver';
import type { Ecosystem } from './types';

export interface VersionScheme {
  valid(version: string): boolean;
  compare(a: string, b: string): number;
  major(version: string): number | undefined;
  /** The lowest version a manifest's constraint allows, when it names one. */
  floor(spec: string): string | undefined;
  satisfies(version: string, spec: string): boolean;
}

const npm: VersionScheme = {
  valid: (v) => semver.valid(v, { loose: true }) !== null,
  compare: (a, b) => semver.compare(a, b, { loose: true }),
  major: (v) => semver.parse(v, { loose: true })?.major,
  floor: (spec) => {
    try {
      return semver.validRange(spec, { loose: true }) ? (semver.minVersion(spec, { loose: true })?.version ?? undefined) : undefined;
    } catch {
      return undefined;
    }
  },
  satisfies: (v, spec) => semver.satisfies(v, spec, { loose: true }),
};

/** PEP 440 specifiers, and poetry's `^`/`~` (their lower bound is the version they name). */
const pypi: VersionScheme = {
  valid: (v) => pep440.valid(v) !== null,
  compare: (a, b) => pep440.compare(a, b),
  major: (v) => pep440.major(v) ?? undefined,
  floor: (spec) => {
    const lower = spec
      .split(',')
      .map((s) => /^\s*(===|==|>=|~=|\^|~(?!=))\s*([^\s*]+)\s*$/.exec(s))
      .find((m) => m !== null);
    return lower && pep440.valid(lower[2]) ? lower[2] : /^\s*\d[\w.!+-]*\s*$/.test(spec) && pep440.valid(spec.trim()) ? spec.trim() : undefined;
  },
  satisfies: (v, spec) => {
    const poetry = /^\s*(\^|~(?!=))\s*(\S+)\s*$/.exec(spec);
    if (poetry) return pep440.compare(v, poetry[2]) >= 0;
    // A locked pre-release was chosen by the resolver's own pre-release policy (PEP 440: a range naming one admits them).
    return /^\s*\d/.test(spec) ? pep440.eq(v, spec.trim()) : pep440.satisfies(v, spec, { prereleases: /\d(?:a|b|rc|\.dev)\d*/i.test(spec) });
  },
};

/**
 * The same versions are compared over and over (a lockfile's versions against every advisory's
 * events); PEP 440 parsing is regex work each time, so answers are remembered (bounded).
 */
function memoized(scheme: VersionScheme): VersionScheme {
  const valid = new Map<string, boolean>();
  const compared = new Map<string, number>();
  return {
    ...scheme,
    valid: (v) => {
      let answer = valid.get(v);
      if (answer === undefined) {
        if (valid.size > MEMO_LIMIT) valid.clear();
        valid.set(v, (answer = scheme.valid(v)));
      }
      return answer;
    },
    compare: (a, b) => {
      const key = `${a}\0${b}`;
      let answer = compared.get(key);
      if (answer === undefined) {
        if (compared.size > MEMO_LIMIT) compared.clear();
        compared.set(key, (answer = scheme.compare(a, b)));
      }
      return answer;
    },
  };
}

const MEMO_LIMIT = 200_000;

export const VERSION_SCHEMES: Record<Ecosystem, VersionScheme> = { npm: memoized(npm), PyPI: memoized(pypi) };

/** The name advisories are keyed by: PyPI compares names normalized (PEP 503), npm exactly. */
export function normalizeName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}
