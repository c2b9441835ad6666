import * as assert from 'assert';
import { CodeActionRequest, DiagnosticSeverity, DiagnosticTag, type ClientCapabilities, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { applyTextEdits, Engine } from '../../server/src/engine';
import { VigilServer } from '../../server/src/lsp/server';
import { REPO_ROOT } from '../helpers/fixtures';
import { FakeClient } from './fakes';
import { builtServerJs, LspProcess } from './lsp-process';
import { SAMPLES, type Sample } from './samples';

// The suppression audit in the editor: an unused suppression is a faded hint whose quick fix
// removes it, and "ignore on this line" puts the cursor on the reason.

/** The sample with a suppression of a rule that has nothing to report above its first line of code in the handler. */
function withUnusedSuppression(sample: Sample): { text: string; line: number } {
  const lines = sample.text.split('\n');
  const line = sample.sinkLine - 1;
  const indent = /^\s*/.exec(lines[line])![0];
  const leader = sample.languageId === 'python' ? '#' : '//';
  lines.splice(line, 0, `${indent}${leader} vigil-ignore[ssrf]: only calls the internal pricing service by @platform`);
  return { text: lines.join('\n'), line };
}

function unusedHint(diagnostics: Diagnostic[]): Diagnostic {
  const found = diagnostics.filter((d) => d.code === 'unused-suppression');
  assert.strictEqual(found.length, 1, JSON.stringify(diagnostics, null, 1));
  return found[0];
}

function assertUnusedHint(diagnostic: Diagnostic, line: number): void {
  assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Hint);
  assert.deepStrictEqual(diagnostic.tags, [DiagnosticTag.Unnecessary]);
  assert.strictEqual(diagnostic.range.start.line, line);
  assert.strictEqual(diagnostic.source, 'vigil');
  assert.match(String(diagnostic.message), /Unused suppression: nothing here for `ssrf` to ignore/);
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit!;
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : []));
}

describe('suppressions over the protocol (in-process, real analyzers)', () => {
  const capabilities = (snippets: boolean): ClientCapabilities => ({
    workspace: { configuration: true, workspaceEdit: { documentChanges: true, ...(snippets && { snippetEditSupport: true }) } },
  });

  async function open(sample: Sample, text: string, snippets = false) {
    const client = new FakeClient();
    const server = new VigilServer(client, { createEngine: () => new Engine({ today: () => '2026-06-01' }) });
    server.initialize({ processId: null, rootUri: null, capabilities: capabilities(snippets) });
    const published = client.nextPublish(sample.uri, 1);
    server.didOpen({ textDocument: { uri: sample.uri, languageId: sample.languageId, version: 1, text } });
    return { client, server, diagnostics: (await published).diagnostics };
  }

  for (const sample of SAMPLES) {
    describe(sample.name, () => {
      it('publishes an unused suppression as a hint tagged Unnecessary, and its quick fix removes the line', async () => {
        const { text, line } = withUnusedSuppression(sample);
        const { client, server, diagnostics } = await open(sample, text);
        const hint = unusedHint(diagnostics);
        assertUnusedHint(hint, line);
        const actions = await server.codeAction({ textDocument: { uri: sample.uri }, range: hint.range, context: { diagnostics: [hint] } });
        assert.deepStrictEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
          ['Remove unused suppression', 'quickfix', true],
          [`Disable "${hint.code}" in a new vigil.config.json`, 'quickfix', undefined],
        ]);
        const fixed = applyTextEdits(text, editsOf(actions[0], sample.uri));
        assert.strictEqual(fixed, sample.text);
        const after = client.nextPublish(sample.uri, 2);
        server.didChange({ textDocument: { uri: sample.uri, version: 2 }, contentChanges: [{ text: fixed }] });
        assert.deepStrictEqual((await after).diagnostics.map((d) => d.code), ['sql-injection']);
      });

      it('a mistyped rule id (`sqli`) is a warning, not a faded hint, and its quick fix writes the rule meant', async () => {
        const lines = sample.text.split('\n');
        const indent = /^\s*/.exec(lines[sample.sinkLine])![0];
        lines.splice(sample.sinkLine, 0, `${indent}${sample.languageId === 'python' ? '#' : '//'} vigil-ignore[sqli]: the status is an enum by @backend`);
        const text = lines.join('\n');
        const { client, server, diagnostics } = await open(sample, text);
        const typo = diagnostics.find((d) => d.code === 'unknown-rule-in-suppression') ?? assert.fail(JSON.stringify(diagnostics, null, 1));
        assert.strictEqual(typo.severity, DiagnosticSeverity.Warning);
        assert.strictEqual(typo.tags, undefined);
        assert.strictEqual(typo.range.start.line, sample.sinkLine);
        assert.match(String(typo.message), /Vigil has no rule `sqli`.*Did you mean `sql-injection`\?/);
        assert.ok(!diagnostics.some((d) => d.code === 'unused-suppression'), 'not reported twice');
        assert.ok(diagnostics.some((d) => d.code === 'sql-injection'), 'the finding it meant to ignore is still there');
        const actions = await server.codeAction({ textDocument: { uri: sample.uri }, range: typo.range, context: { diagnostics: [typo] } });
        assert.deepStrictEqual(actions[0].title, 'Change `sqli` to `sql-injection`');
        const after = client.nextPublish(sample.uri, 2);
        server.didChange({ textDocument: { uri: sample.uri, version: 2 }, contentChanges: [{ text: applyTextEdits(text, editsOf(actions[0], sample.uri)) }] });
        assert.deepStrictEqual((await after).diagnostics.map((d) => d.code), []);
      });

      it('"ignore on this line" is a snippet edit with the cursor on the reason where the client takes snippets', async () => {
        const { server, diagnostics } = await open(sample, sample.text, true);
        const finding = diagnostics.find((d) => d.code === 'sql-injection')!;
        const actions = await server.codeAction({ textDocument: { uri: sample.uri }, range: finding.range, context: { diagnostics: [finding] } });
        const ignore = actions.find((a) => a.title === 'Ignore sql-injection on this line (with reason)')!;
        const [edit] = editsOf(ignore, sample.uri) as unknown as { snippet?: { kind: string; value: string }; newText?: string }[];
        const leader = sample.languageId === 'python' ? '#' : '//';
        assert.deepStrictEqual(edit.snippet, { kind: 'snippet', value: `${/^\s*/.exec(sample.text.split('\n')[sample.sinkLine])![0]}${leader} vigil-ignore[sql-injection]: \${1:reason}\n` });
        assert.strictEqual(edit.newText, undefined);
      });

      it('"ignore on this line" falls back to a plain edit with a visible <reason> placeholder', async () => {
        const { server, diagnostics } = await open(sample, sample.text, false);
        const finding = diagnostics.find((d) => d.code === 'sql-injection')!;
        const ignore = (await server.codeAction({ textDocument: { uri: sample.uri }, range: finding.range, context: { diagnostics: [finding] } })).find((a) => a.title.startsWith('Ignore sql-injection on this line'))!;
        const [edit] = editsOf(ignore, sample.uri);
        assert.match(edit.newText, /vigil-ignore\[sql-injection\]: <reason>\n$/);
      });
    });
  }
});

describe('suppressions over stdio (dist/server.js)', () => {
  let server: LspProcess;

  before(async function () {
    this.timeout(120_000);
    ({ server } = await LspProcess.start(builtServerJs(REPO_ROOT)));
  });

  after(() => server.kill());

  for (const sample of SAMPLES) {
    it(`${sample.name}: the unused-suppression hint and its removal fix`, async () => {
      const { text, line } = withUnusedSuppression(sample);
      const hint = unusedHint((await server.open(sample.uri, sample.languageId, text)).diagnostics);
      assertUnusedHint(hint, line);
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: sample.uri }, range: hint.range, context: { diagnostics: [hint] } })) as CodeAction[];
      const remove = actions.find((a) => a.title === 'Remove unused suppression')!;
      assert.ok(remove, actions.map((a) => a.title).join(', '));
      const after = await server.applyEdits(sample.uri, editsOf(remove, sample.uri));
      assert.strictEqual(server.text(sample.uri), sample.text);
      assert.deepStrictEqual(after.diagnostics.map((d) => d.code), ['sql-injection']);
    });
  }
});
