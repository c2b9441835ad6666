// Orders of a customer, from the shop's PostgreSQL database (node-postgres pool passed in).
import { Router } from 'express';
import type { Pool } from 'pg';

export function ordersRouter(pool: Pool): Router {
  const router = Router();
  router.get('/orders', async (req, res) => {
    const email = String(req.query.email);
    const status = typeof req.query.status === 'string' ? req.query.status : 'paid';
    const { rows } = await pool.query(`SELECT id, total_cents FROM orders WHERE email = '${email}' AND status = '` + status + `' ORDER BY id`);
    res.json(rows);
  });
  return router;
}
