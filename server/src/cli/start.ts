// The `vigil` command's entry point (dist/cli.js), kept to a few lines as the server's
// (lsp/start.ts): it installs the code cache (code-cache.ts), then loads the CLI's bundle
// (dist/cli-main.js, from main.ts) through it, so that neither the bundle nor the TypeScript
// compiler is compiled from source at each run.
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import { useCliCodeCache } from './code-cache';
import { SCAN_V8_FLAGS } from './scan-v8-flags';

const CLI_BUNDLE = path.join(__dirname, 'cli-main.js');

// V8 tuned for a scan (scan-v8-flags.ts), before any bundle loads: the code cache is keyed by V8's flags.
setFlagsFromString(SCAN_V8_FLAGS);

useCliCodeCache(process.env, new Map([[CLI_BUNDLE, 'the CLI']]));
require(CLI_BUNDLE);
