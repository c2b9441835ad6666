// `npm run bench` (last): `vigil scan` on a large generated monorepo (scale/tree.ts: ≥ 1,000
// files, ≥ 200k lines of FastAPI + Next.js code) with 1 and 2 worker threads, side by side with
// the tools teams run today on each half: Bandit (Debian's package) on the Python part, ESLint 9
// with eslint-plugin-security and @microsoft/eslint-plugin-sdl (eslint/eslint.config.mjs) on the
// TypeScript part. Prints wall time, lines/s and peak RSS (GNU time's maximum resident set size)
// as a Markdown table for the README, and whether the targets hold: Vigil ≥ 3× faster than each
// peer on its language, peak RSS ≤ 400 MB.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { REPO_ROOT } from '../helpers/fixtures';
import { generateTree, type TreePart } from './scale/tree';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ESLINT = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
// The same ESLint setup as the per-file comparison (eslint.bench.ts): one definition of the peer.
const ESLINT_CONFIG = path.join(REPO_ROOT, 'test', 'bench', 'eslint', 'eslint.config.mjs');
const GNU_TIME = '/usr/bin/time';
const WORK = path.join(os.tmpdir(), 'vigil-scale-bench');
const SPEEDUP_TARGET = 3;
const RSS_TARGET_MB = 400;

interface Run {
  tool: string;
  part: string;
  lines: number;
  files: number;
  seconds: number;
  /** User + system CPU time: on a shared machine the steadier measure of the work done. */
  cpuSeconds: number;
  rssMb: number;
  findings: number;
}

/** Installs a Debian package when its command is missing (the bench host may be a fresh CI runner). */
function ensureCommand(command: string, debianPackage: string): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return;
  console.log(`installing ${debianPackage} (apt-get)...`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const install = spawnSync('sh', ['-c', `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq ${debianPackage}`], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`could not install ${debianPackage}`);
}

/** Runs a command under GNU time; wall time from here, CPU time and peak RSS (%M, kB) from time. */
function measure(command: string, args: string[], cwd: string, okCodes: number[]): { seconds: number; cpuSeconds: number; rssMb: number } {
  const timeFile = path.join(WORK, 'time.txt');
  const start = performance.now();
  const run = spawnSync(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (run.error) throw run.error;
  if (!okCodes.includes(run.status ?? -1)) throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr.slice(-2000)}`);
  const [user, system, kb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpuSeconds: user + system, rssMb: kb / 1024 };
}

function vigil(part: TreePart | { dir: string; files: number; lines: number }, name: string, jobs: number): Run {
  const out = path.join(WORK, `vigil-${name}-${jobs}.json`);
  const measured = measure(process.execPath, [CLI, 'scan', part.dir, '--jobs', String(jobs), '--format', 'json', '--output', out, '--fail-on', 'none'], WORK, [0]);
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  if (report.summary.scannedFiles !== part.files) throw new Error(`vigil scanned ${report.summary.scannedFiles} of ${part.files} files`);
  return { tool: `Vigil, ${jobs} worker${jobs > 1 ? 's' : ''}`, part: name, lines: part.lines, files: part.files, ...measured, findings: report.findings.length };
}

function bandit(part: TreePart): Run {
  const out = path.join(WORK, 'bandit.json');
  const measured = measure('bandit', ['-r', part.dir, '-f', 'json', '-o', out, '-q'], WORK, [0, 1]);
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  return { tool: 'Bandit', part: 'Python', lines: part.lines, files: part.files, ...measured, findings: report.results.length };
}

function eslint(part: TreePart): Run {
  const out = path.join(WORK, 'eslint.json');
  const measured = measure(process.execPath, [ESLINT, '--config', ESLINT_CONFIG, '--format', 'json', '--output-file', out, path.relative(WORK, part.dir)], WORK, [0, 1]);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { filePath: string; messages: { fatal?: boolean; message: string }[] }[];
  const fatal = report.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.filePath}: ${m.message}`));
  if (fatal.length > 0) throw new Error(`ESLint could not parse ${fatal.length} files, e.g. ${fatal[0]}`);
  if (report.length !== part.files) throw new Error(`ESLint linted ${report.length} of ${part.files} files`);
  return { tool: 'ESLint + security + sdl', part: 'TypeScript', lines: part.lines, files: part.files, ...measured, findings: report.reduce((n, f) => n + f.messages.length, 0) };
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  ensureCommand('bandit', 'bandit');
  ensureCommand(GNU_TIME, 'time');
  const tree = generateTree(path.join(WORK, 'tree'));
  const whole = { dir: tree.root, files: tree.python.files + tree.typescript.files, lines: tree.python.lines + tree.typescript.lines };
  console.log(`tree: ${whole.files} files, ${whole.lines} lines (Python ${tree.python.files} files / ${tree.python.lines} lines, TypeScript ${tree.typescript.files} files / ${tree.typescript.lines} lines); ${os.cpus().length} cores`);

  const runs: Run[] = [];
  const run = (make: () => Run) => {
    const result = make();
    runs.push(result);
    console.error(`  ${result.tool} on ${result.part}: ${result.seconds.toFixed(1)} s`);
    return result;
  };
  run(() => vigil(whole, 'all', 1));
  const vigilAll2 = run(() => vigil(whole, 'all', 2));
  run(() => vigil(tree.python, 'Python', 1));
  const vigilPy2 = run(() => vigil(tree.python, 'Python', 2));
  const banditRun = run(() => bandit(tree.python));
  run(() => vigil(tree.typescript, 'TypeScript', 1));
  const vigilTs2 = run(() => vigil(tree.typescript, 'TypeScript', 2));
  const eslintRun = run(() => eslint(tree.typescript));

  const peerOf = (r: Run) => (r.tool.startsWith('Vigil') ? (r.part === 'Python' ? banditRun : r.part === 'TypeScript' ? eslintRun : undefined) : undefined);
  console.log(`\nScale benchmark (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}):\n`);
  console.log('| tool | part | files | lines | wall time | CPU time | lines/s (wall) | peak RSS | findings | vs peer (wall) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    const peer = peerOf(r);
    console.log(`| ${r.tool} | ${r.part === 'all' ? 'all (TS + Python)' : r.part} | ${r.files} | ${r.lines} | ${r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${Math.round(r.lines / r.seconds).toLocaleString('en-US')} | ${Math.round(r.rssMb)} MB | ${r.findings} | ${peer ? `${(peer.seconds / r.seconds).toFixed(1)}× faster` : ''} |`);
  }
  const pySpeedup = banditRun.seconds / vigilPy2.seconds;
  const tsSpeedup = eslintRun.seconds / vigilTs2.seconds;
  const peakRss = Math.max(...runs.filter((r) => r.tool.startsWith('Vigil')).map((r) => r.rssMb));
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`\nTargets (2 workers): ≥ ${SPEEDUP_TARGET}× Bandit: ${pySpeedup.toFixed(1)}× ${pySpeedup >= SPEEDUP_TARGET ? 'met' : 'MISSED'}; ≥ ${SPEEDUP_TARGET}× ESLint: ${tsSpeedup.toFixed(1)}× ${tsSpeedup >= SPEEDUP_TARGET ? 'met' : 'MISSED'}; peak RSS ≤ ${RSS_TARGET_MB} MB: ${Math.round(peakRss)} MB ${peakRss <= RSS_TARGET_MB ? 'met' : 'MISSED'} (whole tree, 2 workers: ${vigilAll2.seconds.toFixed(1)} s)`);
  fs.rmSync(path.join(WORK, 'tree'), { recursive: true, force: true });
}

main();
