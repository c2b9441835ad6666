import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../../server/src/cli/exit-codes';
import { findSourceFiles } from '../../server/src/cli/files';
import { removeProjects, tempProject } from './helpers';

describe('cli: file discovery', () => {
  after(removeProjects);

  it('finds supported files recursively, sorted, skipping dependency and build folders and virtualenvs', () => {
    const root = tempProject({
      'b.py': '',
      'a/z.ts': '',
      'a/y.tsx': '',
      'a/README.md': '',
      'a/data.json': '',
      'A.js': '',
      'node_modules/pkg/index.js': '',
      '.git/hooks/x.py': '',
      'dist/cli.js': '',
      'build/x.py': '',
      'out/x.js': '',
      '.next/x.js': '',
      '__pycache__/x.py': '',
      '.venv/lib/x.py': '',
      '.tox/x.py': '',
      'coverage/x.js': '',
      'env/pyvenv.cfg': '',
      'env/lib/site.py': '',
      'envs/settings.py': '',
    });
    const { files, unreadable } = findSourceFiles(['.'], root);
    assert.deepStrictEqual(
      files.map((f) => path.relative(root, f).split(path.sep).join('/')),
      ['A.js', 'a/y.tsx', 'a/z.ts', 'b.py', 'envs/settings.py'],
    );
    assert.deepStrictEqual(unreadable, []);
  });

  it('takes files named explicitly and de-duplicates overlapping paths', () => {
    const root = tempProject({ 'src/a.py': '', 'src/b.py': '' });
    const { files } = findSourceFiles(['src/b.py', 'src', './src/a.py'], root);
    assert.deepStrictEqual(files, [path.join(root, 'src/a.py'), path.join(root, 'src/b.py')]);
  });

  it('a folder named explicitly is scanned even when it would be skipped inside a tree', () => {
    const root = tempProject({ 'build/gen.py': '' });
    assert.deepStrictEqual(findSourceFiles(['build'], root).files, [path.join(root, 'build/gen.py')]);
  });

  it('a missing path or an unsupported file is a usage error', () => {
    const root = tempProject({ 'notes.txt': '' });
    assert.throws(() => findSourceFiles(['nope'], root), (e: unknown) => e instanceof UsageError && /no such file or folder: nope/.test(e.message));
    assert.throws(() => findSourceFiles(['notes.txt'], root), (e: unknown) => e instanceof UsageError && /notes\.txt/.test(e.message));
  });

  it('does not follow symbolic links to folders (no cycles)', () => {
    const root = tempProject({ 'src/a.py': '' });
    fs.symlinkSync(root, path.join(root, 'src', 'loop'));
    assert.deepStrictEqual(findSourceFiles(['.'], root).files, [path.join(root, 'src/a.py')]);
  });
});
