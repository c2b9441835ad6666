// The shop's sign-in, with its session in a signed cookie (cookie-session).
import cookieSession from 'cookie-session';
import express from 'express';

export const app = express();
app.set('trust proxy', 1); // served behind the shop's TLS-terminating proxy
app.use(cookieSession({ name: 'session', keys: ['scenario-only-key'], maxAge: 3_600_000, httpOnly: false, secure: false }));

app.get('/login', (req, res) => {
  req.session!.email = String(req.query.email);
  res.json({ signedIn: req.session!.email });
});

app.get('/me', (req, res) => {
  res.json({ email: req.session?.email ?? null });
});
