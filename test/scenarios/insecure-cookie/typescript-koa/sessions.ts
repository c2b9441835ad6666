// Signs a customer in with a session cookie (Koa, behind the shop's TLS-terminating proxy).
import { randomUUID } from 'node:crypto';
import Koa from 'koa';

export const app = new Koa();
const signedIn = new Map<string, string>();

app.use(async (ctx) => {
  if (ctx.path === '/login') {
    const token = randomUUID();
    signedIn.set(token, String(ctx.query.email));
    ctx.cookies.set('session', token, { httpOnly: false, maxAge: 3_600_000 });
    ctx.body = { signedIn: ctx.query.email };
  } else if (ctx.path === '/me') {
    const token = ctx.cookies.get('session');
    ctx.body = { email: (token && signedIn.get(token)) ?? null };
  } else {
    ctx.status = 404;
  }
});
