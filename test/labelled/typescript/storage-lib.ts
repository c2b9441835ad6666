// A small storage library (an npm package, no server in sight): helpers that run what callers pass.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import yaml from 'js-yaml';
import type { Database } from 'better-sqlite3';

export function runHook(command: string): Buffer {
  // expect: command-injection
  return cp.execSync(command);
}

export function runHookAsync(command: string, cb: (e: Error | null) => void): void {
  // expect: command-injection
  cp.exec(command, (err) => cb(err));
}

export function runTool(tool: string, args: string[]): cp.SpawnSyncReturns<Buffer> {
  // expect: command-injection
  return cp.spawnSync(tool + ' ' + args.join(' '), { shell: true });
}

export function runArgv(file: string, args: string[]): Buffer {
  // ok: command-injection
  return cp.execFileSync(file, args);
}

export function gitHead(): string {
  // ok: command-injection
  return cp.execSync('git rev-parse HEAD').toString().trim();
}

export function countRows(db: Database, table: string): number {
  // expect: sql-injection
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function deleteUser(db: Database, id: string): void {
  // expect: sql-injection
  db.exec('DELETE FROM users WHERE id = ' + id);
}

export function findUser(db: Database, name: string): unknown {
  // ok: sql-injection
  return db.prepare('SELECT * FROM users WHERE name = ?').get(name);
}

export function findMany(db: Database, ids: number[]): unknown[] {
  const marks = ids.map(() => '?').join(', ');
  // ok: sql-injection
  return db.prepare(`SELECT * FROM users WHERE id IN (${marks})`).all(...ids);
}

export function evaluate(expression: string): unknown {
  // expect: code-injection
  return eval(expression);
}

export function runInSandbox(code: string, ctx: object): unknown {
  // expect: code-injection
  return vm.runInNewContext(code, ctx);
}

export function compileTemplate(body: string): Function {
  // expect: code-injection
  return new Function('data', 'return `' + body + '`');
}

export function later(fnBody: string): void {
  // expect: code-injection
  setTimeout(fnBody, 100);
}

export function laterFn(cb: () => void): void {
  // ok: code-injection
  setTimeout(cb, 100);
}

export function loadPlugin(name: string): unknown {
  // expect: code-injection
  return require(name);
}

export function loadBuiltin(): unknown {
  // ok: code-injection
  return require('node:path');
}

export function readConfig(text: string): unknown {
  // ok: deserialization
  return yaml.load(text);
}

export function readFile(base: string, name: string): string {
  // expect: path-traversal
  return fs.readFileSync(path.join(base, name), 'utf8');
}

export function removeFile(file: string): void {
  // expect: path-traversal
  fs.unlinkSync(file);
}

export function readPackageJson(): string {
  // ok: path-traversal
  return fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8');
}

export async function download(url: string): Promise<string> {
  // expect: ssrf
  const r = await fetch(url);
  return r.text();
}

export async function registryInfo(pkg: string): Promise<unknown> {
  // ok: ssrf
  const r = await fetch(`https://registry.npmjs.org/${encodeURIComponent(pkg)}`);
  return r.json();
}

export function compilePattern(pattern: string): RegExp {
  // expect: redos
  return new RegExp(pattern);
}

export function setPath(target: Record<string, any>, key: string, value: unknown): void {
  // expect: prototype-pollution
  target[key] = value;
}

export function deepSet(obj: any, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] ??= {};
  // expect: prototype-pollution
  cur[parts[parts.length - 1]] = value;
}

export function safeSet(target: Map<string, unknown>, key: string, value: unknown): void {
  // ok: prototype-pollution
  target.set(key, value);
}

export function pick(row: string[], i: number): string {
  // ok: prototype-pollution
  return row[i];
}
