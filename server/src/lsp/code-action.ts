import { CodeActionKind, type CodeAction, type CodeActionParams, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix } from '../engine';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { readDiagnosticData } from './diagnostics';

export interface CodeActionContext {
  /** The document's current version; fixes computed for another version are not offered. */
  version: number;
  /** Whether the client accepts versioned `documentChanges` (it then refuses stale edits too). */
  documentChanges: boolean;
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
  return { documentChanges: [{ textDocument: { uri, version: context.version }, edits: fix.edits }] };
}

function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  if (!only) return true;
  const quickFix: string = CodeActionKind.QuickFix;
  return only.some((kind) => kind === '' || kind === quickFix || quickFix.startsWith(`${kind}.`));
}
