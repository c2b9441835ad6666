// The language server's entry point (dist/server.js), kept to a few lines: it installs the V8
// code cache when the command line names a cache directory, then loads the server's bundle
// (dist/server-main.js, from lsp/main.ts) through it, so that neither the bundle nor the
// TypeScript compiler is compiled from source at each start.
import * as path from 'path';
import { CACHE_DIRECTORY_FLAG } from '../protocol/ids';
import { useCodeCache } from '../workspace/code-cache';

const SERVER_BUNDLE = path.join(__dirname, 'server-main.js');

const flag = process.argv.find((arg) => arg.startsWith(`${CACHE_DIRECTORY_FLAG}=`));
const directory = flag?.slice(CACHE_DIRECTORY_FLAG.length + 1);
if (directory) useCodeCache(directory, undefined, new Map([[SERVER_BUNDLE, 'the server']]));
require(SERVER_BUNDLE);
