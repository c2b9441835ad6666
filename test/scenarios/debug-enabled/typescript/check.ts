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
  });
});
