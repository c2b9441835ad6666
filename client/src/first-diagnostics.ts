import * as vscode from 'vscode';

// The editor's end of the first squiggle's timeline (issue 21): once per language family, how
// long after the editor opened a file Vigil's first diagnostics for it reached the editor. The
// server logs its own part (startup-timeline.ts); the rest is the connection and the workbench.

const family = (languageId: string) => (languageId === 'python' ? 'Python' : 'TypeScript/JavaScript');

export function logFirstDiagnostics(log: (message: string) => void, languages: readonly string[], activatedAt: number): vscode.Disposable {
  /** Open files without Vigil diagnostics yet: since when, and whether they were open before activation. */
  const waiting = new Map<string, { family: string; at: number; beforeActivation: boolean }>();
  const logged = new Set<string>();
  const watch = (doc: vscode.TextDocument, beforeActivation: boolean) => {
    if (doc.uri.scheme !== 'file' || !languages.includes(doc.languageId) || logged.has(family(doc.languageId))) return;
    waiting.set(doc.uri.toString(), { family: family(doc.languageId), at: beforeActivation ? activatedAt : performance.now(), beforeActivation });
  };
  for (const doc of vscode.workspace.textDocuments) watch(doc, true);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((doc) => watch(doc, false)),
    vscode.workspace.onDidCloseTextDocument((doc) => waiting.delete(doc.uri.toString())),
    vscode.languages.onDidChangeDiagnostics(({ uris }) => {
      for (const uri of uris) {
        const first = waiting.get(uri.toString());
        if (!first || !vscode.languages.getDiagnostics(uri).some((d) => d.source === 'vigil')) continue;
        waiting.delete(uri.toString());
        if (logged.has(first.family)) continue;
        logged.add(first.family);
        for (const [other, { family: f }] of waiting) if (f === first.family) waiting.delete(other);
        const since = first.beforeActivation ? 'the extension activated, with' : 'the editor opened';
        log(`first ${first.family} diagnostics reached the editor ${Math.round(performance.now() - first.at)} ms after ${since} ${vscode.workspace.asRelativePath(uri)}`);
      }
    }),
  );
}
