import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { applyEdits, modify } from 'jsonc-parser';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME, LineIndex } from '../engine';

/**
 * "Disable <rule> in <config>": sets the rule to "off" in the config file that applies to
 * the document — vigil.config.json or package.json "vigil" (edited with jsonc-parser, so
 * comments and formatting stay), or pyproject.toml [tool.vigil.rules] — or creates a
 * vigil.config.json in `newConfigDir` when there is none. Undefined when the file cannot be
 * edited safely (unreadable, or a pyproject.toml whose rules are an inline table).
 */
export function disableRuleEdit(ruleId: string, configFile: string | undefined, newConfigDir: string): { title: string; edit: WorkspaceEdit } | undefined {
  if (!configFile) {
    const file = path.join(newConfigDir, CONFIG_FILE_NAME);
    const uri = pathToFileURL(file).href;
    const content = `${JSON.stringify({ rules: { [ruleId]: 'off' } }, null, 2)}\n`;
    return {
      title: `Disable "${ruleId}" in a new ${CONFIG_FILE_NAME}`,
      edit: {
        documentChanges: [
          { kind: 'create', uri, options: { ignoreIfExists: true } },
          { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] },
        ],
      },
    };
  }
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    return undefined;
  }
  const name = path.basename(configFile);
  const edits = name === 'pyproject.toml' ? tomlEdits(text, ruleId) : jsonEdits(text, name === 'package.json' ? ['vigil', 'rules', ruleId] : ['rules', ruleId]);
  if (!edits) return undefined;
  return { title: `Disable "${ruleId}" in ${name}`, edit: { changes: { [pathToFileURL(configFile).href]: edits } } };
}

function jsonEdits(text: string, jsonPath: string[]): TextEdit[] {
  const indent = /\n([ \t]+)"/.exec(text)?.[1];
  const formattingOptions = { insertSpaces: !indent?.startsWith('\t'), tabSize: indent && !indent.startsWith('\t') ? indent.length : 2, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const lines = new LineIndex(text);
  return modify(text, jsonPath, 'off', { formattingOptions }).map((edit) => ({
    range: lines.rangeAt(edit.offset, edit.offset + edit.length),
    newText: edit.content,
  }));
}

/** A `"rule" = "off"` line under [tool.vigil.rules] (added at the end when missing). */
function tomlEdits(text: string, ruleId: string): TextEdit[] | undefined {
  const lines = new LineIndex(text);
  const entry = `"${ruleId}" = "off"`;
  const header = /^\[tool\.vigil\.rules\][ \t]*(#.*)?$/m.exec(text);
  if (header) {
    const lineEnd = header.index + header[0].length;
    return [{ range: lines.rangeAt(lineEnd, lineEnd), newText: `\n${entry}` }];
  }
  // `rules = { ... }` inside [tool.vigil]: a second definition would break the file.
  const table = /^\[tool\.vigil\][ \t]*(#.*)?$/m.exec(text);
  if (table && /^[ \t]*rules[ \t]*=/m.test(text.slice(table.index).split(/^\[/m)[1] ?? '')) return undefined;
  const end = text.length;
  const separator = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return [{ range: lines.rangeAt(end, end), newText: `${separator}\n[tool.vigil.rules]\n${entry}\n` }];
}
