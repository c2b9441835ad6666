import assert from 'node:assert';
import { attack, run, withServer } from './harness';
import { app } from './server';

run(async () => {
  await withServer(app, async (get) => {
    assert.deepStrictEqual(JSON.parse((await get('/health')).body), { status: 'ok' });
    assert.deepStrictEqual(JSON.parse((await get('/orders/1')).body), { id: 1, totalCents: 12050 });
    const crash = await get('/orders/2');
    assert.strictEqual(crash.status, 500);
    // Express's error handler shows the stack (code paths) unless NODE_ENV is production.
    attack('an error shows the stack trace to the client', /server\.js|TypeError/.test(crash.body), crash.body.slice(0, 200));
    // The invoice API's own error reporting (showStack: true → false): the same answers and the
    // same message for a bad id; the stack (file paths, line numbers) only before the fix.
    assert.deepStrictEqual(JSON.parse((await get('/invoices/7')).body), { id: 7, status: 'paid' });
    const bad = await get('/invoices/x7');
    assert.strictEqual(bad.status, 500);
    const reported = JSON.parse(bad.body) as { error: string; stack?: string };
    assert.strictEqual(reported.error, 'invoice id x7 is not a number');
    attack('the invoice error shows its stack trace', /server\.js:\d+/.test(reported.stack ?? ''), reported);
  });
});
