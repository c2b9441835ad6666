// The `vigil` command (dist/cli.js). Exit codes: see exit-codes.ts.
import { runCli } from './cli';

void runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
