// The benchmarks start the server as the extension does: with a private cache directory for
// the TypeScript compiler's compiled code (the extension's global storage). A user's first
// session writes it; every later one loads it, so the benchmarks measure with a warm one
// unless they say otherwise.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspProcess } from '../protocol/lsp-process';

const DEADLINE_MS = 30_000;

/** A new, empty cache directory. */
export function emptyCacheDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-cache-'));
}

/** Whether the server has written the code caches of its bundle and of the TypeScript compiler into `directory`. */
export function hasCodeCache(directory: string): boolean {
  const files = fs.readdirSync(directory);
  return ['server-main-', 'typescript-'].every((prefix) => files.some((file) => file.startsWith(prefix) && file.endsWith('.code-cache')));
}

/** A cache directory holding the compiler's code cache, as after the user's first session. */
export async function warmCacheDirectory(serverJs: string): Promise<string> {
  const directory = emptyCacheDirectory();
  const { server } = await LspProcess.start(serverJs, { initializationOptions: { cacheDirectory: directory } });
  try {
    await server.open('file:///warm/app.ts', 'typescript', "import express from 'express';\nexport const app = express();\n");
    const deadline = Date.now() + DEADLINE_MS;
    while (!hasCodeCache(directory)) {
      if (Date.now() > deadline) throw new Error(`no code cache in ${directory} after ${DEADLINE_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await server.shutdown();
  }
  return directory;
}
