import { performance } from 'perf_hooks';

/**
 * Per-document debounce: scheduling a document again before its timer fires restarts the
 * timer, so a burst of keystrokes costs one analysis and typing never queues work.
 */
export class DebouncedQueue {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each document's last analysis started. */
  private readonly lastRun = new Map<string, number>();

  constructor(
    private readonly run: (uri: string) => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * An edit: analyzed at once when the document has been quiet for `quietMs` (a keystroke
   * after a pause, the common case while typing), else after the burst settles. Returns the delay chosen.
   */
  scheduleChange(uri: string, quietMs: number): number {
    const idle = !this.timers.has(uri) && this.now() - (this.lastRun.get(uri) ?? -Infinity) >= quietMs;
    const delay = idle ? 0 : quietMs;
    this.schedule(uri, delay);
    return delay;
  }

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.lastRun.set(uri, this.now());
        void this.run(uri);
      }, delayMs),
    );
  }

  isPending(uri: string): boolean {
    return this.timers.has(uri);
  }

  /** Whether any document waits for its analysis. */
  hasPending(): boolean {
    return this.timers.size > 0;
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.cancel(uri);
    this.lastRun.delete(uri);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.lastRun.clear();
  }
}
