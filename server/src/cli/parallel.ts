import * as fs from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Engine, type AdvisoryIndexData, type VigilConfig } from '../engine';
import type { CrossModuleLimits } from '../workspace/project-modules';
import { displayPath } from './report';
import { analyzeFile, projectModulesFor, type FileOutcome, type PlannedFile } from './scan';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker';

/** Below this many files per thread, starting a thread (and its parsers) costs more than it saves. */
export const MIN_FILES_PER_WORKER = 16;

/**
 * Without `--jobs`, the thread count comes from the size of the files to scan: one thread, and
 * one more per BYTES_PER_EXTRA_THREAD of source, up to the cores. A second thread costs CPU of its
 * own (its engine, tree-sitter and the TypeScript compiler load again, and it summarizes again the
 * modules its files import), and on 2 cores it shortens the wall time only when the scan's CPU at
 * one thread is well above that extra cost. `bench:peers` (2026-12-06, CPU / wall s, --jobs 1 ->
 * 2 threads): dispatch (2.45 MB Python) 4.23 / 3.64 -> 6.44 / 3.46, polar (6.45 MB Python)
 * 9.50 / 8.41 -> 14.74 / 7.77: half as much CPU again (and half as much memory) for 5-8% of wall
 * time, which does not pay. A Python byte costs about what a TS/JS byte does at one thread
 * (1.5-1.7 us; TS/JS 0.9-2.0 us), so bytes count alike; the threshold keeps every tree of the
 * benchmark at one thread.
 */
export const BYTES_PER_EXTRA_THREAD = 8_000_000;

/** The threads a scan of files of these sizes uses without `--jobs` (see BYTES_PER_EXTRA_THREAD). */
export function threadsForSize(files: readonly { bytes: number }[], cores: number): number {
  let total = 0;
  for (const { bytes } of files) total += bytes;
  return Math.max(1, Math.min(cores, 1 + Math.floor(total / BYTES_PER_EXTRA_THREAD)));
}

/** threadsForSize over the planned files' sizes on disk (a file that cannot be read counts 0). */
export function defaultThreads(planned: readonly PlannedFile[], cores = availableParallelism()): number {
  const sizes = planned.map(({ file }) => {
    try {
      return { path: file, bytes: fs.statSync(file).size };
    } catch {
      return { path: file, bytes: 0 };
    }
  });
  return threadsForSize(sizes, cores);
}

export interface AnalyzeOptions {
  cwd: string;
  /** Cross-module budgets (tests lower them; see SCAN_LIMITS). */
  limits?: Partial<CrossModuleLimits>;
  /** Analyzer threads (`--jobs`); undefined: chosen from the files' size (defaultThreads). */
  jobs?: number;
  /** The main thread's engine: analyzes when no worker is worth starting. */
  engine: Engine;
  /** A module exporting `createEngine(): Engine` for worker threads; the real engine if absent. */
  engineModule?: string;
  /** The advisory data (OSV API answers or the offline index): worker threads check manifests and lockfiles against it. */
  advisories?: AdvisoryIndexData;
  /** The git revision lockfiles are compared with (new-install-script): HEAD, or --changed-since's ref. */
  baseRef?: string;
  /** Called after each file, in completion order. */
  onFileDone?: (done: number) => void;
}

/**
 * Analyzes the planned files and returns their outcomes in the planned order, whatever order
 * the threads finish in. With `jobs` > 1 and enough files, worker threads (each with its own
 * engine: tree-sitter and the TypeScript compiler load per thread) pull files one at a time, so
 * a slow file does not hold up a whole batch. Each thread works through its own stretch of the
 * files in path order (a folder's modules import each other, and each thread summarizes the
 * modules its files import: neighbours share them); one that runs out takes the second half of
 * the largest stretch left.
 */
export async function analyzeAll(planned: readonly PlannedFile[], options: AnalyzeOptions): Promise<FileOutcome[]> {
  const jobs = options.jobs ?? defaultThreads(planned);
  const threads = Math.min(jobs, Math.floor(planned.length / MIN_FILES_PER_WORKER));
  if (threads <= 1) {
    const outcomes: FileOutcome[] = [];
    const modules = projectModulesFor(options.engine, options.cwd, options.limits, options.baseRef);
    for (const [index, file] of planned.entries()) {
      outcomes.push(analyzeFile(options.engine, file, options.cwd, modules));
      options.onFileDone?.(index + 1);
      // tree-sitter frees a parse tree's native memory in a finalizer that runs on the event
      // loop, not inside a synchronous loop: without this turn, RSS grows by ~1 MB per Python
      // file (500 MB over 500 files). Worker threads get a turn between messages anyway.
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    return outcomes;
  }
  return new WorkerPool(planned, options).run(threads);
}

const YIELD_EVERY = 4;

/** The planned files [next, end) a thread has yet to take. */
interface Stretch {
  next: number;
  end: number;
}

class WorkerPool {
  private readonly outcomes: FileOutcome[] = [];
  private readonly stretches: Stretch[] = [];
  private done = 0;
  /** Configs are sent to each worker once, by id, so its engine's per-config caches hold. */
  private readonly configIds = new Map<VigilConfig, number>();

  constructor(
    private readonly planned: readonly PlannedFile[],
    private readonly options: AnalyzeOptions,
  ) {}

  run(threads: number): Promise<FileOutcome[]> {
    return new Promise((resolve) => {
      let running = threads;
      const finished = () => {
        if (--running === 0) resolve(this.outcomes);
      };
      const n = this.planned.length;
      for (let i = 0; i < threads; i++) this.startWorker(finished, { next: Math.floor((i * n) / threads), end: Math.floor(((i + 1) * n) / threads) });
    });
  }

  /** The next file for the thread with `stretch`: its own next one, else one from the second half of the largest stretch left. */
  private take(stretch: Stretch): number | undefined {
    if (stretch.next >= stretch.end) {
      const largest = this.stretches.reduce((a, b) => (b.end - b.next > a.end - a.next ? b : a), stretch);
      if (largest.end - largest.next <= 0) return undefined;
      const middle = largest.next + Math.floor((largest.end - largest.next) / 2);
      stretch.next = middle;
      stretch.end = largest.end;
      largest.end = middle;
    }
    return stretch.next++;
  }

  private remaining(): boolean {
    return this.stretches.some((s) => s.next < s.end);
  }

  private startWorker(finished: () => void, stretch: Stretch): void {
    this.stretches.push(stretch);
    const setup: WorkerSetup = { cwd: this.options.cwd, limits: this.options.limits, engineModule: this.options.engineModule, advisories: this.options.advisories, baseRef: this.options.baseRef };
    const worker = new Worker(workerFile(), { workerData: setup });
    const sentConfigs = new Set<number>();
    let current: number | undefined;
    let ready = false;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      void worker.terminate();
      finished();
    };
    const sendNext = () => {
      const index = this.take(stretch);
      if (index === undefined) return stop();
      current = index;
      const { file, config } = this.planned[current];
      const configId = this.configId(config);
      const request: WorkerRequest = { index: current, file, configId, ...(!sentConfigs.has(configId) && { config }) };
      sentConfigs.add(configId);
      worker.postMessage(request);
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply === 'ready') return void (ready = true);
      this.record(reply.index, reply.outcome);
      current = undefined;
      sendNext();
    });
    // A thread that dies (a crash in a native parser, out of memory) fails the file it was on;
    // a fresh thread takes over the rest. One that dies before its engine is ready cannot start
    // at all (a broken installation): the files left fail with its reason instead of each
    // starting another doomed thread.
    const died = (reason: string) => {
      if (stopped) return;
      stopped = true;
      if (current !== undefined) this.fail(current, reason);
      if (!ready) for (const s of this.stretches) while (s.next < s.end) this.fail(s.next++, reason);
      // A fresh thread takes over this one's stretch (emptied when files wait in others only).
      this.stretches.splice(this.stretches.indexOf(stretch), 1);
      if (this.remaining()) this.startWorker(finished, stretch);
      else finished();
    };
    worker.on('error', (e) => died(e.stack ?? String(e)));
    worker.on('exit', (code) => died(`exit code ${code}`));
    sendNext();
  }

  private configId(config: VigilConfig): number {
    let id = this.configIds.get(config);
    if (id === undefined) this.configIds.set(config, (id = this.configIds.size));
    return id;
  }

  private fail(index: number, reason: string): void {
    const shown = displayPath(this.options.cwd, this.planned[index].file);
    this.record(index, { path: shown, findings: [], notices: [{ path: shown, kind: 'internal-error', message: `could not be analyzed: the analyzer thread stopped: ${reason}` }] });
  }

  private record(index: number, outcome: FileOutcome): void {
    this.outcomes[index] = outcome;
    this.options.onFileDone?.(++this.done);
  }
}

/** dist/cli-worker.js next to the bundled CLI, or worker.js next to this module when run from tsc output. */
function workerFile(): string {
  const candidates = [path.join(__dirname, 'cli-worker.js'), path.join(__dirname, 'worker.js')];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the analyzer thread's script is missing: ${candidates.join(' or ')}`);
  return found;
}

/** Creates the engine a thread analyzes with. */
export function createEngine(engineModule: string | undefined): Engine {
  if (!engineModule) return new Engine();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(engineModule) as { createEngine(): Engine }).createEngine();
}
