// An SDK package: a client for a partner API plus helpers its users call with their own values.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import * as vm from 'vm';
import { Client } from 'pg';
import { createHash } from 'crypto';
import _ from 'lodash';

export class PartnerClient {
  constructor(private readonly baseUrl: string, private readonly db: Client) {}

  async fetchResource(resourceUrl: string): Promise<unknown> {
    // expect: ssrf
    const r = await fetch(resourceUrl);
    return r.json();
  }

  async fetchById(id: number): Promise<unknown> {
    // ok: ssrf
    const r = await fetch(`${this.baseUrl}/items/${Number(id)}`);
    return r.json();
  }

  async saveName(table: string, name: string): Promise<void> {
    // expect: sql-injection
    await this.db.query(`INSERT INTO ${table} (name) VALUES ('${name}')`);
  }

  async saveNameSafe(name: string): Promise<void> {
    // ok: sql-injection
    await this.db.query('INSERT INTO names (name) VALUES ($1)', [name]);
  }

  async rawWhere(where: string): Promise<unknown> {
    // expect: sql-injection
    return this.db.query('SELECT * FROM items WHERE ' + where);
  }
}

export function openInEditor(file: string): void {
  // expect: command-injection
  cp.exec(`code ${file}`);
}

export function openInEditorSafe(file: string): void {
  // ok: command-injection
  cp.execFile('code', ['--', file]);
}

export function gitLog(ref: string): string {
  // expect: command-injection
  return cp.execSync('git log --oneline ' + ref, { encoding: 'utf8' });
}

export function runScript(code: string): unknown {
  // expect: code-injection
  return new vm.Script(code).runInThisContext();
}

export function runStatic(): unknown {
  // ok: code-injection
  return new vm.Script('1 + 1').runInNewContext({});
}

export function template(str: string, data: object): string {
  // expect: code-injection
  return _.template(str)(data);
}

export async function cacheWrite(dir: string, key: string, value: string): Promise<void> {
  // expect: path-traversal
  await fsp.writeFile(path.join(dir, key), value);
}

export async function cacheWriteHashed(dir: string, key: string, value: string): Promise<void> {
  // ok: path-traversal
  await fsp.writeFile(path.join(dir, createHash('sha256').update(key).digest('hex')), value);
}

export function readLocal(file: string): Buffer {
  // expect: path-traversal
  return fs.readFileSync(file);
}

export function watchLocal(file: string, cb: () => void): fs.FSWatcher {
  // expect: path-traversal
  return fs.watch(file, cb);
}

export function merge(target: object, source: object): object {
  // expect: prototype-pollution
  return _.merge(target, source);
}

export function mergeSafe(target: object, source: object): object {
  // ok: prototype-pollution
  return Object.assign(Object.create(null), target, source);
}

export function setOption(opts: Record<string, unknown>, key: string, value: unknown): void {
  // expect: prototype-pollution
  _.set(opts, key, value);
}

export function compileUserRegex(source: string, flags: string): RegExp {
  // expect: redos
  return new RegExp(source, flags);
}

export function fixedRegex(): RegExp {
  // ok: redos
  return new RegExp('^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
}

export function hashFile(file: string): string {
  // ok: weak-crypto
  return createHash('sha256').update(fs.readFileSync(path.resolve(__dirname, file))).digest('hex');
}

export function signDownload(secret: string, file: string): string {
  // expect: weak-crypto
  return createHash('md5').update(secret + file).digest('hex');
}
