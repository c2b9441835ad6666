// Which project file a TS/JS import names (cross-module taint): TypeScript's own resolution
// under the nearest tsconfig.json/jsconfig.json, project source files only.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clearTypeScriptResolutionCache, resolveTypeScriptImport } from '../../server/src/workspace/typescript-resolve';

/** Writes `files` (relative path → text) under a new temp folder; returns its real path. */
function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-resolve-')));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const NEXT_TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2017', module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve', baseUrl: '.', paths: { '@/*': ['./src/*'] } },
});

describe('TypeScript import resolution (project files only)', () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return root;
  };
  afterEach(() => clearTypeScriptResolutionCache());
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('resolves relative imports, index files and the `@/` alias of a Next.js tsconfig', () => {
    const root = make({
      'tsconfig.json': NEXT_TSCONFIG,
      'src/app/api/search/route.ts': '',
      'src/lib/db.ts': '',
      'src/lib/queries/index.ts': '',
      'src/components/Card.tsx': '',
    });
    const from = path.join(root, 'src/app/api/search/route.ts');
    assert.strictEqual(resolveTypeScriptImport(from, '../../../lib/db'), path.join(root, 'src/lib/db.ts'));
    assert.strictEqual(resolveTypeScriptImport(from, '@/lib/db'), path.join(root, 'src/lib/db.ts'));
    assert.strictEqual(resolveTypeScriptImport(from, '@/lib/queries'), path.join(root, 'src/lib/queries/index.ts'));
    assert.strictEqual(resolveTypeScriptImport(from, '@/components/Card'), path.join(root, 'src/components/Card.tsx'));
    assert.strictEqual(resolveTypeScriptImport(from, '@/lib/missing'), undefined);
  });

  it('resolves ESM `.js` specifiers to the `.ts` file, and plain JS projects without a config', () => {
    const esm = make({ 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }), 'package.json': '{"type":"module"}', 'src/server.ts': '', 'src/db.ts': '' });
    assert.strictEqual(resolveTypeScriptImport(path.join(esm, 'src/server.ts'), './db.js'), path.join(esm, 'src/db.ts'));
    const plain = make({ 'server.js': '', 'lib/sql.js': '', 'routes/index.js': '' });
    assert.strictEqual(resolveTypeScriptImport(path.join(plain, 'server.js'), './lib/sql'), path.join(plain, 'lib/sql.js'));
    assert.strictEqual(resolveTypeScriptImport(path.join(plain, 'server.js'), './routes'), path.join(plain, 'routes/index.js'));
  });

  it('answers undefined for packages, declaration files, JSON, node: builtins and broken configs', () => {
    const root = make({
      'tsconfig.json': NEXT_TSCONFIG,
      'src/app/page.tsx': '',
      'src/types/env.d.ts': '',
      'src/data/cities.json': '[]',
      'node_modules/left-pad/package.json': '{"name":"left-pad","main":"index.js"}',
      'node_modules/left-pad/index.js': '',
    });
    const from = path.join(root, 'src/app/page.tsx');
    assert.strictEqual(resolveTypeScriptImport(from, 'left-pad'), undefined);
    assert.strictEqual(resolveTypeScriptImport(from, '@/types/env'), undefined);
    assert.strictEqual(resolveTypeScriptImport(from, '@/data/cities.json'), undefined);
    assert.strictEqual(resolveTypeScriptImport(from, 'node:fs'), undefined);
    assert.strictEqual(resolveTypeScriptImport(from, 'fs'), undefined);
    const broken = make({ 'tsconfig.json': '{ "compilerOptions": ', 'a.ts': '', 'b.ts': '' });
    assert.strictEqual(resolveTypeScriptImport(path.join(broken, 'a.ts'), './b'), path.join(broken, 'b.ts'));
  });

  it('the nearest config wins: an app folder with its own jsconfig.json inside a repo with a tsconfig.json', () => {
    const root = make({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./shared/*'] } } }),
      'shared/util.ts': '',
      'web/jsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./lib/*'] } } }),
      'web/lib/util.js': '',
      'web/pages/index.js': '',
      'api/handler.ts': '',
    });
    assert.strictEqual(resolveTypeScriptImport(path.join(root, 'web/pages/index.js'), '@/util'), path.join(root, 'web/lib/util.js'));
    assert.strictEqual(resolveTypeScriptImport(path.join(root, 'api/handler.ts'), '@/util'), path.join(root, 'shared/util.ts'));
  });

  it('caches answers until cleared (a file added later is found after clearing)', () => {
    const root = make({ 'a.ts': '' });
    const from = path.join(root, 'a.ts');
    assert.strictEqual(resolveTypeScriptImport(from, './b'), undefined);
    fs.writeFileSync(path.join(root, 'b.ts'), '');
    assert.strictEqual(resolveTypeScriptImport(from, './b'), undefined, 'the cached negative answer');
    clearTypeScriptResolutionCache();
    assert.strictEqual(resolveTypeScriptImport(from, './b'), path.join(root, 'b.ts'));
  });
});
