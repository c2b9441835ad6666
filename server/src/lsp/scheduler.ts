/**
 * Per-document debounce: scheduling a document again before its timer fires restarts the
 * timer, so a burst of keystrokes costs one analysis and typing never queues work.
 */
export class DebouncedQueue {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly run: (uri: string) => Promise<void>) {}

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.run(uri);
      }, delayMs),
    );
  }

  isPending(uri: string): boolean {
    return this.timers.has(uri);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
