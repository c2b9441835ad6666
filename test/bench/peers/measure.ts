import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One run of a child process, measured by GNU time (wait4's rusage of the child and its waited-for children). */
export interface Measured {
  status: number | null;
  stdout: string;
  stderr: string;
  /** User + system CPU seconds. */
  cpuS: number;
  wallS: number;
  /** Peak resident set size, MB. */
  rssMb: number;
}

const TIME = '/usr/bin/time';

/** Runs `command args` in `cwd` under /usr/bin/time (installed with apt-get when missing). */
export function timedRun(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Measured {
  ensureGnuTime();
  const out = path.join(os.tmpdir(), `vigil-peers-time-${process.pid}.txt`);
  const r = spawnSync(TIME, ['-f', '%U %S %e %M', '-o', out, command, ...args], {
    cwd,
    env: env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  // GNU time writes "Command exited with non-zero status N" before the numbers when the child fails.
  const numbers = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(out, { force: true });
  const [user, sys, wall, rssKb] = numbers;
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) throw new Error(`unexpected /usr/bin/time output for ${command}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cpuS: user + sys, wallS: wall, rssMb: Math.round(rssKb / 1024) };
}

let checked = false;
function ensureGnuTime(): void {
  if (checked || fs.existsSync(TIME)) {
    checked = true;
    return;
  }
  console.log(`${TIME} not found: apt-get install -y time`);
  const install = spawnSync('sh', ['-c', 'apt-get install -y time || (apt-get update && apt-get install -y time)'], { stdio: 'inherit' });
  if (install.status !== 0 || !fs.existsSync(TIME)) throw new Error('could not install GNU time with apt-get');
  checked = true;
}
