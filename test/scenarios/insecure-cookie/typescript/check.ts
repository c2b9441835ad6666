import express from 'express';
import assert from 'node:assert';
import { attack, phase, run, withServer } from './harness';
import { sessions } from './sessions';

run(async () => {
  const app = express();
  app.use(sessions);
  await withServer(app, async (get) => {
    const login = await get('/login', { email: 'ada@example.com' });
    assert.deepStrictEqual(JSON.parse(login.body), { signedIn: 'ada@example.com' });
    const setCookie = login.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0];
    assert.match(cookie, /^session=[0-9a-f-]{36}$/, setCookie);
    assert.match(setCookie, /Max-Age=3600/, 'the lifetime is kept');
    assert.deepStrictEqual(JSON.parse((await get('/me', {}, { cookie })).body), { email: 'ada@example.com' }, 'the cookie signs the next request in');
    assert.deepStrictEqual(JSON.parse((await get('/me')).body), { email: null }, 'no cookie, no session');

    // A script injected into the page reads a cookie without HttpOnly; one without SameSite rides cross-site requests.
    attack('the session cookie is readable by scripts and sent cross-site', !/HttpOnly/i.test(setCookie) && !/SameSite/i.test(setCookie), setCookie);
    if (phase === 'after') assert.match(setCookie, /; Secure/, setCookie);
  });
});
