// The advisory data the analysis reads: an index by package name, filled outside the engine
// (server/src/advisories: an offline index on disk, or the OSV API) and matched here.
import type { Ecosystem } from './types';
import { normalizeName, VERSION_SCHEMES } from './versions';

/** One OSV range's events, in the order OSV gives them. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
}

export interface Advisory {
  /** OSV id: GHSA-…, PYSEC-…, MAL-…, NSWG-ECO-… */
  id: string;
  /** CVE and other ids of the same problem. */
  aliases: string[];
  summary: string;
  /** e.g. `HIGH`, `CVSS 9.8`; absent when the data gives none. */
  severity?: string;
  /** A package published to attack its users (OSV `MAL-` entries): every listed version is malware. */
  malicious?: boolean;
  /** Affected ranges (SEMVER or ECOSYSTEM events). */
  ranges: RangeEvent[][];
  /** Affected versions listed one by one. */
  versions?: string[];
}

/** What the analysis needs of an advisory source. */
export interface AdvisoryIndex {
  /** The day the data reflects (YYYY-MM-DD): shown with every result. */
  readonly date: string;
  /** Where the data comes from, for messages: `offline index`, `OSV API`. */
  readonly origin: string;
  /** Advisories of a package (name normalized by `normalizeName`). */
  advisories(ecosystem: Ecosystem, name: string): readonly Advisory[];
}

/** An index over advisories held in memory, keyed by ecosystem and normalized name. */
export class MemoryAdvisoryIndex implements AdvisoryIndex {
  constructor(
    readonly date: string,
    readonly origin: string,
    private readonly byPackage: ReadonlyMap<string, readonly Advisory[]>,
  ) {}

  static key(ecosystem: Ecosystem, name: string): string {
    return `${ecosystem}:${normalizeName(ecosystem, name)}`;
  }

  advisories(ecosystem: Ecosystem, name: string): readonly Advisory[] {
    return this.byPackage.get(MemoryAdvisoryIndex.key(ecosystem, name)) ?? [];
  }

  /** Plain data (for another thread), and back. */
  toData(): AdvisoryIndexData {
    return { date: this.date, origin: this.origin, packages: Object.fromEntries(this.byPackage) };
  }

  static fromData(data: AdvisoryIndexData): MemoryAdvisoryIndex {
    return new MemoryAdvisoryIndex(data.date, data.origin, new Map(Object.entries(data.packages)));
  }
}

export interface AdvisoryIndexData {
  date: string;
  origin: string;
  packages: Record<string, readonly Advisory[]>;
}

/** Whether `version` is in the advisory's affected ranges or versions (OSV's evaluation: events in version order, later ones win). */
export function affects(advisory: Advisory, ecosystem: Ecosystem, version: string): boolean {
  const scheme = VERSION_SCHEMES[ecosystem];
  if (advisory.versions?.includes(version)) return true;
  if (!scheme.valid(version)) return false;
  for (const range of advisory.ranges) {
    const events = sortedEvents(range, ecosystem);
    let affected = false;
    for (const event of events) {
      if (event.introduced !== undefined) {
        if (event.introduced === '0' || scheme.compare(version, event.introduced) >= 0) affected = true;
      } else if (event.fixed !== undefined) {
        if (scheme.compare(version, event.fixed) >= 0) affected = false;
      } else if (event.last_affected !== undefined) {
        if (scheme.compare(version, event.last_affected) > 0) affected = false;
      }
    }
    if (affected) return true;
  }
  return false;
}

const sorted = new WeakMap<RangeEvent[], RangeEvent[]>();

/** A range's events with valid versions, in version order (computed once per range). */
function sortedEvents(range: RangeEvent[], ecosystem: Ecosystem): RangeEvent[] {
  let events = sorted.get(range);
  if (!events) {
    const scheme = VERSION_SCHEMES[ecosystem];
    const point = (e: RangeEvent) => e.introduced ?? e.fixed ?? e.last_affected ?? '0';
    events = range.filter((e) => point(e) === '0' || scheme.valid(point(e)));
    events.sort((a, b) => (point(a) === '0' ? -1 : point(b) === '0' ? 1 : scheme.compare(point(a), point(b))));
    sorted.set(range, events);
  }
  return events;
}

/** The advisories that affect `name@version`. */
export function matchingAdvisories(index: AdvisoryIndex, ecosystem: Ecosystem, name: string, version: string): Advisory[] {
  return index.advisories(ecosystem, name).filter((a) => affects(a, ecosystem, version));
}

/**
 * The nearest version above `version` that none of the package's advisories affect, among the
 * versions the advisories say fixed something; undefined when there is none (no fix released).
 */
export function nearestFixed(index: AdvisoryIndex, ecosystem: Ecosystem, name: string, version: string): string | undefined {
  const scheme = VERSION_SCHEMES[ecosystem];
  const all = index.advisories(ecosystem, name);
  const candidates = [...new Set(all.flatMap((a) => a.ranges.flat().map((e) => e.fixed).filter((v): v is string => !!v && scheme.valid(v))))]
    .filter((v) => scheme.compare(v, version) > 0)
    .sort(scheme.compare);
  return candidates.find((candidate) => !all.some((a) => affects(a, ecosystem, candidate)));
}

/** The affected range of an advisory, as people read it (`< 4.17.11`, `>= 2.0, < 2.3.1`). */
export function describeRanges(advisory: Advisory): string {
  // Each introduced event opens an interval: `< 2.2.5 or >= 2.3.0, < 2.3.2`.
  const parts = advisory.ranges.flatMap((range) => {
    const intervals: string[][] = [];
    for (const e of range) {
      if (e.introduced !== undefined) intervals.push(e.introduced === '0' ? [] : [`>= ${e.introduced}`]);
      else (intervals[intervals.length - 1] ?? (intervals[0] = [])).push(e.fixed !== undefined ? `< ${e.fixed}` : `<= ${e.last_affected}`);
    }
    return intervals.map((i) => i.join(', '));
  });
  if (advisory.versions?.length) parts.push(advisory.versions.length <= 3 ? advisory.versions.join(', ') : `${advisory.versions.length} versions`);
  return parts.filter(Boolean).join(' or ') || 'all versions';
}
