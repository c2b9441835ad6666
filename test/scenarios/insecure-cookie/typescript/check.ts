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

    // Secure missing (remember_token), Secure off (csrf_token, its SameSite=Strict kept), SameSite missing (auth_hint).
    const remember = await get('/remember', { email: 'ada@example.com' });
    assert.deepStrictEqual(JSON.parse(remember.body), { remembered: 'ada@example.com' });
    const byName = new Map(remember.headers.getSetCookie().map((c) => [c.split('=')[0], c]));
    assert.deepStrictEqual([...byName.keys()], ['remember_token', 'csrf_token', 'auth_hint']);
    const rememberCookie = byName.get('remember_token')!.split(';')[0];
    assert.deepStrictEqual(JSON.parse((await get('/me', {}, { cookie: rememberCookie })).body), { email: 'ada@example.com' }, 'the remember cookie signs in');
    assert.match(byName.get('remember_token')!, /Max-Age=2592000/, 'its lifetime is kept');
    for (const c of byName.values()) assert.match(c, /HttpOnly/, c);
    assert.match(byName.get('csrf_token')!, /SameSite=Strict/, 'a stricter SameSite stays');
    attack('remember_token and csrf_token go out over plain HTTP', !/; Secure/.test(byName.get('remember_token')!) && !/; Secure/.test(byName.get('csrf_token')!), [...byName.values()]);
    attack('auth_hint rides cross-site requests', !/SameSite/.test(byName.get('auth_hint')!), byName.get('auth_hint'));
  });
});
