import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE, DOCUMENT_LANGUAGES, type ServerStatus } from '../../server/src/protocol';

/**
 * The status bar item: Vigil findings in the active file and in all files, a spinner while
 * the server works for a noticeable time, and broken config files in the error colour
 * (clicking then opens the broken file; otherwise the OWASP overview).
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vigil.status', vscode.StatusBarAlignment.Left, 50);
  private server: ServerStatus = { busy: false, configErrors: [] };
  private running = true;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'Vigil';
    this.subscriptions = [
      vscode.languages.onDidChangeDiagnostics(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
    this.render();
    this.item.show();
  }

  serverStatus(status: ServerStatus): void {
    this.server = status;
    this.render();
  }

  serverRunning(running: boolean): void {
    this.running = running;
    this.render();
  }

  private render(): void {
    const all = vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics.filter(isVigil));
    const active = vscode.window.activeTextEditor?.document;
    const inFile = active ? vscode.languages.getDiagnostics(active.uri).filter(isVigil) : [];
    const findings = all.filter((d) => !this.isConfigProblem(d));
    const errors = this.server.configErrors;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: [Commands.scanWorkspace, Commands.showOwaspOverview, Commands.showOutput] };
    if (!this.running) {
      this.item.text = '$(shield) Vigil: stopped';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = Commands.showOutput;
      tooltip.appendMarkdown('The Vigil language server is not running. [Show output](command:vigil.showOutput)');
    } else if (errors.length > 0) {
      this.item.text = `$(error) Vigil: config error`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.command = { title: 'Open the broken config', command: 'vscode.open', arguments: [vscode.Uri.parse(errors[0].uri)] };
      tooltip.appendMarkdown(`**Broken Vigil config** — analysis goes on with the last good version.\n\n`);
      for (const error of errors) tooltip.appendMarkdown(`- \`${vscode.workspace.asRelativePath(vscode.Uri.parse(error.uri))}\`: ${escape(error.message)}\n`);
    } else {
      const icon = this.server.busy ? '$(sync~spin)' : '$(shield)';
      this.item.text = active && isAnalyzable(active) ? `${icon} Vigil: ${inFile.length}` : `${icon} Vigil: ${findings.length} in all files`;
      this.item.backgroundColor = undefined;
      this.item.command = Commands.showOwaspOverview;
      tooltip.appendMarkdown(`**Vigil** — ${plural(inFile.length, 'finding')} in this file, ${plural(findings.length, 'finding')} in all files\n\n`);
      if (this.server.busy) tooltip.appendMarkdown('Analyzing…\n\n');
      tooltip.appendMarkdown('[OWASP overview](command:vigil.showOwaspOverview) · [Scan workspace](command:vigil.scanWorkspace) · [Output](command:vigil.showOutput)');
    }
    this.item.tooltip = tooltip;
  }

  private isConfigProblem(diagnostic: vscode.Diagnostic): boolean {
    return diagnostic.code === undefined;
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function isVigil(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE;
}

function isAnalyzable(document: vscode.TextDocument): boolean {
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(document.languageId);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
