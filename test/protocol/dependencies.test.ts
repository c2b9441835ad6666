import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest, HoverRequest, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { buildIndex } from '../../server/src/advisories/build-index';
import { readOsvRecords } from '../../server/src/advisories/osv-records';
import { writeIndex } from '../../server/src/advisories/store';
import { dependencyFileKind } from '../../server/src/engine';
import { DEPENDENCY_DOCUMENTS_GLOB } from '../../server/src/protocol';
import { SHARED_ADVISORIES } from '../helpers/advisories';
import { startOsvServer, type OsvServer } from '../helpers/osv-server';
import { REPO_ROOT } from '../helpers/fixtures';
import { builtServerJs, LspProcess } from './lsp-process';
import { minimatch } from 'minimatch';

// The editor scenario over real stdio: a package.json with a vulnerable lodash and a
// requirements.txt with a vulnerable PyYAML get diagnostics on open; the bump quick fix makes them go.

function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit!;
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : []));
}

const LOCK = JSON.stringify({ name: 'web', lockfileVersion: 3, requires: true, packages: { '': { name: 'web', dependencies: { lodash: '^4.17.4', react: '^19.0.0' } }, 'node_modules/lodash': { version: '4.17.21' }, 'node_modules/react': { version: '19.1.0' } } }, null, 2);

describe('language server over stdio: dependencies', function () {
  this.timeout(120_000);
  let root: string;
  let server: LspProcess;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-deps-')));
    const records = ['npm.osv.jsonl', 'pypi.osv.jsonl'].flatMap((f) => readOsvRecords(path.join(SHARED_ADVISORIES, f)));
    writeIndex(path.join(root, 'index'), buildIndex(records, 'test data'));
    ({ server } = await LspProcess.start(builtServerJs(REPO_ROOT), { cwd: root, initializationOptions: { advisoriesDirectory: path.join(root, 'index') } }));
  });

  after(() => {
    server?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const cases = [
    // The project's lockfile installs newer versions than the ranges' floors: the manifest is pinned and in sync before and after the bump.
    { file: 'web/package.json', languageId: 'json', beside: { 'package-lock.json': LOCK }, text: '{\n  "name": "web",\n  "dependencies": {\n    "lodash": "^4.17.4",\n    "react": "^19.0.0"\n  }\n}\n', line: 3, bumped: '"lodash": "^4.17.11"' },
    { file: 'api/requirements.txt', languageId: 'pip-requirements', beside: undefined, text: 'fastapi==0.115.0\nPyYAML==5.3.1\n', line: 1, bumped: 'PyYAML==5.4' },
  ];
  for (const c of cases) {
    it(`${c.file}: a diagnostic on open, the bump quick fix, and the diagnostic goes`, async () => {
      const file = path.join(root, c.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, c.text);
      for (const [name, text] of Object.entries(c.beside ?? {})) fs.writeFileSync(path.join(path.dirname(file), name), text);
      const uri = pathToFileURL(file).href;
      const { diagnostics } = await server.open(uri, c.languageId, c.text);
      assert.deepStrictEqual(diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line]), [['vulnerable-dependency', c.line]]);
      assert.match(diagnostics[0].message as string, /known vulnerabilit/);
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
      const bump = actions.find((a) => a.title.startsWith('Bump to the nearest fixed version'));
      assert.ok(bump, `a bump fix among ${actions.map((a) => a.title).join(', ')}`);
      const after = await server.applyEdits(uri, editsFor(bump, uri));
      assert.ok(server.text(uri).includes(c.bumped), server.text(uri));
      assert.deepStrictEqual(after.diagnostics, []);
    });
  }

  it('the client\'s document selector for manifests and lockfiles names exactly the files the engine reads', () => {
    for (const name of ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'requirements.txt', 'requirements-dev.txt', 'pyproject.toml', 'poetry.lock', 'uv.lock', 'Pipfile.lock', 'pip.conf', 'pip.ini', '.github/workflows/ci.yml', '.github/workflows/release.yaml', 'action.yml', 'ci.yml', '.github/dependabot.yml', 'tsconfig.json', 'Pipfile', 'setup.py']) {
      const selected = minimatch(`/work/app/${name}`, DEPENDENCY_DOCUMENTS_GLOB);
      assert.strictEqual(selected, dependencyFileKind(name) !== undefined, name);
    }
  });
});

describe('language server over stdio: dependencies checked online', function () {
  this.timeout(120_000);
  let root: string;
  let osv: OsvServer;
  const started: LspProcess[] = [];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-deps-online-')));
    osv = await startOsvServer();
  });
  after(async () => {
    for (const server of started) server.kill();
    await osv.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function serverWith(name: string, trusted: boolean): Promise<LspProcess> {
    // No offline index: whatever is found came from the OSV server.
    const { server } = await LspProcess.start(builtServerJs(REPO_ROOT), { cwd: root, env: { VIGIL_OFFLINE: '', VIGIL_OSV_URL: osv.url }, initializationOptions: { workspaceTrusted: trusted, advisoriesDirectory: path.join(root, name) } });
    started.push(server);
    return server;
  }

  it('a requirements.txt is analyzed again once OSV answered, with the data\'s origin and date; only names and versions were sent', async () => {
    const server = await serverWith('trusted', true);
    const file = path.join(root, 'api', 'requirements.txt');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'fastapi==0.115.0\nPyYAML==3.13\n');
    const uri = pathToFileURL(file).href;
    const answered = server.nextDiagnostics(uri, 1).then(() => server.nextDiagnostics(uri, 1));
    const first = await server.open(uri, 'pip-requirements', 'fastapi==0.115.0\nPyYAML==3.13\n');
    assert.deepStrictEqual(first.diagnostics, [], 'no offline index: nothing known before the answer');
    const { diagnostics } = await answered;
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['vulnerable-dependency', 1]]);
    assert.ok((diagnostics[0].message as string).includes(`First fixed version: 5.4. (OSV API, data of ${new Date().toISOString().slice(0, 10)})`), diagnostics[0].message as string);
    const batches = osv.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as { queries: { package: { name: string } }[] });
    assert.deepStrictEqual([...new Set(batches.flatMap((b) => b.queries.map((q) => q.package.name)))].sort(), ['PyYAML', 'fastapi']);
  });

  it('an untrusted workspace sends nothing (the setting that allows it is the user\'s)', async () => {
    osv.requests.length = 0;
    const server = await serverWith('untrusted', false);
    const file = path.join(root, 'web', 'package.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = '{\n  "dependencies": {\n    "lodash": "4.17.4"\n  }\n}\n';
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const { diagnostics } = await server.open(uri, 'json', text);
    assert.ok(!diagnostics.some((d) => d.code === 'vulnerable-dependency'));
    // A hover is answered after the open was handled: any request would have been started by then.
    await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.deepStrictEqual(osv.requests, []);
  });
});

describe('language server over stdio: packages new to a lockfile (new-install-script)', function () {
  this.timeout(120_000);
  let root: string;
  const started: LspProcess[] = [];
  const base = { name: 'web', lockfileVersion: 3, requires: true, packages: { '': { name: 'web', dependencies: { esbuild: '^0.19.0' } }, 'node_modules/esbuild': { version: '0.19.12', hasInstallScript: true } } };
  const withSharp = { ...base, packages: { ...base.packages, '': { name: 'web', dependencies: { esbuild: '^0.19.0', sharp: '^0.33.0' } }, 'node_modules/sharp': { version: '0.33.2', hasInstallScript: true } } };
  const BASE = `${JSON.stringify(base, null, 2)}\n`;
  const CHANGED = `${JSON.stringify(withSharp, null, 2)}\n`;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-deps-git-')));
    // A git that logs each call before running the real one: the untrusted server must start none.
    fs.mkdirSync(path.join(root, 'bin'));
    fs.writeFileSync(path.join(root, 'bin', 'git'), `#!/bin/sh\necho "$*" >> "${path.join(root, 'git-calls.log')}"\nexec /usr/bin/git "$@"\n`, { mode: 0o755 });
    const repo = path.join(root, 'repo');
    fs.mkdirSync(path.join(repo, 'web'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'web', 'package-lock.json'), BASE);
    for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['-c', 'user.name=Vigil Test', '-c', 'user.email=test@vigil.dev', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'base']]) {
      const run = spawnSync('/usr/bin/git', args, { cwd: repo, encoding: 'utf8' });
      assert.strictEqual(run.status, 0, run.stderr);
    }
  });
  after(() => {
    for (const server of started) server.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function serverWith(trusted: boolean): Promise<LspProcess> {
    const { server } = await LspProcess.start(builtServerJs(REPO_ROOT), { cwd: root, env: { PATH: `${path.join(root, 'bin')}:${process.env.PATH}` }, initializationOptions: { workspaceTrusted: trusted, advisoriesDirectory: path.join(root, 'no-index') } });
    started.push(server);
    return server;
  }
  const calls = () => (fs.existsSync(path.join(root, 'git-calls.log')) ? fs.readFileSync(path.join(root, 'git-calls.log'), 'utf8').trim().split('\n') : []);
  const scripted = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'new-install-script').map((d) => [d.range.start.line, (d.message as string).split(' ')[0]]);

  it('a trusted workspace: the package the unsaved lockfile adds is reported against HEAD, and goes when it is taken out', async () => {
    const server = await serverWith(true);
    const uri = pathToFileURL(path.join(root, 'repo', 'web', 'package-lock.json')).href;
    const opened = await server.open(uri, 'json', CHANGED);
    assert.deepStrictEqual(scripted(opened.diagnostics), [[CHANGED.split('\n').findIndex((l) => l.includes('"node_modules/sharp"')), 'sharp@0.33.2']]);
    assert.ok(calls().some((c) => c.startsWith('show ')), calls().join('\n'));
    const reverted = await server.change(uri, [{ text: BASE }]);
    assert.deepStrictEqual(scripted(reverted.diagnostics), []);
  });

  it('an untrusted workspace starts no git process and reports nothing as new', async () => {
    fs.rmSync(path.join(root, 'git-calls.log'), { force: true });
    const server = await serverWith(false);
    const uri = pathToFileURL(path.join(root, 'repo', 'web', 'package-lock.json')).href;
    const opened = await server.open(uri, 'json', CHANGED);
    assert.deepStrictEqual(scripted(opened.diagnostics), []);
    assert.deepStrictEqual(calls(), []);
  });
});
