import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { advisoryData } from '../../server/src/advisories/online/service';
import { startOsvServer, type OsvServer } from '../helpers/osv-server';

// The OSV client's cache time-to-live and proxy, against the local OSV server (../shared/advisories).

/** A forwarding proxy: CONNECT tunnels and absolute-URI requests both, counting them. */
function startProxy(): Promise<{ url: string; used: string[]; close: () => Promise<void> }> {
  const used: string[] = [];
  const server = http.createServer((req, res) => {
    used.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const forward = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    used.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        used,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      }),
    ),
  );
}

describe('advisories: the OSV client', function () {
  this.timeout(60_000);
  let osv: OsvServer;
  let dir: string;
  before(async () => (osv = await startOsvServer()));
  after(async () => osv.close());
  beforeEach(() => {
    osv.requests.length = 0;
    osv.mode = 'ok';
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-osv-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lodash = [{ ecosystem: 'npm' as const, name: 'lodash', version: '4.17.4' }];

  it('reuses an answer within the time-to-live and asks again after it; the data\'s date is the answer\'s', async () => {
    const day = Date.parse('2026-12-01T10:00:00Z');
    const settings = { offline: false, osvUrl: osv.url, indexDir: dir, env: {}, ttlMs: 3_600_000 };
    const first = await advisoryData(lodash, { ...settings, now: () => day });
    assert.ok(first.requests > 0);
    assert.deepStrictEqual([first.origin, first.index?.date], ['OSV API', '2026-12-01']);
    assert.deepStrictEqual(first.index?.advisories('npm', 'lodash').map((a) => a.id).sort(), ['NSWG-ECO-368', 'NSWG-ECO-493']);
    const cached = await advisoryData(lodash, { ...settings, now: () => day + 3_000_000 });
    assert.strictEqual(cached.requests, 0, 'within the hour: from the disk cache');
    assert.strictEqual(cached.index?.date, '2026-12-01');
    const before = osv.requests.length;
    const expired = await advisoryData(lodash, { ...settings, now: () => day + 4_000_000 });
    // The querybatch is asked again; the advisory records, unchanged since, come from the cache.
    assert.deepStrictEqual(osv.requests.slice(before).map((r) => r.url), ['/v1/querybatch', '/v1/querybatch']);
    assert.ok(expired.requests > 0);
  });

  it('goes through the proxy HTTP_PROXY names, and not for hosts in NO_PROXY', async () => {
    const proxy = await startProxy();
    try {
      const through = await advisoryData(lodash, { offline: false, osvUrl: osv.url, indexDir: dir, env: { HTTP_PROXY: proxy.url } });
      assert.strictEqual(through.notice, undefined);
      assert.ok(through.index?.advisories('npm', 'lodash').length === 2);
      assert.ok(proxy.used.length > 0 && proxy.used.every((u) => u.includes(new URL(osv.url).port)), proxy.used.join('\n'));
      const count = proxy.used.length;
      fs.rmSync(dir, { recursive: true, force: true });
      const direct = await advisoryData(lodash, { offline: false, osvUrl: osv.url, indexDir: dir, env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
      assert.ok(direct.index?.advisories('npm', 'lodash').length === 2);
      assert.strictEqual(proxy.used.length, count);
      // VS Code's http.proxy, given explicitly, wins over the environment.
      fs.rmSync(dir, { recursive: true, force: true });
      const explicit = await advisoryData(lodash, { offline: false, osvUrl: osv.url, indexDir: dir, env: {}, proxy: proxy.url });
      assert.ok(explicit.index?.advisories('npm', 'lodash').length === 2);
      assert.ok(proxy.used.length > count);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that refuses: a notice, never an exception', async () => {
    const data = await advisoryData(lodash, { offline: false, osvUrl: osv.url, indexDir: dir, env: {}, proxy: 'http://127.0.0.1:9' });
    assert.match(data.notice ?? '', /^OSV API .* not used \(.+\): no offline index either/);
    assert.strictEqual(data.index, undefined);
  });
});
