import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine, type AnalysisSettings, type ExportedFunction, type ImportedModule } from '../../server/src/engine';
import { exportedFunctions } from '../../server/src/engine/modules';
import { MAX_IMPORT_DEPTH, WorkspaceModules } from '../../server/src/workspace/project-modules';
import { clearPythonResolutionCache, isOutside, resolvePythonImport } from '../../server/src/workspace/python-resolve';
import { engine as sharedEngine } from '../helpers/fixtures';
import { UNGUARDED } from '../helpers/modules';

// The provider the CLI and the server share: which file an import names, and when a cached
// summary is still good (its text, and the summaries it used, unchanged).

const SETTINGS: AnalysisSettings = { rules: {} };

function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-modules-')));
  for (const [name, text] of Object.entries(files)) write(root, name, text);
  return root;
}

function write(root: string, name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  fs.writeFileSync(path.join(root, name), text);
}

/** An engine counting the modules it makes summarizers of, and the functions it walks for summaries. */
function countingEngine(): Engine & { summarized: string[]; walked: string[] } {
  const engine = Object.assign(new Engine({ catalog: sharedEngine().catalog }), { summarized: [] as string[], walked: [] as string[] });
  const summarizer = engine.summarizer.bind(engine);
  engine.summarizer = (file, text, settings, languageId) => {
    engine.summarized.push(file);
    const made = summarizer(file, text, settings, languageId);
    return made && { ...made, function: (name) => (engine.walked.push(`${file}#${name}`), made.function(name)), release: () => made.release() };
  };
  return engine;
}

/** A resolved module's functions, as the whole summary lists them (each one computed). */
function functionsOf(module: ImportedModule | undefined): Record<string, ExportedFunction> {
  assert.ok(module, 'resolved');
  return Object.fromEntries(exportedFunctions(module, () => true));
}

function modulesFor(engine: Engine, root: string, openTexts = new Map<string, string>()): WorkspaceModules {
  const modules = new WorkspaceModules({
    engine,
    roots: [root],
    fileOf: (shown) => path.resolve(root, shown),
    pathOf: (file) => path.relative(root, file).split(path.sep).join('/'),
    openText: (file) => openTexts.get(file),
    limits: UNGUARDED,
  });
  engine.projectModules = modules;
  modules.startAnalysis(SETTINGS);
  return modules;
}

const SOURCE = 'from flask import request\n\n\ndef term():\n    return request.args["q"]\n';
const PASS = 'from app.inner import term\n\n\ndef outer():\n    return term()\n';

describe('workspace: Python import resolution', () => {
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('finds module.py or package/__init__.py from the folders above, relative imports by their dots, nothing outside the root', () => {
    const root = project({ 'backend/app/services/search.py': '', 'backend/app/db/__init__.py': '', 'backend/app/routers/x.py': '', 'backend/app/__init__.py': '', 'flask.py': '' });
    roots.push(root);
    const from = path.join(root, 'backend/app/routers/x.py');
    const within = path.join(root, 'backend');
    assert.strictEqual(resolvePythonImport(from, 'app.services.search', within), path.join(root, 'backend/app/services/search.py'));
    assert.strictEqual(resolvePythonImport(from, 'app.db', within), path.join(root, 'backend/app/db/__init__.py'));
    assert.strictEqual(resolvePythonImport(from, '..services.search', within), path.join(root, 'backend/app/services/search.py'));
    assert.strictEqual(resolvePythonImport(from, '..', within), path.join(root, 'backend/app/__init__.py'));
    assert.strictEqual(resolvePythonImport(from, '.missing', within), undefined);
    // A pip package (or a file above the root) is no project module.
    assert.strictEqual(resolvePythonImport(from, 'flask', within), undefined);
    assert.strictEqual(resolvePythonImport(from, 'flask', root), path.join(root, 'flask.py'));
    assert.strictEqual(resolvePythonImport(from, 'app/../x', within), undefined);
  });
});

describe('workspace: Python absolute imports from many folders', () => {
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('finds the nearest module from any folder below it, nothing for a name no folder holds, and a module made since the caches were cleared', () => {
    const root = project({ 'app/db.py': '', 'app/api/v1/orders/x.py': '', 'app/api/v1/users/x.py': '', 'app/api/db.py': '', 'app/services/pay/x.py': '', 'app/api/sqlalchemy_utils.py': '' });
    roots.push(root);
    clearPythonResolutionCache(); // folder listings are read once: the temporary folder is new since
    const from = (folder: string) => path.join(root, folder, 'x.py');
    const within = root;
    // `db` from below app/api is app/api/db.py (nearer); from elsewhere in app it is app/db.py.
    assert.strictEqual(resolvePythonImport(from('app/api/v1/orders'), 'db', within), path.join(root, 'app/api/db.py'));
    assert.strictEqual(resolvePythonImport(from('app/api/v1/users'), 'db', within), path.join(root, 'app/api/db.py'));
    assert.strictEqual(resolvePythonImport(from('app/services/pay'), 'db', within), path.join(root, 'app/db.py'));
    // A pip package's name, and one a folder holds only as a longer name.
    assert.strictEqual(resolvePythonImport(from('app/api/v1/orders'), 'sqlalchemy.orm', within), undefined);
    assert.strictEqual(resolvePythonImport(from('app/api/v1/orders'), 'sqlalchemy', within), undefined);
    // Not above the root.
    assert.strictEqual(resolvePythonImport(from('app/services/pay'), 'db', path.join(root, 'app/services')), undefined);
    write(root, 'app/services/db.py', '');
    clearPythonResolutionCache();
    assert.strictEqual(resolvePythonImport(from('app/services/pay'), 'db', within), path.join(root, 'app/services/db.py'));
    assert.strictEqual(resolvePythonImport(from('app/api/v1/orders'), 'db', within), path.join(root, 'app/api/db.py'));
  });
});

describe('workspace: isOutside', () => {
  it('tells files under a folder from those beside or above it, spelled plainly or not', () => {
    const root = path.resolve('/srv/app');
    assert.strictEqual(isOutside(root, path.join(root, 'api', 'orders.py')), false);
    assert.strictEqual(isOutside(root, root), false);
    assert.strictEqual(isOutside(`${root}${path.sep}`, path.join(root, 'orders.py')), false);
    assert.strictEqual(isOutside(root, path.resolve('/srv/application/orders.py')), true, 'a sibling whose name starts the same');
    assert.strictEqual(isOutside(root, path.resolve('/srv/other.py')), true);
    assert.strictEqual(isOutside(root, `${root}${path.sep}..${path.sep}other.py`), true, 'a path through ..');
    assert.strictEqual(isOutside(root, path.join(root, '.venv', 'lib', 'site.py')), false);
  });
});

describe('workspace: project modules', () => {
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
  const make = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return root;
  };

  it('summarizes a module once while it is unchanged, again when it changes on disk', () => {
    const root = make({ 'app/inner.py': SOURCE, 'app/routes.py': '' });
    const engine = countingEngine();
    const modules = modulesFor(engine, root);
    const first = modules.resolve('app/routes.py', 'app.inner', 'python');
    assert.deepStrictEqual(Object.keys(functionsOf(first)), ['term']);
    assert.strictEqual(first!.path, 'app/inner.py');
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.inner', 'python')), functionsOf(first));
    assert.deepStrictEqual(engine.summarized, ['app/inner.py']);
    assert.deepStrictEqual(engine.walked, ['app/inner.py#term'], 'a function is walked once');
    write(root, 'app/inner.py', 'def term():\n    return "constant value"\n');
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.inner', 'python')), {});
    assert.strictEqual(engine.summarized.length, 2);
  });

  it('an open document\'s text wins over the disk', () => {
    const root = make({ 'app/inner.py': SOURCE, 'app/routes.py': '' });
    const open = new Map([[path.join(root, 'app/inner.py'), 'def term():\n    return "edited, unsaved"\n']]);
    const modules = modulesFor(countingEngine(), root, open);
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.inner', 'python')), {});
    open.delete(path.join(root, 'app/inner.py'));
    assert.deepStrictEqual(Object.keys(functionsOf(modules.resolve('app/routes.py', 'app.inner', 'python'))), ['term']);
  });

  it('a cached summary that used another module is recomputed when that one changes (transitive), and importers are known', () => {
    const root = make({ 'app/inner.py': SOURCE, 'app/outer.py': PASS, 'app/routes.py': '' });
    const engine = countingEngine();
    const modules = modulesFor(engine, root);
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.outer', 'python')).outer.sources, [{ label: 'Flask request.args', line: 5, path: 'app/inner.py' }]);
    assert.deepStrictEqual(engine.summarized, ['app/outer.py', 'app/inner.py']);
    functionsOf(modules.resolve('app/routes.py', 'app.outer', 'python'));
    assert.strictEqual(engine.summarized.length, 2);
    write(root, 'app/inner.py', 'def term():\n    return "constant value, longer"\n');
    modules.startAnalysis(SETTINGS);
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.outer', 'python')), {});
    assert.deepStrictEqual(modules.importersOf(path.join(root, 'app/inner.py')).sort(), [path.join(root, 'app/outer.py'), path.join(root, 'app/routes.py')]);
  });

  it('an import cycle answers undefined inside the cycle instead of looping', () => {
    const root = make({
      'app/a.py': 'from flask import request\nfrom app.b import b\n\n\ndef a():\n    return b() + request.args["x"]\n',
      'app/b.py': 'from app.a import a\n\n\ndef b():\n    return a()\n',
      'app/routes.py': '',
    });
    const engine = countingEngine();
    const modules = modulesFor(engine, root);
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.a', 'python')).a.sources, [{ label: 'Flask request.args', line: 6 }]);
    // b asked for itself: a (in progress under b) still returns request data of its own.
    assert.deepStrictEqual(Object.keys(functionsOf(modules.resolve('app/routes.py', 'app.b', 'python'))), ['b']);
    // The next analysis (a keystroke in routes.py) computes nothing again.
    const [made, walked] = [engine.summarized.length, engine.walked.length];
    modules.startAnalysis(SETTINGS);
    functionsOf(modules.resolve('app/routes.py', 'app.a', 'python'));
    functionsOf(modules.resolve('app/routes.py', 'app.b', 'python'));
    assert.deepStrictEqual([engine.summarized.length, engine.walked.length], [made, walked]);
  });

  it(`follows at most ${MAX_IMPORT_DEPTH} imports deep, and only files inside the roots`, () => {
    const files: Record<string, string> = { 'app/m0.py': SOURCE.replace('def term', 'def f') };
    for (let i = 1; i <= MAX_IMPORT_DEPTH + 1; i++) files[`app/m${i}.py`] = `from app.m${i - 1} import f as g\n\n\ndef f():\n    return g()\n`;
    const root = make({ ...files, 'app/routes.py': '' });
    const modules = modulesFor(countingEngine(), root);
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', `app.m${MAX_IMPORT_DEPTH + 1}`, 'python')), {});
    modules.startAnalysis(SETTINGS);
    assert.deepStrictEqual(Object.keys(functionsOf(modules.resolve('app/routes.py', `app.m${MAX_IMPORT_DEPTH - 1}`, 'python'))), ['f']);
    // The same modules from outside the root: unknown.
    const outside = new WorkspaceModules({ engine: countingEngine(), roots: [path.join(root, 'elsewhere')], fileOf: (p) => path.resolve(root, p), pathOf: (f) => f, limits: UNGUARDED });
    outside.startAnalysis(SETTINGS);
    assert.strictEqual(outside.resolve('app/routes.py', 'app.m0', 'python'), undefined);
  });

  it('a summary computed at one import depth serves another when the imports it used give the same summaries there; else it is computed again', () => {
    // m0 returns request data; m1..m5 each return their import's f(): a chain deeper than followed.
    const files: Record<string, string> = { 'app/m0.py': SOURCE.replace('def term', 'def f'), 'app/routes.py': '' };
    for (let i = 1; i <= 5; i++) files[`app/m${i}.py`] = `from app.m${i - 1} import f as g\n\n\ndef f():\n    return g()\n`;
    const root = make(files);
    const engine = countingEngine();
    const modules = modulesFor(engine, root);
    const fresh = (module: string) => functionsOf(modulesFor(countingEngine(), root).resolve('app/routes.py', module, 'python'));
    // m5 at depth 4 reads m4..m2 at depths 3..1 (m1 cut): nothing reaches their returns.
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.m5', 'python')), fresh('app.m5'));
    assert.deepStrictEqual(engine.summarized, ['app/m5.py', 'app/m4.py', 'app/m3.py', 'app/m2.py']);
    // m4 at depth 4: m1 (now followed) returns nothing either, so m2 at depth 2 equals m2 at depth 1
    // and m3's and m4's summaries at depths 2 and 3 serve at 3 and 4 without a walk.
    engine.summarized.length = 0;
    modules.startAnalysis(SETTINGS);
    assert.deepStrictEqual(functionsOf(modules.resolve('app/routes.py', 'app.m4', 'python')), fresh('app.m4'));
    assert.deepStrictEqual(engine.summarized, ['app/m1.py', 'app/m2.py']);
    // m3 at depth 4 reaches m0: m1 at depth 2 returns its request data, so every summary above is walked again.
    engine.summarized.length = 0;
    modules.startAnalysis(SETTINGS);
    const m3 = functionsOf(modules.resolve('app/routes.py', 'app.m3', 'python'));
    assert.deepStrictEqual(m3, fresh('app.m3'));
    assert.deepStrictEqual(m3.f.sources, [{ label: 'Flask request.args', line: 5, path: 'app/m0.py' }]);
    assert.deepStrictEqual(engine.summarized, ['app/m0.py', 'app/m1.py', 'app/m2.py', 'app/m3.py']);
  });

  it('computes at most the budget of summaries per analysis; the next analysis goes on from the cached ones', () => {
    const files: Record<string, string> = { 'app/routes.py': '' };
    for (let i = 0; i < 5; i++) files[`app/m${i}.py`] = SOURCE;
    const root = make(files);
    const engine = countingEngine();
    const modules = new WorkspaceModules({ engine, roots: [root], fileOf: (p) => path.resolve(root, p), pathOf: (f) => path.relative(root, f), maxSummariesPerAnalysis: 3, limits: UNGUARDED });
    const resolveAll = () => [0, 1, 2, 3, 4].map((i) => modules.resolve('app/routes.py', `app.m${i}`, 'python') !== undefined);
    modules.startAnalysis(SETTINGS);
    assert.deepStrictEqual(resolveAll(), [true, true, true, false, false]);
    modules.startAnalysis(SETTINGS);
    assert.deepStrictEqual(resolveAll(), [true, true, true, true, true]);
    assert.strictEqual(engine.summarized.length, 5);
  });

  it('TypeScript imports resolve by the compiler\'s module resolution (tsconfig `paths`), summarized like Python ones', () => {
    const root = make({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
      'lib/request.ts': "import type { NextRequest } from 'next/server';\nexport function term(req: NextRequest) { return req.nextUrl.searchParams.get('q'); }\n",
      'app/api/route.ts': '',
    });
    const modules = modulesFor(countingEngine(), root);
    for (const specifier of ['@/lib/request', '../../lib/request']) {
      const imported = modules.resolve('app/api/route.ts', specifier, 'typescript');
      assert.strictEqual(imported?.path, 'lib/request.ts', specifier);
      assert.deepStrictEqual(Object.keys(functionsOf(imported)), ['term']);
    }
    assert.strictEqual(modules.resolve('app/api/route.ts', 'next/server', 'typescript'), undefined);
  });

  it('an imported module that is binary, over the size limit, broken or fails to summarize stays unknown; the importer is still analyzed', () => {
    const ROUTE = 'from app.helpers import term\n\n\ndef search(cursor, q):\n    cursor.execute(f"SELECT * FROM t WHERE a = \'{term()}\'")\n    eval(input())\n';
    const root = make({
      'app/binary.py': 'def term():\n    return 1\0\n',
      'app/huge.py': `def term():\n    return "${'x'.repeat(2_000)}"\n`,
      'app/broken.py': 'from flask import request\n\n\ndef term(:\n    return request.args["q"]\n',
      'app/helpers.py': SOURCE,
      'app/routes.py': ROUTE,
    });
    const engine = new Engine({ catalog: sharedEngine().catalog, maxFileSize: 1_000 });
    const modules = modulesFor(engine, root);
    assert.strictEqual(modules.resolve('app/routes.py', 'app.binary', 'python'), undefined);
    assert.strictEqual(modules.resolve('app/routes.py', 'app.huge', 'python'), undefined);
    // Broken syntax: what parses is summarized, nothing throws.
    assert.ok(modules.resolve('app/routes.py', 'app.broken', 'python'));
    // A summary that throws (a bug) costs only the import: the importer's other findings still come.
    engine.summarizer = () => {
      throw new Error('summary bug');
    };
    modules.filesChanged();
    write(root, 'app/helpers.py', SOURCE + '\n'); // a new stamp: not served from the cache
    assert.strictEqual(modules.resolve('app/routes.py', 'app.helpers', 'python'), undefined);
    const result = engine.analyzeTextWith(path.join(root, 'app/routes.py'), ROUTE, SETTINGS);
    assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), []);
    assert.deepStrictEqual(result.findings.map((f) => f.ruleId).filter((id) => id !== 'sql-injection'), ['code-injection']);
  });

  it('a function whose summary walk throws stays unknown; the module\'s other functions and the importer\'s findings still come', () => {
    const ROUTE = 'from app.helpers import term, other\n\n\ndef search(cursor):\n    cursor.execute(f"SELECT * FROM t WHERE a = \'{other()}\'")\n    eval(input())\n';
    const root = make({ 'app/helpers.py': `${SOURCE}\n\ndef other():\n    return request.args["o"]\n`, 'app/routes.py': ROUTE });
    const engine = countingEngine();
    const summarizer = engine.summarizer.bind(engine);
    engine.summarizer = (file, text, settings, languageId) => {
      const made = summarizer(file, text, settings, languageId);
      return made && { ...made, function: (name) => (name === 'term' ? assert.fail('summary bug') : made.function(name)) };
    };
    const modules = modulesFor(engine, root);
    const helpers = modules.resolve('app/routes.py', 'app.helpers', 'python');
    assert.ok(helpers);
    assert.deepStrictEqual(Object.keys(functionsOf(helpers)), ['other']);
    modules.startAnalysis(SETTINGS);
    const result = engine.analyzeTextWith(path.join(root, 'app/routes.py'), ROUTE, SETTINGS);
    assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), []);
    assert.deepStrictEqual(result.findings.map((f) => f.ruleId).sort(), ['code-injection', 'sql-injection']);
  });

  it('lists a package\'s modules for a dynamic import_module(f"pkg.{name}"), not for a plain module', () => {
    const root = make({
      'app/exporters/__init__.py': '',
      'app/exporters/archive.py': 'import os\n\n\ndef export_tar(path):\n    os.system("tar czf out.tgz " + path)\n',
      'app/exporters/listing.py': 'def export_list(path):\n    return path\n',
      'app/exporters/notes.txt': 'not a module',
      'app/routes.py': '',
    });
    const modules = modulesFor(countingEngine(), root);
    const listed = modules.submodules('app/routes.py', 'app.exporters', 'python');
    assert.deepStrictEqual(listed?.map(([name, module]) => [name, module.path]), [['archive', 'app/exporters/archive.py'], ['listing', 'app/exporters/listing.py']]);
    assert.deepStrictEqual(Object.keys(functionsOf(listed![0][1])), ['export_tar']);
    assert.strictEqual(modules.submodules('app/routes.py', 'app.exporters.archive', 'python'), undefined);
    assert.strictEqual(modules.submodules('app/routes.py', 'app.exporters', 'typescript'), undefined);
  });

  it('a language without a resolver gives undefined', () => {
    const root = make({ 'lib/db.ts': 'export function q() { return 1; }\n', 'app/routes.py': '' });
    const modules = new WorkspaceModules({ engine: countingEngine(), roots: [root], fileOf: (shown) => path.resolve(root, shown), pathOf: (file) => file, resolvers: {}, limits: UNGUARDED });
    modules.startAnalysis({ rules: {} });
    assert.strictEqual(modules.resolve('app/routes.py', '../lib/db', 'typescript'), undefined);
  });
});
