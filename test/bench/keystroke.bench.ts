// `npm run bench`: per-keystroke analysis time for 2,000-line Python, TypeScript and TSX files
// under a stream of single-character edits (typing, then backspacing, a line in the middle
// of the file), and cold full-file analysis time. Prints a table; numbers go in the README.
import { performance } from 'perf_hooks';
import { Engine } from '../../server/src/engine';
import type { ContentChange } from '../../server/src/engine';
import { pythonModule, typescriptModule } from './generate';
import { tsxComponentModule } from './generate-tsx';

interface Row {
  file: string;
  lines: number;
  findings: number;
  coldFirst: number;
  coldMedian: number;
  keyMedian: number;
  keyP95: number;
  keyP99: number;
  keyMax: number;
}

const TARGET_LINES = 2000;
const KEYSTROKES = 400;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function bench(name: string, languageId: string, path: string, text: string, typed: string): Row {
  const lines = text.split('\n').length;

  // Cold: a fresh engine (rule catalog + parser load) and its first full analysis, then the
  // steady cost of analyzing the whole file from scratch.
  let start = performance.now();
  const engine = new Engine();
  const first = engine.analyzeText(path, text, {}, languageId);
  const coldFirst = performance.now() - start;
  const cold: number[] = [];
  for (let i = 0; i < 20; i++) {
    // A new path each time: the per-file result caches must not turn this into a warm run.
    start = performance.now();
    engine.analyzeText(`cold-${i}/${path}`, text, {}, languageId);
    cold.push(performance.now() - start);
  }
  cold.sort((a, b) => a - b);

  // Keystrokes: open once, then type `typed` character by character on a new line in the
  // middle of the file and backspace it again; each edit is change() + analyze().
  const uri = `file:///bench/${path}`;
  engine.open(uri, languageId, text, 1, path);
  engine.analyze(uri);
  const lineArray = text.split('\n');
  const line = findEditLine(lineArray);
  const indent = /^\s*/.exec(lineArray[line])![0];
  let version = 1;
  engine.change(uri, ++version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${indent}\n` }]);
  const times: number[] = [];
  let column = indent.length;
  const timeEdit = (change: ContentChange) => {
    const t0 = performance.now();
    engine.change(uri, ++version, [change]);
    engine.analyze(uri);
    times.push(performance.now() - t0);
  };
  while (times.length < KEYSTROKES) {
    for (const ch of typed) {
      timeEdit({ range: { start: { line, character: column }, end: { line, character: column } }, text: ch });
      column++;
    }
    while (column > indent.length && times.length < KEYSTROKES) {
      timeEdit({ range: { start: { line, character: column - 1 }, end: { line, character: column } }, text: '' });
      column--;
    }
  }
  times.sort((a, b) => a - b);
  return {
    file: name,
    lines,
    findings: first.findings.length,
    coldFirst,
    coldMedian: percentile(cold, 50),
    keyMedian: percentile(times, 50),
    keyP95: percentile(times, 95),
    keyP99: percentile(times, 99),
    keyMax: times[times.length - 1],
  };
}

/** A line inside a function body near the middle of the file. */
function findEditLine(lines: string[]): number {
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    if (/^\s+(return|const|let|rows|cursor|await)\b/.test(lines[i])) return i;
  }
  return Math.floor(lines.length / 2);
}

function fmt(ms: number): string {
  return ms.toFixed(2);
}

const rows = [
  bench('Python (FastAPI + mysql.connector)', 'python', 'api/routers/orders.py', pythonModule(TARGET_LINES), 'status_filter = request.query_params.get("s")'),
  bench('TypeScript (Express + mysql2)', 'typescript', 'server/routes/orders.ts', typescriptModule(TARGET_LINES), "const statusFilter = String(req.query.s);"),
  bench('TSX (Next.js client components)', 'typescriptreact', 'app/dashboard/orders.tsx', tsxComponentModule(TARGET_LINES), "const statusFilter = searchParams.get('s') ?? '';"),
];

console.log(`\nVigil keystroke benchmark: ${KEYSTROKES} single-character edits per file, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| file | lines | findings | cold first analysis (ms) | full re-analysis median (ms) | keystroke median (ms) | p95 (ms) | p99 (ms) | max (ms) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.file} | ${r.lines} | ${r.findings} | ${fmt(r.coldFirst)} | ${fmt(r.coldMedian)} | ${fmt(r.keyMedian)} | ${fmt(r.keyP95)} | ${fmt(r.keyP99)} | ${fmt(r.keyMax)} |`);
}
const budget = 15;
const over = rows.filter((r) => r.keyP95 > budget);
console.log(over.length ? `\nover the ${budget} ms p95 budget: ${over.map((r) => r.file).join(', ')}` : `\nall files within the ${budget} ms p95 keystroke budget`);
