// The shop's outside services: the orders database, the payment provider and signed webhooks.
import jwt from 'jsonwebtoken';

export const DATABASE_URL = 'postgres://shop:Vq8-rT2w9zLm@db.internal:5432/shop';

function bearer(token: string): string {
  return `Bearer ${token}`;
}

export const paymentHeaders = { Authorization: bearer('sk_live_4eC39HqLyjWDarjtT1zdp7dc') };

export function signWebhook(body: string): string {
  return jwt.sign({ body }, 'webhook-signing-7d2e0b', { algorithm: 'HS256' });
}

export function verifyWebhook(token: string): string {
  const claims = jwt.verify(token, 'webhook-signing-7d2e0b', { algorithms: ['HS256'] });
  return typeof claims === 'string' ? claims : String(claims.body);
}

export function signInvite(email: string): string {
  return jwt.sign({ email }, 'invite-signing-91aa4c', { algorithm: 'HS256', expiresIn: '7d' });
}

export function inviteEmail(token: string): string {
  const claims = jwt.verify(token, 'invite-signing-91aa4c', { algorithms: ['HS256'] });
  return typeof claims === 'string' ? claims : String(claims.email);
}
