import { performance } from 'perf_hooks';

// What the first squiggle of a session waits for on the server's side (issue 21: the budget is
// 1 s from opening a file in a running editor): one line in the output channel per language, the
// first time a document of it is analyzed. Times are from the server process's start
// (performance.now()'s origin), so the spawn, the bundle's load from the code cache and the
// rules' load before it show as the gaps between the marks.

/** The steps of one first analysis, each when it ended (ms from the process start). */
export interface FirstAnalysis {
  opened: number;
  settings: number;
  parsed: number;
  analyzed: number;
  published: number;
}

export class StartupTimeline {
  private readonly marks: [string, number][] = [];
  /** Languages whose first analysis was logged; the documents of the others, by URI, since their opening. */
  private readonly reported = new Set<string>();
  private readonly opened = new Map<string, { language: string; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {
    this.mark('server bundle loaded');
  }

  /** A start-up step that ended now (`initialize received`, `rules loaded`). */
  mark(name: string): void {
    this.marks.push([name, this.now()]);
  }

  /** A document was opened: its language's first analysis that runs is timed from its opening. */
  documentOpened(uri: string, language: string): void {
    if (!this.reported.has(language)) this.opened.set(uri, { language, at: this.now() });
  }

  documentClosed(uri: string): void {
    this.opened.delete(uri);
  }

  /** Whether an analysis of `uri` would be its language's first (the one to time step by step). */
  isFirst(uri: string, language: string): boolean {
    return !this.reported.has(language) && this.opened.has(uri);
  }

  /** The time now, for a step of a first analysis. */
  time(): number {
    return this.now();
  }

  /** The output line for the language's first analysis, of `uri` (once; undefined after). */
  firstAnalysis(uri: string, language: string, steps: Omit<FirstAnalysis, 'opened'>): string | undefined {
    const opened = this.opened.get(uri);
    if (!opened || this.reported.has(language)) return undefined;
    this.reported.add(language);
    for (const [other, { language: l }] of this.opened) if (l === language) this.opened.delete(other);
    const ms = (t: number) => `${Math.round(t)} ms`;
    const name = language === 'python' ? 'Python' : 'TypeScript/JavaScript';
    const start = this.marks.map(([name, at]) => `${name} ${ms(at)}`).join(', ');
    return (
      `first ${name} diagnostics ${ms(steps.published)} after the server process started ` +
      `(${start}, document opened ${ms(opened.at)}): settings ${ms(steps.settings - opened.at)}, ` +
      `parse ${ms(steps.parsed - steps.settings)}, ` +
      `analysis ${ms(steps.analyzed - steps.parsed)}, publishing ${ms(steps.published - steps.analyzed)}`
    );
  }
}
