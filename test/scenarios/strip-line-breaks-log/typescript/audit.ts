// The shop's audit trail: failed sign-ins, searches and referrals, one log line each.
import { Router } from 'express';

export const audit = Router();

audit.get('/login/failed', (req, res) => {
  const email = String(req.query.email ?? '');
  console.warn(`failed login for ${email}`);
  res.sendStatus(401);
});

audit.get('/search', (req, res) => {
  console.info('search: ' + req.query.q + ' (' + req.query.page + ')');
  res.json([]);
});

audit.get('/referral', (req, res) => {
  console.log(req.query.ref);
  res.sendStatus(204);
});
