// A small reader for the .vsix (a plain zip: stored or deflated entries, no zip64), so the
// packaged test needs neither the `unzip` program nor another dependency.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** Extracts every file of `zipFile` under `destDir`; returns the entry names. */
export function unzip(zipFile: string, destDir: string): string[] {
  const zip = fs.readFileSync(zipFile);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error(`${zipFile} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(entry) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const localHeader = zip.readUInt32LE(entry + 42);
    const name = zip.toString('utf8', entry + 46, entry + 46 + nameLength);
    entry += 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
    names.push(name);
    if (name.endsWith('/')) continue;
    const target = path.resolve(destDir, name);
    if (!target.startsWith(path.resolve(destDir) + path.sep)) throw new Error(`entry escapes the folder: ${name}`);
    if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error(`bad local header for ${name}`);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${name}: unsupported compression method ${method}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, method === 8 ? zlib.inflateRawSync(data) : data);
  }
  return names;
}
