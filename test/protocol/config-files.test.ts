import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver-protocol/node';
import { DiagnosticSeverity, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { ConfigFiles } from '../../server/src/lsp/config-files';
import { VigilServer } from '../../server/src/lsp/server';
import type { JsonReport } from '../../server/src/cli/format/json';
import { runBuiltCli } from '../cli/helpers';
import { REPO_ROOT } from '../helpers/fixtures';
import { FakeClient, fakeEngine, fakePythonBackend } from './fakes';
import { LspProcess } from './lsp-process';

// vigil.config.json in the editor: found up the tree, applied per file, watched, and when
// broken reported on the config file while analysis goes on with the last good version.
const CODE = 'def c(email):\n    cursor.execute(f"SELECT {email}")\n';

describe('VigilServer with vigil.config.json (in-process)', () => {
  let root: string;
  let client: FakeClient;
  let server: VigilServer;
  const configFile = () => path.join(root, 'vigil.config.json');
  const configUri = () => pathToFileURL(configFile()).href;
  const uriOf = (relative: string) => pathToFileURL(path.join(root, relative)).href;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-config-')));
    client = new FakeClient();
    const backend = fakePythonBackend();
    server = new VigilServer(client, { createEngine: () => fakeEngine(backend) });
    server.initialize({
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function open(relative: string): Promise<Diagnostic[]> {
    const uri = uriOf(relative);
    const published = client.nextPublish(uri, 1);
    server.didOpen({ textDocument: { uri, languageId: 'python', version: 1, text: CODE } });
    return (await published).diagnostics;
  }

  async function configChanged(relative: string): Promise<Diagnostic[]> {
    const uri = uriOf(relative);
    const published = client.nextPublish(uri, 1);
    server.didChangeWatchedFiles({ changes: [{ uri: configUri(), type: FileChangeType.Changed }] });
    return (await published).diagnostics;
  }

  it('watches the files a config can live in', async () => {
    await server.initialized();
    assert.deepStrictEqual(client.watched, ['**/{vigil.config.json,package.json,pyproject.toml}', '**/{*.py,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,tsconfig*.json,jsconfig.json}', '**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lock,bun.lockb,poetry.lock,uv.lock,pdm.lock,pylock.toml}']);
  });

  it('applies the nearest config: rule severities and excluded folders', async () => {
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "warning" }, "exclude": ["generated"] } // team config');
    fs.mkdirSync(path.join(root, 'app'));
    fs.mkdirSync(path.join(root, 'generated'));
    const [diagnostic] = await open('app/routes.py');
    assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.deepStrictEqual(await open('generated/routes.py'), []);
  });

  it("the config's maxFileSize skips a longer file with an info line, as the CLI does", async () => {
    fs.writeFileSync(configFile(), `{ "maxFileSize": ${CODE.length - 1} }`);
    assert.deepStrictEqual(await open('routes.py'), []);
    assert.ok(client.logs.some((l) => l.level === 'info' && /over the size limit of \d+ \(maxFileSize in .*vigil\.config\.json\)/.test(l.message)), JSON.stringify(client.logs));
    fs.writeFileSync(configFile(), `{ "maxFileSize": ${CODE.length} }`);
    assert.strictEqual((await configChanged('routes.py')).length, 1);
  });

  it('re-reads the config when it changes on disk', async () => {
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "off" } }');
    assert.deepStrictEqual(await open('routes.py'), []);
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "info" } }');
    const [diagnostic] = await configChanged('routes.py');
    assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Information);
  });

  it('reports a broken config on the config file and keeps its last good version', async () => {
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "warning" } }');
    assert.strictEqual((await open('routes.py'))[0].severity, DiagnosticSeverity.Warning);
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "loud" } }');
    const configDiagnostics = client.nextPublish(configUri());
    const [diagnostic] = await configChanged('routes.py');
    assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Warning, 'the last good config still applies');
    const [problem] = (await configDiagnostics).diagnostics;
    assert.strictEqual(problem.source, 'vigil');
    assert.strictEqual(problem.range.start.line, 0);
    assert.ok(problem.range.start.character > 0, 'the problem points into the file');
    assert.ok(client.logged(/vigil\.config\.json.*last good version/));
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "error" } }');
    const cleared = client.nextPublish(configUri());
    assert.strictEqual((await configChanged('routes.py'))[0].severity, DiagnosticSeverity.Error);
    assert.deepStrictEqual((await cleared).diagnostics, []);
  });

  it('a broken file the config extends: the diagnostic goes there, the files keep the last good config', async () => {
    const base = path.join(root, 'base.json');
    const baseUri = pathToFileURL(base).href;
    fs.writeFileSync(configFile(), '{ "extends": "./base.json" }');
    fs.writeFileSync(base, '{ "rules": { "sql-injection": "info" } }');
    assert.strictEqual((await open('routes.py'))[0].severity, DiagnosticSeverity.Information);
    fs.writeFileSync(base, '{ "rules": { "sql-injection": "info" }, "minConfidence": "sure" }');
    const problem = client.nextPublish(baseUri);
    assert.strictEqual((await configChanged('routes.py'))[0].severity, DiagnosticSeverity.Information, 'the last good config still applies');
    assert.match(String((await problem).diagnostics[0].message), /"minConfidence" must be one of/);
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "warning" } }');
    const cleared = client.nextPublish(baseUri);
    assert.strictEqual((await configChanged('routes.py'))[0].severity, DiagnosticSeverity.Warning);
    assert.deepStrictEqual((await cleared).diagnostics, [], 'no longer extended: its problem is gone');
  });

  it('in an untrusted workspace a config may not silence findings; what it ignores is logged', async () => {
    const untrusted = new VigilServer(client, {
      createEngine: () => fakeEngine(fakePythonBackend()),
      projectConfig: (catalog, lsp) => new ConfigFiles(catalog, lsp, { folders: [root] }),
    });
    untrusted.initialize({ processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } });
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "off" }, "exclude": ["app"] }');
    const uri = uriOf('app/routes.py');
    const published = client.nextPublish(uri, 1);
    untrusted.didOpen({ textDocument: { uri, languageId: 'python', version: 1, text: CODE } });
    assert.strictEqual((await published).diagnostics[0].severity, DiagnosticSeverity.Error);
    assert.ok(client.logged(/not trusted.*ignored: rules\.sql-injection, exclude/));
  });

  it('uses the defaults for untitled buffers', async () => {
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "off" } }');
    const published = client.nextPublish('untitled:Untitled-1', 1);
    server.didOpen({ textDocument: { uri: 'untitled:Untitled-1', languageId: 'python', version: 1, text: CODE } });
    assert.strictEqual((await published).diagnostics[0].severity, DiagnosticSeverity.Error);
  });
});

describe('language server over stdio: a team config reloads live (dist/server.js)', () => {
  const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
  // `db.raw_sql` is a sink and `sanitize_id` a sanitizer only once the team config says so.
  const ROUTES = [
    'from fastapi import APIRouter',
    'router = APIRouter()',
    'def sanitize_id(value):',
    '    return value.strip()',
    '@router.get("/customers")',
    'def find_customer(email: str, cursor):',
    `    db.raw_sql(f"SELECT * FROM customers WHERE email = '{email}'")`,
    '    cursor.execute(f"SELECT * FROM orders WHERE id = {sanitize_id(email)}")',
    '',
  ].join('\n');
  const TEAM = {
    taint: {
      python: {
        sinks: [{ id: 'raw-sql', rule: 'sql-injection', calls: ['db.raw_sql'], arg: 0 }],
        sanitizers: [{ id: 'sanitize-id', calls: ['sanitize_id'], rules: ['sql-injection'] }],
      },
    },
  };
  let root: string;
  let server: LspProcess;

  before(function () {
    this.timeout(120_000);
    if (!fs.existsSync(SERVER_JS)) execFileSync(process.execPath, [path.join(REPO_ROOT, 'server/scripts/build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  });

  beforeEach(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-config-stdio-')));
    ({ server } = await LspProcess.start(SERVER_JS));
  });

  afterEach(() => {
    server.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const lines = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.code}:${d.range.start.line + 1}`);

  async function rewriteConfig(file: string, text: string, waitFor: string): Promise<Diagnostic[]> {
    fs.writeFileSync(path.join(root, file), text);
    const published = server.nextDiagnostics(pathToFileURL(path.join(root, waitFor)).href, 1);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(root, file)).href, type: FileChangeType.Changed }] });
    return (await published).diagnostics;
  }

  it('custom sinks and sanitizers apply as soon as the config changes; a broken one keeps the last good', async () => {
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "api"\n');
    const uri = pathToFileURL(path.join(root, 'routes.py')).href;
    assert.deepStrictEqual(lines((await server.open(uri, 'python', ROUTES)).diagnostics), ['sql-injection:8']);

    const team = `[project]\nname = "api"\n\n[tool.vigil]\n\n[[tool.vigil.taint.python.sinks]]\nid = "raw-sql"\nrule = "sql-injection"\ncalls = ["db.raw_sql"]\narg = 0\n`;
    assert.deepStrictEqual(lines(await rewriteConfig('pyproject.toml', team, 'routes.py')), ['sql-injection:7', 'sql-injection:8']);

    assert.deepStrictEqual(lines(await rewriteConfig('vigil.config.json', JSON.stringify(TEAM), 'routes.py')), ['sql-injection:7'], 'vigil.config.json wins in its folder');

    const configUri = pathToFileURL(path.join(root, 'vigil.config.json')).href;
    const problem = server.nextDiagnostics(configUri);
    const broken = JSON.stringify({ ...TEAM, extends: './missing.json' }, null, 2);
    assert.deepStrictEqual(lines(await rewriteConfig('vigil.config.json', broken, 'routes.py')), ['sql-injection:7'], 'the last good config still applies');
    const [diagnostic] = (await problem).diagnostics;
    assert.match(String(diagnostic.message), /extends target not found: "\.\/missing\.json"/);
    assert.strictEqual(diagnostic.range.start.line, broken.split('\n').findIndex((l) => l.includes('"extends"')));
  });

  it('the editor and `vigil scan` report the same findings for the same tree and team config', async () => {
    const files: Record<string, string> = {
      'vigil.config.json': JSON.stringify({ extends: ['@acme/vigil-config'], rules: { 'sql-injection': 'warning' } }),
      'api/routes.py': ROUTES,
      'api/migrations/0001.py': ROUTES,
      'web/server.ts': "import express from 'express'; import helmet from 'helmet';\nconst app = express(); app.use(helmet());\napp.get('/c', (req, res) => { db.rawSql(`SELECT ${req.query.q}`); });\n",
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'acme-vigil-config'), path.join(root, 'node_modules', '@acme', 'vigil-config'), { recursive: true });

    const cli = runBuiltCli(['scan', '--format', 'json', '--fail-on', 'none'], root);
    assert.strictEqual(cli.code, 0, cli.stderr);
    const fromCli = (JSON.parse(cli.stdout) as JsonReport).findings.map((f) => `${f.path}:${f.range.start.line + 1} ${f.ruleId} ${f.severity}`).sort();

    const severities: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
    const fromEditor: string[] = [];
    for (const name of ['api/routes.py', 'api/migrations/0001.py', 'web/server.ts']) {
      const { diagnostics } = await server.open(pathToFileURL(path.join(root, name)).href, name.endsWith('.py') ? 'python' : 'typescript', files[name]);
      fromEditor.push(...diagnostics.map((d) => `${name}:${d.range.start.line + 1} ${d.code} ${severities[d.severity!]}`));
    }
    assert.deepStrictEqual(fromEditor.sort(), fromCli);
    assert.deepStrictEqual(fromCli, ['api/routes.py:7 sql-injection warning', 'web/server.ts:3 sql-injection warning']);
  });
});
