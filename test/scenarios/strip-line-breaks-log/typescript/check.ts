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
    // Values that are not text are logged as console.log shows them, not as `[object Object]` or `a,b`.
    await get('/referral?ref=newsletter&ref=banner');
    assert.deepStrictEqual(lines(), ["[ 'newsletter', 'banner' ]"], 'a repeated parameter (an array) is logged as before');
    await get('/track', { page: 'home', tag: 'solar' });
    assert.deepStrictEqual(lines(), ["[Object: null prototype] { page: 'home', tag: 'solar' }"], 'an object is logged as before');
    // A long object: console.log breaks it over lines of its own (indented, never the attacker's
    // text at the start of one); after the fix the same text on one line.
    await get('/track?page=home%0Alogin%20ok%20for%20admin@example.com');
    const visit = lines();
    assert.strictEqual(visit.join(''), "[Object: null prototype] {  page: 'home\\nlogin ok for admin@example.com'}", 'the object is logged with its content');
    assert.ok(!visit.some((l) => l.startsWith('login ok')), `a line break inside an object is shown escaped: ${JSON.stringify(visit)}`);

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
