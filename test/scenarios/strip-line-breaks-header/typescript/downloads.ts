// Report downloads and campaign tracking.
import { Router } from 'express';

export const downloads = Router();

downloads.get('/export', (req, res) => {
  const name = req.query.name;
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  res.send('id,total\n');
});

downloads.get('/lang', (req, res) => {
  res.set('Content-Language', req.query.lang as string);
  res.end();
});

downloads.get('/track', (req, res) => {
  const campaign = typeof req.query.utm_campaign === 'string' ? req.query.utm_campaign : undefined;
  res.writeHead(200, { 'X-Campaign': campaign, 'Content-Type': 'text/plain' });
  res.end('tracked');
});
