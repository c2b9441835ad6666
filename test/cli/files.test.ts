import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findSourceFiles, SourcePathError } from '../../server/src/workspace/files';
import type { JsonReport } from '../../server/src/cli/format/json';
import { removeProjects, runFakeCli, SAFE_PY, tempProject, VULNERABLE_PY } from './helpers';

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
      'venv/lib/x.py': '',
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
    assert.throws(() => findSourceFiles(['nope'], root), (e: unknown) => e instanceof SourcePathError && /no such file or folder: nope/.test(e.message));
    assert.throws(() => findSourceFiles(['notes.txt'], root), (e: unknown) => e instanceof SourcePathError && /notes\.txt/.test(e.message));
  });

  it('does not follow symbolic links to folders (no cycles)', () => {
    const root = tempProject({ 'src/a.py': '' });
    fs.symlinkSync(root, path.join(root, 'src', 'loop'));
    assert.deepStrictEqual(findSourceFiles(['.'], root).files, [path.join(root, 'src/a.py')]);
  });

  const relative = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  it('skips what the repository\'s .gitignore files ignore, with git\'s pattern rules', () => {
    const root = tempProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': [
        '# generated code',
        'generated/',
        '*.gen.ts',
        '/top_only.py',
        'docs/**/*.py',
        'secret?.py',
        'logs',
        '!keep.gen.ts',
        '\\#hash.py',
        '',
      ].join('\n'),
      'api/.gitignore': 'local_*.py\n!local_ok.py\n/anchored.py\n',
      'generated/a.py': '',
      'src/generated/b.py': '',
      'src/generated.py': '',
      'web/x.gen.ts': '',
      'web/keep.gen.ts': '',
      'top_only.py': '',
      'src/top_only.py': '',
      'docs/a/b/c.py': '',
      'docs/c.py': '',
      'secret1.py': '',
      'secret12.py': '',
      'logs/x.py': '',
      '#hash.py': '',
      'api/local_dev.py': '',
      'api/local_ok.py': '',
      'api/anchored.py': '',
      'api/sub/anchored.py': '',
      'app.py': '',
    });
    assert.deepStrictEqual(relative(root, findSourceFiles(['.'], root).files), [
      'api/local_ok.py',
      'api/sub/anchored.py',
      'app.py',
      'secret12.py',
      'src/generated.py',
      'src/top_only.py',
      'web/keep.gen.ts',
    ]);
    // A sub-folder named on the command line still obeys the .gitignore files above it.
    assert.deepStrictEqual(relative(root, findSourceFiles(['api'], root).files), ['api/local_ok.py', 'api/sub/anchored.py']);
  });

  it('reads no .gitignore outside a git repository', () => {
    const root = tempProject({ '.gitignore': 'ignored.py\n', 'ignored.py': '' });
    assert.deepStrictEqual(relative(root, findSourceFiles(['.'], root).files), ['ignored.py']);
  });

  it('ignore: false (--no-ignore) scans dependency, build, virtualenv and .gitignored folders too, never .git', () => {
    const root = tempProject({ '.git/hooks/x.py': '', '.gitignore': 'gen/\n', 'gen/a.py': '', 'node_modules/p/i.js': '', 'env/pyvenv.cfg': '', 'env/s.py': '', 'dist/d.js': '' });
    assert.deepStrictEqual(relative(root, findSourceFiles(['.'], root).files), []);
    assert.deepStrictEqual(relative(root, findSourceFiles(['.'], root, { ignore: false }).files), ['dist/d.js', 'env/s.py', 'gen/a.py', 'node_modules/p/i.js']);
  });

  it('--no-ignore on the command line', async () => {
    const root = tempProject({ 'node_modules/lib/db.py': VULNERABLE_PY, 'app.py': SAFE_PY });
    assert.strictEqual((await runFakeCli(['scan'], root)).code, 0);
    const run = await runFakeCli(['scan', '--no-ignore', '--format', 'json'], root);
    assert.strictEqual(run.code, 1);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.path), ['node_modules/lib/db.py']);
  });

  it('skips a file over the size limit with a notice, and scans the rest', async () => {
    const root = tempProject({ 'big.py': `x = 1\n${'#'.repeat(3_100_000)}\n`, 'app.py': VULNERABLE_PY });
    const run = await runFakeCli(['scan', '--format', 'json'], root);
    assert.strictEqual(run.code, 1);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepStrictEqual(report.findings.map((f) => f.path), ['app.py']);
    assert.deepStrictEqual(report.notices.map((n) => [n.path, n.kind]), [['big.py', 'skipped']]);
    assert.match(report.notices[0].message, /^skipped: 3100007 bytes is over the size limit of 1000000 \(maxFileSize\)$/);
    assert.match((await runFakeCli(['scan'], root)).stderr, /^big\.py: skipped: 3100007 bytes is over the size limit/m);
  });
});
