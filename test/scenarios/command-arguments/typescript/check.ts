import express from 'express';
import assert from 'node:assert';
import { attack, run, withServer } from './harness';
import { reports } from './reports';

run(async () => {
  const app = express();
  app.use(reports);
  await withServer(app, async (get) => {
    const echoed = async (query: Record<string, string>) => {
      const reply = await get('/reports/args', query);
      assert.strictEqual(reply.status, 200, reply.body);
      return reply.body;
    };
    assert.strictEqual(await echoed({ folder: 'invoices' }), 'invoices *.txt\n', 'the default pattern');
    assert.strictEqual(await echoed({ folder: '2024', pattern: 'q1.csv' }), '2024 q1.csv\n', 'both arguments');
    assert.strictEqual(await echoed({ folder: 'zoë' }), 'zoë *.txt\n', 'a non-ASCII argument');

    // A value is one argument: no second command, no command substitution.
    const chained = await echoed({ folder: 'x; echo pwned' });
    attack('a `;` in the folder runs a second command', chained.split('\n').includes('pwned *.txt'), chained);
    const substituted = await echoed({ folder: '$(echo pwned)' });
    attack('$(...) in the folder runs a command', substituted === 'pwned *.txt\n', substituted);
  });
});
