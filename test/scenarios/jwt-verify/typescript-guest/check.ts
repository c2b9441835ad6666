import assert from 'node:assert';
import jwt from 'jsonwebtoken';
import { attack, run } from './harness';

// jwt.decode(token) on the server → jwt.verify(token, GUEST_SECRET, { algorithms: ['HS256'] }) (the
// key the file signs with, not a parameter of another function), and algorithms: ['HS256', 'none']
// → ['HS256']: the shop's own guest tokens still name their basket and partners' tokens signed with
// their key still read; before, a token forged with another key, or unsigned (alg none), is
// believed; after, it is refused.
process.env.GUEST_SECRET = 'guest-secret-from-the-environment-3f9a';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { guestBasket, issueGuest, partnerGuest } = require('./guest-tokens') as typeof import('./guest-tokens');

const believed = (read: () => string | undefined, expected: string): boolean => {
  try {
    return read() === expected;
  } catch {
    return false;
  }
};

run(async () => {
  assert.strictEqual(guestBasket(issueGuest('basket-17')), 'basket-17', "the shop's own guest token");
  const forged = jwt.sign({ sub: 'basket-1' }, 'attacker-key', { algorithm: 'HS256' });
  attack('a guest token signed with another key names a basket', believed(() => guestBasket(forged), 'basket-1'), forged);

  const partnerKey = 'partner-key-b71c';
  assert.strictEqual(partnerGuest(jwt.sign({ sub: 'guest-5' }, partnerKey, { algorithm: 'HS256' }), partnerKey), 'guest-5', "a partner's token with its key");
  const unsigned = jwt.sign({ sub: 'guest-1' }, '', { algorithm: 'none' });
  attack('an unsigned partner token (alg none) is believed', believed(() => partnerGuest(unsigned, ''), 'guest-1'), unsigned);
});
