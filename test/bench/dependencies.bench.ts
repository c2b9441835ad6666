// `node out/test/bench/dependencies.bench.js`: a workspace with 2,000 locked packages (a
// package-lock.json v3 of 1,200 npm packages and a poetry.lock of 800 PyPI packages, names from
// the advisory data so the matching does real work) checked against the offline index built from
// ../shared/advisories, and from the OSV answers cached on disk (after one scan against the local
// OSV server of the tests, filled from the same records). The project is a git repository whose
// HEAD has the lockfiles without their last 60 packages each, and every 7th npm package has an
// install script and every 9th PyPI package only an sdist: the scans also compare both lockfiles
// with HEAD (`git show`, new-install-script). Five runs each; prints the median (and the spread)
// of each step and whether the target (< 2 s from the cache) holds. A benchmark, not a
// timed test.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { buildIndex, type StoredIndex } from '../../server/src/advisories/build-index';
import { readOsvRecords } from '../../server/src/advisories/osv-records';
import { advisoryData, packagesOf } from '../../server/src/advisories/online/service';
import { loadIndex, writeIndex } from '../../server/src/advisories/store';
import { Engine } from '../../server/src/engine';
import { SHARED_ADVISORIES } from '../helpers/advisories';
import { startOsvServer } from '../helpers/osv-server';
import { REPO_ROOT } from '../helpers/fixtures';

const NPM_PACKAGES = 1_200;
const PYPI_PACKAGES = 800;
const TARGET_SECONDS = 2;
const RUNS = 5;
const WORK = path.join(os.tmpdir(), 'vigil-dependencies-bench');
/** Packages of each lockfile that are not in HEAD's version of it. */
const NEW_SINCE_HEAD = 60;

/** `count` names: those the advisories know first (in index order), then made-up ones. */
function names(stored: StoredIndex, ecosystem: string, count: number): string[] {
  const known = Object.keys(stored.packages).filter((k) => k.startsWith(`${ecosystem}:`)).map((k) => k.slice(ecosystem.length + 1));
  return Array.from({ length: count }, (_, i) => known[i] ?? `${ecosystem.toLowerCase()}-internal-${i}`);
}

function packageLock(packageNames: string[]): string {
  const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0', dependencies: Object.fromEntries(packageNames.slice(0, 100).map((n) => [n, '*'])) } };
  packageNames.forEach((name, i) => {
    const next = packageNames[(i + 1) % packageNames.length];
    packages[`node_modules/${name}`] = { version: `${i % 5}.${i % 17}.${i % 3}`, resolved: `https://registry.npmjs.org/${name}/-/${name}.tgz`, integrity: 'sha512-x', ...(i % 7 === 0 ? { hasInstallScript: true } : {}), dependencies: { [next]: '*' } };
  });
  return `${JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

function poetryLock(packageNames: string[]): string {
  return packageNames
    .map((name, i) => {
      const version = `${i % 4}.${i % 11}`;
      const wheel = i % 9 === 0 ? '' : `\n    {file = "${name}-${version}-py3-none-any.whl", hash = "sha256:00"},`;
      return `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = ""\noptional = false\npython-versions = "*"\nfiles = [${wheel}\n    {file = "${name}-${version}.tar.gz", hash = "sha256:00"},\n]\n\n[package.dependencies]\n${packageNames[(i + 1) % packageNames.length]} = "*"\n`;
    })
    .join('\n')
    .concat('\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "x"\n');
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Median, min and max of `RUNS` timings of `step`. */
async function timed(step: () => unknown): Promise<{ median: number; min: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await step();
    times.push(seconds(start));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

function row(what: string, t: { median: number; min: number; max: number }): string {
  return `| ${what} | ${t.median.toFixed(3)} | ${t.min.toFixed(3)}–${t.max.toFixed(3)} |`;
}

/** Findings of the scan, and how many of them are new-install-script's. */
let scannedNew = 0;
/** The CPU seconds (user + system) of each scan, where /usr/bin/time can tell: on a busy machine wall time says little. */
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuSeconds: Record<string, number[]> = {};
function scan(env: NodeJS.ProcessEnv): number {
  const args = [path.join(REPO_ROOT, 'dist', 'cli.js'), 'scan', path.join(WORK, 'project'), '--format', 'json', '--fail-on', 'none'];
  const timeFile = path.join(WORK, 'cpu.txt');
  const [command, argv] = TIME ? [TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  const cli = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, VIGIL_ADVISORIES_DIR: path.join(WORK, 'index'), ...env } });
  if (TIME) (cpuSeconds[env.VIGIL_OFFLINE ?? ''] ??= []).push(fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0));
  if (cli.status !== 0) throw new Error(`vigil scan failed (${cli.status} ${cli.error ?? ''}): ${cli.stderr}`);
  if (cli.stderr.includes('OSV API')) throw new Error(`the scan did not use the OSV cache: ${cli.stderr}`);
  const findings = (JSON.parse(cli.stdout) as { findings: { ruleId: string }[] }).findings;
  scannedNew = findings.filter((f) => f.ruleId === 'new-install-script').length;
  return findings.length;
}

async function main(): Promise<void> {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'project'), { recursive: true });
  let start = performance.now();
  const stored = buildIndex(['npm.osv.jsonl', 'pypi.osv.jsonl'].flatMap((f) => readOsvRecords(path.join(SHARED_ADVISORIES, f))), 'bench');
  writeIndex(path.join(WORK, 'index'), stored);
  const built = seconds(start);

  const npmNames = names(stored, 'npm', NPM_PACKAGES);
  const pypiNames = names(stored, 'PyPI', PYPI_PACKAGES);
  const lock = packageLock(npmNames);
  const poetry = poetryLock(pypiNames);
  // HEAD: the lockfiles without their last packages; the working tree: all of them.
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@vigil.dev', '-c', 'commit.gpgsign=false', ...args], { cwd: path.join(WORK, 'project'), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  };
  const bases = { 'package-lock.json': packageLock(npmNames.slice(0, -NEW_SINCE_HEAD)), 'poetry.lock': poetryLock(pypiNames.slice(0, -NEW_SINCE_HEAD)) };
  for (const [name, text] of Object.entries(bases)) fs.writeFileSync(path.join(WORK, 'project', name), text);
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  fs.writeFileSync(path.join(WORK, 'project', 'package-lock.json'), lock);
  fs.writeFileSync(path.join(WORK, 'project', 'poetry.lock'), poetry);
  const files = [{ path: 'package-lock.json', text: lock }, { path: 'poetry.lock', text: poetry }];
  const check = (engine: Engine) => engine.analyzeText('package-lock.json', lock).findings.length + engine.analyzeText('poetry.lock', poetry).findings.length;

  // Offline: the index read from disk, then both lockfiles matched.
  let findings = 0;
  const offline = await timed(() => {
    findings = check(new Engine({ advisories: loadIndex(path.join(WORK, 'index'))! }));
  });

  // new-install-script alone: both lockfiles compared with their base texts (each base parsed).
  let fresh = 0;
  const againstBase = await timed(() => {
    const engine = new Engine({ baseFiles: { read: (p) => bases[p as keyof typeof bases] } });
    fresh = check(engine);
  });

  // Online from the cache: one scan against the local OSV server fills it, then no request is made.
  const osv = await startOsvServer();
  osv.pageSize = 1_000;
  const settings = { offline: false, osvUrl: osv.url, indexDir: path.join(WORK, 'index'), env: {} };
  start = performance.now();
  const warm = await advisoryData(packagesOf(files), settings);
  const fetched = seconds(start);
  if (warm.origin !== 'OSV API') throw new Error(`the local OSV server did not answer: ${warm.notice}`);
  let onlineFindings = 0;
  const cached = await timed(async () => {
    const data = await advisoryData(packagesOf(files), settings);
    if (data.requests !== 0) throw new Error(`${data.requests} requests: not from the cache`);
    onlineFindings = check(new Engine({ advisories: data.index! }));
  });
  let cliOffline = 0;
  const scanOffline = await timed(() => (cliOffline = scan({ VIGIL_OFFLINE: '1' })));
  let cliOnline = 0;
  const scanCached = await timed(() => (cliOnline = scan({ VIGIL_OFFLINE: '', VIGIL_OSV_URL: osv.url })));
  await osv.close();

  console.log(`Dependencies: ${NPM_PACKAGES + PYPI_PACKAGES} locked packages (${NPM_PACKAGES} npm in package-lock.json v3, ${PYPI_PACKAGES} PyPI in poetry.lock), ${stored.counts.advisories} advisories; ${RUNS} runs each\n`);
  console.log('| step | median s | min–max s |');
  console.log('| --- | ---: | ---: |');
  console.log(`| build the offline index from the OSV records (once, \`vigil advisories import\`) | ${built.toFixed(3)} | |`);
  console.log(`| ask the local OSV server about every version (once, fills the cache; ${warm.requests} requests) | ${fetched.toFixed(3)} | |`);
  console.log(row(`offline: load the index, parse both lockfiles, match every package (${findings} findings)`, offline));
  console.log(row(`no advisory data, each lockfile compared with its base text (new-install-script, ${fresh} findings)`, againstBase));
  console.log(row(`from the OSV cache: read it, parse both lockfiles, match every package (${onlineFindings} findings)`, cached));
  console.log(row(`\`vigil scan --offline\` end to end, process start included (${cliOffline} findings)`, scanOffline));
  console.log(row(`\`vigil scan\` from the OSV cache end to end, process start included (${cliOnline} findings, ${scannedNew} of them new-install-script against HEAD)`, scanCached));
  for (const [mode, times] of Object.entries(cpuSeconds)) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`| CPU (user + system) of \`vigil scan\`${mode === '1' ? ' --offline' : ' from the OSV cache'} | ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} | ${sorted[0].toFixed(3)}–${sorted[sorted.length - 1].toFixed(3)} |`);
  }
  console.log(`\nfrom the cache, end to end: median ${scanCached.median.toFixed(3)} s (target < ${TARGET_SECONDS} s): ${scanCached.median < TARGET_SECONDS ? 'met' : 'NOT met'}`);
  fs.rmSync(WORK, { recursive: true, force: true });
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
