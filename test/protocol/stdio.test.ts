import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionRequest,
  DiagnosticSeverity,
  DidChangeTextDocumentNotification,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'url';
import { REPO_ROOT } from '../helpers/fixtures';
import { LspProcess } from './lsp-process';
import { FASTAPI, SAMPLES } from './samples';

// The built server (dist/server.js) over real stdio. Tests marked [analyzers] need the real
// Python / TypeScript analyzers to report the SQL injection in the samples.
const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
/** The docs shipped beside the bundles: a client without the open-docs command gets the file itself. */
const SQL_INJECTION_DOCS = pathToFileURL(path.join(REPO_ROOT, 'rules', 'sql-injection', 'README.md')).href;

function sqlInjection(diagnostics: Diagnostic[]): Diagnostic {
  const found = diagnostics.filter((d) => d.code === 'sql-injection');
  assert.strictEqual(found.length, 1, `expected one sql-injection diagnostic, got ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0];
}

function lineRange(text: string, line: number, needle: string) {
  const character = text.split('\n')[line].indexOf(needle);
  assert.ok(character >= 0, `"${needle}" not on line ${line + 1}`);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

/** The edits of a WorkspaceEdit for one document, whether sent as `changes` or `documentChanges`. */
function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit!;
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : []));
}

describe('language server over stdio (dist/server.js)', () => {
  let server: LspProcess;

  before(function () {
    this.timeout(120_000);
    if (!fs.existsSync(SERVER_JS)) execFileSync(process.execPath, [path.join(REPO_ROOT, 'server/scripts/build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  });

  beforeEach(async () => {
    ({ server } = await LspProcess.start(SERVER_JS));
  });

  afterEach(() => server.kill());

  it('initializes with incremental sync, quick fixes and hovers, and shuts down cleanly', async () => {
    const { server: fresh, result } = await LspProcess.start(SERVER_JS);
    try {
      assert.deepStrictEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
      assert.deepStrictEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.vigil'] });
      assert.strictEqual(result.capabilities.hoverProvider, true);
      assert.strictEqual(await fresh.shutdown(), 0);
    } finally {
      fresh.kill();
    }
  });

  for (const sample of SAMPLES) {
    describe(`[analyzers] ${sample.name}`, () => {
      it('reports SQL injection with rule id, docs link, OWASP/CWE tags and the taint source', async () => {
        const { diagnostics, version } = await server.open(sample.uri, sample.languageId, sample.text);
        assert.strictEqual(version, 1);
        const diagnostic = sqlInjection(diagnostics);
        assert.strictEqual(diagnostic.source, 'vigil');
        assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Error);
        assert.strictEqual(diagnostic.codeDescription?.href, SQL_INJECTION_DOCS);
        assert.match(diagnostic.message as string, /\[OWASP A03:2021 \/ A05:2025, CWE-89\]$/);
        assert.strictEqual(diagnostic.range.start.line, sample.sinkLine);
        const source = diagnostic.relatedInformation?.[0];
        assert.ok(source, 'related information names the taint source');
        assert.strictEqual(source.location.uri, sample.uri);
        const line = source.location.range.start.line;
        assert.ok(line >= sample.sourceLines[0] && line <= sample.sourceLines[1], `source reported at line ${line + 1}`);
        assert.match(source.message, /^source: /);
      });

      it('follows incremental edits: a vulnerability introduced, then removed', async () => {
        const safe = sample.text.replace(sample.query, sample.safeQuery);
        assert.deepStrictEqual((await server.open(sample.uri, sample.languageId, safe)).diagnostics, []);
        const safeRange = lineRange(safe, sample.sinkLine, sample.safeQuery);
        sqlInjection((await server.change(sample.uri, [{ range: safeRange, text: sample.query }])).diagnostics);
        const vulnerableRange = lineRange(server.text(sample.uri), sample.sinkLine, sample.query);
        assert.deepStrictEqual((await server.change(sample.uri, [{ range: vulnerableRange, text: sample.safeQuery }])).diagnostics, []);
      });

      it('"Parameterize this query" fixes the code and the diagnostic goes away', async () => {
        const diagnostic = sqlInjection((await server.open(sample.uri, sample.languageId, sample.text)).diagnostics);
        const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri: sample.uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        })) as CodeAction[];
        const titles = actions.map((a) => a.title);
        assert.ok(titles.includes('Ignore sql-injection on this line (with reason)'), titles.join(', '));
        const parameterize = actions.find((a) => a.title.startsWith('Parameterize this query'));
        assert.ok(parameterize, `no "Parameterize this query" among: ${titles.join(', ')}`);
        assert.strictEqual(parameterize.kind, 'quickfix');
        assert.strictEqual(parameterize.isPreferred, true);
        const after = await server.applyEdits(sample.uri, editsFor(parameterize, sample.uri));
        assert.deepStrictEqual(after.diagnostics, []);
        assert.ok(!server.text(sample.uri).includes(sample.query), server.text(sample.uri));
      });

      it('hover over the diagnostic names the rule, OWASP A03:2021 and CWE-89', async () => {
        const diagnostic = sqlInjection((await server.open(sample.uri, sample.languageId, sample.text)).diagnostics);
        const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sample.uri }, position: diagnostic.range.start });
        const value = (hover?.contents as MarkupContent).value;
        for (const expected of ['sql-injection', 'A03:2021', 'A05:2025', 'CWE-89', SQL_INJECTION_DOCS, '**From** ']) {
          assert.ok(value.includes(expected), `hover lacks ${expected}:\n${value}`);
        }
      });
    });
  }

  it('[analyzers] vigil.enable=false clears the diagnostics; true brings them back', async () => {
    sqlInjection((await server.open(FASTAPI.uri, FASTAPI.languageId, FASTAPI.text)).diagnostics);
    let next = server.nextDiagnostics(FASTAPI.uri, 1);
    await server.changeSettings({ enable: false });
    assert.deepStrictEqual((await next).diagnostics, []);
    next = server.nextDiagnostics(FASTAPI.uri, 1);
    await server.changeSettings({ enable: true });
    sqlInjection((await next).diagnostics);
  });

  describe('bad input', () => {
    const hoverAt = (uri: string) => server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });

    it('ignores a change to a document that was never opened, with a log line, and keeps answering', async () => {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: 'file:///workspace/never-opened.py', version: 7 },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }],
      });
      await server.logMessage(/ignoring a change to file:\/\/\/workspace\/never-opened\.py/);
      assert.strictEqual(await hoverAt('file:///workspace/never-opened.py'), null);
      assert.deepStrictEqual((await server.open('file:///workspace/ok.py', 'python', 'x = 1\n')).diagnostics, []);
    });

    it('publishes no diagnostics for an empty file', async () => {
      assert.deepStrictEqual((await server.open('file:///workspace/empty.py', 'python', '')).diagnostics, []);
      assert.deepStrictEqual((await server.open('file:///workspace/empty.ts', 'typescript', '')).diagnostics, []);
    });

    it('skips a 5 MB file with a logged reason and keeps answering', async () => {
      const line = `cursor.execute(f"SELECT * FROM t WHERE a = '{a}'")  # padding padding padding\n`;
      const big = line.repeat(Math.ceil(5_000_000 / line.length));
      const uri = 'file:///workspace/big.py';
      assert.deepStrictEqual((await server.open(uri, 'python', big)).diagnostics, []);
      assert.match((await server.logMessage(/big\.py.*over the size limit/)).message, /skipped/);
      assert.strictEqual(await hoverAt(uri), null);
      const edited = await server.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      assert.deepStrictEqual(edited.diagnostics, []);
    });

    it('skips a binary (NUL-containing) file with a logged reason and keeps answering', async () => {
      const uri = 'file:///workspace/blob.py';
      const binary = 'PK\u0003\u0004\u0000\u0000\u0014\u0000 cursor.execute(f"SELECT {x}")\n\u0000\u0001';
      assert.deepStrictEqual((await server.open(uri, 'python', binary)).diagnostics, []);
      await server.logMessage(/blob\.py.*binary/);
      assert.strictEqual(await hoverAt(uri), null);
    });
  });
});
