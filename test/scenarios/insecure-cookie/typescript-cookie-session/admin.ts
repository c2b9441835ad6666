// The back office: the same sign-in, on a host the proxy forwards without the app trusting it.
import cookieSession from 'cookie-session';
import express from 'express';

export const admin = express();
admin.use(cookieSession({ name: 'session', keys: ['scenario-only-admin-key'], maxAge: 3_600_000, secure: false }));

admin.get('/login', (req, res) => {
  req.session!.email = String(req.query.email);
  res.json({ signedIn: req.session!.email });
});

admin.get('/me', (req, res) => {
  res.json({ email: req.session?.email ?? null });
});
