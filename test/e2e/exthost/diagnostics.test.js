// Runs inside the extension host (see index.js): Vigil's diagnostics and code actions through
// the vscode API, for the example app that the workbench opened.
const assert = require('node:assert/strict');
const vscode = require('vscode');

/** Resolves with Vigil's diagnostics for `uri` once there are some (event-driven, no polling). */
function vigilDiagnostics(uri) {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'vigil');
  return new Promise((resolve) => {
    if (current().length > 0) return resolve(current());
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || current().length === 0) return;
      sub.dispose();
      resolve(current());
    });
  });
}

describe('Vigil in the extension host', () => {
  const folder = () => vscode.workspace.workspaceFolders[0].uri;

  it('publishes sql-injection diagnostics with docs links for api/routers/orders.py', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'api/routers/orders.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await vigilDiagnostics(uri);
    const sql = diagnostics.filter((d) => typeof d.code === 'object' && d.code.value === 'sql-injection');
    assert.ok(sql.length >= 2, `expected 2 sql-injection findings, got ${JSON.stringify(diagnostics)}`);
    assert.match(String(sql[0].code.target), /sql-injection/);
    assert.equal(sql[0].severity, vscode.DiagnosticSeverity.Error);
  });

  it('offers the preferred parameterize fix and the ignore actions as code actions', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'api/routers/orders.py');
    const [first] = (await vigilDiagnostics(uri)).sort((a, b) => a.range.start.line - b.range.start.line);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, first.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Parameterize this query'), JSON.stringify(titles));
    assert.ok(titles.includes('Ignore sql-injection on this line (with reason)'), JSON.stringify(titles));
    assert.equal(actions.find((a) => a.title === 'Parameterize this query').isPreferred, true);
  });
});
