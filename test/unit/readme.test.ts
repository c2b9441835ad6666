import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';

describe('README', () => {
  it('lists every rule of rules/ (the table is generated: npm run docs)', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'server/scripts/rule-list.mjs'), '--check'], { encoding: 'utf8' });
    assert.strictEqual(run.status, 0, run.stderr);
  });
});
