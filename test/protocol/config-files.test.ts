import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { VigilServer } from '../../server/src/lsp/server';
import { FakeClient, fakeEngine, fakePythonBackend } from './fakes';

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

  it('watches vigil.config.json files', async () => {
    await server.initialized();
    assert.deepStrictEqual(client.watched, ['**/vigil.config.json']);
  });

  it('applies the nearest config: rule severities and excluded folders', async () => {
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "warning" }, "exclude": ["generated"] } // team config');
    fs.mkdirSync(path.join(root, 'app'));
    fs.mkdirSync(path.join(root, 'generated'));
    const [diagnostic] = await open('app/routes.py');
    assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.deepStrictEqual(await open('generated/routes.py'), []);
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

  it('uses the defaults for untitled buffers', async () => {
    fs.writeFileSync(configFile(), '{ "rules": { "sql-injection": "off" } }');
    const published = client.nextPublish('untitled:Untitled-1', 1);
    server.didOpen({ textDocument: { uri: 'untitled:Untitled-1', languageId: 'python', version: 1, text: CODE } });
    assert.strictEqual((await published).diagnostics[0].severity, DiagnosticSeverity.Error);
  });
});
