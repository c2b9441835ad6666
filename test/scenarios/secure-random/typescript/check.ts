import assert from 'node:assert';
import * as fs from 'node:fs';
import express from 'express';
import { startBasket } from './basket';
import { run, withServer } from './harness';
import { newLoginCode, newResetLink } from './tokens';

const links = Array.from({ length: 50 }, () => newResetLink('https://portal.example'));
for (const link of links) {
  const url = new URL(link);
  assert.strictEqual(url.origin + url.pathname, 'https://portal.example/reset', link);
  const token = url.searchParams.get('token');
  // The token survives the URL untouched: no character that needs escaping. (Any length: before the
  // fix, Math.random().toString(36).slice(2) is 6 or 7 characters about once in 200,000.)
  assert.ok(token !== null && /^[0-9a-z-]+$/.test(token), link);
  assert.strictEqual(link, `https://portal.example/reset?token=${token}`);
}
assert.strictEqual(new Set(links).size, links.length, 'every link is different');

const codes = Array.from({ length: 200 }, () => newLoginCode());
for (const code of codes) assert.match(code, /^[1-9][0-9]{5}$/, 'a 6-digit code');
assert.ok(new Set(codes).size > 150, 'codes are spread out');

if (process.env.SCENARIO_PHASE === 'after') {
  const source = fs.readFileSync(require.resolve('./tokens'), 'utf8');
  assert.ok(!source.includes('Math.random'), `no Math.random left:\n${source}`);
}
// The basket cookie: still set, a value that needs no quoting, different for every visitor.
run(async () => {
  const app = express();
  app.get('/basket', startBasket);
  await withServer(app, async (get) => {
    const values = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const reply = await get('/basket');
      assert.deepStrictEqual(JSON.parse(reply.body), { started: true });
      const cookie = reply.headers.get('set-cookie') ?? '';
      const value = /^basket=([0-9a-z-]+); Path=\/; HttpOnly; Secure; SameSite=Lax$/.exec(cookie)?.[1];
      assert.ok(value, cookie);
      values.add(value);
    }
    assert.strictEqual(values.size, 20, 'every basket is different');
    if (process.env.SCENARIO_PHASE === 'after') assert.ok(!fs.readFileSync(require.resolve('./basket'), 'utf8').includes('Math.random'));
  });
});
