// `npm run bench` (third part): the real server's memory over stdio with 50 open files
// (half Python, half TypeScript, 300 to 2,000 lines), after opening them and after each of
// two rounds of 1,000 edits spread over all of them. A leak shows as growth in round two.
// RSS comes from /proc; V8 heap and external memory from the server's vigil/memoryUsage. The
// server runs with the node flags the client gives it (SERVER_EXEC_ARGV) and, like the
// extension's, a compiled-code cache from an earlier session.
import * as fs from 'fs';
import * as path from 'path';
import { Requests } from '../../server/src/protocol';
import { LspProcess } from '../protocol/lsp-process';
import { REPO_ROOT } from '../helpers/fixtures';
import { warmCacheDirectory } from './code-cache';
import { pythonModule, typescriptModule } from './generate';

const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const FILES = 50;
const EDITS_PER_ROUND = 1000;
/** How long the editor is left alone before the "idle" reading: the server may tidy up when nothing comes. */
const IDLE_MS = 1500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

async function read(server: LspProcess): Promise<Reading> {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const usage = await server.connection.sendRequest<NodeJS.MemoryUsage>(Requests.memoryUsage);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024, heapUsed: mb(usage.heapUsed), heapTotal: mb(usage.heapTotal), external: mb(usage.external) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build`');
  const cacheDirectory = await warmCacheDirectory(SERVER);
  const { server } = await LspProcess.start(SERVER, { initializationOptions: { cacheDirectory } });
  const files: { uri: string; lines: number }[] = [];
  for (let i = 0; i < FILES; i++) {
    const lines = 300 + ((i * 37) % 18) * 100;
    const isPy = i % 2 === 0;
    const uri = `file:///bench/many/${isPy ? `mod_${i}.py` : `mod_${i}.ts`}`;
    await server.open(uri, isPy ? 'python' : 'typescript', isPy ? pythonModule(lines) : typescriptModule(lines));
    files.push({ uri, lines });
  }
  const rows: [string, Reading, Reading][] = [];
  const measure = async (label: string) => {
    const now = await read(server);
    await pause(IDLE_MS);
    rows.push([label, now, await read(server)]);
  };
  await measure(`after opening ${FILES} files`);
  // Each edit goes to the next file in turn (the worst case for anything kept per file). On
  // one pass over the files a comment line is typed into each, on the next pass it is deleted
  // again: a round ends on the texts it started from, so memory after round two must equal
  // memory after round one, and any difference is a leak.
  let edit = 0;
  const round = async () => {
    for (let i = 0; i < EDITS_PER_ROUND; i++, edit++) {
      const file = files[edit % files.length];
      const pass = Math.floor(edit / files.length);
      const line = 20 + ((Math.floor(pass / 2) * 7 + edit) % (file.lines - 40));
      const typed = file.uri.endsWith('.py') ? '# keep the totals in cents\n' : '// keep the totals in cents\n';
      const change = pass % 2 === 0
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: typed }
        : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
      await server.change(file.uri, [change]);
    }
  };
  await round();
  await measure(`after ${EDITS_PER_ROUND} edits`);
  await round();
  await measure(`after ${2 * EDITS_PER_ROUND} edits`);
  await server.shutdown();

  const f = (n: number) => n.toFixed(0);
  console.log(`\nVigil server memory over stdio, ${FILES} open files (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`| moment | RSS (MB) | V8 heap used (MB) | V8 heap total (MB) | external (MB) | RSS after ${IDLE_MS} ms idle (MB) | heap used after idle (MB) |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [label, now, idle] of rows) {
    console.log(`| ${label} | ${f(now.rss)} | ${f(now.heapUsed)} | ${f(now.heapTotal)} | ${f(now.external)} | ${f(idle.rss)} | ${f(idle.heapUsed)} |`);
  }
  const growth = rows[2][2].rss - rows[1][2].rss;
  console.log(`\nRSS growth across the second ${EDITS_PER_ROUND} edits (idle readings): ${growth.toFixed(0)} MB; budget: <= 150 MB RSS and no growth`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
