import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { parse as parseJsonc } from 'jsonc-parser';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { CancellationTokenSource, DiagnosticSeverity, type CodeAction, type Diagnostic, type InitializeParams, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver/node';
import { applyTextEdits, Engine, RuleCatalog } from '../../server/src/engine';
import { VigilServer, type WorkDoneReporter } from '../../server/src/lsp/server';
import { FIX_ALL_KIND } from '../../server/src/protocol';
import { fixtureAdvisories } from '../helpers/advisories';
import { FakeClient } from './fakes';

// What the editor shows beyond squiggles, hovers and fixes, against the real engine: fix all,
// "disable rule in config", the per-user settings, workspace trust, the workspace scan, the
// OWASP overview and the status the status bar shows.

const ROUTES_PY = [
  'import yaml',
  'from fastapi import APIRouter, Depends',
  '',
  'router = APIRouter()',
  '',
  '',
  '@router.get("/orders")',
  'def orders(customer: str, status: str, db=Depends(get_db)):',
  '    cursor = db.cursor()',
  `    cursor.execute(f"SELECT * FROM orders WHERE customer = '{customer}'")`,
  `    cursor.execute("SELECT * FROM orders WHERE status = '" + status + "'")`,
  '    return cursor.fetchall()',
  '',
  '',
  '@router.post("/import")',
  'def import_orders(body: str):',
  '    return yaml.load(body, Loader=yaml.Loader)',
  '',
].join('\n');

const ROUTE_TS = [
  "import { NextRequest } from 'next/server';",
  "import { pool } from '@/lib/db';",
  '',
  'export async function GET(request: NextRequest) {',
  "  const customer = request.nextUrl.searchParams.get('customer');",
  '  const [rows] = await pool.query(`SELECT * FROM orders WHERE customer = ${customer}`);',
  '  return Response.json(rows);',
  '}',
  '',
].join('\n');

// smol-toml ships CommonJS for `require` but types that only describe its ES module build.
const { parse: parseTomlRaw } = require('smol-toml') as typeof SmolToml;
/** Plain objects (smol-toml's have no prototype), so deepStrictEqual compares values. */
const parseToml = (text: string): { tool: { vigil: unknown } } => JSON.parse(JSON.stringify(parseTomlRaw(text)));

let catalog: RuleCatalog | undefined;

interface Workspace {
  root: string;
  client: FakeClient;
  server: VigilServer;
  engine: Engine;
}

function workspace(options: { trusted?: boolean; settings?: Record<string, unknown>; files?: Record<string, string>; engine?: Engine } = {}): Workspace {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-editor-')));
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  const client = new FakeClient();
  client.settings = { enable: true, ...options.settings };
  const engine = options.engine ?? new Engine({ catalog: (catalog ??= RuleCatalog.load()) });
  const server = new VigilServer(client, { createEngine: () => engine });
  const params: InitializeParams = {
    processId: null,
    rootUri: null,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'shop' }],
    capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } },
    initializationOptions: options.trusted === false ? { workspaceTrusted: false } : undefined,
  };
  server.initialize(params);
  return { root, client, server, engine };
}

const uriOf = (w: Workspace, relative: string) => pathToFileURL(path.join(w.root, relative)).href;

async function open(w: Workspace, relative: string, text: string): Promise<Diagnostic[]> {
  const uri = uriOf(w, relative);
  const published = w.client.nextPublish(uri, 1);
  const languageId = relative.endsWith('.py') ? 'python' : 'typescript';
  w.server.didOpen({ textDocument: { uri, languageId, version: 1, text } });
  return (await published).diagnostics;
}

function actions(w: Workspace, relative: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return w.server.codeAction({ textDocument: { uri: uriOf(w, relative) }, range, context: { diagnostics, only } });
}

/** The edits of a WorkspaceEdit for one file, from `documentChanges` or `changes`. */
function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const fromDocumentChanges = (action.edit?.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  return [...fromDocumentChanges.flatMap((c) => c.edits as TextEdit[]), ...(action.edit?.changes?.[uri] ?? [])];
}

describe('editor features (in-process server, real engine)', () => {
  const made: Workspace[] = [];
  const make = (options?: Parameters<typeof workspace>[0]) => {
    const w = workspace(options);
    made.push(w);
    return w;
  };
  afterEach(() => {
    for (const w of made.splice(0)) fs.rmSync(w.root, { recursive: true, force: true });
  });

  describe('fix all (source.fixAll.vigil, for fix on save)', () => {
    for (const [name, relative, text, language, untouched] of [
      ['a FastAPI router', 'api/routes.py', ROUTES_PY, 'python', '    return cursor.fetchall()'],
      ['a Next.js route handler', 'web/app/orders/route.ts', ROUTE_TS, 'typescript', '  return Response.json(rows);'],
    ] as const) {
      it(`applies every preferred fix of ${name} as one edit: it parses and the fixed findings are gone`, async () => {
        const w = make();
        const diagnostics = await open(w, relative, text);
        const fixable = diagnostics.filter((d) => (d.data as { fixes: { isPreferred?: boolean }[] }).fixes.some((f) => f.isPreferred));
        assert.ok(fixable.length >= (language === 'python' ? 3 : 1), `fixable findings: ${fixable.length}`);
        const all = await actions(w, relative, [], [FIX_ALL_KIND]);
        assert.deepStrictEqual(all.map((a) => a.kind), [FIX_ALL_KIND]);
        assert.match(all[0].title, new RegExp(`\\(${fixable.length}\\)$`));
        const fixed = applyTextEdits(text, editsFor(all[0], uriOf(w, relative)));
        assert.ok(w.engine.parses(language, fixed, relative), fixed);
        const after = w.engine.analyzeText(relative, fixed).findings;
        assert.deepStrictEqual(after.filter((f) => f.fixes.some((x) => x.isPreferred && x.kind === 'rewrite')), [], fixed);
        // The import the Python fixes need is there once, the rest of the file is as it was.
        if (language === 'python') assert.strictEqual(fixed.split('\n')[0], 'import yaml');
        assert.ok(fixed.split('\n').includes(untouched));
      });
    }

    it('is offered under the `source` kind (Source Action menu), never next to a single squiggle', async () => {
      const w = make();
      const diagnostics = await open(w, 'routes.py', ROUTES_PY);
      assert.strictEqual((await actions(w, 'routes.py', diagnostics, ['source'])).length, 1);
      assert.ok((await actions(w, 'routes.py', diagnostics)).every((a) => a.kind === 'quickfix'));
      const clean = 'def ok():\n    return 1\n';
      await open(w, 'clean.py', clean);
      assert.deepStrictEqual(await actions(w, 'clean.py', [], [FIX_ALL_KIND]), [], 'nothing to fix: no action');
    });
  });

  describe('disable rule in the config file', () => {
    const disableAction = async (w: Workspace, relative: string, text = ROUTES_PY) => {
      const diagnostics = await open(w, relative, text);
      const sql = diagnostics.filter((d) => d.code === 'sql-injection');
      return (await actions(w, relative, sql)).filter((a) => a.title.startsWith('Disable'));
    };

    it('edits vigil.config.json keeping its comments, once per rule, listed last', async () => {
      const config = '{\n  // the shop team\'s rules\n  "rules": {\n    "ssrf": "error"\n  }\n}\n';
      const w = make({ files: { 'vigil.config.json': config } });
      const diagnostics = await open(w, 'api/routes.py', ROUTES_PY);
      const all = await actions(w, 'api/routes.py', diagnostics);
      const disabling = all.filter((a) => a.title.startsWith('Disable'));
      assert.deepStrictEqual(disabling.map((a) => a.title), ['Disable "sql-injection" in vigil.config.json', 'Disable "unsafe-yaml-load" in vigil.config.json']);
      assert.ok(all.indexOf(disabling[0]) > all.findIndex((a) => a.isPreferred), 'after the fixes');
      const edited = applyTextEdits(config, disabling[0].edit!.changes![uriOf(w, 'vigil.config.json')]);
      assert.ok(edited.includes("// the shop team's rules"));
      assert.deepStrictEqual(parseJsonc(edited), { rules: { ssrf: 'error', 'sql-injection': 'off' } });
    });

    it('edits the "vigil" key of package.json and the [tool.vigil.rules] table of pyproject.toml', async () => {
      const pkg = '{\n  "name": "shop-web",\n  "vigil": { "rules": {} }\n}\n';
      const w = make({ files: { 'web/package.json': pkg, 'api/pyproject.toml': '[project]\nname = "shop-api"\n\n[tool.vigil.rules]\nssrf = "error"\n' } });
      const [forTs] = await disableAction(w, 'web/app/route.ts', ROUTE_TS.replace(/\n$/, ''));
      assert.strictEqual(forTs.title, 'Disable "sql-injection" in package.json');
      const editedPkg = applyTextEdits(pkg, forTs.edit!.changes![uriOf(w, 'web/package.json')]);
      assert.deepStrictEqual(parseJsonc(editedPkg).vigil, { rules: { 'sql-injection': 'off' } });
      const [forPy] = await disableAction(w, 'api/routes.py');
      assert.strictEqual(forPy.title, 'Disable "sql-injection" in pyproject.toml');
      const toml = fs.readFileSync(path.join(w.root, 'api/pyproject.toml'), 'utf8');
      const editedToml = applyTextEdits(toml, forPy.edit!.changes![uriOf(w, 'api/pyproject.toml')]);
      assert.deepStrictEqual(parseToml(editedToml).tool.vigil, { rules: { ssrf: 'error', 'sql-injection': 'off' } });
    });

    it('adds a [tool.vigil.rules] table to a pyproject.toml without one, and refuses an inline rules table', async () => {
      const w = make({ files: { 'a/pyproject.toml': '[tool.vigil]\nowaspEdition = "2025"\n', 'b/pyproject.toml': '[tool.vigil]\nrules = { ssrf = "error" }\n' } });
      const [forA] = await disableAction(w, 'a/routes.py');
      const toml = fs.readFileSync(path.join(w.root, 'a/pyproject.toml'), 'utf8');
      const edited = applyTextEdits(toml, forA.edit!.changes![uriOf(w, 'a/pyproject.toml')]);
      assert.deepStrictEqual(parseToml(edited).tool.vigil, { owaspEdition: '2025', rules: { 'sql-injection': 'off' } });
      assert.deepStrictEqual(await disableAction(w, 'b/routes.py'), [], 'a second rules table would break the file');
    });

    it('creates vigil.config.json at the workspace folder when there is no config', async () => {
      const w = make();
      const [action] = await disableAction(w, 'api/v1/routes.py');
      assert.strictEqual(action.title, 'Disable "sql-injection" in a new vigil.config.json');
      const configUri = uriOf(w, 'vigil.config.json');
      assert.deepStrictEqual(action.edit!.documentChanges![0], { kind: 'create', uri: configUri, options: { ignoreIfExists: true } });
      assert.deepStrictEqual(JSON.parse(applyTextEdits('', editsFor(action, configUri))), { rules: { 'sql-injection': 'off' } });
    });

    it('is not offered in an untrusted workspace (its config may not turn rules off)', async () => {
      const w = make({ trusted: false });
      assert.deepStrictEqual(await disableAction(w, 'routes.py'), []);
    });
  });

  describe('workspace trust and the per-user settings', () => {
    it('untrusted (initializationOptions.workspaceTrusted = false): the workspace config may not silence rules', async () => {
      const files = { 'vigil.config.json': '{ "rules": { "sql-injection": "off" } }' };
      const untrusted = make({ trusted: false, files });
      assert.ok((await open(untrusted, 'routes.py', ROUTES_PY)).some((d) => d.code === 'sql-injection'));
      assert.ok(untrusted.client.logged(/not trusted.*rules\.sql-injection/));
      const trusted = make({ files });
      assert.ok(!(await open(trusted, 'routes.py', ROUTES_PY)).some((d) => d.code === 'sql-injection'));
    });

    it('vigil.owaspEdition orders the categories in messages and hovers; a project owaspEdition wins', async () => {
      const w = make({ settings: { owaspEdition: '2025' }, files: { 'legacy/vigil.config.json': '{ "owaspEdition": "2021" }' } });
      const [diagnostic] = (await open(w, 'api/routes.py', ROUTES_PY)).filter((d) => d.code === 'sql-injection');
      assert.match(String(diagnostic.message), /\[OWASP A05:2025 \/ A03:2021, CWE-89\]$/);
      const hover = await w.server.hover({ textDocument: { uri: uriOf(w, 'api/routes.py') }, position: diagnostic.range.start });
      assert.match(JSON.stringify(hover?.contents), /\*\*OWASP\*\* A05:2025 Injection · A03:2021 Injection/);
      const [legacy] = (await open(w, 'legacy/routes.py', ROUTES_PY)).filter((d) => d.code === 'sql-injection');
      assert.match(String(legacy.message), /\[OWASP A03:2021 \/ A05:2025, CWE-89\]$/);
    });

    it('vigil.minSeverity raises findings below it and never lowers or hides one', async () => {
      const files = { 'vigil.config.json': '{ "rules": { "unsafe-yaml-load": "info", "ssrf": "off" } }' };
      const w = make({ settings: { minSeverity: 'warning' }, files });
      const diagnostics = await open(w, 'routes.py', ROUTES_PY);
      assert.strictEqual(diagnostics.find((d) => d.code === 'unsafe-yaml-load')?.severity, DiagnosticSeverity.Warning);
      assert.strictEqual(diagnostics.find((d) => d.code === 'sql-injection')?.severity, DiagnosticSeverity.Error);
      const low = make({ settings: { minSeverity: 'hint' }, files });
      assert.strictEqual((await open(low, 'routes.py', ROUTES_PY)).find((d) => d.code === 'unsafe-yaml-load')?.severity, DiagnosticSeverity.Information);
    });

    it('vigil.configPath applies to files without a project config, never over one', async () => {
      const files = {
        'personal/vigil.json': '{ "rules": { "sql-injection": "warning" } }',
        'team/vigil.config.json': '{ "rules": { "sql-injection": "info" } }',
      };
      const w = make({ settings: { configPath: 'personal/vigil.json' }, files });
      const severity = async (relative: string) => (await open(w, relative, ROUTES_PY)).find((d) => d.code === 'sql-injection')?.severity;
      assert.strictEqual(await severity('scripts/routes.py'), DiagnosticSeverity.Warning);
      assert.strictEqual(await severity('team/routes.py'), DiagnosticSeverity.Information);
    });
  });

  describe('Scan Workspace and the OWASP overview', () => {
    const files = {
      'api/routes.py': ROUTES_PY,
      'web/app/orders/route.ts': ROUTE_TS,
      'web/node_modules/lib/index.js': 'eval(location.hash)\n',
      'api/clean.py': 'def ok():\n    return 1\n',
    };

    function reporter(): WorkDoneReporter & { events: string[] } {
      const events: string[] = [];
      return {
        events,
        begin: (title) => events.push(`begin ${title}`),
        report: (percentage, message) => events.push(`report ${percentage} ${message}`),
        done: (message) => events.push(`end ${message}`),
      };
    }

    it('counts the dependency findings of manifests, lockfiles and workflows (A06:2021, A03:2025)', async () => {
      const w = make({
        engine: new Engine({ catalog: (catalog ??= RuleCatalog.load()), advisories: fixtureAdvisories() }),
        files: {
          'api/requirements.txt': 'fastapi==0.115.0\nPyYAML==5.3.1\n',
          'web/package.json': '{\n  "name": "web",\n  "dependencies": {\n    "lodash": "4.17.4"\n  }\n}\n',
          '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n',
        },
      });
      const result = await w.server.scanWorkspace({}, new CancellationTokenSource().token, reporter());
      assert.strictEqual(result.files, 3);
      const where = (findings: { uri: string; ruleId: string; range: { start: { line: number } } }[]) => findings.map((f) => `${path.relative(w.root, fileURLToPath(f.uri))}:${f.range.start.line} ${f.ruleId}`).sort();
      const a06 = w.server.owaspOverview({ edition: '2021' }).categories.find((c) => c.id === 'A06:2021')!;
      assert.deepStrictEqual(where(a06.findings), ['api/requirements.txt:1 vulnerable-dependency', 'web/package.json:3 vulnerable-dependency']);
      const a03 = w.server.owaspOverview({ edition: '2025' }).categories.find((c) => c.id === 'A03:2025')!;
      assert.deepStrictEqual(where(a03.findings), ['.github/workflows/ci.yml:5 unpinned-github-action', 'api/requirements.txt:1 vulnerable-dependency', 'web/package.json:3 unpinned-dependency', 'web/package.json:3 vulnerable-dependency']);
    });

    it('analyzes the files `vigil scan` would, publishes them and reports progress', async () => {
      const w = make({ files });
      const published = w.client.nextPublish(uriOf(w, 'web/app/orders/route.ts'));
      const progress = reporter();
      const asked = w.client.configurationRequests.length;
      const result = await w.server.scanWorkspace({}, new CancellationTokenSource().token, progress);
      assert.deepStrictEqual(w.client.configurationRequests.slice(asked), [pathToFileURL(w.root).href], 'editor settings once for the folder, not per file');
      assert.deepStrictEqual({ ...result, findings: result.findings > 3 }, { files: 3, filesWithFindings: 2, findings: true, skipped: 0, cancelled: false });
      assert.ok((await published).diagnostics.some((d) => d.code === 'sql-injection'));
      assert.ok(!w.client.published.some((p) => p.uri.includes('node_modules')), 'node_modules is skipped');
      assert.strictEqual(progress.events[0], 'begin Vigil: scanning the workspace');
      assert.deepStrictEqual(progress.events.filter((e) => e.startsWith('report')).map((e) => e.split(' ')[1]), ['33', '66', '100']);
      assert.match(progress.events.at(-1)!, /^end \d+ findings in 2 files \(3 scanned\)$/);

      const overview = w.server.owaspOverview({ edition: '2025' });
      assert.deepStrictEqual(overview.categories.map((c) => c.id), ['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09', 'A10'].map((id) => `${id}:2025`));
      const injection = overview.categories.find((c) => c.id === 'A05:2025')!;
      assert.strictEqual(injection.name, 'Injection');
      assert.deepStrictEqual([...new Set(injection.findings.map((f) => f.ruleId))].sort(), ['sql-injection']);
      assert.strictEqual(overview.categories.find((c) => c.id === 'A08:2025')!.findings[0].ruleId, 'unsafe-yaml-load');
      assert.strictEqual(overview.files, 2);
      // Each category lists its findings by file, then by line.
      for (const category of overview.categories) {
        const order = category.findings.map((f) => [f.uri, f.range.start.line] as const);
        const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
        assert.deepStrictEqual(order, sorted, category.id);
      }
      assert.ok(overview.categories.some((c) => new Set(c.findings.map((f) => f.uri)).size > 1 || c.findings.length > 1), 'a category with findings to order');
      assert.strictEqual(w.server.owaspOverview({ edition: '2021' }).categories.find((c) => c.id === 'A03:2021')!.findings.length, injection.findings.length);
    });

    it('stops when the request is cancelled and says so', async () => {
      const w = make({ files });
      const cancel = new CancellationTokenSource();
      const progress = reporter();
      const original = progress.report;
      progress.report = (percentage, message) => {
        original(percentage, message);
        cancel.cancel();
      };
      const result = await w.server.scanWorkspace({}, cancel.token, progress);
      assert.deepStrictEqual(result, { ...result, files: 1, cancelled: true });
      assert.strictEqual(progress.events.at(-1), 'end cancelled');
    });
  });

  describe('status (vigil/status)', () => {
    it('names a broken config file and clears it once repaired', async () => {
      const w = make({ files: { 'vigil.config.json': '{ "rules": { "sql-injection": "loud" } }' } });
      await open(w, 'routes.py', ROUTES_PY);
      const configUri = uriOf(w, 'vigil.config.json');
      assert.deepStrictEqual(w.client.statuses.at(-1)?.configErrors.map((e) => e.uri), [configUri]);
      assert.match(w.client.statuses.at(-1)!.configErrors[0].message, /sql-injection/);
      fs.writeFileSync(path.join(w.root, 'vigil.config.json'), '{ "rules": { "sql-injection": "warning" } }');
      const republished = w.client.nextPublish(uriOf(w, 'routes.py'), 1);
      w.server.didChangeWatchedFiles({ changes: [{ uri: configUri, type: 2 }] });
      await republished;
      assert.deepStrictEqual(w.client.statuses.at(-1), { busy: false, configErrors: [] });
    });

    it('clears a broken config file deleted while its tab is still open', async () => {
      const broken = '{ "rules": { "sql-injection": "loud" } }';
      const w = make({ files: { 'vigil.config.json': broken } });
      const configUri = uriOf(w, 'vigil.config.json');
      w.server.didOpen({ textDocument: { uri: configUri, languageId: 'jsonc', version: 1, text: broken } });
      await open(w, 'routes.py', ROUTES_PY);
      assert.deepStrictEqual(w.client.statuses.at(-1)?.configErrors.map((e) => e.uri), [configUri]);
      // The file goes from disk; the editor keeps the document open (no didClose).
      fs.rmSync(path.join(w.root, 'vigil.config.json'));
      const republished = w.client.nextPublish(uriOf(w, 'routes.py'), 1);
      w.server.didChangeWatchedFiles({ changes: [{ uri: configUri, type: 3 }] });
      await republished;
      assert.deepStrictEqual(w.client.statuses.at(-1), { busy: false, configErrors: [] });
    });
  });
});

describe('an open config file applies as typed (in-process server, real engine)', () => {
  it('its unsaved text re-analyzes the open files; closing it unsaved brings back the file on disk', async () => {
    const w = workspace({ files: { 'vigil.config.json': '{ "rules": { "sql-injection": "error" } }' } });
    try {
      const routes = uriOf(w, 'routes.py');
      const severity = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'sql-injection')?.severity;
      assert.strictEqual(severity(await open(w, 'routes.py', ROUTES_PY)), DiagnosticSeverity.Error);
      const configUri = uriOf(w, 'vigil.config.json');
      let next = w.client.nextPublish(routes, 1);
      w.server.didOpen({ textDocument: { uri: configUri, languageId: 'jsonc', version: 1, text: '{ "rules": { "sql-injection": "warning" } }' } });
      assert.strictEqual(severity((await next).diagnostics), DiagnosticSeverity.Warning);
      next = w.client.nextPublish(routes, 1);
      const at = '{ "rules": { "sql-injection": "'.length;
      w.server.didChange({
        textDocument: { uri: configUri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: at }, end: { line: 0, character: at + 'warning'.length } }, text: 'info' }],
      });
      assert.strictEqual(severity((await next).diagnostics), DiagnosticSeverity.Information);
      next = w.client.nextPublish(routes, 1);
      w.server.didClose({ textDocument: { uri: configUri } });
      assert.strictEqual(severity((await next).diagnostics), DiagnosticSeverity.Error, 'the saved file applies again');
    } finally {
      fs.rmSync(w.root, { recursive: true, force: true });
    }
  });
});
