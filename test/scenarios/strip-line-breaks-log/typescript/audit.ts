// The shop's audit trail: failed sign-ins, searches, referrals and page views, one log line each.
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

// Page views: the whole query, as Node prints an object.
audit.get('/track', (req, res) => {
  const visit = req.query;
  console.info(visit);
  res.sendStatus(204);
});
