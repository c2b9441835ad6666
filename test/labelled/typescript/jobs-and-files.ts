// Worker jobs and CLI scripts: imports of partner XML, temp files, permissions, archives.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execSync, spawn } from 'child_process';
import libxmljs from 'libxmljs';
import { XMLParser } from 'fast-xml-parser';
import yaml from 'js-yaml';
import unzipper from 'unzipper';
import tar from 'tar';

export function parseFeed(xml: string) {
  // expect: xxe
  return libxmljs.parseXml(xml, { noent: true });
}

export function parseFeedSafe(xml: string) {
  // ok: xxe
  return libxmljs.parseXml(xml, { noent: false, nonet: true });
}

export function parseFeedFast(xml: string) {
  // ok: xxe
  return new XMLParser({ processEntities: false }).parse(xml);
}

export function scratchFile(rows: string[]): string {
  // expect: insecure-temp-file
  const file = '/tmp/partner-import.csv';
  fs.writeFileSync(file, rows.join('\n'));
  return file;
}

export function scratchFileSafe(rows: string[]): string {
  // ok: insecure-temp-file
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
  fs.writeFileSync(path.join(dir, 'rows.csv'), rows.join('\n'));
  return dir;
}

export function publish(file: string): void {
  // expect: file-permissions
  fs.chmodSync(file, 0o777);
}

export function publishPrivate(file: string): void {
  // ok: file-permissions
  fs.chmodSync(file, 0o600);
}

export function sharedDir(dir: string): void {
  // expect: file-permissions
  fs.mkdirSync(dir, { recursive: true, mode: 0o777 });
}

export function writeWorldWritable(file: string, data: string): void {
  // expect: file-permissions
  fs.writeFileSync(file, data, { mode: 0o666 });
}

export function writePrivate(file: string, data: string): void {
  // ok: file-permissions
  fs.writeFileSync(file, data, { mode: 0o600 });
}

export function loadInventory(file: string): unknown {
  // ok: deserialization
  return yaml.load(fs.readFileSync(file, 'utf8'), { schema: yaml.JSON_SCHEMA });
}

export async function unpack(archive: string, dest: string): Promise<void> {
  const dir = await unzipper.Open.file(archive);
  for (const entry of dir.files) {
    // expect: path-traversal
    entry.stream().pipe(fs.createWriteStream(path.join(dest, entry.path)));
  }
}

export async function unpackTar(archive: string, dest: string): Promise<void> {
  // ok: path-traversal
  await tar.x({ file: archive, cwd: dest });
}

export function backup(dbName: string): void {
  // expect: command-injection
  execSync(`pg_dump ${dbName} > /var/backups/${dbName}.sql`);
}

export function backupArgv(dbName: string): void {
  // ok: command-injection
  spawn('pg_dump', ['--', dbName], { stdio: ['ignore', fs.openSync(`/var/backups/${path.basename(dbName)}.sql`, 'w'), 'inherit'] });
}

export function rotateLogs(): void {
  // ok: command-injection
  execSync('logrotate /etc/logrotate.d/app');
}

export function validateEmail(value: string): boolean {
  // expect: redos
  return /^([a-zA-Z0-9]+)*@example\.com$/.test(value);
}

export function validateSlug(value: string): boolean {
  // ok: redos
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value);
}

export function splitWords(text: string): RegExpMatchArray | null {
  // expect: redos
  return text.match(/(\w+\s?)+$/);
}

export function stripTags(html: string): string {
  // ok: redos
  return html.replace(/<[^>]*>/g, '');
}

export function matchHost(value: string): boolean {
  // expect: redos
  return /^(a|aa)+$/.test(value);
}

export function main(): void {
  const [, , cmd, target] = process.argv;
  if (cmd === 'backup') backup(target);
  // expect: command-injection
  if (cmd === 'hook') execSync(process.env.POST_HOOK + ' ' + target);
  // expect: path-traversal
  if (cmd === 'show') console.log(fs.readFileSync(target, 'utf8'));
}
