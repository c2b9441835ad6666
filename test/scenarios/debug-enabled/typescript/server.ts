// The shop's API server.
import express from 'express';

process.env.NODE_ENV = 'development';

export const app = express();

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get('/orders/:id', (req, res) => {
  const orders = new Map([['1', { id: 1, totalCents: 12050 }]]);
  const order = orders.get(req.params.id);
  // An unknown id is a bug here: a 500.
  res.json({ id: order!.id, totalCents: order!.totalCents });
});
