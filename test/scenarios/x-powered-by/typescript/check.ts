import assert from 'node:assert';
import { attack, run, withServer } from './harness';
import { app } from './server';

run(async () => {
  await withServer(app, async (get) => {
    const panels = await get('/api/panels');
    assert.deepStrictEqual(JSON.parse(panels.body), [{ sku: 'PV-400', watts: 400 }]);
    assert.match(panels.headers.get('content-type') ?? '', /application\/json/);
    // The app's other settings stay: behind the proxy, the client's address and scheme come from its headers.
    const me = await get('/api/whoami', {}, { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' });
    assert.deepStrictEqual(JSON.parse(me.body), { ip: '203.0.113.7', secure: true });
    const missing = await get('/api/nothing');
    assert.strictEqual(missing.status, 404);
    // Every answer, errors too, tells an attacker which framework to look up exploits for.
    attack('the responses advertise the framework', panels.headers.get('x-powered-by') === 'Express' && missing.headers.get('x-powered-by') === 'Express', panels.headers.get('x-powered-by'));
  });
});
