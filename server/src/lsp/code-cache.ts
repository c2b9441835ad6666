// A V8 code cache for the TypeScript compiler (9 MB of JavaScript, loaded on the first TS/JS
// file). Compiling it from source costs ~0.5 s and leaves ~20 MB of freed parser memory that
// malloc keeps for the rest of the session; loading its bytecode from a cache costs neither.
// The compiler's module is compiled here with vm.Script's cachedData, wrapped and called the
// way Node compiles a CommonJS module (Node 22's module.enableCompileCache does the same for
// every module, but Node 20, which VS Code may run the server on, lacks it).
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';

/** The compiler's file inside the (copied) typescript package. */
const CACHED_MODULE = `${path.sep}typescript${path.sep}lib${path.sep}typescript.js`;
/** After this long the compiler has parsed and walked a file: the cache then holds that code too. */
const WRITE_DELAY_MS = 3000;

interface CompilingModule {
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
  exports: unknown;
  require(id: string): unknown;
}

interface NodeModuleApi {
  wrap(content: string): string;
  prototype: CompilingModule;
  _resolveFilename(request: string, parent: unknown): string;
}

/** Where the cache's comings and goings are told (the output channel); `warn` for failures. */
type Log = (message: string, level?: 'info' | 'warn') => void;

let installed = false;

/**
 * Keeps the compiler's compiled code in `directory` (a private one: the extension's global
 * storage; code from there is run), written once per compiler and V8 version. Bad or foreign
 * cache files are rejected by V8 and rewritten; any I/O failure just means no cache.
 */
export function useCodeCache(directory: string, log: Log = () => undefined): void {
  if (installed) return;
  installed = true;
  const proto = (Module as unknown as NodeModuleApi).prototype;
  const compile = proto._compile;
  proto._compile = function (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    if (!filename.endsWith(CACHED_MODULE)) return compile.call(this, content, filename, ...rest);
    return compileCached(this, content, filename, directory, log);
  };
}

function compileCached(module: CompilingModule, content: string, filename: string, directory: string, log: Log): unknown {
  const key = createHash('sha256').update(process.versions.v8).update(content).digest('hex').slice(0, 16);
  const file = path.join(directory, `typescript-${key}.code-cache`);
  const cachedData = readOrUndefined(file);
  const api = Module as unknown as NodeModuleApi;
  const script = new vm.Script(api.wrap(content), { filename, cachedData });
  if (cachedData && !script.cachedDataRejected) log(`loaded the TypeScript compiler from the code cache ${file}`);
  else setTimeout(() => writeCache(script, directory, file, log), WRITE_DELAY_MS).unref();
  const moduleRequire = Object.assign((id: string) => module.require(id), {
    resolve: (request: string) => api._resolveFilename(request, module),
    main: require.main,
    cache: require.cache,
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
  return wrapper.call(module.exports, module.exports, moduleRequire, module, filename, path.dirname(filename));
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed: another window's server never reads half a file. Older caches go. */
function writeCache(script: vm.Script, directory: string, file: string, log: Log): void {
  try {
    fs.mkdirSync(directory, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, file);
    log(`wrote the TypeScript compiler's code cache ${file}`);
    for (const old of fs.readdirSync(directory)) {
      if (old.startsWith('typescript-') && old.endsWith('.code-cache') && path.join(directory, old) !== file) fs.rmSync(path.join(directory, old), { force: true });
    }
  } catch (e) {
    log(`cannot write the code cache in ${directory}: ${(e as Error).message}`, 'warn');
  }
}
