import assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

process.env.JWT_SECRET = 'from-the-environment-7c1e';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const session = require('./session') as typeof import('./session');
assert.strictEqual(session.readSession(session.signSession('42')), '42', 'a token signed is read back');
assert.ok(!session.tag('x').startsWith('undefined'), 'the secret is never the text "undefined"');

// clients.ts: a database URL with its password, a payment provider's live key and a webhook signing
// key. The deployment puts the same values in the environment: the app sees the same ones.
const database = 'postgres://shop:Vq8-rT2w9zLm@db.internal:5432/shop';
const paymentKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
Object.assign(process.env, { DATABASE_URL: database, APP_SECRET: paymentKey, JWT_SECRET_2: 'invite-signing-91aa4c' });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const clients = require('./clients') as typeof import('./clients');
assert.strictEqual(clients.DATABASE_URL, database);
assert.strictEqual(new URL(clients.DATABASE_URL).username, 'shop');
assert.deepStrictEqual(clients.paymentHeaders, { Authorization: `Bearer ${paymentKey}` });
assert.strictEqual(clients.verifyWebhook(clients.signWebhook('{"order":7}')), '{"order":7}', 'a webhook signed is verified');
// The invite key is another secret: an invite still reads back, and a webhook token is no invite
// (both keys in one JWT_SECRET, as the fix once wrote them, would accept it).
assert.strictEqual(clients.inviteEmail(clients.signInvite('zoe@example.com')), 'zoe@example.com');
assert.throws(() => clients.inviteEmail(clients.signWebhook('zoe@example.com')), /invalid signature/, 'a webhook token passes for an invite');

if (process.env.SCENARIO_PHASE === 'after') {
  // Unset: loading the module fails at once, naming the variable.
  const env = { ...process.env };
  delete env.JWT_SECRET;
  const started = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(__dirname, 'session.js'))})`], { env, encoding: 'utf8' });
  assert.notStrictEqual(started.status, 0, 'the app does not start without the secret');
  assert.match(started.stderr, /JWT_SECRET is not set/);
  // And no secret is left in the source.
  const source = require('node:fs').readFileSync(path.join(__dirname, '..', 'clients.ts'), 'utf8') as string;
  for (const secret of ['Vq8-rT2w9zLm', paymentKey, 'webhook-signing-7d2e0b', 'invite-signing-91aa4c']) assert.ok(!source.includes(secret), `${secret} still in clients.ts`);
  const withoutDb = { ...process.env };
  delete withoutDb.DATABASE_URL;
  const db = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(__dirname, 'clients.js'))})`], { env: withoutDb, encoding: 'utf8' });
  assert.notStrictEqual(db.status, 0, 'the app does not start without its database URL');
  assert.match(db.stderr, /DATABASE_URL is not set/);
}
console.log('ok');
