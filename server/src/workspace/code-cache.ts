// A V8 code cache for the TypeScript compiler (9 MB of JavaScript, loaded on the first TS/JS
// file) and for the server's own bundle. Compiling the compiler from source costs ~0.5 s and
// leaves ~20 MB of freed parser memory that malloc keeps for the rest of the session; loading
// its bytecode from a cache costs neither. The bundle (dist/server-main.js) is cached when the
// server is started through dist/server.js with the cache directory on its command line (the
// extension does): its 2.9 MB are then neither parsed nor their functions compiled at each
// start (~0.1 s of every cold start).
// Modules are compiled here with vm.Script's cachedData, wrapped and called the way Node
// compiles a CommonJS module (Node 22's module.enableCompileCache does the same for every
// module, but Node 20, which VS Code may run the server on, lacks it).
import { createHash } from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';
import { threadId } from 'worker_threads';

/** The compiler's file inside the (copied) typescript package. */
const COMPILER_MODULE = `${path.sep}typescript${path.sep}lib${path.sep}typescript.js`;
/** After this long the compiler has parsed and walked a file, the server analyzed one: the cache then holds that code too. */
const WRITE_DELAY_MS = 3000;
/** Hex digits of a cache file name that tell the install folder it is of (cachePrefix). */
const FOLDER_TAG_LENGTH = 8;
/** Caches of the same module kept for other install folders, the most recently used: a global `vigil` and a project's, say. */
const OTHER_INSTALLS_KEPT = 2;

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
export type CodeCacheLog = (message: string, level?: 'info' | 'warn') => void;

interface CodeCache {
  directory: string;
  /** Modules cached besides the compiler (absolute paths), with what log messages call them. */
  modules: Map<string, string>;
  log?: CodeCacheLog;
  /** Messages from before a log was attached (the bundle is loaded before the connection exists). */
  pending: [string, 'info' | 'warn'][];
  /** Write new caches when the process (or thread) exits rather than after WRITE_DELAY_MS: a short `vigil scan` ends first. */
  writeAtExit: boolean;
  /** With writeAtExit: the caches to write at exit or at flushCodeCache. */
  unwritten: (() => void)[];
}

/**
 * One per process, on the global object: dist/server.js and the bundle it loads each carry a
 * copy of this module, and the bundle's copy must find the cache its loader installed.
 */
const STATE = Symbol.for('vigil.codeCache');
const global = globalThis as { [STATE]?: CodeCache };

/**
 * Keeps the compiled code of the TypeScript compiler and of `modules` (file → name) in
 * `directory` (a private one: the extension's global storage; code from there is run),
 * written once per file and V8 version. Bad or foreign cache files are rejected by V8 and
 * rewritten; any I/O failure just means no cache. The first call wins; later ones only attach
 * their log.
 */
export function useCodeCache(directory: string, log?: CodeCacheLog, modules: ReadonlyMap<string, string> = new Map(), writeAtExit = false): void {
  if (global[STATE]) {
    if (log) attachCodeCacheLog(log);
    return;
  }
  const cache: CodeCache = { directory, modules: new Map(modules), log, pending: [], writeAtExit, unwritten: [] };
  if (writeAtExit) process.once('exit', flushCodeCache);
  global[STATE] = cache;
  const proto = (Module as unknown as NodeModuleApi).prototype;
  const compile = proto._compile;
  proto._compile = function (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    const name = filename.endsWith(COMPILER_MODULE) ? 'the TypeScript compiler' : cache.modules.get(filename);
    if (name === undefined) return compile.call(this, content, filename, ...rest);
    return compileCached(this, content, filename, name, cache);
  };
}

/**
 * Writes now the caches a writeAtExit cache holds back: for a thread that may be terminated
 * (a `vigil scan` worker), whose exit handlers do not run.
 */
export function flushCodeCache(): void {
  for (const write of global[STATE]?.unwritten.splice(0) ?? []) write();
}

/** Where the cache reports to from now on (messages so far included); no-op without a cache. */
export function attachCodeCacheLog(log: CodeCacheLog): void {
  const cache = global[STATE];
  if (!cache || cache.log) return;
  cache.log = log;
  for (const [message, level] of cache.pending.splice(0)) log(message, level);
}

function report(cache: CodeCache, message: string, level: 'info' | 'warn' = 'info'): void {
  if (cache.log) cache.log(message, level);
  else cache.pending.push([message, level]);
}

function compileCached(module: CompilingModule, content: string, filename: string, name: string, cache: CodeCache): unknown {
  const key = createHash('sha256').update(process.versions.v8).update(content).digest('hex').slice(0, 16);
  const prefix = cachePrefix(filename);
  const file = path.join(cache.directory, `${prefix}${key}.code-cache`);
  const cachedData = readOrUndefined(file);
  const api = Module as unknown as NodeModuleApi;
  const script = new vm.Script(api.wrap(content), { filename, cachedData });
  if (cachedData && !script.cachedDataRejected) {
    report(cache, `loaded ${name} from the code cache ${file}`);
    touch(file);
  } else if (cache.writeAtExit) cache.unwritten.push(() => writeCache(script, cache, file, prefix, name));
  else setTimeout(() => writeCache(script, cache, file, prefix, name), WRITE_DELAY_MS).unref();
  const moduleRequire = Object.assign((id: string) => module.require(id), {
    resolve: (request: string) => api._resolveFilename(request, module),
    main: require.main,
    cache: require.cache,
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
  return wrapper.call(module.exports, module.exports, moduleRequire, module, filename, path.dirname(filename));
}

/**
 * After `file` was written: the older caches of the same file go, and of the module's caches
 * for other folders the OTHER_INSTALLS_KEPT most recently used stay (an upgrade installs to a
 * new folder: the old version's caches would otherwise stay forever).
 */
function removeStaleCaches(directory: string, file: string, prefix: string): void {
  // `<module>-`: the prefix without its folder's tag.
  const module = prefix.slice(0, prefix.length - FOLDER_TAG_LENGTH - 1);
  const others: { file: string; used: number }[] = [];
  for (const name of fs.readdirSync(directory)) {
    const other = path.join(directory, name);
    if (!name.endsWith('.code-cache') || other === file || !name.startsWith(module)) continue;
    if (name.startsWith(prefix)) fs.rmSync(other, { force: true });
    else if (isCacheOf(name, module)) {
      // Another process may have removed it meanwhile.
      const used = fs.statSync(other, { throwIfNoEntry: false })?.mtimeMs;
      if (used !== undefined) others.push({ file: other, used });
    }
  }
  others.sort((a, b) => b.used - a.used);
  for (const stale of others.slice(OTHER_INSTALLS_KEPT)) fs.rmSync(stale.file, { force: true });
}

/** Whether a cache file's name is `<module>-[<folder>-]<code>.code-cache` (with the folder since 2026-12-07). */
function isCacheOf(name: string, module: string): boolean {
  return new RegExp(`^${module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[0-9a-f]{${FOLDER_TAG_LENGTH}}-)?[0-9a-f]{16}\\.code-cache$`).test(name);
}

/** A cache loaded is marked used now (its modification time): the most recently used are kept. */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // A read-only cache still serves.
  }
}

/**
 * The start of a module's cache file names: its name and its folder's. A new cache removes the
 * older ones of the same file (an upgrade in place), not the most recently used ones of other
 * folders: two installs sharing the cache folder (a global `vigil` and a project's, of other
 * versions) removed each other's cache on every run, and each run compiled its bundle again.
 */
export function cachePrefix(filename: string): string {
  const folder = createHash('sha256').update(path.dirname(path.resolve(filename))).digest('hex').slice(0, FOLDER_TAG_LENGTH);
  return `${path.basename(filename, '.js')}-${folder}-`;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed (named by process and thread): another window's server or thread never reads half a file. Older caches of the same file go (cachePrefix). */
function writeCache(script: vm.Script, cache: CodeCache, file: string, prefix: string, name: string): void {
  try {
    fs.mkdirSync(cache.directory, { recursive: true });
    const partial = `${file}.${process.pid}-${threadId}.partial`;
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, file);
    report(cache, `wrote ${name}'s code cache ${file}`);
    removeStaleCaches(cache.directory, file, prefix);
  } catch (e) {
    report(cache, `cannot write the code cache in ${cache.directory}: ${(e as Error).message}`, 'warn');
  }
}
