// OSV records from what users carry in: OSV's per-ecosystem archives (`npm/all.zip`), folders of
// `<id>.json` files, or JSON Lines files.
import { unzipSync } from 'fflate';
import * as fs from 'fs';
import * as path from 'path';

/** The part of an OSV record (https://ossf.github.io/osv-schema/) the index keeps. */
export interface OsvRecord {
  id: string;
  modified?: string;
  withdrawn?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  severity?: { type: string; score: string }[];
  database_specific?: Record<string, unknown>;
  affected?: {
    package?: { ecosystem?: string; name?: string };
    ranges?: { type: string; events: Record<string, string>[] }[];
    versions?: string[];
    database_specific?: Record<string, unknown>;
  }[];
}

/** A file or folder that holds no OSV records, or cannot be read: the command's usage error. */
export class AdvisorySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdvisorySourceError';
  }
}

/** Every OSV record in a zip archive, a `.json`/`.jsonl` file or a folder of them (recursively). */
export function readOsvRecords(source: string): OsvRecord[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new AdvisorySourceError(`no such file or folder: ${source}`);
  }
  if (stat.isDirectory()) {
    return fs
      .readdirSync(source)
      .sort()
      .flatMap((entry) => {
        const full = path.join(source, entry);
        return fs.statSync(full).isDirectory() || /\.(?:json|jsonl|zip)$/i.test(entry) ? readOsvRecords(full) : [];
      });
  }
  const bytes = fs.readFileSync(source);
  if (/\.zip$/i.test(source)) return recordsOfZip(bytes, source);
  return recordsOfText(bytes.toString('utf8'), source);
}

export function recordsOfZip(bytes: Uint8Array, name: string): OsvRecord[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => /\.json$/i.test(file.name) });
  } catch (e) {
    throw new AdvisorySourceError(`${name} is not a readable zip archive: ${(e as Error).message}`);
  }
  const decoder = new TextDecoder();
  return Object.keys(files)
    .sort()
    .flatMap((file) => recordsOfText(decoder.decode(files[file]), `${name}:${file}`));
}

/** One record (`.json`), an array of records, or one a line (`.jsonl`). */
export function recordsOfText(text: string, name: string): OsvRecord[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const whole = JSON.parse(trimmed) as unknown;
    return (Array.isArray(whole) ? whole : [whole]).filter(isRecord);
  } catch {
    // JSON Lines
  }
  return trimmed.split(/\r?\n/).flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      const record = JSON.parse(line) as unknown;
      return isRecord(record) ? [record] : [];
    } catch (e) {
      throw new AdvisorySourceError(`${name}:${i + 1}: not an OSV record: ${(e as Error).message}`);
    }
  });
}

function isRecord(value: unknown): value is OsvRecord {
  return !!value && typeof value === 'object' && typeof (value as OsvRecord).id === 'string';
}
