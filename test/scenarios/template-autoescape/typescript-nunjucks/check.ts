import assert from 'node:assert';
import { attack, phase, run } from './harness';
import { orderPage } from './pages';

// nunjucks.configure({ autoescape: false }) → autoescape: true: the page renders the same for plain
// names (non-ASCII too), the shop's own markup marked `safe` stays markup; before, a script in a
// name or an item reaches the page; after, it is escaped.
run(async () => {
  assert.strictEqual(
    orderPage('Zoë Müller', ['Panel 400 W', 'Inverter']),
    '<h1>Order for Zoë Müller</h1>\n<p>Your order is <b>on its way</b>.</p>\n<ul><li>Panel 400 W</li><li>Inverter</li></ul>',
  );
  const page = orderPage('<script>steal()</script>', ['<img src=x onerror=alert(1)>']);
  attack('markup in a name or an item reaches the page', page.includes('<script>') || page.includes('<img'), page);
  if (phase === 'after') {
    assert.ok(page.includes('&lt;script&gt;steal()&lt;/script&gt;') && page.includes('&lt;img src=x onerror=alert(1)&gt;'), page);
    assert.ok(page.includes('<b>on its way</b>'), page);
  }
});
