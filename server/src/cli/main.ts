// The `vigil` command (dist/cli.js). Exit codes: see exit-codes.ts.
import { runCli } from './cli';

process.exitCode = runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
