/** Where the progress bar draws: a stream with a terminal width when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  update(done: number): void;
  /** Clears the bar so the report starts on a clean line. */
  finish(): void;
}

const SILENT: Progress = { update() {}, finish() {} };
/** Redraw at most this often: a terminal write per file would slow a fast scan down. */
const REDRAW_MS = 100;

/**
 * The progress bar of a scan on stderr: shown when stderr is a terminal (a person is watching)
 * or with --progress; CI logs stay clean otherwise, and --quiet silences it. Redraws the same line with \r.
 */
export function createProgress(stream: ProgressStream, total: number, options: { force: boolean; quiet?: boolean; now?: () => number }): Progress {
  if (options.quiet || !(options.force || stream.isTTY) || total === 0) return SILENT;
  const now = options.now ?? Date.now;
  let last = -Infinity;
  let drawn = false;
  const draw = (done: number) => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
    const filled = Math.round((done / total) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files ${Math.floor((done / total) * 100)}%`);
    drawn = true;
  };
  return {
    update(done) {
      const time = now();
      if (done < total && time - last < REDRAW_MS) return;
      last = time;
      draw(done);
    },
    finish() {
      if (drawn) stream.write(stream.isTTY ? '\r\u001b[2K' : '\n');
    },
  };
}
