import '../helpers/offline';
// In-process stand-ins: a fake editor (LspClient) and a fake Python backend that reports
// `f"SELECT` strings, so the server logic is tested without the real analyzers.
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { Engine, RuleCatalog, type EngineOptions, type Finding } from '../../server/src/engine';
import type { LogLevel, LspClient } from '../../server/src/lsp/lsp-client';
import type { ServerStatus } from '../../server/src/protocol';

export class FakeClient implements LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: { level: LogLevel; message: string }[] = [];
  readonly notified: string[] = [];
  registeredForConfiguration = false;
  readonly watched: string[] = [];
  /** What workspace/configuration answers; a function lets a test hold the answer back. */
  settings: unknown | (() => Promise<unknown>) = { enable: true };
  private waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  publishDiagnostics(params: PublishDiagnosticsParams): void {
    this.published.push(params);
    this.waiters = this.waiters.filter((w) => !(w.match(params) && (w.resolve(params), true)));
  }

  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }

  notify(_level: 'error' | 'warn', message: string): void {
    this.notified.push(message);
  }

  /** The document URIs settings were asked for, in order. */
  readonly configurationRequests: string[] = [];

  configuration(uri: string): Promise<unknown> {
    this.configurationRequests.push(uri);
    return typeof this.settings === 'function' ? (this.settings as () => Promise<unknown>)() : Promise.resolve(this.settings);
  }

  async registerForConfigurationChanges(): Promise<void> {
    this.registeredForConfiguration = true;
  }

  async watchFiles(globPattern: string): Promise<void> {
    this.watched.push(globPattern);
  }

  readonly statuses: ServerStatus[] = [];

  status(status: ServerStatus): void {
    this.statuses.push(status);
  }

  /** The next publish for `uri` (for `version`, when given), never one already received. */
  nextPublish(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      this.waiters.push({ match: (p) => p.uri === uri && (version === undefined || p.version === version), resolve });
    });
  }

  logged(pattern: RegExp): boolean {
    return this.logs.some((l) => pattern.test(l.message));
  }
}

export interface FakeBackend extends LanguageBackend<string> {
  analyses: number;
}

/** Finds `f"SELECT ...` strings; the first `def` line is the taint source. `BOOM` throws. */
export function fakePythonBackend(): FakeBackend {
  const backend: FakeBackend = {
    language: 'python',
    comment: '#',
    analyses: 0,
    parse: (text) => text,
    hasSyntaxErrors: () => false,
    analyze: ({ lines, text, isRuleEnabled }) => {
      backend.analyses++;
      if (text.includes('BOOM')) throw new Error('rule exploded');
      if (!isRuleEnabled('sql-injection')) return [];
      const findings: Finding[] = [];
      let sourceLine = -1;
      for (let line = 0; line < lines.lineCount; line++) {
        const content = lines.lineText(line);
        if (sourceLine < 0 && content.startsWith('def ')) sourceLine = line;
        const start = content.indexOf('f"SELECT');
        if (start < 0) continue;
        const end = content.indexOf('"', start + 2) + 1;
        const range = { start: { line, character: start }, end: { line, character: end } };
        const source = { start: { line: Math.max(sourceLine, 0), character: 0 }, end: { line: Math.max(sourceLine, 0), character: 3 } };
        findings.push({
          ruleId: 'sql-injection',
          message: 'SQL injection: request query parameter `email` reaches `cursor.execute` through `email`.',
          range,
          severity: 'error',
          confidence: 'high',
          path: [{ range: source, label: 'request query parameter `email`' }],
          sink: 'cursor.execute',
          fixes: [{ title: 'Parameterize this query', kind: 'rewrite', isPreferred: true, edits: [{ range, newText: '"SELECT 1"' }] }],
        });
      }
      return findings;
    },
  };
  return backend;
}

let catalog: RuleCatalog | undefined;

export function fakeEngine(backend: FakeBackend, options: EngineOptions = {}): Engine {
  return new Engine({ catalog: (catalog ??= RuleCatalog.load()), ...options, backends: { python: backend } });
}
