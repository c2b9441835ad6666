import * as vscode from 'vscode';
import type { OverviewCategory, OverviewFinding, OwaspOverview } from '../../server/src/protocol';

type Node = { kind: 'category'; category: OverviewCategory; max: number } | { kind: 'finding'; finding: OverviewFinding };

const BAR_WIDTH = 12;
const SEVERITY_ICON: Record<OverviewFinding['severity'], string> = { error: 'error', warning: 'warning', info: 'info', hint: 'lightbulb' };

/**
 * The OWASP overview: the ten categories of the chosen edition with their finding counts and
 * a bar for each (the chart), the findings below them; a click opens the finding.
 */
export class OwaspOverviewTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private overview?: OwaspOverview;

  constructor(private readonly load: () => Promise<OwaspOverview | undefined>) {}

  /** Asks the server again (after diagnostics changed or a scan). */
  async refresh(): Promise<OwaspOverview | undefined> {
    this.overview = await this.load();
    this.changed.fire(undefined);
    return this.overview;
  }

  get total(): number {
    return this.overview?.categories.reduce((sum, category) => sum + category.findings.length, 0) ?? 0;
  }

  getChildren(node?: Node): Node[] {
    if (!this.overview) return [];
    if (!node) {
      const max = Math.max(1, ...this.overview.categories.map((c) => c.findings.length));
      return this.overview.categories.map((category) => ({ kind: 'category', category, max }));
    }
    if (node.kind === 'category') return node.category.findings.map((finding) => ({ kind: 'finding', finding }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'category') {
      const { category, max } = node;
      const count = category.findings.length;
      // The count first: a narrow side bar cuts the end of a row, never the number.
      const item = new vscode.TreeItem(`${count} · ${category.id} ${category.name}`, count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      const filled = count === 0 ? 0 : Math.max(1, Math.round((count / max) * BAR_WIDTH));
      item.description = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      item.tooltip = `${category.id} ${category.name}: ${count} finding${count === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon(count > 0 ? 'shield' : 'pass');
      item.contextValue = 'category';
      return item;
    }
    const { finding } = node;
    const uri = vscode.Uri.parse(finding.uri);
    const item = new vscode.TreeItem(`${finding.title}`, vscode.TreeItemCollapsibleState.None);
    item.description = `${vscode.workspace.asRelativePath(uri)}:${finding.range.start.line + 1}`;
    item.tooltip = new vscode.MarkdownString().appendText(finding.message).appendMarkdown(`\n\n\`${finding.ruleId}\``);
    item.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[finding.severity]);
    const range = new vscode.Range(finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character);
    item.command = { title: 'Open', command: 'vscode.open', arguments: [uri, { selection: range } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
