// `npm run bench` (Python CLI part): `vigil scan` against Bandit, Debian's Python security
// linter, on the same tree in one run. The tree is the example FastAPI back end plus every
// Python rule fixture, copied into numbered folders until it is big enough to time. Prints
// files, lines, wall time, lines/s and findings for both, then which of the issue's categories
// each tool finds on the example back end alone.
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { REPO_ROOT, RULE_FIXTURES } from '../helpers/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLE_API = path.join(REPO_ROOT, 'examples', 'solar-shop', 'api');
/** Copies of the example + fixtures: about 80,000 lines, enough for both tools to leave start-up cost behind. */
const COPIES = 30;
const RUNS = 3;

/**
 * The issue's categories, and which Vigil rules and Bandit tests (by id, Bandit 1.6-1.8) report
 * each. A category counts as found when the tool reports at least one finding of it on the
 * example, where every category is planted once or more.
 */
const CATEGORIES: { name: string; vigil: string[]; bandit: string[] }[] = [
  { name: 'SQL injection', vigil: ['sql-injection'], bandit: ['B608', 'B610', 'B611'] },
  { name: 'NoSQL injection', vigil: ['nosql-injection'], bandit: [] },
  { name: 'OS command injection', vigil: ['command-injection'], bandit: ['B602', 'B604', 'B605', 'B609'] },
  { name: 'code injection (eval/exec)', vigil: ['code-injection'], bandit: ['B307', 'B102'] },
  { name: 'template injection', vigil: ['template-injection'], bandit: ['B702'] },
  { name: 'XSS (HTML responses, Markup)', vigil: ['xss'], bandit: ['B308', 'B703', 'B704'] },
  { name: 'path traversal', vigil: ['path-traversal'], bandit: [] },
  { name: 'SSRF', vigil: ['ssrf'], bandit: ['B310'] },
  { name: 'open redirect', vigil: ['open-redirect'], bandit: [] },
  { name: 'state-changing route without auth', vigil: ['missing-auth'], bandit: [] },
  { name: 'LDAP injection', vigil: ['ldap-injection'], bandit: [] },
  { name: 'XPath injection', vigil: ['xpath-injection'], bandit: [] },
  { name: 'log injection', vigil: ['log-injection'], bandit: [] },
  { name: 'header injection', vigil: ['header-injection'], bandit: [] },
  { name: 'weak password hash', vigil: ['weak-password-hash'], bandit: ['B303', 'B324'] },
  { name: 'random for tokens/secrets', vigil: ['insecure-random'], bandit: ['B311'] },
  { name: 'hard-coded secrets', vigil: ['hardcoded-secret'], bandit: ['B105', 'B106', 'B107'] },
  { name: 'weak ciphers/modes', vigil: ['weak-cipher'], bandit: ['B304', 'B305', 'B413'] },
  { name: 'TLS verification off / old TLS', vigil: ['tls-verification-disabled'], bandit: ['B501', 'B502', 'B503', 'B504', 'B323'] },
  { name: 'debug mode', vigil: ['debug-enabled'], bandit: ['B201'] },
  { name: 'permissive CORS with credentials', vigil: ['cors-misconfiguration'], bandit: [] },
  { name: 'cookies without flags', vigil: ['insecure-cookie'], bandit: [] },
  { name: 'insecure config (hosts, 0.0.0.0, autoescape)', vigil: ['insecure-configuration'], bandit: ['B104', 'B701'] },
  { name: 'XXE', vigil: ['xxe'], bandit: ['B313', 'B314', 'B315', 'B316', 'B317', 'B318', 'B319', 'B320', 'B405', 'B406', 'B407', 'B408', 'B409', 'B410', 'B411'] },
  { name: 'JWT without verification', vigil: ['jwt-misuse'], bandit: [] },
  { name: 'secret compared with ==', vigil: ['insecure-compare'], bandit: [] },
  { name: 'unsafe deserialization (pickle, yaml)', vigil: ['unsafe-deserialization', 'unsafe-yaml-load'], bandit: ['B301', 'B302', 'B403', 'B506'] },
  { name: 'secrets/card data in logs', vigil: ['sensitive-data-logging'], bandit: [] },
];

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

/** User + system CPU of this process's finished children, in ms (Linux: /proc/self/stat cutime + cstime, in clock ticks of 10 ms). */
function childrenCpuMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command name start at field 3 (state): cutime is field 16, cstime field 17.
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) * 10;
}

/** Runs a tool, timing wall clock and CPU. */
function timed(command: string, args: string[]): { result: SpawnSyncReturns<string>; ms: number; cpuMs: number } {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const result = run(command, args, REPO_ROOT);
  return { result, ms: performance.now() - start, cpuMs: childrenCpuMs() - cpuBefore };
}

/** Bandit from Debian's archive, installed when missing (the bench machine runs as root). */
function ensureBandit(): string {
  const version = () => run('bandit', ['--version'], REPO_ROOT);
  let probe = version();
  if (probe.status !== 0) {
    console.log('bandit not found: apt-get update && apt-get install -y bandit');
    const install = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y bandit'], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('could not install bandit with apt-get');
    probe = version();
  }
  return (probe.stdout || probe.stderr).split('\n')[0].trim();
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pythonFiles(full));
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

/** The example back end and every rule's Python fixtures, `COPIES` times, in a fresh temp folder. */
function buildTree(): { root: string; files: number; lines: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bandit-bench-'));
  const sources: [string, string][] = [[EXAMPLE_API, 'api']];
  for (const rule of fs.readdirSync(RULE_FIXTURES).sort()) {
    const dir = path.join(RULE_FIXTURES, rule, 'python');
    if (fs.existsSync(dir)) sources.push([dir, path.join('fixtures', rule)]);
  }
  let files = 0;
  let lines = 0;
  for (let copy = 0; copy < COPIES; copy++) {
    for (const [from, to] of sources) {
      for (const file of pythonFiles(from)) {
        const target = path.join(root, `copy${String(copy).padStart(2, '0')}`, to, path.relative(from, file));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const text = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(target, text);
        files++;
        lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      }
    }
  }
  return { root, files, lines };
}

interface ToolRun {
  ms: number;
  /** CPU time (user + system) of the tool's processes: what the run cost, whatever else the shared machine did. */
  cpuMs: number;
  /** Rule ids (Vigil) or test ids (Bandit), one per finding. */
  ids: string[];
}

function vigil(target: string): ToolRun {
  const { result, ms, cpuMs } = timed(process.execPath, [CLI, 'scan', target, '--format', 'json', '--fail-on', 'none', '--no-config']);
  if (result.status !== 0) throw new Error(`vigil scan exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
  return { ms, cpuMs, ids: report.findings.map((f) => f.ruleId) };
}

function bandit(target: string): ToolRun {
  const { result, ms, cpuMs } = timed('bandit', ['-r', target, '-f', 'json', '-q']);
  // Bandit exits 1 when it found issues; anything else without a JSON report is a failure.
  if (result.status !== 0 && result.status !== 1) throw new Error(`bandit exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { results: { test_id: string }[] };
  return { ms, cpuMs, ids: report.results.map((r) => r.test_id) };
}

/** The fastest of `RUNS` runs (by wall clock): the machine is shared, and the fastest run is the least disturbed one. */
function fastest(tool: (target: string) => ToolRun, target: string): ToolRun {
  let best: ToolRun | undefined;
  for (let i = 0; i < RUNS; i++) {
    const current = tool(target);
    if (!best || current.ms < best.ms) best = current;
  }
  return best!;
}

function table(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(cells[0]));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const banditVersion = ensureBandit();
  const tree = buildTree();
  try {
    console.log(`\nPython tree: example back end + Python rule fixtures x${COPIES} (${tree.files} files, ${tree.lines} lines); ${banditVersion}; fastest of ${RUNS} runs each\n`);
    const v = fastest(vigil, tree.root);
    const b = fastest(bandit, tree.root);
    const perSecond = (ms: number) => Math.round(tree.lines / (ms / 1000));
    table(
      ['tool', 'files', 'lines', 'wall (ms)', 'lines/s', 'CPU (ms)', 'lines/CPU-s', 'findings'],
      [v, b].map((r, i) => [i === 0 ? 'vigil scan' : 'bandit -r', tree.files, tree.lines, Math.round(r.ms), perSecond(r.ms), r.cpuMs, perSecond(r.cpuMs), r.ids.length]),
    );
    const speedup = b.ms / v.ms;
    console.log(`\nvigil is ${speedup.toFixed(1)}x faster than bandit by wall clock, ${(b.cpuMs / v.cpuMs).toFixed(1)}x by CPU time (budget: >= 3x)`);

    const ev = vigil(EXAMPLE_API);
    const eb = bandit(EXAMPLE_API);
    const found = (ids: string[], wanted: string[]) => ids.filter((id) => wanted.includes(id)).length;
    console.log(`\nThe issue's categories on examples/solar-shop/api (findings of the category; - for none)\n`);
    const rows = CATEGORIES.map((c) => [c.name, found(ev.ids, c.vigil) || '-', found(eb.ids, c.bandit) || '-']);
    const covered = (ids: string[], key: 'vigil' | 'bandit') => CATEGORIES.filter((c) => found(ids, c[key]) > 0).length;
    const outside = (ids: string[], key: 'vigil' | 'bandit') => ids.filter((id) => !CATEGORIES.some((c) => c[key].includes(id))).length;
    rows.push([`categories found (of ${CATEGORIES.length})`, covered(ev.ids, 'vigil'), covered(eb.ids, 'bandit')]);
    rows.push(['findings outside these categories', outside(ev.ids, 'vigil'), outside(eb.ids, 'bandit')]);
    table(['category', 'vigil', 'bandit'], rows);
    const banditOther = [...new Set(eb.ids.filter((id) => !CATEGORIES.some((c) => c.bandit.includes(id))))].sort();
    if (banditOther.length > 0) console.log(`\nbandit findings outside the categories: ${banditOther.join(', ')} (imports of subprocess/pickle/xml modules, asserts and the like)`);
    if (speedup < 1) process.exitCode = 1;
  } finally {
    fs.rmSync(tree.root, { recursive: true, force: true });
  }
}

main();
