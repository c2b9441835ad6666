import crypto from 'node:crypto';

// Encrypts the payment provider's card reference before it is stored with the order.
const KEY = Buffer.from(process.env.CARD_KEY ?? '', 'hex');

export function sealCardReference(reference: string): string {
  const cipher = crypto.createCipheriv('aes-256-ecb', KEY, null);
  return Buffer.concat([cipher.update(reference, 'utf8'), cipher.final()]).toString('base64');
}
