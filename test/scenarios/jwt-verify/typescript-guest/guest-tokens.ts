// Guest baskets: a signed token in the guest's cookie names their basket.
import jwt from 'jsonwebtoken';

/** Partners' guest tokens, checked with the key the caller looked up for the partner. */
export function partnerGuest(token: string, key: string): string {
  const claims = jwt.verify(token, key, { algorithms: ['HS256', 'none'] });
  return typeof claims === 'string' ? claims : String(claims.sub);
}

const GUEST_SECRET = process.env.GUEST_SECRET!;

export function issueGuest(basket: string): string {
  return jwt.sign({ sub: basket }, GUEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
}

export function guestBasket(token: string): string | undefined {
  const claims = jwt.decode(token);
  return claims && typeof claims !== 'string' ? claims.sub : undefined;
}
