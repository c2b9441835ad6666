// `npm run bench:instructions -- --base <another build's dist/cli.js>`: two builds of Vigil
// compared by the machine instructions their `vigil scan --jobs 1` executes (valgrind's
// cachegrind, every thread counted), on the real trees of bench:peers.
//
// Why instructions: on these shared 2-core VMs a scan's CPU seconds move by 10-20% from one run
// to the next, so a change worth 2-5% cannot be told from noise without dozens of rounds (issue
// 21: a pre-check that removed a tenth of the walks measured "flat" in CPU; it executes 1% more
// instructions). The instructions a scan executes move by 0.1-0.3% between runs of the same
// build (Python), up to 1.4% (TS/JS: the compiler's code is optimized at varying times). They
// are no CPU time (a cache miss costs more than an add): confirm a gain with bench:peers.
//
// Under valgrind a scan runs about 40x slower, so each tree is sampled: every Nth of the files
// bench:peers gives the tools (--sample N, default 4). Both builds scan the same sample from the
// tree's folder, and their reports are compared too: a speed change must not change findings.
//
//   node out/test/bench/instructions.bench.js --base <dist/cli.js> [--cli <dist/cli.js>] [--root <dir>]
//        [--tree <folder/sub>:<python|typescript>]... [--only python|typescript] [--sample N] [--runs N]
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import { formatTable } from './peers/table';
import { parseBenchArgs, positiveWhole, prepareTree, readCommits, type TreeSpec } from './peers/trees';

const VALGRIND = 'valgrind';

interface Args {
  root: string;
  trees: TreeSpec[];
  base: string;
  cli: string;
  sample: number;
  runs: number;
}

function parseArgs(argv: string[]): Args {
  const { values, root, cli, trees } = parseBenchArgs(
    argv,
    { base: { type: 'string' }, sample: { type: 'string' }, runs: { type: 'string' } },
    'usage: instructions.bench.js --base <dist/cli.js> [--cli <dist/cli.js>] [--root <dir>] [--tree <folder/sub>:<python|typescript>]... [--only python|typescript] [--sample N] [--runs N]',
  );
  if (!values.base) throw new Error('--base <dist/cli.js> names the build to compare with (e.g. a worktree of main, built)');
  const base = path.resolve(values.base as string);
  for (const file of [base, cli]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: build it first`);
  return { root, trees, base, cli, sample: positiveWhole(values.sample, '--sample', 4), runs: positiveWhole(values.runs, '--runs', 1) };
}

interface Counted {
  instructions: number;
  /** The report's findings, as JSON: compared between the builds. */
  findings: string;
  count: number;
}

/**
 * One `vigil scan --jobs 1` of `files` (relative to `dir`) under cachegrind: the instructions of
 * every thread, and the findings. Each build has a code cache folder of its own: a build from
 * before 2026-12-07 writing its cache removes every other build's bundle cache of the same name
 * (workspace/code-cache.ts), and a count must not depend on which build ran last.
 */
function countScan(cli: string, files: readonly string[], dir: string, codeCache: string): Counted {
  const out = path.join(os.tmpdir(), `vigil-instructions-${process.pid}.json`);
  // --smc-check: V8 writes the code it compiles to memory and runs it there.
  const r = spawnSync(
    VALGRIND,
    ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, cli, 'scan', ...files, '--jobs', '1', '--format', 'json', '--fail-on', 'none', '--no-config', '--output', out],
    { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, VIGIL_CODE_CACHE_DIR: codeCache } },
  );
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`vigil scan under valgrind exited ${r.status} in ${dir}: ${r.stderr.slice(-2000)}`);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (!refs) throw new Error(`no instruction count in valgrind's output: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] };
  fs.rmSync(out, { force: true });
  return { instructions: Number(refs[1].replace(/,/g, '')), findings: JSON.stringify(report.findings), count: report.findings.length };
}

function warmUp(cli: string, file: string, dir: string, codeCache: string): void {
  const r = spawnSync(process.execPath, [cli, 'scan', file, '--jobs', '1', '--format', 'json', '--fail-on', 'none', '--no-config'], { cwd: dir, encoding: 'utf8', env: { ...process.env, VIGIL_CODE_CACHE_DIR: codeCache } });
  if (r.status !== 0) throw new Error(`vigil scan exited ${r.status} in ${dir}: ${r.stderr.slice(-2000)}`);
}

function ensureValgrind(): void {
  if (spawnSync(VALGRIND, ['--version']).status === 0) return;
  console.log('valgrind not found: apt-get install -y valgrind');
  const install = spawnSync('sh', ['-c', 'apt-get install -y valgrind || (apt-get update && apt-get install -y valgrind)'], { stdio: 'inherit' });
  if (install.status !== 0 || spawnSync(VALGRIND, ['--version']).status !== 0) throw new Error('could not install valgrind with apt-get');
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const billions = (n: number) => (n / 1e9).toFixed(3);

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  ensureValgrind();
  const commits = readCommits(path.join(args.root, 'COMMITS'));
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-instructions-'));
  const version = spawnSync(VALGRIND, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`Instructions of vigil scan --jobs 1 (${version}, node ${process.version}), every ${args.sample}th file, ${args.runs} run(s) per build, ${new Date().toISOString()}`);
  console.log(`base: ${args.base}\nnew:  ${args.cli}\n`);
  const rows: (string | number)[][] = [];
  let same = true;
  try {
    for (const spec of args.trees) {
      const tree = prepareTree(args.root, spec, commits, temp);
      const files = tree.files.filter((_, i) => i % args.sample === 0);
      // A build's first run compiles its bundle and writes V8's code cache (cli/code-cache.ts); every later run reads it.
      const [baseCache, newCache] = ['base', 'new'].map((name) => path.join(temp, `code-cache-${name}`));
      warmUp(args.base, files[0], tree.dir, baseCache);
      warmUp(args.cli, files[0], tree.dir, newCache);
      const base: Counted[] = [];
      const next: Counted[] = [];
      for (let run = 0; run < args.runs; run++) {
        // Alternate which build goes first, as bench:peers does.
        const order = run % 2 === 0 ? ([base, args.base, baseCache, next, args.cli, newCache] as const) : ([next, args.cli, newCache, base, args.base, baseCache] as const);
        order[0].push(countScan(order[1], files, tree.dir, order[2]));
        order[3].push(countScan(order[4], files, tree.dir, order[5]));
        process.stderr.write(`  ${spec.scope} run ${run + 1}/${args.runs}: base ${billions(base.at(-1)!.instructions)} G, new ${billions(next.at(-1)!.instructions)} G\n`);
      }
      const sameFindings = base.every((b) => next.every((n) => n.findings === b.findings));
      same &&= sameFindings;
      const [b, n] = [median(base.map((c) => c.instructions)), median(next.map((c) => c.instructions))];
      const spread = (runs: Counted[]) => (runs.length < 2 ? '' : ` (${billions(Math.min(...runs.map((c) => c.instructions)))}-${billions(Math.max(...runs.map((c) => c.instructions)))})`);
      rows.push([`${spec.scope} @ ${tree.commit?.slice(0, 12) ?? '?'}`, `${files.length} of ${tree.files.length}`, billions(b) + spread(base), billions(n) + spread(next), (n / b).toFixed(4), `${sameFindings ? 'same' : 'DIFFERENT'} (${base[0].count} / ${next[0].count})`]);
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  console.log(formatTable(['tree', 'files scanned', 'base (G instructions)', 'new (G instructions)', 'new / base', 'findings'], rows));
  if (!same) {
    console.log('\nThe builds reported different findings.');
    process.exitCode = 1;
  }
}

main();
