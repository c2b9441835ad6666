// The `vigil` command's entry point (dist/cli.js), kept to a few lines as the server's
// (lsp/start.ts): it installs the code cache (code-cache.ts), then loads the CLI's bundle
// (dist/cli-main.js, from main.ts) through it, so that neither the bundle nor the TypeScript
// compiler is compiled from source at each run.
import * as path from 'path';
import { useCliCodeCache } from './code-cache';

const CLI_BUNDLE = path.join(__dirname, 'cli-main.js');

useCliCodeCache(process.env, new Map([[CLI_BUNDLE, 'the CLI']]));
require(CLI_BUNDLE);
