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
  /**
   * Vigil findings per file, updated only for the files a diagnostics event names: after a
   * workspace scan there are thousands, and every keystroke's publish must not recount them.
   */
  private readonly counts = new Map<string, number>();
  private total = 0;

  constructor() {
    this.item.name = 'Vigil';
    this.subscriptions = [
      vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) this.recount(uri);
        this.render();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
    for (const [uri] of vscode.languages.getDiagnostics()) this.recount(uri);
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

  /** A file's count of Vigil findings (config-file problems are not findings). */
  private recount(uri: vscode.Uri): void {
    const key = uri.toString();
    const count = vscode.languages.getDiagnostics(uri).filter((d) => isVigil(d) && !isConfigProblem(d)).length;
    this.total += count - (this.counts.get(key) ?? 0);
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }

  private render(): void {
    const active = vscode.window.activeTextEditor?.document;
    const inFile = active ? this.counts.get(active.uri.toString()) ?? 0 : 0;
    const findings = this.total;
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
      this.item.text = active && isAnalyzable(active) ? `${icon} Vigil: ${inFile}` : `${icon} Vigil: ${findings} in all files`;
      this.item.backgroundColor = undefined;
      this.item.command = Commands.showOwaspOverview;
      tooltip.appendMarkdown(`**Vigil** — ${plural(inFile, 'finding')} in this file, ${plural(findings, 'finding')} in all files\n\n`);
      if (this.server.busy) tooltip.appendMarkdown('Analyzing…\n\n');
      tooltip.appendMarkdown('[OWASP overview](command:vigil.showOwaspOverview) · [Scan workspace](command:vigil.scanWorkspace) · [Output](command:vigil.showOutput)');
    }
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function isVigil(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE;
}

/** Problems of a config file carry no rule id. */
function isConfigProblem(diagnostic: vscode.Diagnostic): boolean {
  return diagnostic.code === undefined;
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
