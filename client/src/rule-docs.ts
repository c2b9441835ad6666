import * as vscode from 'vscode';
import { Commands } from '../../server/src/protocol';
import { ruleDocsFile, ruleIds } from './rule-docs-file';

/**
 * `vigil.openRuleDocs [ruleId]`: the rule's README shipped in the extension, in VS Code's
 * Markdown preview. Diagnostics' code links and hovers call it (see server/src/lsp/rule-docs-link.ts);
 * from the command palette it asks for the rule.
 */
export function registerRuleDocsCommand(context: vscode.ExtensionContext): vscode.Disposable {
  const rulesDir = context.asAbsolutePath('rules');
  return vscode.commands.registerCommand(Commands.openRuleDocs, async (ruleId?: unknown) => {
    const id = ruleId ?? (await vscode.window.showQuickPick(ruleIds(rulesDir), { placeHolder: 'Which rule?' }));
    if (id === undefined) return;
    const file = ruleDocsFile(rulesDir, id);
    if (!file) {
      void vscode.window.showWarningMessage(`Vigil has no rule named ${JSON.stringify(id)}.`);
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
  });
}
