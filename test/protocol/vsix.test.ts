import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { isBuiltin } from 'module';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import { LspProcess } from './lsp-process';
import { FASTAPI, NEXT_ROUTE } from './samples';
import { unzip } from './unzip';

// The packaged extension: what the .vsix carries is enough to run the server with no
// node_modules of the repository in reach (tree-sitter natives and rules included).
describe('packaged extension (.vsix)', () => {
  let dir: string;
  let entries: string[];
  let VSIX: string;

  // Packages the current build every run (about a second), so a stale .vsix is never tested.
  before(function () {
    this.timeout(180_000);
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'server.js'))) execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-vsix-'));
    VSIX = path.join(dir, 'vigil.vsix');
    const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
    execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', VSIX], { cwd: REPO_ROOT, stdio: 'pipe' });
    entries = unzip(VSIX, path.join(dir, 'unpacked'));
    dir = path.join(dir, 'unpacked');
  });

  after(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('carries the bundles, tree-sitter natives, rules, grammar, manifest and README', () => {
    for (const expected of [
      'extension/package.json',
      'extension/readme.md',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/server-main.js',
      'extension/dist/cli.js',
      'extension/dist/cli-main.js',
      'extension/dist/cli-worker.js',
      'extension/dist/node_modules/tree-sitter/package.json',
      'extension/dist/node_modules/tree-sitter-python/package.json',
      'extension/dist/node_modules/node-gyp-build/package.json',
      'extension/dist/node_modules/typescript/lib/typescript.js',
      'extension/dist/node_modules/undici/index.js',
      'extension/dist/node_modules/scslre/index.js',
      'extension/dist/node_modules/refa/index.js',
      'extension/dist/node_modules/@eslint-community/regexpp/index.js',
      'extension/rules/sql-injection/rule.json',
      'extension/rules/sql-injection/README.md',
      'extension/rules/taint/python.json',
      'extension/rules/frameworks/python/fastapi.json',
      'extension/rules/frameworks/typescript/nextjs.json',
      'extension/rules/schema/rule.schema.json',
      'extension/syntaxes/vigil-ignore.injection.json',
      'extension/dist/schemas/vigil.config.schema.json',
      'extension/dist/schemas/package.vigil.schema.json',
      'extension/media/vigil.svg',
      'extension/media/walkthrough/fix.md',
    ]) {
      assert.ok(entries.some((e) => e.toLowerCase() === expected.toLowerCase()), `${expected} is missing from the .vsix`);
    }
    assert.ok(entries.some((e) => /^extension\/dist\/node_modules\/tree-sitter\/.*\.node$/.test(e)), 'no tree-sitter native addon');
    assert.ok(entries.some((e) => /^extension\/dist\/node_modules\/tree-sitter-python\/.*\.node$/.test(e)), 'no tree-sitter-python native addon');
  });

  it('leaves sources, tests, build output, examples and the root node_modules out', () => {
    const unwanted = entries.filter((e) => /^extension\/(client|server|test|out|examples|node_modules|\.ci)\//.test(e) || /\.(ts|map|vsix)$/.test(e));
    assert.deepStrictEqual(unwanted, []);
    const size = fs.statSync(VSIX).size;
    assert.ok(size < 15_000_000, `the .vsix is ${size} bytes`);
  });

  it('resolves every package its bundles require from its own dist/node_modules, and the CLI package depends on those of the CLI', () => {
    const cliDependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'npm', 'package.json'), 'utf8')).dependencies);
    const bundles = ['server.js', 'server-main.js', 'cli.js', 'cli-main.js', 'cli-worker.js'];
    const required = new Set<string>();
    for (const bundle of bundles) {
      const file = path.join(dir, 'extension', 'dist', bundle);
      for (const name of externalModules(fs.readFileSync(file, 'utf8'))) {
        required.add(name);
        // The unpacked .vsix is outside the repository: no node_modules of ours above it.
        assert.doesNotThrow(() => require.resolve(name, { paths: [path.dirname(file)] }), `${bundle} requires ${name}, which the .vsix does not carry`);
        if (bundle.startsWith('cli')) assert.ok(cliDependencies.includes(name), `${bundle} requires ${name}; the CLI's npm package does not depend on it`);
      }
    }
    // Kept out of the bundles (loaded when first used), so they must be found here.
    for (const lazy of ['undici', 'scslre', '@eslint-community/regexpp', 'typescript', 'tree-sitter']) assert.ok(required.has(lazy), `no bundle requires ${lazy}: ${[...required].join(', ')}`);
  });

  it('[analyzers] runs its own server and reports SQL injection in a Python and a TypeScript file', async () => {
    const serverJs = path.join(dir, 'extension', 'dist', 'server.js');
    const { server } = await LspProcess.start(serverJs, { cwd: dir });
    try {
      const { diagnostics } = await server.open(FASTAPI.uri, FASTAPI.languageId, FASTAPI.text);
      const found = diagnostics.filter((d) => d.code === 'sql-injection');
      assert.strictEqual(found.length, 1, JSON.stringify(diagnostics));
      assert.strictEqual(found[0].range.start.line, FASTAPI.sinkLine);
      const next = await server.open(NEXT_ROUTE.uri, NEXT_ROUTE.languageId, NEXT_ROUTE.text);
      const inTs = next.diagnostics.filter((d) => d.code === 'sql-injection');
      assert.strictEqual(inTs.length, 1, `TypeScript (compiler from dist/node_modules): ${JSON.stringify(next.diagnostics)}`);
      assert.strictEqual(inTs[0].range.start.line, NEXT_ROUTE.sinkLine);
      // The ReDoS analysis (scslre, refa, regexpp) is loaded from dist/node_modules on the first pattern.
      const redos = await server.open('file:///workspace/shop/api/search.py', 'python', BACKTRACKING);
      assert.deepStrictEqual(redos.diagnostics.filter((d) => d.code === 'redos').map((d) => d.range.start.line), [8], JSON.stringify(redos.diagnostics));
      assert.strictEqual(await server.shutdown(), 0);
    } finally {
      server.kill();
    }
  });
});

/** A pattern that backtracks exponentially, matched against request data. */
const BACKTRACKING = [
  'import re',
  '',
  'from fastapi import FastAPI',
  '',
  'app = FastAPI()',
  '',
  '@app.get("/search")',
  'def search(q: str):',
  '    return {"ok": bool(re.match(r"^(a+)+$", q))}',
  '',
].join('\n');

/** Packages a bundle requires at run time (`require("x")`, `import("x")`): not Node's own, not a string in generated code. */
function externalModules(bundle: string): Set<string> {
  const names = new Set<string>();
  for (const [, name] of bundle.matchAll(/(?<![\w.'"`$])(?:require|import)\("([^"./][^"]*)"\)/g)) {
    if (isBuiltin(name)) continue;
    names.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]);
  }
  return names;
}
