import express from 'express';
import assert from 'node:assert';
import { format } from 'node:util';
import { audit } from './audit';
import { attack, run, withServer } from './harness';

// What the app writes to its log, as the lines a log collector would split it into.
const written: string[] = [];
for (const level of ['log', 'info', 'warn'] as const) {
  console[level] = (...args: unknown[]) => void written.push(format(...args));
}
const lines = () => written.splice(0).join('\n').split('\n');

run(async () => {
  const app = express();
  app.use(audit);
  await withServer(app, async (get) => {
    assert.strictEqual((await get('/login/failed', { email: 'zoë@example.com' })).status, 401);
    assert.deepStrictEqual(lines(), ['failed login for zoë@example.com']);
    await get('/search', { q: 'solar panel', page: '2' });
    assert.deepStrictEqual(lines(), ['search: solar panel (2)']);
    await get('/search', { q: 'inverter' });
    assert.deepStrictEqual(lines(), ['search: inverter (undefined)'], 'a missing parameter is logged as before');
    await get('/referral', { ref: 'newsletter-12' });
    assert.deepStrictEqual(lines(), ['newsletter-12']);
    await get('/referral');
    assert.deepStrictEqual(lines(), ['undefined'], 'a missing parameter is logged as before');

    // A forged entry: the attacker's text starts a line of its own that looks like the app's.
    const forged = await get('/login/failed', { email: 'eve@example.com\nlogin ok for admin@example.com' });
    assert.strictEqual(forged.status, 401);
    const logged = lines();
    attack('user data starts a new log line', logged.includes('login ok for admin@example.com'), logged);
    assert.ok(logged.join(' ').includes('eve@example.com'), 'the attempt is still logged');
    await get('/search', { q: 'x\r\nsearch: y', page: '1' });
    const search = lines();
    attack('a CR LF in a search term starts a new log line', search.length > 1, search);
  });
});
