import type { AnalysisNotice } from '../engine';
import type { LogLevel, LspClient } from './lsp-client';

const LEVEL: Record<AnalysisNotice['kind'], LogLevel> = {
  skipped: 'info',
  'parse-error': 'log',
  'rule-error': 'error',
};

/**
 * Logs what the engine could not do for a document (skipped, parse errors, rule errors) to
 * the output channel, once: the same notices for the next version of a document are not
 * repeated. A rule error is also shown to the user once per session, pointing to the log.
 */
export class NoticeLog {
  private readonly lastLogged = new Map<string, string>();
  private toldUser = false;

  constructor(private readonly client: LspClient) {}

  report(uri: string, version: number, notices: readonly AnalysisNotice[]): void {
    const key = notices.map((n) => `${n.kind}:${n.message}`).join('\n');
    if (this.lastLogged.get(uri) === key) return;
    this.lastLogged.set(uri, key);
    for (const notice of notices) {
      this.client.log(LEVEL[notice.kind], `${uri} (version ${version}): ${notice.message}`);
    }
    if (!this.toldUser && notices.some((n) => n.kind === 'rule-error')) {
      this.toldUser = true;
      this.client.notify('error', 'Vigil: a rule failed while analyzing a file. See the "Vigil" output for details.');
    }
  }

  forget(uri: string): void {
    this.lastLogged.delete(uri);
  }
}
