import * as assert from 'assert';
import { CodeActionKind, DiagnosticSeverity, type ClientCapabilities, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import { REPO_ROOT } from '../helpers/fixtures';
import { applyTextEdits, Engine, type EngineRule, type TextEdit } from '../../server/src/engine';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { VigilServer } from '../../server/src/lsp/server';
import { StartupTimeline } from '../../server/src/lsp/startup-timeline';
import { FakeClient, fakeEngine, fakePythonBackend, type FakeBackend } from './fakes';

// The server logic in-process, against a fake backend: fast, and independent of the analyzers.
const URI = 'file:///project/app/routes.py';
const VULNERABLE = [
  'from fastapi import Depends',
  '',
  'def c(email: str, db=Depends(get_db)):',
  '    cursor = db.cursor()',
  `    cursor.execute(f"SELECT * FROM customers WHERE email = '{email}'")`,
  '',
].join('\n');
const CAPABILITIES: ClientCapabilities = { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } };

interface Setup {
  client: FakeClient;
  server: VigilServer;
  backend: FakeBackend;
}

function setup(capabilities: ClientCapabilities = CAPABILITIES, options: { maxFileSize?: number } = {}): Setup {
  const client = new FakeClient();
  const backend = fakePythonBackend();
  const server = new VigilServer(client, { createEngine: () => fakeEngine(backend, options) });
  server.initialize({ processId: null, rootUri: null, capabilities });
  return { client, server, backend };
}

async function open({ client, server }: Setup, text = VULNERABLE, uri = URI): Promise<Diagnostic[]> {
  const published = client.nextPublish(uri, 1);
  server.didOpen({ textDocument: { uri, languageId: 'python', version: 1, text } });
  return (await published).diagnostics;
}

function actionParams(diagnostics: Diagnostic[], only?: string[]): CodeActionParams {
  return { textDocument: { uri: URI }, range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics, only } };
}

describe('VigilServer (in-process)', () => {
  it('answers initialize with incremental sync, quick fixes and hovers, and registers for settings changes', async () => {
    const client = new FakeClient();
    const server = new VigilServer(client, { createEngine: () => fakeEngine(fakePythonBackend()) });
    const result = server.initialize({ processId: null, rootUri: null, capabilities: CAPABILITIES });
    assert.deepStrictEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.deepStrictEqual(result.capabilities.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.vigil'] });
    assert.strictEqual(result.capabilities.hoverProvider, true);
    await server.initialized();
    assert.ok(client.registeredForConfiguration);
  });

  it('publishes a diagnostic with rule id, docs link, source, OWASP/CWE tags, taint source and fixes', async () => {
    const [diagnostic, ...rest] = await open(setup());
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(diagnostic.code, 'sql-injection');
    assert.strictEqual(diagnostic.source, 'vigil');
    assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Error);
    assert.match(diagnostic.codeDescription!.href, /^file:\/\/.*\/rules\/sql-injection\/README\.md$/);
    assert.match(diagnostic.message as string, /^SQL injection: .* \[OWASP A03:2021 \/ A05:2025, CWE-89\]$/);
    assert.strictEqual(diagnostic.range.start.line, 4);
    assert.deepStrictEqual(diagnostic.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [
      [URI, 2, 'source: request query parameter `email`'],
    ]);
    const data = diagnostic.data as { version: number; fixes: { title: string }[] };
    assert.strictEqual(data.version, 1);
    assert.deepStrictEqual(data.fixes.map((f) => f.title), [
      'Parameterize this query',
      'Ignore sql-injection on this line (with reason)',
      'Ignore sql-injection in this file',
    ]);
  });

  it('debounces a burst of changes into one analysis of the last version', async () => {
    const s = setup();
    await open(s);
    const before = s.backend.analyses;
    const last = s.client.nextPublish(URI, 4);
    for (const version of [2, 3, 4]) {
      s.server.didChange({ textDocument: { uri: URI, version }, contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '#' }] });
    }
    await last;
    assert.strictEqual(s.backend.analyses - before, 1);
    assert.deepStrictEqual(s.client.published.map((p) => p.version), [1, 4]);
  });

  it('drops an analysis whose document changed while its settings were being fetched', async () => {
    const s = setup();
    let answer!: (value: unknown) => void;
    const pending = new Promise((resolve) => (answer = resolve));
    s.client.settings = () => pending;
    s.server.didOpen({ textDocument: { uri: URI, languageId: 'python', version: 1, text: VULNERABLE } });
    await new Promise((resolve) => setImmediate(resolve)); // let the open's analysis start and wait for settings
    s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'x = 1\n' }] });
    const second = s.client.nextPublish(URI, 2);
    answer({ enable: true });
    const published = await second;
    assert.deepStrictEqual(published.diagnostics, []);
    assert.deepStrictEqual(s.client.published.map((p) => p.version), [2]);
  });

  it('never publishes a slow analysis of version N once version N+1 has come in', async () => {
    // A rule that takes 150 ms on the first change. The next change reaches the server while
    // it runs, as a message does over stdio: queued, dispatched once the analysis returns.
    const client = new FakeClient();
    let server!: VigilServer;
    const changeTo = (version: number, text: string) => server.didChange({ textDocument: { uri: URI, version }, contentChanges: [{ text }] });
    const analyzed: number[] = [];
    const slowRule: EngineRule = {
      id: 'slow-rule',
      language: 'python',
      analyze(input) {
        const version = input.text.startsWith('# v2') ? 2 : input.text.startsWith('# v3') ? 3 : 1;
        analyzed.push(version);
        if (version === 2) {
          setImmediate(() => changeTo(3, `# v3\n${VULNERABLE}`));
          const until = performance.now() + 150;
          while (performance.now() < until);
        }
        return [];
      },
    };
    server = new VigilServer(client, { createEngine: () => fakeEngine(fakePythonBackend(), { extraRules: [slowRule] }) });
    server.initialize({ processId: null, rootUri: null, capabilities: CAPABILITIES });
    await open({ client, server, backend: fakePythonBackend() });
    const third = client.nextPublish(URI, 3);
    changeTo(2, `# v2\n${VULNERABLE}`);
    const published = await third;
    assert.deepStrictEqual(analyzed, [1, 2, 3], 'version 2 was analyzed (slowly) before version 3 came in');
    assert.deepStrictEqual(client.published.map((p) => p.version), [1, 3]);
    assert.strictEqual(published.diagnostics.length, 1);
    assert.strictEqual(published.diagnostics[0].range.start.line, 5, 'the findings are those of version 3');
  });

  it('applies incremental edits: introducing and removing a vulnerability updates the diagnostics', async () => {
    const s = setup();
    const safe = VULNERABLE.replace(`f"SELECT * FROM customers WHERE email = '{email}'"`, '"SELECT 1"');
    assert.deepStrictEqual(await open(s, safe), []);
    const line = 4;
    const start = safe.split('\n')[line].indexOf('"SELECT 1"');
    const range = { start: { line, character: start }, end: { line, character: start + '"SELECT 1"'.length } };
    const introduced = s.client.nextPublish(URI, 2);
    s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range, text: 'f"SELECT {email}"' }] });
    assert.strictEqual((await introduced).diagnostics.length, 1);
    const removed = s.client.nextPublish(URI, 3);
    const end = { line, character: start + 'f"SELECT {email}"'.length };
    s.server.didChange({ textDocument: { uri: URI, version: 3 }, contentChanges: [{ range: { start: range.start, end }, text: '"SELECT 1"' }] });
    assert.deepStrictEqual((await removed).diagnostics, []);
  });

  it('parses broken code afresh once typing pauses, and not while typing or when the code parses', async () => {
    const s = setup();
    const fresh: string[] = [];
    const parse = s.backend.parse;
    s.backend.parse = (text, fileName, previous) => {
      if (!previous) fresh.push(text);
      return parse(text, fileName, previous);
    };
    s.backend.hasSyntaxErrors = (tree) => tree.includes('((');
    await open(s, VULNERABLE);
    const at = { line: 4, character: 0 };
    const change = (version: number, text: string) => s.server.didChange({ textDocument: { uri: URI, version }, contentChanges: [{ range: { start: at, end: at }, text }] });
    const publishes = (version: number) => s.client.published.filter((p) => p.uri === URI && p.version === version).length;
    fresh.length = 0;

    // Broken, then broken again before the pause is over: only the last version gets the fresh parse.
    let published = s.client.nextPublish(URI, 2);
    change(2, '((');
    await published;
    published = s.client.nextPublish(URI, 3);
    change(3, 'x');
    await published;
    assert.strictEqual(fresh.length, 0, 'keystrokes use the edited tree');
    const settled = s.client.nextPublish(URI, 3);
    await settled;
    assert.strictEqual(fresh.length, 1, 'the pause parsed the text from scratch');
    assert.ok(fresh[0].includes('x(('), 'of the last version');
    assert.strictEqual(publishes(2), 1, 'the earlier version was not settled');
    assert.strictEqual(publishes(3), 2);

    // Code that parses: nothing to settle.
    published = s.client.nextPublish(URI, 4);
    s.server.didChange({ textDocument: { uri: URI, version: 4 }, contentChanges: [{ range: { start: at, end: { line: 4, character: 3 } }, text: '' }] });
    await published;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.strictEqual(publishes(4), 1);
    assert.strictEqual(fresh.length, 1);
  });

  describe('code actions', () => {
    it('offers the fixes from Diagnostic.data as quick fixes, the preferred one marked', async () => {
      const s = setup();
      const diagnostics = await open(s);
      const actions = await s.server.codeAction(actionParams(diagnostics));
      assert.deepStrictEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
        ['Parameterize this query', 'quickfix', true],
        ['Ignore sql-injection on this line (with reason)', 'quickfix', undefined],
        ['Ignore sql-injection in this file', 'quickfix', undefined],
        ['Disable "sql-injection" in a new vigil.config.json', 'quickfix', undefined],
      ]);
      const edits = actions[0].edit!.changes![URI] as TextEdit[];
      const fixed = applyTextEdits(VULNERABLE, edits);
      const after = s.client.nextPublish(URI, 2);
      s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
      assert.deepStrictEqual((await after).diagnostics, []);
    });

    it('uses versioned documentChanges when the client supports them', async () => {
      const s = setup({ ...CAPABILITIES, workspace: { ...CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } } });
      const actions = await s.server.codeAction(actionParams(await open(s)));
      assert.deepStrictEqual(actions[0].edit!.documentChanges![0], {
        textDocument: { uri: URI, version: 1 },
        edits: [{ range: actions[0].diagnostics![0].range, newText: '"SELECT 1"' }],
      });
    });

    it('offers nothing for stale diagnostics, other sources, bad data or other kinds', async () => {
      const s = setup();
      const diagnostics = await open(s);
      const other = { ...diagnostics[0], source: 'eslint' };
      const garbage = { ...diagnostics[0], data: { version: 1, fixes: 'no' } };
      assert.deepStrictEqual(await s.server.codeAction(actionParams([other, garbage])), []);
      assert.deepStrictEqual(await s.server.codeAction(actionParams(diagnostics, [CodeActionKind.Refactor])), []);
      assert.strictEqual((await s.server.codeAction(actionParams(diagnostics, [CodeActionKind.QuickFix]))).length, 4);
      s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }] });
      assert.deepStrictEqual(await s.server.codeAction(actionParams(diagnostics)), []);
    });
  });

  describe('hover', () => {
    it('explains the finding: rule, path with lines, OWASP 2021 and 2025, CWE, how to fix, docs', async () => {
      const s = setup();
      const [diagnostic] = await open(s);
      const result = await s.server.hover({ textDocument: { uri: URI }, position: diagnostic.range.start });
      const value = (result!.contents as { value: string }).value;
      assert.deepStrictEqual(result!.range, diagnostic.range);
      for (const expected of ['SQL injection', '`sql-injection`', 'A03:2021 Injection', 'A05:2025 Injection', '[CWE-89](https://cwe.mitre.org/data/definitions/89.html)', '**From** request query parameter `email` (line 3)', '`cursor.execute` (line 5)', '**How to fix**', 'cursor.execute("SELECT * FROM customers WHERE email = %s", (email,))', `[More about this rule](${pathToFileURL(path.join(REPO_ROOT, 'rules', 'sql-injection', 'README.md')).href})`]) {
        assert.ok(value.includes(expected), `hover lacks ${expected}:\n${value}`);
      }
      assert.ok(!value.includes('pool.query'), 'a Python file gets no TypeScript example');
    });

    it('is empty away from findings, and fresh right after a change', async () => {
      const s = setup();
      await open(s);
      assert.strictEqual(await s.server.hover({ textDocument: { uri: URI }, position: { line: 0, character: 0 } }), null);
      s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'x = 1\n' }] });
      assert.strictEqual(await s.server.hover({ textDocument: { uri: URI }, position: { line: 4, character: 20 } }), null);
      assert.strictEqual(s.client.published.at(-1)?.version, 2);
    });
  });

  describe('settings', () => {
    it('clears diagnostics when vigil.enable is false and brings them back when it is true again', async () => {
      const s = setup();
      s.client.settings = { enable: false };
      assert.deepStrictEqual(await open(s), []);
      s.client.settings = { enable: true };
      const again = s.client.nextPublish(URI, 1);
      s.server.didChangeConfiguration({ settings: null });
      assert.strictEqual((await again).diagnostics.length, 1);
    });

    it('reads pushed settings from clients that cannot be asked', async () => {
      const s = setup({});
      assert.strictEqual((await open(s)).length, 1);
      const off = s.client.nextPublish(URI, 1);
      s.server.didChangeConfiguration({ settings: { vigil: { enable: false } } });
      assert.deepStrictEqual((await off).diagnostics, []);
    });

    it('uses the defaults when the settings request fails', async () => {
      const s = setup();
      s.client.settings = () => Promise.reject(new Error('no settings'));
      assert.strictEqual((await open(s)).length, 1);
      assert.ok(s.client.logged(/could not read the vigil settings/));
    });
  });

  describe('bad input', () => {
    it('ignores a change to an unknown document with a log line', async () => {
      const s = setup();
      s.server.didChange({ textDocument: { uri: 'file:///nowhere.py', version: 2 }, contentChanges: [{ text: 'x' }] });
      assert.ok(s.client.logged(/ignoring a change to file:\/\/\/nowhere\.py/));
      assert.strictEqual((await open(s)).length, 1);
    });

    it('publishes nothing for an empty file', async () => {
      assert.deepStrictEqual(await open(setup(), ''), []);
    });

    it('skips a file over the size limit and a binary file, logging why once per version', async () => {
      const s = setup();
      assert.deepStrictEqual(await open(s, 'x = 1\n'.repeat(1_000_000)), []);
      assert.ok(s.client.logged(/over the size limit/));
      const binary = 'file:///project/blob.py';
      assert.deepStrictEqual(await open(s, 'ab\0cd', binary), []);
      assert.ok(s.client.logged(/looks binary/));
      const logs = s.client.logs.length;
      const again = s.client.nextPublish(binary, 1);
      s.server.didChangeConfiguration({ settings: null });
      await again;
      assert.strictEqual(s.client.logs.length, logs, 'the same notices are not logged again');
    });

    it('survives a rule that throws: logs it, tells the user once, and keeps serving', async () => {
      const s = setup();
      assert.deepStrictEqual(await open(s, 'BOOM\n'), []);
      assert.ok(s.client.logs.some((l) => l.level === 'error' && /rule exploded/.test(l.message)));
      assert.strictEqual(s.client.notified.length, 1);
      const next = s.client.nextPublish(URI, 2);
      s.server.didChange({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: VULNERABLE }] });
      assert.strictEqual((await next).diagnostics.length, 1);
    });

    it('ignores documents in languages it does not analyze', () => {
      const s = setup();
      s.server.didOpen({ textDocument: { uri: 'file:///notes.txt', languageId: 'plaintext', version: 1, text: 'hi' } });
      assert.ok(s.client.logged(/not analyzing file:\/\/\/notes\.txt/));
    });

    it('keeps running when the rules cannot be loaded', async () => {
      const client = new FakeClient();
      const server = new VigilServer(client, {
        createEngine: () => {
          throw new Error('rules/ not found');
        },
      });
      assert.ok(server.initialize({ processId: null, rootUri: null, capabilities: CAPABILITIES }).capabilities.hoverProvider);
      server.didOpen({ textDocument: { uri: URI, languageId: 'python', version: 1, text: VULNERABLE } });
      assert.strictEqual(await server.hover({ textDocument: { uri: URI }, position: { line: 4, character: 20 } }), null);
      assert.ok(client.logged(/cannot load the rules/));
      assert.strictEqual(client.notified.length, 1);
    });
  });

  it('clears the diagnostics of a closed document', async () => {
    const s = setup();
    await open(s);
    s.server.didClose({ textDocument: { uri: URI } });
    assert.deepStrictEqual(s.client.published.at(-1), { uri: URI, diagnostics: [] });
  });
});

describe('first diagnostics timeline (issue 21: what the first squiggle waits for)', () => {
  it('logs, once per language, each step of the first analysis from the server process start', async () => {
    const s = setup();
    await open(s);
    await open(s, VULNERABLE, 'file:///project/app/other.py');
    const lines = s.client.logs.filter((l) => /^first .* diagnostics/.test(l.message));
    assert.strictEqual(lines.length, 1, JSON.stringify(lines));
    const [line] = lines;
    assert.strictEqual(line.level, 'info');
    assert.match(
      line.message,
      /^first Python diagnostics \d+ ms after the server process started \(server bundle loaded \d+ ms, initialize received \d+ ms, rules loaded \d+ ms, document opened \d+ ms\): settings \d+ ms, parse \d+ ms, analysis \d+ ms, publishing \d+ ms$/,
    );
  });

  it('neither parses nor times a first document that is not analyzed (over the size limit), and times the next one', async () => {
    const s = setup();
    let parses = 0;
    const parse = s.backend.parse;
    s.backend.parse = (...args) => (parses++, parse(...args));
    s.client.settings = { enable: true, maxFileSize: 10 };
    assert.deepStrictEqual(await open(s), []);
    assert.strictEqual(parses, 0, 'a file over the limit is not parsed for the timeline');
    assert.ok(!s.client.logged(/^first .* diagnostics/));
    s.client.settings = { enable: true };
    await open(s, VULNERABLE, 'file:///project/app/other.py');
    assert.ok(s.client.logged(/^first Python diagnostics \d+ ms after the server process started/));
  });

  it('times the steps with its clock, in order', () => {
    let now = 100;
    const timeline = new StartupTimeline(() => now);
    now = 150;
    timeline.mark('initialize received');
    now = 400;
    timeline.mark('rules loaded');
    now = 900;
    timeline.documentOpened('file:///a.tsx', 'typescript');
    timeline.documentOpened('file:///b.ts', 'typescript');
    assert.ok(timeline.isFirst('file:///a.tsx', 'typescript') && timeline.isFirst('file:///b.ts', 'typescript') && !timeline.isFirst('file:///c.py', 'python'));
    const line = timeline.firstAnalysis('file:///a.tsx', 'typescript', { settings: 905, parsed: 1205, analyzed: 1245, published: 1247 });
    assert.strictEqual(
      line,
      'first TypeScript/JavaScript diagnostics 1247 ms after the server process started (server bundle loaded 100 ms, initialize received 150 ms, rules loaded 400 ms, document opened 900 ms): settings 5 ms, parse 300 ms, analysis 40 ms, publishing 2 ms',
    );
    assert.strictEqual(timeline.firstAnalysis('file:///b.ts', 'typescript', { settings: 0, parsed: 0, analyzed: 0, published: 0 }), undefined, 'logged once');
    assert.ok(!timeline.isFirst('file:///b.ts', 'typescript'));
  });
});

describe('the TypeScript compiler loaded ahead of the first TS/JS file (issue 21: first squiggle)', () => {
  interface Warm {
    client: FakeClient;
    server: VigilServer;
    warmed: () => number;
  }

  async function warmSetup(files: Record<string, string>, warm?: () => void): Promise<Warm> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-warm-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    let warmed = 0;
    const typescript: LanguageBackend<string> = { ...fakePythonBackend(), language: 'typescript', comment: '//', warm: () => void (warmed++, warm?.()) };
    const client = new FakeClient();
    const server = new VigilServer(client, { createEngine: () => new Engine({ catalog: fakeEngine(fakePythonBackend()).catalog, backends: { python: fakePythonBackend(), typescript } }), warmUpAfterMs: 20 });
    server.initialize({ processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
    await server.initialized();
    return { client, server, warmed: () => warmed };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

  it('loads it once idle, in a workspace with a JS/TS project one folder down (web/package.json)', async () => {
    const s = await warmSetup({ 'api/main.py': 'x = 1\n', 'web/package.json': '{}' });
    await settle();
    assert.strictEqual(s.warmed(), 1);
    assert.ok(s.client.logged(/^loaded the TypeScript compiler ahead of the first TS\/JS file in \d+ ms$/));
    s.server.shutdown();
  });

  it('never in a Python-only workspace', async () => {
    const s = await warmSetup({ 'api/main.py': 'x = 1\n', 'pyproject.toml': '' });
    await settle();
    assert.strictEqual(s.warmed(), 0);
    s.server.shutdown();
  });

  it('a compiler that fails to load is logged, and the server keeps serving', async () => {
    const s = await warmSetup({ 'package.json': '{}' }, () => {
      throw new Error('Cannot find module typescript');
    });
    await settle();
    assert.strictEqual(s.warmed(), 1);
    assert.ok(s.client.logs.some((l) => l.level === 'error' && /cannot load the TypeScript compiler ahead of the first TS\/JS file: .*Cannot find module typescript/.test(l.message)));
    const published = s.client.nextPublish(URI, 1);
    s.server.didOpen({ textDocument: { uri: URI, languageId: 'python', version: 1, text: VULNERABLE } });
    assert.strictEqual((await published).diagnostics.length, 1);
    s.server.shutdown();
  });

  it('an open package.json (a manifest, read without the compiler) does not stand in for it', async () => {
    const s = await warmSetup({ 'package.json': '{"dependencies": {}}' });
    s.server.didOpen({ textDocument: { uri: 'file:///project/package.json', languageId: 'json', version: 1, text: '{"dependencies": {}}' } });
    await settle();
    assert.strictEqual(s.warmed(), 1);
    s.server.shutdown();
  });

  it('after the analysis under way, and not once a TS/JS file brought it', async () => {
    const s = await warmSetup({ 'tsconfig.json': '{}' });
    const published = s.client.nextPublish(URI, 1);
    s.server.didOpen({ textDocument: { uri: URI, languageId: 'python', version: 1, text: VULNERABLE } });
    await published;
    const logsAtPublish = s.client.logs.length;
    await settle();
    assert.strictEqual(s.warmed(), 1);
    assert.ok(s.client.logs.slice(logsAtPublish).some((l) => /^loaded the TypeScript compiler/.test(l.message)), 'warmed after the first diagnostics');

    const t = await warmSetup({ 'package.json': '{}' });
    t.server.didOpen({ textDocument: { uri: 'file:///project/web/page.ts', languageId: 'typescript', version: 1, text: 'export const a = 1;\n' } });
    await settle();
    assert.strictEqual(t.warmed(), 0);
    t.server.shutdown();
    s.server.shutdown();
  });
});
