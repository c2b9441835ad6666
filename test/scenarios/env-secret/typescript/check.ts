import assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

process.env.JWT_SECRET = 'from-the-environment-7c1e';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const session = require('./session') as typeof import('./session');
assert.strictEqual(session.readSession(session.signSession('42')), '42', 'a token signed is read back');
assert.ok(!session.tag('x').startsWith('undefined'), 'the secret is never the text "undefined"');

if (process.env.SCENARIO_PHASE === 'after') {
  // Unset: loading the module fails at once, naming the variable.
  const env = { ...process.env };
  delete env.JWT_SECRET;
  const started = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(__dirname, 'session.js'))})`], { env, encoding: 'utf8' });
  assert.notStrictEqual(started.status, 0, 'the app does not start without the secret');
  assert.match(started.stderr, /JWT_SECRET is not set/);
}
console.log('ok');
