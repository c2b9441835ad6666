// `npm run bench` (third part): Vigil against the ESLint setup Next.js teams use for security
// today (ESLint 9 + eslint-plugin-security + @microsoft/eslint-plugin-sdl, typescript-eslint
// parser; config in test/bench/eslint/), in one run on the same machine:
// 1. a whole TS/TSX/JS tree: `vigil scan` and the `eslint` CLI, wall time (process start
//    included for both) -> files/s, lines/s, findings;
// 2. keystrokes in a 2,000-line TSX file: Vigil's engine change + analyze against ESLint's
//    `lintText` of the same text (its editor integration lints the whole file per change);
// 3. findings of both on examples/solar-shop/web.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Engine } from '../../server/src/engine';
import type { ContentChange } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/fixtures';
import { typescriptModule } from './generate';
import { tsxComponentModule } from './generate-tsx';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ESLINT_BIN = path.join(path.dirname(require.resolve('eslint/package.json', { paths: [REPO_ROOT] })), 'bin', 'eslint.js');
const ESLINT_CONFIG = path.join(REPO_ROOT, 'test', 'bench', 'eslint', 'eslint.config.mjs');
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'solar-shop', 'web');
const SCAN_RUNS = 3;
const VIGIL_KEYSTROKES = 400;
const ESLINT_KEYSTROKES = 60;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** The tree both tools scan: the example front end plus generated route and component files. */
function buildTree(): { root: string; files: number; lines: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-eslint-bench-'));
  fs.cpSync(EXAMPLE, path.join(root, 'web'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  for (let i = 0; i < 40; i++) {
    fs.mkdirSync(path.join(root, 'server', 'routes'), { recursive: true });
    fs.writeFileSync(path.join(root, 'server', 'routes', `orders-${i}.ts`), typescriptModule(400));
    fs.mkdirSync(path.join(root, 'web', 'components', `c${i}`), { recursive: true });
    fs.writeFileSync(path.join(root, 'web', 'components', `c${i}`, 'Dashboard.tsx'), tsxComponentModule(400));
  }
  let files = 0;
  let lines = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:[cm]?[jt]sx?)$/.test(entry.name)) {
        files++;
        lines += fs.readFileSync(full, 'utf8').split('\n').length;
      }
    }
  };
  walk(root);
  return { root, files, lines };
}

/** Runs a command, returns its wall time and stdout (exit codes for findings are expected). */
function timed(command: string, args: string[], cwd: string): { ms: number; stdout: string } {
  const start = performance.now();
  let stdout: string;
  try {
    stdout = execFileSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const error = e as { stdout?: string; status?: number };
    if (error.stdout === undefined) throw e;
    stdout = error.stdout;
  }
  return { ms: performance.now() - start, stdout };
}

function vigilScan(dir: string): { ms: number; findings: number } {
  const run = timed(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--fail-on', 'none', '--no-config'], REPO_ROOT);
  return { ms: run.ms, findings: (JSON.parse(run.stdout) as { findings: unknown[] }).findings.length };
}

function eslintScan(dir: string): { ms: number; findings: number } {
  // Run from the tree: with `-c`, ESLint lints only files under its working directory.
  const run = timed(process.execPath, [ESLINT_BIN, '-c', ESLINT_CONFIG, '-f', 'json', '.'], dir);
  const report = JSON.parse(run.stdout) as { messages: { fatal?: boolean }[] }[];
  return { ms: run.ms, findings: report.reduce((n, f) => n + f.messages.filter((m) => !m.fatal).length, 0) };
}

/** Typing a line in the middle of the file and deleting it again, one character per edit. */
function edits(text: string, typed: string, count: number): { line: number; texts: string[]; changes: ContentChange[] } {
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  const changes: ContentChange[] = [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' }];
  let column = 0;
  while (changes.length <= count) {
    for (const ch of typed) changes.push({ range: { start: { line, character: column }, end: { line, character: column } }, text: ch }), column++;
    while (column > 0 && changes.length <= count) changes.push({ range: { start: { line, character: column - 1 }, end: { line, character: column } }, text: '' }), column--;
  }
  const texts: string[] = [];
  let current = lines;
  for (const change of changes) {
    const { start, end } = change.range!;
    const row = current[start.line] ?? '';
    const next = [...current];
    if (change.text === '\n') next.splice(start.line, 0, '');
    else next[start.line] = row.slice(0, start.character) + change.text + row.slice(end.character);
    current = next;
    texts.push(current.join('\n'));
  }
  return { line, texts, changes };
}

function vigilKeystrokes(text: string, filePath: string): number[] {
  const engine = new Engine();
  const uri = `file:///bench/${filePath}`;
  engine.open(uri, 'typescriptreact', text, 1, filePath);
  engine.analyze(uri);
  const { changes } = edits(text, "const note = params.get('note') ?? '';", VIGIL_KEYSTROKES);
  const times: number[] = [];
  let version = 1;
  changes.forEach((change, i) => {
    const t0 = performance.now();
    engine.change(uri, ++version, [change]);
    engine.analyze(uri);
    if (i > 0) times.push(performance.now() - t0); // the first edit inserts the empty line
  });
  return times.sort((a, b) => a - b);
}

async function eslintKeystrokes(text: string, filePath: string): Promise<number[]> {
  const { ESLint } = require(require.resolve('eslint', { paths: [REPO_ROOT] })) as typeof import('eslint');
  const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: ESLINT_CONFIG });
  await eslint.lintText(text, { filePath }); // load config, plugins and parser once, as an editor does
  const { texts } = edits(text, "const note = params.get('note') ?? '';", ESLINT_KEYSTROKES);
  const times: number[] = [];
  for (const [i, next] of texts.entries()) {
    const t0 = performance.now();
    await eslint.lintText(next, { filePath });
    if (i > 0) times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const tree = buildTree();
  try {
    const vigil: { ms: number; findings: number }[] = [];
    const eslint: { ms: number; findings: number }[] = [];
    for (let run = 0; run < SCAN_RUNS; run++) {
      vigil.push(vigilScan(tree.root));
      eslint.push(eslintScan(tree.root));
    }
    const row = (name: string, runs: { ms: number; findings: number }[]) => {
      const ms = median(runs.map((r) => r.ms));
      return `| ${name} | ${tree.files} | ${tree.lines} | ${fmt(ms, 0)} | ${fmt((tree.files * 1000) / ms)} | ${fmt((tree.lines * 1000) / ms, 0)} | ${runs[0].findings} |`;
    };
    console.log(`\nVigil vs ESLint (security plugins), same tree, median of ${SCAN_RUNS} runs, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
    console.log('| tool | files | lines | wall time (ms) | files/s | lines/s | findings |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(row('vigil scan', vigil));
    console.log(row('eslint + security + sdl', eslint));
    const scanRatio = median(eslint.map((r) => r.ms)) / median(vigil.map((r) => r.ms));

    const tsx = tsxComponentModule(2000);
    const tsxPath = path.join('web', 'app', 'dashboard', 'OrdersDashboard.tsx');
    const ours = vigilKeystrokes(tsx, tsxPath);
    const theirs = await eslintKeystrokes(tsx, path.join(REPO_ROOT, tsxPath));
    console.log(`\nPer keystroke, ${tsx.split('\n').length}-line TSX file (Vigil: change + analyze, ${ours.length} edits; ESLint: lintText, ${theirs.length} edits)\n`);
    console.log('| tool | p50 (ms) | p95 (ms) | max (ms) |');
    console.log('|---|---:|---:|---:|');
    console.log(`| vigil | ${fmt(percentile(ours, 50), 2)} | ${fmt(percentile(ours, 95), 2)} | ${fmt(ours[ours.length - 1], 2)} |`);
    console.log(`| eslint lintText | ${fmt(percentile(theirs, 50), 2)} | ${fmt(percentile(theirs, 95), 2)} | ${fmt(theirs[theirs.length - 1], 2)} |`);
    const keyRatio = percentile(theirs, 95) / percentile(ours, 95);

    const example = { vigil: vigilScan(EXAMPLE).findings, eslint: eslintScan(EXAMPLE).findings };
    console.log(`\nFindings on examples/solar-shop/web: vigil ${example.vigil}, eslint + security + sdl ${example.eslint}`);
    console.log(`\nvigil is ${fmt(scanRatio)}x faster on the tree and ${fmt(keyRatio)}x faster per keystroke (p95)${scanRatio > 1 && keyRatio > 1 ? '' : ' -- NOT faster in both'}`);
  } finally {
    fs.rmSync(tree.root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
