import assert from 'node:assert';
import { isPartner } from './api-key';

process.env.PARTNER_API_KEY = 'k-3f9a';
assert.strictEqual(isPartner('k-3f9a'), true, 'the right key');
assert.strictEqual(isPartner('k-3f9b'), false, 'a wrong key of the same length');
assert.strictEqual(isPartner('k-3f9a-longer'), false, 'a longer key');
assert.strictEqual(isPartner(null), false, 'a missing header');
assert.strictEqual(isPartner('clé-ü'), false, 'a non-ASCII header');
process.env.PARTNER_API_KEY = 'clé-ü';
assert.strictEqual(isPartner('clé-ü'), true, 'a non-ASCII key');
delete process.env.PARTNER_API_KEY;
assert.strictEqual(isPartner('k-3f9a'), false, 'an unset variable');
assert.strictEqual(isPartner(null), false, 'an unset variable and a missing header');
console.log('ok');
