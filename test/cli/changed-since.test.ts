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

// The import layouts real projects use, each read from the parse (not a line regex): a gate on
// --changed-since must scan every importer a full scan would find the taint through.
describe('cli: --changed-since finds importers in every import layout', () => {
  after(removeProjects);

  function layouts(): string {
    const dir = tempProject({
      'app/__init__.py': '',
      'app/db.py': 'def get_db():\n    return None\n',
      // isort order: stdlib, third party, then the project's own modules after a blank line.
      'app/isort_order.py': `import os\nfrom typing import Optional\nfrom fastapi import APIRouter\n\nfrom .db import get_db\n${VULNERABLE_PY}`,
      'app/parenthesized.py': 'from .db import (\n    get_db,\n)\n',
      'app/aliased.py': 'import app.db as database\n',
      'app/submodule.py': 'from . import db\n',
      'app/nested.py': 'def handler():\n    from .db import get_db\n    return get_db()\n',
      // Mentions the import in a docstring only: no importer.
      'app/docs.py': '"""Usage:\nfrom .db import get_db\n"""\nimport os\n',
      // A package that re-exports a module's function, and a router importing it from the package.
      'app/services/__init__.py': 'from .search import find_products\n',
      'app/services/search.py': 'def find_products(term):\n    return term\n',
      'app/routers/products.py': 'from app.services import find_products\n',
      'web/lib/db.ts': 'export const pool = {};\n',
      'web/lib/index.ts': "export * from './db';\n",
      'web/lib/named.ts': "export { pool as db } from './db';\n",
      'web/app/barrel.ts': "import { pool } from '../lib';\nexport const p = pool;\n",
      'web/app/multiline.ts': "import type { X } from './types';\nimport {\n  pool,\n} from '../lib/db';\n",
      'web/app/lazy.ts': "export async function load() {\n  return (await import('../lib/db')).pool;\n}\n",
      // Mentions the import in a comment and a string only: no importer.
      'web/app/commented.ts': "// import { pool } from '../lib/db';\nexport const hint = \"import { pool } from '../lib/db'\";\n",
    });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'initial');
    return dir;
  }

  it('Python: isort-ordered, parenthesized, aliased, submodule, nested and __init__ re-exports; not a docstring', () => {
    const dir = layouts();
    fs.appendFileSync(path.join(dir, 'app/db.py'), '# pool size 5\n');
    fs.appendFileSync(path.join(dir, 'app/services/search.py'), '# ranking\n');
    const files = changedSince(findSourceFiles(['app'], dir).files, 'HEAD', dir);
    assert.deepStrictEqual(relative(dir, files), [
      'app/aliased.py',
      'app/db.py',
      'app/isort_order.py',
      'app/nested.py',
      'app/parenthesized.py',
      'app/routers/products.py', // through app/services/__init__.py
      'app/services/__init__.py',
      'app/services/search.py',
      'app/submodule.py',
    ]);
  });

  it('TypeScript: export * from, export { x } from, multi-line imports, import(), a barrel two hops away; not a comment or a string', () => {
    const dir = layouts();
    fs.appendFileSync(path.join(dir, 'web/lib/db.ts'), '// pool\n');
    const files = changedSince(findSourceFiles(['web'], dir).files, 'HEAD', dir);
    assert.deepStrictEqual(relative(dir, files), ['web/app/barrel.ts', 'web/app/lazy.ts', 'web/app/multiline.ts', 'web/lib/db.ts', 'web/lib/index.ts', 'web/lib/named.ts']);
  });

  it('a PR gate fails where the full scan fails: the isort-ordered importer of a changed module is scanned', async () => {
    const dir = layouts();
    fs.appendFileSync(path.join(dir, 'app/db.py'), '# pool size 5\n');
    const gate = await runFakeCli(['scan', 'app', '--changed-since', 'HEAD', '--format', 'json'], dir);
    const full = await runFakeCli(['scan', 'app', '--format', 'json'], dir);
    assert.strictEqual(full.code, 1, full.stderr);
    assert.strictEqual(gate.code, 1, gate.stderr);
    assert.deepStrictEqual((JSON.parse(gate.stdout) as JsonReport).findings.map((f) => f.path), ['app/isort_order.py']);
  });
});
