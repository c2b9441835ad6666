// The orders route of the TypeScript SQL scenarios (typescript-pg, typescript-mysql2: copied in as
// check.ts), served for real and queried over HTTP; each scenario's db.ts gives the driver's pool.
import express from 'express';
import assert from 'node:assert';
import { attack, run, withServer } from './harness';
import { pool, seed } from './db';
import { ordersRouter } from './orders';

run(async () => {
  await seed([
    'CREATE TABLE orders (id INTEGER PRIMARY KEY, email TEXT NOT NULL, status TEXT NOT NULL, total_cents INTEGER NOT NULL)',
    `INSERT INTO orders (id, email, status, total_cents) VALUES
      (1, 'ada@example.com', 'paid', 12050), (2, 'ada@example.com', 'open', 8000),
      (3, 'bob@example.com', 'paid', 4200), (4, 'zoë@example.com', 'paid', 950), (5, 'o''brien@example.com', 'paid', 700)`,
  ]);
  const app = express();
  app.use(ordersRouter(pool));
  await withServer(app, async (get) => {
    const orders = async (query: Record<string, string>) => {
      const reply = await get('/orders', query);
      return reply.status === 200 ? (JSON.parse(reply.body) as { id: number; total_cents: number }[]).map((o) => [o.id, Number(o.total_cents)]) : reply.status;
    };
    assert.deepStrictEqual(await orders({ email: 'ada@example.com' }), [[1, 12050]], "a customer's paid orders");
    assert.deepStrictEqual(await orders({ email: 'ada@example.com', status: 'open' }), [[2, 8000]], 'the status filter');
    assert.deepStrictEqual(await orders({ email: 'zoë@example.com' }), [[4, 950]], 'a non-ASCII e-mail');
    assert.deepStrictEqual(await orders({ email: 'nobody@example.com' }), [], 'no orders');

    const injected = await orders({ email: "x' OR '1'='1" });
    attack("an e-mail of x' OR '1'='1 lists other customers' orders", Array.isArray(injected) && injected.length > 0, injected);
    const quoted = await orders({ email: "o'brien@example.com" });
    attack('a quote in an e-mail breaks the query', quoted === 500, quoted);
    if (!Array.isArray(injected)) assert.fail(`the injected e-mail is an error after the fix (${injected}), not a value`);
    if (quoted !== 500) assert.deepStrictEqual(quoted, [[5, 700]], 'an e-mail with a quote finds its orders');
  });
});
