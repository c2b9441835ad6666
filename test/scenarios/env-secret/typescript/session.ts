import jwt from 'jsonwebtoken';

// Signing key for the session tokens.
const JWT_SECRET = 'shop-jwt-2024-d81f5c2a';

export function signSession(userId: string): string {
  return jwt.sign({ sub: userId }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
}

export function readSession(token: string): string {
  const claims = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });
  return typeof claims === 'string' ? claims : String(claims.sub);
}

export function tag(payload: string): string {
  return JWT_SECRET.slice(0, 4) + ':' + payload;
}
