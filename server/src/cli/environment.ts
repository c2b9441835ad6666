import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../engine';
import type { CrossModuleLimits } from '../workspace/project-modules';
import { UsageError } from './exit-codes';

/** Where the CLI runs: injected so tests can run it in-process. */
export interface CliEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /**
   * A module exporting `createEngine(): Engine`, loaded by the main thread and by every worker
   * thread instead of the real engine. Only tests set it (fake analyzers); the command line
   * and the environment cannot.
   */
  engineModule?: string;
  /**
   * Builds the main thread's engine (tests with fake backends). Worker threads cannot receive
   * it, so without `engineModule` a scan then analyzes in the main thread only.
   */
  createEngine?: () => Engine;
  /** Lower cross-module budgets (tests of the runaway guards); SCAN_LIMITS otherwise. */
  crossModuleLimits?: Partial<CrossModuleLimits>;
}

export function resolvePath(io: CliEnvironment, file: string): string {
  return path.resolve(io.cwd, file);
}

/** Writes a file the user asked for; failing to is their problem to fix (exit 2), not a crash. */
export function writeFile(file: string, text: string, what: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write ${what} to ${file}: ${(e as Error).message}`);
  }
}
