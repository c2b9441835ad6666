import assert from 'node:assert';
import type { AddressInfo } from 'node:net';
import { attack, phase, run } from './harness';
import { app } from './sessions';

// ctx.cookies.set('session', token, { httpOnly: false, ... }) → httpOnly: true (Koa), served over
// plain HTTP as behind a TLS-terminating proxy: sign-in still sets the session, the next request
// is signed in by it and it keeps its Max-Age; before, scripts can read it; after, not, and it is
// SameSite=Lax (no Secure: Koa throws on a Secure cookie it would send over HTTP).
run(async () => {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    return { status: response.status, body: await response.text(), setCookie: response.headers.get('set-cookie') ?? '' };
  };
  try {
    const login = await get('/login?email=ada%40example.com');
    assert.strictEqual(login.status, 200, `sign-in: ${login.status} ${login.body}`);
    assert.deepStrictEqual(JSON.parse(login.body), { signedIn: 'ada@example.com' });
    const cookie = login.setCookie.split(';')[0];
    assert.match(cookie, /^session=[0-9a-f-]{36}$/, login.setCookie);
    assert.match(login.setCookie, /expires=/i, 'the lifetime is kept');
    assert.deepStrictEqual(JSON.parse((await get('/me', { cookie })).body), { email: 'ada@example.com' }, 'the cookie signs the next request in');
    assert.deepStrictEqual(JSON.parse((await get('/me')).body), { email: null }, 'no cookie, no session');
    attack('the session cookie is readable by scripts', !/httponly/i.test(login.setCookie), login.setCookie);
    if (phase === 'after') assert.match(login.setCookie, /samesite=lax/i, 'SameSite=Lax, without Secure: Koa refuses a Secure cookie on a request it sees as HTTP (a 500 at every sign-in)');
  } finally {
    server.close();
  }
});
