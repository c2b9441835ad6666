// `npm run bench:peers`: Vigil against its peers on real repositories, by CPU, in one run.
// Python trees: `vigil scan` against Bandit (current release, run from its source repository with
// Debian's Python and Debian's packages for its dependencies; see peers/bandit.ts). TS/JS trees:
// against ESLint 9 + eslint-plugin-security + @microsoft/eslint-plugin-sdl (test/bench/eslint/).
// Beside them, the parse floor: the same files parsed by the parser Vigil uses, nothing else.
//
// Every tool gets the same explicit list of files: what `vigil scan <tree>` finds there (its own
// file discovery), restricted to the tree's language and to the extensions the peer reads. Each
// run is one child process measured by /usr/bin/time (user + sys CPU, wall, peak RSS); the tools
// take turns within each round (the order flips every round), and the tables show the median of
// the rounds. The repositories are never committed: they are read from --root (default
// $VIGIL_REALWORLD_DIR, else /work/realworld), one folder per repository named owner__name, and
// each is named with its commit from --commits <file> or <root>/COMMITS ("<folder> <sha>" lines)
// or a JSON object folder -> sha.
//
//   node out/test/bench/peers.bench.js [--root <dir>] [--runs N] [--tree <folder/sub>:<python|typescript>]...
//                                      [--commits <file>] [--only python|typescript] [--json <file>] [--cli <dist/cli.js>]
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SCAN_V8_FLAGS } from '../../server/src/cli/scan-v8-flags';
import { REPO_ROOT } from '../helpers/fixtures';
import { prepareBandit, type BanditSetup } from './peers/bandit';
import { timedRun, type Measured } from './peers/measure';
import { formatTable } from './peers/table';
import { parseBenchArgs, positiveWhole, prepareTree, readCommits, type Tree, type TreeLanguage, type TreeSpec } from './peers/trees';

const FLOOR = path.join(__dirname, 'peers', 'parse-floor.js');
const ESLINT_BIN = path.join(path.dirname(require.resolve('eslint/package.json', { paths: [REPO_ROOT] })), 'bin', 'eslint.js');
const ESLINT_CONFIG = path.join(REPO_ROOT, 'test', 'bench', 'eslint', 'eslint.config.mjs');

interface Args {
  root: string;
  runs: number;
  trees: TreeSpec[];
  commits: string | undefined;
  json: string | undefined;
  /** The built CLI to measure (another build's dist/cli.js to compare builds). */
  cli: string;
}

function parseArgs(argv: string[]): Args {
  const { values, root, cli, trees } = parseBenchArgs(
    argv,
    { runs: { type: 'string' }, commits: { type: 'string' }, json: { type: 'string' } },
    'usage: peers.bench.js [--root <dir>] [--runs N] [--tree <folder/sub>:<python|typescript>]... [--commits <file>] [--only python|typescript] [--json <file>] [--cli <dist/cli.js>]',
  );
  return { root, runs: positiveWhole(values.runs, '--runs', 3), trees, commits: values.commits as string | undefined, json: values.json as string | undefined, cli };
}

interface Tool {
  name: string;
  /** Runs the tool once on the tree and returns its measurement and finding count. */
  run(tree: Tree): Measured & { findings: number };
}

function vigilTool(cli: string, jobs: number | undefined): Tool {
  return {
    name: jobs === undefined ? `vigil scan (default jobs, ${os.availableParallelism()} cores)` : `vigil scan --jobs ${jobs}`,
    run(tree) {
      const jobArgs = jobs === undefined ? [] : ['--jobs', String(jobs)];
      const m = timedRun(process.execPath, [cli, 'scan', ...tree.files, '--format', 'json', '--fail-on', 'none', '--no-config', ...jobArgs], tree.dir);
      if (m.status !== 0) throw new Error(`vigil scan exited ${m.status} in ${tree.dir}: ${m.stderr.slice(0, 2000)}`);
      const report = JSON.parse(m.stdout) as { findings: unknown[]; summary: { scannedFiles: number } };
      if (report.summary.scannedFiles !== tree.files.length) throw new Error(`vigil scanned ${report.summary.scannedFiles} of ${tree.files.length} files in ${tree.dir}`);
      return { ...m, findings: report.findings.length };
    },
  };
}

function banditTool(bandit: BanditSetup): Tool {
  return {
    name: `bandit ${bandit.version}`,
    run(tree) {
      // -P: the tree's own modules stay off sys.path (polar's `types.py` would shadow the standard library's).
      const m = timedRun(bandit.python, ['-P', '-m', 'bandit', '-f', 'json', '-q', ...tree.files], tree.dir, bandit.env);
      // Bandit exits 1 when it found issues.
      if (m.status !== 0 && m.status !== 1) throw new Error(`bandit exited ${m.status}: ${m.stderr.slice(0, 2000)}`);
      const report = JSON.parse(m.stdout) as { results: unknown[] };
      return { ...m, findings: report.results.length };
    },
  };
}

function eslintTool(): Tool {
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(ESLINT_BIN), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return {
    name: `eslint ${version} + security + sdl`,
    run(tree) {
      // Run from the tree: with `-c`, ESLint lints only files under its working directory.
      const m = timedRun(process.execPath, [ESLINT_BIN, '-c', ESLINT_CONFIG, '-f', 'json', '--no-warn-ignored', ...tree.files], tree.dir);
      if (m.status !== 0 && m.status !== 1) throw new Error(`eslint exited ${m.status}: ${m.stderr.slice(0, 2000)}`);
      const report = JSON.parse(m.stdout) as { messages: { fatal?: boolean }[] }[];
      return { ...m, findings: report.reduce((n, f) => n + f.messages.filter((x) => !x.fatal).length, 0) };
    },
  };
}

function floorTool(language: TreeLanguage): Tool {
  return {
    name: language === 'python' ? 'floor: tree-sitter-python parse only' : 'floor: TypeScript createSourceFile only',
    run(tree) {
      // With the scan's V8 flags: the floor parses under the same compiler settings as Vigil.
      const m = timedRun(process.execPath, [SCAN_V8_FLAGS, FLOOR, language, tree.listing], tree.dir);
      if (m.status !== 0) throw new Error(`parse floor exited ${m.status}: ${m.stderr.slice(0, 2000)}`);
      const parsed = (JSON.parse(m.stdout) as { parsed: number }).parsed;
      if (parsed !== tree.files.length) throw new Error(`the floor parsed ${parsed} of ${tree.files.length} files`);
      return { ...m, findings: 0 };
    },
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface ToolResult {
  tool: string;
  cpuS: number;
  wallS: number;
  rssMb: number;
  linesPerCpuS: number;
  findings: number;
  runs: { cpuS: number; wallS: number; rssMb: number }[];
}

interface TreeResult {
  tree: string;
  language: TreeLanguage;
  commit: string | undefined;
  files: number;
  lines: number;
  vigil1: ToolResult;
  vigilDefault: ToolResult;
  peer: ToolResult;
  floor: ToolResult;
  /** Peer CPU / Vigil CPU at --jobs 1 (higher is better for Vigil). */
  cheaperThanPeer: number;
  /** Vigil CPU at --jobs 1 / floor CPU. */
  timesFloor: number;
}

function measureTree(tree: Tree, cli: string, peer: Tool, runs: number): TreeResult {
  const tools = [vigilTool(cli, 1), peer, vigilTool(cli, undefined), floorTool(tree.spec.language)];
  const samples = tools.map(() => [] as (Measured & { findings: number })[]);
  for (let round = 0; round < runs; round++) {
    // Alternate: Vigil first in even rounds, last in odd ones, so neither always meets a warm or a cold page cache.
    const order = round % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0];
    for (const i of order) {
      const s = tools[i].run(tree);
      samples[i].push(s);
      process.stderr.write(`  ${tree.spec.scope} round ${round + 1}/${runs}: ${tools[i].name}: ${s.cpuS.toFixed(2)} s CPU, ${s.wallS.toFixed(2)} s wall, ${s.rssMb} MB\n`);
    }
  }
  const summarize = (i: number): ToolResult => {
    const s = samples[i];
    const cpuS = median(s.map((x) => x.cpuS));
    return {
      tool: tools[i].name,
      cpuS,
      wallS: median(s.map((x) => x.wallS)),
      rssMb: median(s.map((x) => x.rssMb)),
      linesPerCpuS: Math.round(tree.lines / cpuS),
      findings: s[0].findings,
      runs: s.map((x) => ({ cpuS: x.cpuS, wallS: x.wallS, rssMb: x.rssMb })),
    };
  };
  const [vigil1, peerResult, vigilDefault, floor] = [0, 1, 2, 3].map(summarize);
  return {
    tree: tree.spec.scope,
    language: tree.spec.language,
    commit: tree.commit,
    files: tree.files.length,
    lines: tree.lines,
    vigil1,
    vigilDefault,
    peer: peerResult,
    floor,
    cheaperThanPeer: peerResult.cpuS / vigil1.cpuS,
    timesFloor: vigil1.cpuS / floor.cpuS,
  };
}

/** Acceptance at --jobs 1 by CPU (DESIGN.md, performance budgets). */
const TARGETS: Record<TreeLanguage, { peer: number; floor: number }> = { python: { peer: 2, floor: 2 }, typescript: { peer: 3, floor: 3 } };

function printTree(r: TreeResult, runs: number): void {
  console.log(`\n${r.tree} @ ${r.commit ?? 'commit unknown'}: ${r.files} ${r.language === 'python' ? 'Python' : 'TS/JS'} files, ${r.lines} lines; median of ${runs} rounds\n`);
  const row = (t: ToolResult) => [t.tool, t.cpuS.toFixed(2), t.wallS.toFixed(2), t.rssMb, t.linesPerCpuS, t.findings];
  console.log(formatTable(['tool', 'CPU (s)', 'wall (s)', 'peak RSS (MB)', 'lines/CPU-s', 'findings'], [r.vigil1, r.vigilDefault, r.peer, r.floor].map(row)));
}

function printSummary(results: TreeResult[]): boolean {
  console.log('\nBy CPU at --jobs 1 (targets: Python >= 2x cheaper than Bandit and <= 2x the floor; TS/JS >= 3x cheaper than ESLint and <= 3x the floor)\n');
  let met = true;
  const rows = results.map((r) => {
    const t = TARGETS[r.language];
    const okPeer = r.cheaperThanPeer >= t.peer;
    const okFloor = r.timesFloor <= t.floor;
    met &&= okPeer && okFloor;
    return [
      `${r.tree} @ ${r.commit?.slice(0, 12) ?? '?'}`,
      r.lines,
      r.vigil1.cpuS.toFixed(2),
      r.peer.cpuS.toFixed(2),
      r.floor.cpuS.toFixed(2),
      `${r.cheaperThanPeer.toFixed(2)}x ${okPeer ? 'ok' : 'MISSED'}`,
      `${r.timesFloor.toFixed(2)}x ${okFloor ? 'ok' : 'MISSED'}`,
      (r.vigil1.wallS / r.vigilDefault.wallS).toFixed(2),
    ];
  });
  console.log(
    formatTable(['tree', 'lines', 'vigil CPU (s)', 'peer CPU (s)', 'floor CPU (s)', 'peer / vigil', 'vigil / floor', 'wall: jobs 1 / default'], rows),
  );
  return met;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.cli)) throw new Error(`${args.cli} is missing: npm run build first`);
  const commits = readCommits(args.commits ?? path.join(args.root, 'COMMITS'));
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-peers-'));
  try {
    const bandit = args.trees.some((t) => t.language === 'python') ? prepareBandit(args.root, temp, commits.get('PyCQA__bandit')) : undefined;
    const eslint = eslintTool();
    console.log(`Vigil vs peers on real repositories, node ${process.version}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}`);
    if (bandit) console.log(`Bandit: ${bandit.description}`);
    const results: TreeResult[] = [];
    for (const spec of args.trees) {
      const tree = prepareTree(args.root, spec, commits, temp);
      const r = measureTree(tree, args.cli, spec.language === 'python' ? banditTool(bandit!) : eslint, args.runs);
      printTree(r, args.runs);
      results.push(r);
    }
    const met = printSummary(results);
    console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2) + '\n');
    if (!met) process.exitCode = 1;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main();
