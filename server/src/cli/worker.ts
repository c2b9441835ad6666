// An analyzer thread of `vigil scan` (dist/cli-worker.js): its own engine, one file per
// request, the outcome back as plain data. See parallel.ts.
import { parentPort, workerData } from 'worker_threads';
import { MemoryAdvisoryIndex, type AdvisoryIndexData, type VigilConfig } from '../engine';
import { flushCodeCache } from '../workspace/code-cache';
import type { CrossModuleLimits } from '../workspace/project-modules';
import { useCliCodeCache } from './code-cache';
import { createEngine } from './parallel';
import { analyzeFile, projectModulesFor, type FileOutcome } from './scan';

export interface WorkerSetup {
  cwd: string;
  /** Cross-module budgets (tests lower them; see SCAN_LIMITS). */
  limits?: Partial<CrossModuleLimits>;
  engineModule?: string;
  /** The advisory data of the scan (see AnalyzeOptions.advisories). */
  advisories?: AdvisoryIndexData;
  /** The git revision lockfiles are compared with (see AnalyzeOptions.baseRef). */
  baseRef?: string;
}

export interface WorkerRequest {
  index: number;
  file: string;
  configId: number;
  /** Sent with the first file of each config only. */
  config?: VigilConfig;
}

/** 'ready' once the thread's engine is loaded, then one outcome per request. */
export type WorkerReply = 'ready' | { index: number; outcome: FileOutcome };

if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  useCliCodeCache();
  const engine = createEngine(setup.engineModule);
  if (setup.advisories) engine.advisories = MemoryAdvisoryIndex.fromData(setup.advisories);
  const modules = projectModulesFor(engine, setup.cwd, setup.limits, setup.baseRef);
  const configs = new Map<number, VigilConfig>();
  let flushed = false;
  port.postMessage('ready' satisfies WorkerReply);
  port.on('message', (request: WorkerRequest) => {
    if (request.config) configs.set(request.configId, request.config);
    const config = configs.get(request.configId)!;
    const reply: WorkerReply = { index: request.index, outcome: analyzeFile(engine, { file: request.file, config }, setup.cwd, modules) };
    port.postMessage(reply);
    // The pool terminates its threads (no exit handlers run): a new compiler cache is written
    // after the first file, once the compiler has parsed and walked one.
    if (!flushed) {
      flushed = true;
      flushCodeCache();
    }
  });
}
