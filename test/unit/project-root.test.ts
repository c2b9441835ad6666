import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clearProjectRootCache, projectRootOf } from '../../server/src/workspace/project-root';

// A file's project root comes from the file's folders alone (never the working folder).

describe('workspace: project root', () => {
  let top: string;
  beforeEach(() => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-root-')));
    clearProjectRootCache();
  });
  afterEach(() => fs.rmSync(top, { recursive: true, force: true }));
  const make = (files: string[]) => {
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(top, file)), { recursive: true });
      fs.writeFileSync(path.join(top, file), '');
    }
  };

  it('the git work tree holding the file, above any nested package marker', () => {
    make(['repo/.git/HEAD', 'repo/services/api/pyproject.toml', 'repo/services/api/app/x.py', 'repo/web/package.json']);
    assert.strictEqual(projectRootOf(path.join(top, 'repo/services/api/app/x.py')), path.join(top, 'repo'));
    assert.strictEqual(projectRootOf(path.join(top, 'repo/web/page.ts')), path.join(top, 'repo'));
  });

  it('without git, the outermost folder with pyproject.toml, setup.cfg, setup.py or package.json', () => {
    make(['proj/setup.py', 'proj/src/pkg/static/package.json', 'proj/src/pkg/mod/x.py']);
    assert.strictEqual(projectRootOf(path.join(top, 'proj/src/pkg/mod/x.py')), path.join(top, 'proj'));
    assert.strictEqual(projectRootOf(path.join(top, 'proj/src/pkg/static/app.js')), path.join(top, 'proj'));
  });

  it('without any, the file system root (imports are looked for in every folder above)', () => {
    make(['loose/scripts/x.py']);
    const file = path.join(top, 'loose/scripts/x.py');
    const markers = path.dirname(top).split(path.sep).some((_, i, parts) => ['.git', 'pyproject.toml', 'setup.cfg', 'setup.py', 'package.json'].some((m) => fs.existsSync(path.join(parts.slice(0, i + 1).join(path.sep) || path.sep, m))));
    if (!markers) assert.strictEqual(projectRootOf(file), path.parse(file).root);
    else assert.ok(!path.relative(projectRootOf(file), top).startsWith('..'), 'a marker above the temp folder: its root holds the file');
  });

  it('asks each folder for its markers once, however many files sit below it', () => {
    make(['proj/setup.py', 'proj/a/x.py', 'proj/b/y.py', 'proj/b/deep/z.py']);
    const asked = new Map<string, number>();
    // The module object the code under test reads `existsSync` from.
    const spied = require('fs') as { existsSync: typeof fs.existsSync };
    const existsSync = spied.existsSync;
    spied.existsSync = (p: fs.PathLike) => {
      asked.set(String(p), (asked.get(String(p)) ?? 0) + 1);
      return existsSync(p);
    };
    try {
      for (const file of ['proj/a/x.py', 'proj/b/y.py', 'proj/b/deep/z.py']) assert.strictEqual(projectRootOf(path.join(top, file)), path.join(top, 'proj'));
    } finally {
      spied.existsSync = existsSync;
    }
    assert.ok(asked.has(path.join(top, 'proj', 'setup.py')), 'the spy saw the walk');
    assert.deepStrictEqual([...asked].filter(([, n]) => n > 1), []);
  });
});
