import assert from 'node:assert';
import { attack, phase, run } from './harness';
import { confirmation } from './emails';

run(async () => {
  assert.strictEqual(confirmation('Ada', ['Panel 400 W', 'Inverter']), '<p>Hello Ada,</p>\n<p>Your order is <b>on its way</b>.</p>\n<ul><li>Panel 400 W</li><li>Inverter</li></ul>');
  assert.match(confirmation('Zoë', []), /<p>Hello Zoë,<\/p>/);

  const attacked = confirmation('<img src=x onerror="alert(1)">', ['<script>alert(2)</script>']);
  attack('markup in a name or an item reaches the HTML', attacked.includes('<img src=x') || attacked.includes('<script>'), attacked);
  if (phase === 'after') assert.match(attacked, /<p>Hello &lt;img src&#x3D;x onerror&#x3D;&quot;alert\(1\)&quot;&gt;,<\/p>/, attacked);
});
