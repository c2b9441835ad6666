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

// How the invoice API reports its own errors.
const errorReporting = { showStack: true };

app.get('/invoices/:id', (req, res) => {
  try {
    if (!/^\d+$/.test(req.params.id)) throw new RangeError(`invoice id ${req.params.id} is not a number`);
    res.json({ id: Number(req.params.id), status: 'paid' });
  } catch (error) {
    const reason = error as Error;
    res.status(500).json({ error: reason.message, ...(errorReporting.showStack ? { stack: reason.stack } : {}) });
  }
});
