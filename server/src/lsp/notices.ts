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
 * repeated, and a failing rule is logged once per session whichever files it fails on. A rule
 * error is also shown to the user once per session, pointing to the log.
 */
export class NoticeLog {
  private readonly lastLogged = new Map<string, string>();
  /** Rule errors already logged this session: a failing rule is logged once, not per file and keystroke. */
  private readonly ruleErrors = new Set<string>();
  private toldUser = false;
  private toldPartial = false;

  constructor(private readonly client: LspClient) {}

  /**
   * `partial`: why the analysis followed the file's imports only partly (a budget or guard of
   * the project modules stopped it), said as the CLI's report says it; logged like the engine's
   * notices, and told to the user once per session: findings through other modules may be missing.
   */
  report(uri: string, version: number, notices: readonly AnalysisNotice[], partial?: string): void {
    const key = [...notices.map((n) => `${n.kind}:${n.message}`), ...(partial ? [`partial:${partial}`] : [])].join('\n');
    if (this.lastLogged.get(uri) === key) return;
    this.lastLogged.set(uri, key);
    for (const notice of notices) {
      if (notice.kind === 'rule-error') {
        const id = notice.ruleId ?? notice.message.split('\n')[0];
        if (this.ruleErrors.has(id)) continue;
        this.ruleErrors.add(id);
      }
      this.client.log(LEVEL[notice.kind], `${uri} (version ${version}): ${notice.message}`);
    }
    if (partial) this.client.log('info', `${uri} (version ${version}): ${partial}`);
    if (partial && !this.toldPartial) {
      this.toldPartial = true;
      this.client.notify('warn', `Vigil: ${partial} (in ${uri.slice(uri.lastIndexOf('/') + 1)}); findings that cross other modules may be missing. See the "Vigil" output.`);
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
