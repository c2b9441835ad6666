// `npm run bench` (second part): the real server over stdio. Cold start to first diagnostics,
// keystroke -> publishDiagnostics end to end for 2,000-line files. Memory: memory.bench.ts.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { LspProcess } from '../protocol/lsp-process';
import { REPO_ROOT } from '../helpers/fixtures';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';
import { emptyCacheDirectory, warmCacheDirectory } from './code-cache';
import { pythonModule, typescriptModule } from './generate';
import { tsxComponentModule } from './generate-tsx';

const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const KEYSTROKES = 200;
/** A fast typist: about 12 characters a second. Keystrokes closer than the server's debounce are batched, as they should be. */
const KEYSTROKE_INTERVAL_MS = 80;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Each cold start is measured this many times, the cases taking turns (the machine's load varies over a run). */
const COLD_STARTS = 5;

async function coldStart(languageId: string, uri: string, text: string, cacheDirectory: string): Promise<number> {
  const start = performance.now();
  const { server } = await LspProcess.start(SERVER, { initializationOptions: { cacheDirectory } });
  try {
    const published = await server.open(uri, languageId, text);
    if (published.diagnostics.length === 0) throw new Error(`cold start: no diagnostics for ${uri}`);
    return performance.now() - start;
  } finally {
    await server.shutdown();
  }
}

/** Starting node itself with the server's flags and nothing to run: what no server can start faster than, on this machine now. */
function nodeStartup(): number {
  const start = performance.now();
  execFileSync(process.execPath, [...SERVER_EXEC_ARGV, '-e', '']);
  return performance.now() - start;
}

/**
 * Types a line in the middle of the file and deletes it again at typing speed, timing each
 * keystroke from the didChange sent to the publishDiagnostics of that version.
 */
async function keystrokes(server: LspProcess, uri: string, line: number, typed: string, count: number): Promise<number[]> {
  const times: number[] = [];
  let column = 0;
  await server.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' }]);
  const key = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string) => {
    await pause(KEYSTROKE_INTERVAL_MS);
    const t0 = performance.now();
    await server.change(uri, [{ range, text }]);
    times.push(performance.now() - t0);
  };
  while (times.length < count) {
    for (const ch of typed) {
      await key({ start: { line, character: column }, end: { line, character: column } }, ch);
      column++;
    }
    while (column > 0 && times.length < count) {
      await key({ start: { line, character: column - 1 }, end: { line, character: column } }, '');
      column--;
    }
  }
  return times.sort((a, b) => a - b);
}

/** Faster than the debounce: 10 ms apart, as when a key is held down or a snippet is typed by a tool. */
const BURST_INTERVAL_MS = 10;
const BURST_KEYSTROKES = 100;

/**
 * A burst of keystrokes sent without waiting for diagnostics: how many analyses the server ran
 * for them (typing must not queue one per keystroke) and how long after the last keystroke its
 * diagnostics came.
 */
async function burst(server: LspProcess, uri: string, line: number): Promise<{ analyses: number; lastMs: number }> {
  const before = server.diagnostics.filter((d) => d.uri === uri).length;
  let last: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < BURST_KEYSTROKES; i++) {
    await pause(BURST_INTERVAL_MS);
    // The diagnostics of most versions never come (debounced away): only the last one is awaited.
    last = server.change(uri, [{ range: { start: { line, character: i }, end: { line, character: i } }, text: 'x' }]);
    if (i < BURST_KEYSTROKES - 1) last.catch(() => undefined);
  }
  const t0 = performance.now();
  await last;
  const lastMs = performance.now() - t0;
  return { analyses: server.diagnostics.filter((d) => d.uri === uri).length - before, lastMs };
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build`');
  const py = pythonModule(2000);
  const ts = typescriptModule(2000);
  const tsx = tsxComponentModule(2000);
  const pyUri = 'file:///bench/api/routers/orders.py';
  const tsUri = 'file:///bench/server/routes/orders.ts';
  const tsxUri = 'file:///bench/app/dashboard/orders.tsx';
  // In TSX the middle of the file may be markup, where `// keep` would be text: a line in a function body instead.
  const tsxLine = tsx.split('\n').findIndex((line, i) => i >= 1000 && /^  const /.test(line));

  // The first session after an install compiles the server and the TypeScript compiler (and caches their code); later ones load the caches.
  const cacheDirectory = await warmCacheDirectory(SERVER);
  const cold = { node: [] as number[], py: [] as number[], tsFirst: [] as number[], ts: [] as number[], tsx: [] as number[] };
  for (let i = 0; i < COLD_STARTS; i++) {
    cold.node.push(nodeStartup());
    cold.tsFirst.push(await coldStart('typescript', tsUri, ts, emptyCacheDirectory()));
    cold.py.push(await coldStart('python', pyUri, py, cacheDirectory));
    cold.ts.push(await coldStart('typescript', tsUri, ts, cacheDirectory));
    cold.tsx.push(await coldStart('typescriptreact', tsxUri, tsx, cacheDirectory));
  }

  const { server } = await LspProcess.start(SERVER, { initializationOptions: { cacheDirectory } });
  await server.open(pyUri, 'python', py);
  await server.open(tsUri, 'typescript', ts);
  await server.open(tsxUri, 'typescriptreact', tsx);
  const pyTimes = await keystrokes(server, pyUri, 1000, '    # keep', KEYSTROKES);
  const tsTimes = await keystrokes(server, tsUri, 1000, '  // keep', KEYSTROKES);
  const tsxTimes = await keystrokes(server, tsxUri, tsxLine, '  // keep', KEYSTROKES);
  const pyBurst = await burst(server, pyUri, 1001);
  const tsBurst = await burst(server, tsUri, 1001);
  const tsxBurst = await burst(server, tsxUri, tsxLine + 1);

  await server.shutdown();

  const row = (name: string, t: number[]) =>
    `| ${name} | ${percentile(t, 50).toFixed(1)} | ${percentile(t, 95).toFixed(1)} | ${percentile(t, 99).toFixed(1)} | ${t[t.length - 1].toFixed(1)} |`;
  console.log(`\nVigil server over stdio (node ${process.version})\n`);
  const coldRow = (name: string, t: number[]) => {
    const sorted = [...t].sort((a, b) => a - b);
    return `| ${name} | ${percentile(sorted, 50).toFixed(0)} | ${sorted[0].toFixed(0)} | ${sorted[sorted.length - 1].toFixed(0)} |`;
  };
  console.log(`| cold start -> first diagnostics, ${COLD_STARTS} starts each | median (ms) | min (ms) | max (ms) |`);
  console.log('|---|---:|---:|---:|');
  console.log(coldRow("node startup alone (`node <server flags> -e ''`), for scale", cold.node));
  console.log(coldRow('Python, 2,000 lines', cold.py));
  console.log(coldRow('TypeScript, 2,000 lines, first session (compiles the server and the compiler, caches their code)', cold.tsFirst));
  console.log(coldRow('TypeScript, 2,000 lines (loads the server and the compiler from the code cache)', cold.ts));
  console.log(coldRow('TSX, 2,000 lines (loads the server and the compiler from the code cache)', cold.tsx));
  console.log(`\n| keystroke -> publishDiagnostics, ${KEYSTROKES} edits ${KEYSTROKE_INTERVAL_MS} ms apart | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |`);
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('Python, 2,000 lines', pyTimes));
  console.log(row('TypeScript, 2,000 lines', tsTimes));
  console.log(row('TSX, 2,000 lines', tsxTimes));
  console.log(`\n| burst of ${BURST_KEYSTROKES} keystrokes ${BURST_INTERVAL_MS} ms apart | analyses run | last keystroke -> its diagnostics (ms) |`);
  console.log('|---|---:|---:|');
  console.log(`| Python, 2,000 lines | ${pyBurst.analyses} | ${pyBurst.lastMs.toFixed(1)} |`);
  console.log(`| TypeScript, 2,000 lines | ${tsBurst.analyses} | ${tsBurst.lastMs.toFixed(1)} |`);
  console.log(`| TSX, 2,000 lines | ${tsxBurst.analyses} | ${tsxBurst.lastMs.toFixed(1)} |`);
}

// Exit at once: the debounced-away keystrokes' diagnostics waits would hold the process until their deadlines.
main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
