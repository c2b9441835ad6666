import assert from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';

// The identity provider's key pair (the app sees the public half, in idp-public.pem).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
fs.writeFileSync(path.join(__dirname, '..', 'idp-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { partnerFrom } = require('./partner-tokens') as typeof import('./partner-tokens');

const issued = jwt.sign({ sub: 'p-7', installer: 'Sunny Roofs' }, privateKey, { algorithm: 'RS256' });
assert.deepStrictEqual((({ sub, installer }) => ({ sub, installer }))(partnerFrom(issued)), { sub: 'p-7', installer: 'Sunny Roofs' }, 'a token the identity provider issued');
assert.throws(() => partnerFrom(jwt.sign({ sub: 'p-7' }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { algorithm: 'RS256' })), /invalid signature/, 'another key is refused');
if (process.env.SCENARIO_PHASE === 'after') {
  // Pinned to the key's family: a token signed HS256 with another secret is refused.
  assert.throws(() => partnerFrom(jwt.sign({ sub: 'p-1' }, 'guessable', { algorithm: 'HS256' })), /invalid algorithm/);
}
console.log('ok');
