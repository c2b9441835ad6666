import './env';
import assert from 'node:assert';
import { createHash } from 'node:crypto';
import argon2 from 'argon2';
import { sqlite } from './db';
import { checkPassword, isInternalCall, readSession, signSession } from './auth';

const addUser = sqlite.prepare('INSERT INTO customers (email, role, password_hash) VALUES (?, ?, ?)');

async function main(): Promise<void> {
  // Accounts as the shop stored them before the fix: SHA-256 hex.
  addUser.run('ada@example.com', 'customer', createHash('sha256').update('correct horse').digest('hex'));
  addUser.run('zoë@example.com', 'admin', createHash('sha256').update('pässwörd ☀').digest('hex'));

  const ada = await checkPassword('ada@example.com', 'correct horse');
  assert.deepStrictEqual(ada, { sub: 1, email: 'ada@example.com', role: 'customer' }, 'the right password signs in');
  assert.strictEqual((await checkPassword('zoë@example.com', 'pässwörd ☀'))?.role, 'admin', 'a non-ASCII password signs in');
  assert.strictEqual(await checkPassword('ada@example.com', 'wrong horse'), null, 'a wrong password is refused');
  assert.strictEqual(await checkPassword('ada@example.com', ''), null, 'an empty password is refused');
  assert.strictEqual(await checkPassword('nobody@example.com', 'correct horse'), null, 'an unknown user is refused');

  const token = signSession(ada);
  assert.strictEqual(readSession(token).email, 'ada@example.com', 'the session token round-trips');
  assert.strictEqual(isInternalCall('internal-key-42'), true, 'the internal key is accepted');
  assert.strictEqual(isInternalCall(null), false, 'a missing key header is refused');
  assert.strictEqual(isInternalCall('internal-key-4'), false, 'a shorter key is refused');

  if (process.env.SCENARIO_PHASE === 'after') {
    // A user hashed with Argon2 after the switch signs in too; a malformed stored value is refused, not thrown.
    addUser.run('new@example.com', 'customer', await argon2.hash('fresh start'));
    assert.strictEqual((await checkPassword('new@example.com', 'fresh start'))?.email, 'new@example.com', 'an Argon2 user signs in');
    assert.strictEqual(await checkPassword('new@example.com', 'correct horse'), null, "an Argon2 user's wrong password is refused");
    sqlite.prepare('UPDATE customers SET password_hash = ? WHERE email = ?').run('$argon2id$broken', 'new@example.com');
    assert.strictEqual(await checkPassword('new@example.com', 'fresh start'), null, 'a malformed Argon2 hash is refused');
  }
  console.log('ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
