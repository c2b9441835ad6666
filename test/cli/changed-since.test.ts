import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { changedSince } from '../../server/src/cli/changed';
import { findSourceFiles } from '../../server/src/workspace/files';
import type { JsonReport } from '../../server/src/cli/format/json';
import { removeProjects, runFakeCli, SAFE_PY, tempProject, VULNERABLE_PY } from './helpers';

// --changed-since <ref> in a throwaway git repository: changed and untracked files, plus the
// files importing them.

function git(dir: string, ...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=Vigil Test', '-c', 'user.email=test@vigil.dev', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  assert.strictEqual(run.status, 0, run.stderr);
}

function repo(): string {
  const dir = tempProject({
    'api/__init__.py': '',
    'api/db.py': 'def get_db():\n    return None\n',
    'api/customers.py': `from .db import get_db\n${VULNERABLE_PY}`,
    'api/orders.py': `from api import db\n${VULNERABLE_PY}`,
    'api/untouched.py': VULNERABLE_PY,
    'jobs/report.py': `import api.db\n${VULNERABLE_PY}`,
    'jobs/nightly.py': `from jobs.report import run\n${VULNERABLE_PY}`,
    'web/lib/db.ts': 'export const pool = {};\n',
    'web/app/page.tsx': "import { pool } from '../lib/db';\nexport default function Page() { return null; }\n",
    'web/app/other.ts': "import { x } from './elsewhere';\n",
    'web/app/dynamic.js': "const db = require('../lib/db.js');\n",
    'web/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
    'web/app/api/orders/route.ts': "import { pool } from '@/lib/db';\nexport async function GET() { return pool; }\n",
    '.gitignore': 'ignored/\n',
  });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

const relative = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

describe('cli: --changed-since', () => {
  after(removeProjects);

  it('nothing changed: nothing to scan', async () => {
    const dir = repo();
    const run = await runFakeCli(['scan', '--changed-since', 'HEAD', '--format', 'json'], dir);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual((JSON.parse(run.stdout) as JsonReport).summary.scannedFiles, 0);
  });

  it('changed (committed or not) and untracked files, plus the files importing them (also through another module)', async () => {
    const dir = repo();
    fs.appendFileSync(path.join(dir, 'api/db.py'), '# pool size 5\n');
    fs.appendFileSync(path.join(dir, 'web/lib/db.ts'), '// pool\n');
    fs.writeFileSync(path.join(dir, 'api/new_route.py'), VULNERABLE_PY);
    fs.mkdirSync(path.join(dir, 'ignored'));
    fs.writeFileSync(path.join(dir, 'ignored/gen.py'), VULNERABLE_PY);
    const files = changedSince(findSourceFiles(['.'], dir).files, 'HEAD', dir);
    assert.deepStrictEqual(relative(dir, files), [
      'api/customers.py', // from .db import get_db
      'api/db.py',
      'api/new_route.py', // untracked
      'api/orders.py', // from api import db
      'jobs/nightly.py', // from jobs.report import run (two hops)
      'jobs/report.py', // import api.db
      'web/app/api/orders/route.ts', // from '@/lib/db' (tsconfig paths)
      'web/app/dynamic.js', // require('../lib/db.js')
      'web/app/page.tsx', // from '../lib/db'
      'web/lib/db.ts',
    ]);

    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'second');
    const run = await runFakeCli(['scan', '--changed-since', 'HEAD~1', '--format', 'json'], dir);
    assert.strictEqual(run.code, 1);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.strictEqual(report.summary.scannedFiles, 10);
    assert.deepStrictEqual([...new Set(report.findings.map((f) => f.path))], ['api/customers.py', 'api/new_route.py', 'api/orders.py', 'jobs/nightly.py', 'jobs/report.py']);
  });

  it('exits 2 for an unknown ref or outside a git repository', async () => {
    const dir = repo();
    const bad = await runFakeCli(['scan', '--changed-since', 'no-such-branch'], dir);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /^vigil: --changed-since: git diff .*failed: .*no-such-branch/);
    const outside = await runFakeCli(['scan', '--changed-since', 'HEAD'], tempProject({ 'a.py': SAFE_PY }));
    assert.strictEqual(outside.code, 2);
    assert.match(outside.stderr, /--changed-since: git rev-parse --show-toplevel failed/);
  });
});
