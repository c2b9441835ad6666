// Signs a customer in with a session cookie.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';

export const sessions = Router();
const signedIn = new Map<string, string>();

sessions.get('/login', (req, res) => {
  const token = randomUUID();
  signedIn.set(token, String(req.query.email));
  res.cookie('session', token, { maxAge: 3_600_000 });
  res.json({ signedIn: req.query.email });
});

// The other shapes the flags are missing in: Secure alone, Secure turned off, SameSite alone.
sessions.get('/remember', (req, res) => {
  const token = randomUUID();
  signedIn.set(token, String(req.query.email));
  res.cookie('remember_token', token, { httpOnly: true, maxAge: 2_592_000_000 });
  res.cookie('csrf_token', randomUUID(), { httpOnly: true, secure: false, sameSite: 'strict', maxAge: 3_600_000 });
  res.cookie('auth_hint', 'yes', { httpOnly: true, secure: true, maxAge: 3_600_000 });
  res.json({ remembered: req.query.email });
});

sessions.get('/me', (req, res) => {
  const token = /(?:^|;\s*)(?:session|remember_token)=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  res.json({ email: (token && signedIn.get(token)) ?? null });
});
