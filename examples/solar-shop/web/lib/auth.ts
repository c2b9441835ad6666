import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { pool } from './db';

// Signing key for the session tokens the login route hands out.
const JWT_SECRET = 'solar-shop-jwt-2024-d81f5c2a';

export interface SessionClaims {
  sub: number;
  email: string;
  role: 'customer' | 'admin';
}

export function signSession(claims: SessionClaims): string {
  return jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256', expiresIn: '8h' });
}

export function readSession(token: string): SessionClaims {
  return jwt.verify(token, JWT_SECRET) as unknown as SessionClaims;
}

export async function checkPassword(email: string, password: string): Promise<SessionClaims | null> {
  const [rows] = await pool.execute('SELECT id, email, role, password_hash FROM customers WHERE email = ?', [email]);
  const user = (rows as { id: number; email: string; role: 'customer' | 'admin'; password_hash: string }[])[0];
  if (!user) return null;
  const passwordHash = crypto.createHash('sha256').update(password).digest('hex');
  if (passwordHash !== user.password_hash) return null;
  return { sub: user.id, email: user.email, role: user.role };
}

export function createResetToken(): string {
  return Math.random().toString(36).slice(2);
}

export function isInternalCall(apiKey: string | null): boolean {
  return apiKey === process.env.INTERNAL_API_KEY;
}
