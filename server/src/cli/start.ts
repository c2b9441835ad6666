// The `vigil` command's entry point (dist/cli.js), kept to a few lines as the server's
// (lsp/start.ts): it installs the code cache (code-cache.ts), then loads the CLI's bundle
// (dist/cli-main.js, from main.ts) through it, so that neither the bundle nor the TypeScript
// compiler is compiled from source at each run.
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import { useCliCodeCache } from './code-cache';

const CLI_BUNDLE = path.join(__dirname, 'cli-main.js');

// A scan is a few seconds of code run over many files, most of it the TypeScript compiler's
// parser and the engine's walks: V8's optimizing compiler, started at its default budget
// (132 KB of bytecode run per function), spends more CPU in its background threads compiling
// them than the optimized code saves. Eight times the budget leaves it the really hot functions:
// `bench:peers` at --jobs 1, CPU medians, 2026-12-06: outline/shared 4.2 -> 2.4 s, medusa
// modules 5.2 -> 3.3 s, dispatch 8.6 -> 5.7 s, wall times the same or shorter. Set before any
// bundle loads (the code cache is keyed by V8's flags). The language server, which runs for
// hours, keeps V8's default.
setFlagsFromString('--interrupt-budget=1081344');

useCliCodeCache(process.env, new Map([[CLI_BUNDLE, 'the CLI']]));
require(CLI_BUNDLE);
