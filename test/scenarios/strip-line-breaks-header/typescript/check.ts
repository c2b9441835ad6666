import express from 'express';
import assert from 'node:assert';
import { downloads } from './downloads';
import { attack, phase, run, withServer } from './harness';

run(async () => {
  const app = express();
  app.use(downloads);
  await withServer(app, async (get) => {
    const report = await get('/export', { name: 'orders-2026' });
    assert.strictEqual(report.headers.get('content-disposition'), 'attachment; filename="orders-2026.csv"');
    assert.strictEqual(report.body, 'id,total\n');
    assert.strictEqual((await get('/lang', { lang: 'de-CH' })).headers.get('content-language'), 'de-CH');
    // Express's res.set writes String(value): a missing one was the text "undefined" and stays so.
    assert.strictEqual((await get('/lang')).headers.get('content-language'), 'undefined');

    const tracked = await get('/track', { utm_campaign: 'spring-sale' });
    assert.strictEqual(tracked.status, 200);
    assert.strictEqual(tracked.headers.get('x-campaign'), 'spring-sale');
    assert.strictEqual(tracked.headers.get('content-type'), 'text/plain', 'the other headers of writeHead stay');
    // Node refuses an undefined header value: still an error after the fix, not the text "undefined".
    const untracked = await get('/track');
    assert.strictEqual(untracked.status, 500, `a missing campaign: ${untracked.status} ${untracked.headers.get('x-campaign')}`);

    // A line break in user data would start a header of the attacker's; Node refuses to write it, so
    // before the fix the download fails; after it, the header is sent without the break and adds nothing.
    const split = await get('/export', { name: 'orders\r\nSet-Cookie: admin=1' });
    attack('a line break in the name reaches the Content-Disposition header', split.status === 500, split.status);
    const campaign = await get('/track', { utm_campaign: 'sale\r\nSet-Cookie: admin=1' });
    attack('a line break in the campaign reaches the X-Campaign header', campaign.status === 500, campaign.status);
    const lang = await get('/lang', { lang: 'de\nX-Admin: 1' });
    attack('a line break in the language reaches the Content-Language header', lang.status === 500, lang.status);
    if (phase === 'after') {
      assert.strictEqual(split.headers.get('content-disposition'), 'attachment; filename="ordersSet-Cookie: admin=1.csv"');
      assert.strictEqual(split.headers.get('set-cookie'), null);
      assert.strictEqual(campaign.headers.get('x-campaign'), 'saleSet-Cookie: admin=1');
      assert.strictEqual(lang.headers.get('x-admin'), null);
    }
  });
});
