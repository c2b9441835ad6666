import { CodeActionKind, type CodeAction, type CodeActionParams, type SnippetTextEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { readDiagnosticData } from './diagnostics';

export interface CodeActionContext {
  /** The document's current version; fixes computed for another version are not offered. */
  version: number;
  /** Whether the client accepts versioned `documentChanges` (it then refuses stale edits too). */
  documentChanges: boolean;
  /** Whether those may hold snippet edits (a fix's placeholder then becomes a tab stop). */
  snippetEdits?: boolean;
}

/**
 * textDocument/codeAction: one quick fix per engine fix carried in the diagnostics' data.
 * Stateless: everything comes from the request (ruff's approach).
 */
export function codeActions(params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  if (!wantsQuickFixes(params.context.only)) return [];
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = readDiagnosticData(diagnostic.data);
    if (!data || data.version !== context.version) continue;
    for (const fix of data.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred || undefined,
        edit: workspaceEdit(uri, fix, context),
      });
    }
  }
  return actions;
}

function workspaceEdit(uri: string, fix: Fix, context: CodeActionContext): WorkspaceEdit {
  if (!context.documentChanges) return { changes: { [uri]: fix.edits } };
  const edits = typeof fix.placeholder === 'string' && context.snippetEdits ? fix.edits.map((edit) => withTabStop(edit, fix.placeholder!)) : fix.edits;
  return { documentChanges: [{ textDocument: { uri, version: context.version }, edits }] };
}

/** An edit whose text holds `placeholder` (`<reason>`) as a snippet with the cursor there, selecting `reason`. */
function withTabStop(edit: TextEdit, placeholder: string): TextEdit | SnippetTextEdit {
  const at = edit.newText.indexOf(placeholder);
  if (at < 0) return edit;
  const label = placeholder.replace(/^<(.*)>$/, '$1');
  const value = `${escapeSnippet(edit.newText.slice(0, at))}\${1:${escapeSnippet(label)}}${escapeSnippet(edit.newText.slice(at + placeholder.length))}`;
  return { range: edit.range, snippet: { kind: 'snippet', value } };
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  if (!only) return true;
  const quickFix: string = CodeActionKind.QuickFix;
  return only.some((kind) => kind === '' || kind === quickFix || quickFix.startsWith(`${kind}.`));
}
