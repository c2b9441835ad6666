// The installer app's API, behind the company's load balancer.
import express from 'express';

export const app = express();
app.enable('x-powered-by');
app.enable('trust proxy');

app.get('/api/panels', (_req, res) => {
  res.json([{ sku: 'PV-400', watts: 400 }]);
});

app.get('/api/whoami', (req, res) => {
  res.json({ ip: req.ip, secure: req.secure });
});
