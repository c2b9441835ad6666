import { CodeActionKind, type CodeAction, type CodeActionParams, type CreateFile, type SnippetTextEdit, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix } from '../engine';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../protocol';
import { readDiagnosticData } from './diagnostics';

export interface CodeActionContext {
  /** The document's current version; fixes computed for another version are not offered. */
  version: number;
  /** Whether the client accepts versioned `documentChanges` (it then refuses stale edits too). */
  documentChanges: boolean;
  /** Whether those may hold snippet edits (a fix's placeholder then becomes a tab stop). */
  snippetEdits?: boolean;
  /** Whether `documentChanges` may create files; fixes that create one are offered only then. */
  createFiles?: boolean;
  /** The URI of a path as the engine spells it (a fix's other files); without it such fixes are not offered. */
  uriOf?: (enginePath: string) => string;
  /** The edit that turns a rule off in the document's config; absent where that is not allowed. */
  disableRule?: (ruleId: string) => { title: string; edit: WorkspaceEdit } | undefined;
}

/**
 * textDocument/codeAction: one quick fix per engine fix carried in the diagnostics' data,
 * then "disable <rule> in <config>" once per rule. The fixes need no server-side state:
 * everything comes from the request (ruff's approach).
 */
export function codeActions(params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  if (!wants(params.context.only, CodeActionKind.QuickFix)) return [];
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  const disabling: CodeAction[] = [];
  const rulesSeen = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = readDiagnosticData(diagnostic.data);
    if (!data || data.version !== context.version) continue;
    for (const fix of data.fixes) {
      if (fix.files?.length && !canEditFiles(fix, context)) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred || undefined,
        edit: fixEdit(uri, fix, context),
      });
    }
    const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
    if (!ruleId || rulesSeen.has(ruleId) || !context.disableRule) continue;
    rulesSeen.add(ruleId);
    const disable = context.disableRule(ruleId);
    if (disable) disabling.push({ title: disable.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: disable.edit });
  }
  // Turning a rule off for everyone is the last resort, listed last.
  return [...actions, ...disabling];
}

/** The `source.fixAll.vigil` action: all preferred fixes of the document as one edit. */
export function fixAllAction(uri: string, edit: TextEdit, applied: number, context: CodeActionContext): CodeAction {
  return {
    title: `Fix all Vigil findings with a safe fix (${applied})`,
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(uri, [edit], context),
  };
}

export function wantsFixAll(only: readonly string[] | undefined): boolean {
  // Only when asked for: fixing everything is never offered next to a single squiggle.
  return only !== undefined && wants(only, FIX_ALL_KIND);
}

/** A fix's edit; its placeholder (`<reason>`) becomes a tab stop where the client takes snippets. */
function fixEdit(uri: string, fix: Fix, context: CodeActionContext): WorkspaceEdit {
  const snippet = typeof fix.placeholder === 'string' && context.documentChanges && context.snippetEdits;
  const edit = workspaceEdit(uri, snippet ? fix.edits.map((edit) => withTabStop(edit, fix.placeholder!)) : fix.edits, context);
  if (!fix.files?.length || !context.uriOf) return edit;
  // Other files: a created one is a CreateFile (never over an existing file) then its text; the others are edited unversioned (they may not be open).
  const others: (CreateFile | TextDocumentEdit)[] = [];
  for (const change of fix.files) {
    const other = context.uriOf(change.path);
    if (change.create) others.push({ kind: 'create', uri: other, options: { overwrite: false, ignoreIfExists: false } });
    others.push({ textDocument: { uri: other, version: null }, edits: change.edits });
  }
  return { documentChanges: [...(edit.documentChanges ?? []), ...others] };
}

/** Whether the client can take a fix's edits of other files (versioned document changes, and file creation when the fix creates one). */
function canEditFiles(fix: Fix, context: CodeActionContext): boolean {
  return context.documentChanges && !!context.uriOf && (!fix.files!.some((f) => f.create) || !!context.createFiles);
}

function workspaceEdit(uri: string, edits: (TextEdit | SnippetTextEdit)[], context: CodeActionContext): WorkspaceEdit {
  if (!context.documentChanges) return { changes: { [uri]: edits as TextEdit[] } };
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

/** Whether a request limited to `only` kinds asks for `kind` (a parent kind, like `source`, counts). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((asked) => asked === '' || asked === kind || kind.startsWith(`${asked}.`));
}
