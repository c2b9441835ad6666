// OSV records → the compact index the engine reads: per package, its affected ranges, ids,
// severity and fixed versions; malicious entries flagged.
import { MemoryAdvisoryIndex, type Advisory, type Ecosystem, type RangeEvent } from '../engine';
import type { OsvRecord } from './osv-records';

export const INDEX_FORMAT = 1;

/** The index as stored on disk (JSON). */
export interface StoredIndex {
  format: typeof INDEX_FORMAT;
  /** The newest `modified` date among the records: what the data reflects. */
  date: string;
  /** When and from where it was built. */
  built: string;
  source: string;
  counts: { advisories: number; packages: number; malicious: number };
  /** `npm:lodash`, `PyPI:pyyaml` → advisories. */
  packages: Record<string, Advisory[]>;
}

const ECOSYSTEMS: Record<string, Ecosystem> = { npm: 'npm', pypi: 'PyPI' };

export function buildIndex(records: readonly OsvRecord[], source: string, now = new Date()): StoredIndex {
  const packages: Record<string, Advisory[]> = {};
  let date = '';
  let advisories = 0;
  let malicious = 0;
  for (const record of records) {
    if (record.withdrawn) continue;
    if (record.modified && record.modified > date) date = record.modified;
    let counted = false;
    for (const affected of record.affected ?? []) {
      const ecosystem = ECOSYSTEMS[(affected.package?.ecosystem ?? '').toLowerCase()];
      const name = affected.package?.name;
      if (!ecosystem || !name) continue;
      // GIT ranges are commits, not versions.
      const ranges: RangeEvent[][] = (affected.ranges ?? []).filter((r) => r.type !== 'GIT').map((r) => r.events.map(toEvent).filter((e): e is RangeEvent => e !== undefined));
      const isMalicious = record.id.startsWith('MAL-') || !!record.database_specific?.['malicious-packages-origins'];
      const advisory: Advisory = {
        id: record.id,
        aliases: record.aliases ?? [],
        summary: (record.summary ?? firstSentence(record.details ?? '')).trim(),
        ranges: ranges.filter((r) => r.length > 0),
        ...(affected.versions?.length ? { versions: affected.versions } : {}),
        ...(severityOf(record) ? { severity: severityOf(record) } : {}),
        ...(isMalicious ? { malicious: true } : {}),
      };
      if (advisory.ranges.length === 0 && !advisory.versions) continue;
      (packages[MemoryAdvisoryIndex.key(ecosystem, name)] ??= []).push(advisory);
      if (!counted) {
        advisories++;
        if (isMalicious) malicious++;
        counted = true;
      }
    }
  }
  return { format: INDEX_FORMAT, date: date.slice(0, 10) || now.toISOString().slice(0, 10), built: now.toISOString(), source, counts: { advisories, packages: Object.keys(packages).length, malicious }, packages };
}

export function indexOf(stored: StoredIndex, origin: string): MemoryAdvisoryIndex {
  return new MemoryAdvisoryIndex(stored.date, origin, new Map(Object.entries(stored.packages)));
}

function toEvent(event: Record<string, string>): RangeEvent | undefined {
  if (event.introduced !== undefined) return { introduced: event.introduced };
  if (event.fixed !== undefined) return { fixed: event.fixed };
  if (event.last_affected !== undefined) return { last_affected: event.last_affected };
  return undefined;
}

/** GHSA's label (`HIGH`), else a CVSS base score the data states; none is invented. */
function severityOf(record: OsvRecord): string | undefined {
  const label = record.database_specific?.severity;
  if (typeof label === 'string' && label !== '') return label.toUpperCase();
  const score = record.database_specific?.cvss_score;
  if (typeof score === 'number') return `CVSS ${score}`;
  const vector = record.severity?.find((s) => s.type.startsWith('CVSS'))?.score;
  return vector ? vector.split('/')[0] : undefined;
}

function firstSentence(text: string): string {
  const sentence = /^[^\n]*?[.!?](?:\s|$)/.exec(text)?.[0] ?? text.split('\n')[0];
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
