// `node out/test/bench/dependencies.bench.js`: a workspace with 2,000 locked packages (a
// package-lock.json v3 of 1,200 npm packages and a poetry.lock of 800 PyPI packages, names from
// the advisory data so the matching does real work) checked against the offline index built from
// ../shared/advisories. Prints the time of each step and whether the target (< 2 s from
// the index) holds. A benchmark, not a timed test.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { buildIndex, type StoredIndex } from '../../server/src/advisories/build-index';
import { readOsvRecords } from '../../server/src/advisories/osv-records';
import { loadIndex, writeIndex } from '../../server/src/advisories/store';
import { Engine } from '../../server/src/engine';
import { SHARED_ADVISORIES } from '../helpers/advisories';
import { REPO_ROOT } from '../helpers/fixtures';

const NPM_PACKAGES = 1_200;
const PYPI_PACKAGES = 800;
const TARGET_SECONDS = 2;
const WORK = path.join(os.tmpdir(), 'vigil-dependencies-bench');

/** `count` names: those the advisories know first (in index order), then made-up ones. */
function names(stored: StoredIndex, ecosystem: string, count: number): string[] {
  const known = Object.keys(stored.packages).filter((k) => k.startsWith(`${ecosystem}:`)).map((k) => k.slice(ecosystem.length + 1));
  return Array.from({ length: count }, (_, i) => known[i] ?? `${ecosystem.toLowerCase()}-internal-${i}`);
}

function packageLock(packageNames: string[]): string {
  const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0', dependencies: Object.fromEntries(packageNames.slice(0, 100).map((n) => [n, '*'])) } };
  packageNames.forEach((name, i) => {
    const next = packageNames[(i + 1) % packageNames.length];
    packages[`node_modules/${name}`] = { version: `${i % 5}.${i % 17}.${i % 3}`, resolved: `https://registry.npmjs.org/${name}/-/${name}.tgz`, integrity: 'sha512-x', dependencies: { [next]: '*' } };
  });
  return `${JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

function poetryLock(packageNames: string[]): string {
  return packageNames
    .map((name, i) => `[[package]]\nname = "${name}"\nversion = "${i % 4}.${i % 11}"\ndescription = ""\noptional = false\npython-versions = "*"\nfiles = []\n\n[package.dependencies]\n${packageNames[(i + 1) % packageNames.length]} = "*"\n`)
    .join('\n')
    .concat('\n[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "x"\n');
}

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

function main(): void {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'project'), { recursive: true });
  let start = performance.now();
  const stored = buildIndex(['npm.osv.jsonl', 'pypi.osv.jsonl'].flatMap((f) => readOsvRecords(path.join(SHARED_ADVISORIES, f))), 'bench');
  writeIndex(path.join(WORK, 'index'), stored);
  const built = seconds(start);

  const lock = packageLock(names(stored, 'npm', NPM_PACKAGES));
  const poetry = poetryLock(names(stored, 'PyPI', PYPI_PACKAGES));
  fs.writeFileSync(path.join(WORK, 'project', 'package-lock.json'), lock);
  fs.writeFileSync(path.join(WORK, 'project', 'poetry.lock'), poetry);

  start = performance.now();
  const index = loadIndex(path.join(WORK, 'index'))!;
  const loaded = seconds(start);
  const engine = new Engine({ advisories: index });
  start = performance.now();
  const findings = engine.analyzeText('package-lock.json', lock).findings.length + engine.analyzeText('poetry.lock', poetry).findings.length;
  const analyzed = seconds(start);

  start = performance.now();
  const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'scan', path.join(WORK, 'project'), '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, VIGIL_ADVISORIES_DIR: path.join(WORK, 'index') } });
  const scanned = seconds(start);
  if (cli.status !== 0) throw new Error(`vigil scan failed (${cli.status} ${cli.error ?? ""}): ${cli.stderr}`);
  const cliFindings = (JSON.parse(cli.stdout) as { findings: unknown[] }).findings.length;

  console.log(`Dependencies: ${NPM_PACKAGES + PYPI_PACKAGES} locked packages (${NPM_PACKAGES} npm in package-lock.json v3, ${PYPI_PACKAGES} PyPI in poetry.lock), ${stored.counts.advisories} advisories\n`);
  console.log('| step | seconds |');
  console.log('| --- | ---: |');
  console.log(`| build the index from the OSV records (once, \`vigil advisories import\`) | ${built.toFixed(3)} |`);
  console.log(`| load the index from disk | ${loaded.toFixed(3)} |`);
  console.log(`| parse both lockfiles and match every package (${findings} findings) | ${analyzed.toFixed(3)} |`);
  console.log(`| \`vigil scan\` end to end, process start included (${cliFindings} findings) | ${scanned.toFixed(3)} |`);
  const total = loaded + analyzed;
  console.log(`\nindex load + check: ${total.toFixed(3)} s (target < ${TARGET_SECONDS} s): ${total < TARGET_SECONDS ? 'met' : 'NOT met'}`);
  fs.rmSync(WORK, { recursive: true, force: true });
}

main();
