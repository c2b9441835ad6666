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

sessions.get('/me', (req, res) => {
  const token = /(?:^|;\s*)session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  res.json({ email: (token && signedIn.get(token)) ?? null });
});
