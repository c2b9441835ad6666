import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as pep440 from '@renovatebot/pep440';
import { zipSync } from 'fflate';
import * as semver from 'semver';
import { recordsOfText, type OsvRecord } from '../../server/src/advisories/osv-records';
import { SHARED_ADVISORIES } from './advisories';

// A local stand-in for OSV: `POST /v1/querybatch` (with `next_page_token` pages), `GET
// /v1/vulns/{id}`, and the per-ecosystem archives `/<ecosystem>/all.zip` (built here from the
// shared records, one `<id>.json` each, as OSV lays them out). Filled from ../shared/advisories.
// It matches versions with the registries' own libraries (semver, PEP 440), not with Vigil's code.

export type OsvServerMode = 'ok' | 'error-500' | 'bad-json' | 'hang';

export interface OsvRequest {
  method: string;
  url: string;
  body: string;
}

export interface OsvServer {
  url: string;
  requests: OsvRequest[];
  mode: OsvServerMode;
  /** Vulnerabilities per querybatch result page (OSV's own is 1,000; small here so pages happen). */
  pageSize: number;
  close(): Promise<void>;
}

const FILES = { npm: 'npm.osv.jsonl', PyPI: 'pypi.osv.jsonl' } as const;

let loaded: { byId: Map<string, OsvRecord>; byPackage: Map<string, OsvRecord[]>; archives: Record<string, Buffer> } | undefined;
function data() {
  if (loaded) return loaded;
  const byId = new Map<string, OsvRecord>();
  const byPackage = new Map<string, OsvRecord[]>();
  const archives: Record<string, Buffer> = {};
  for (const [ecosystem, file] of Object.entries(FILES)) {
    const records = recordsOfText(fs.readFileSync(path.join(SHARED_ADVISORIES, file), 'utf8'), file);
    const files: Record<string, Uint8Array> = {};
    for (const record of records) {
      byId.set(record.id, record);
      files[`${record.id}.json`] = Buffer.from(JSON.stringify(record));
      for (const a of record.affected ?? []) {
        const key = packageKey(a.package?.ecosystem ?? '', a.package?.name ?? '');
        const list = byPackage.get(key) ?? [];
        if (!list.includes(record)) list.push(record);
        byPackage.set(key, list);
      }
    }
    archives[`/${ecosystem}/all.zip`] = Buffer.from(zipSync(files));
  }
  return (loaded = { byId, byPackage, archives });
}

function packageKey(ecosystem: string, name: string): string {
  return ecosystem === 'PyPI' ? `PyPI:${name.toLowerCase().replace(/[-_.]+/g, '-')}` : `${ecosystem}:${name}`;
}

/** OSV's evaluation of one package version against a record, written with the registries' libraries. */
function affected(record: OsvRecord, ecosystem: string, name: string, version: string): boolean {
  const cmp = ecosystem === 'npm' ? (a: string, b: string) => semver.compare(a, b) : (a: string, b: string) => pep440.compare(a, b);
  const valid = (v: string) => (ecosystem === 'npm' ? semver.valid(v) !== null : pep440.valid(v) !== null);
  return (record.affected ?? []).some((a) => {
    if (packageKey(a.package?.ecosystem ?? '', a.package?.name ?? '') !== packageKey(ecosystem, name)) return false;
    if (a.versions?.includes(version)) return true;
    if (!valid(version)) return false;
    return (a.ranges ?? []).some((range) => {
      if (range.type === 'GIT') return false;
      let inside = false;
      const events = range.events.filter((e) => Object.values(e).every((v) => v === '0' || valid(v)));
      const at = (e: Record<string, string>) => Object.values(e)[0];
      events.sort((x, y) => (at(x) === '0' ? -1 : at(y) === '0' ? 1 : cmp(at(x), at(y))));
      for (const e of events) {
        if (e.introduced !== undefined && (e.introduced === '0' || cmp(version, e.introduced) >= 0)) inside = true;
        if (e.fixed !== undefined && cmp(version, e.fixed) >= 0) inside = false;
        if (e.last_affected !== undefined && cmp(version, e.last_affected) > 0) inside = false;
      }
      return inside;
    });
  });
}

export function startOsvServer(): Promise<OsvServer> {
  const { byId, byPackage, archives } = data();
  const state: OsvServer = { url: '', requests: [], mode: 'ok', pageSize: 4, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = req.url ?? '';
      state.requests.push({ method: req.method ?? '', url, body });
      if (state.mode === 'hang') return; // never answers: the client's time limit must end it
      if (state.mode === 'error-500') return void res.writeHead(500).end('internal error');
      if (state.mode === 'bad-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"results": [');
      if (req.method === 'GET' && archives[url]) return void res.writeHead(200, { 'content-type': 'application/zip' }).end(archives[url]);
      const vuln = /^\/v1\/vulns\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && vuln) {
        const record = byId.get(decodeURIComponent(vuln[1]));
        return void (record ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(record)) : res.writeHead(404).end('{"code":5,"message":"Bug not found."}'));
      }
      if (req.method === 'POST' && url === '/v1/querybatch') {
        const queries = (JSON.parse(body) as { queries: { package: { name: string; ecosystem: string }; version: string; page_token?: string }[] }).queries;
        const results = queries.map((q) => {
          const all = (byPackage.get(packageKey(q.package.ecosystem, q.package.name)) ?? []).filter((r) => affected(r, q.package.ecosystem, q.package.name, q.version));
          const offset = q.page_token ? Number(Buffer.from(q.page_token, 'base64').toString()) : 0;
          const page = all.slice(offset, offset + state.pageSize).map((r) => ({ id: r.id, modified: r.modified }));
          const more = offset + state.pageSize < all.length;
          return { ...(page.length ? { vulns: page } : {}), ...(more ? { next_page_token: Buffer.from(String(offset + state.pageSize)).toString('base64') } : {}) };
        });
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      }
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      state.close = () =>
        new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        });
      resolve(state);
    }),
  );
}
