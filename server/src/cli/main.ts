// The `vigil` command (dist/cli.js). Exit codes: see exit-codes.ts.
import { runCli } from './cli';
import { useCliCodeCache } from './code-cache';

useCliCodeCache();

// `vigil scan | head`: the reader left, so nothing more can be shown; end quietly as other
// command-line tools do instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

void runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
