import * as path from 'path';
import type * as ts from 'typescript';

// Which project file a TS/JS import names (cross-module taint), by TypeScript's own module
// resolution under the nearest tsconfig.json/jsconfig.json: relative paths, index files,
// `.js` specifiers of `.ts` files (ESM), `baseUrl` and `paths` aliases such as Next.js's `@/*`.

// The compiler is required on the first resolution, not when the server starts: a
// Python-only session never loads it (it is external to the bundle, see build.mjs).
let compiler: typeof ts | undefined;
const loadCompiler = (): typeof ts => (compiler ??= require('typescript') as typeof ts);

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];
/** Where no config says otherwise: what a Next.js/Vite app gets (bundler resolution, JS allowed). */
const DEFAULT_OPTIONS = (t: typeof ts): ts.CompilerOptions => ({
  allowJs: true,
  jsx: t.JsxEmit.Preserve,
  module: t.ModuleKind.ESNext,
  moduleResolution: t.ModuleResolutionKind.Bundler,
  resolveJsonModule: false,
});
const SOURCE = /\.(?:[cm]?[jt]sx?)$/i;
const DECLARATION = /\.d\.[cm]?ts$|\.d\.[^.]+\.ts$/i;

interface Project {
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
  host: ts.ModuleResolutionHost;
}

/** Config file → its parsed options (undefined key: no config found). */
const projects = new Map<string | undefined, Project>();
/** Folder → the nearest config file up the tree (undefined: none). */
const configOfFolder = new Map<string, string | undefined>();
/** `fromFolder\0specifier` → the answer, both positive and negative. */
const answers = new Map<string, string | undefined>();

/**
 * The absolute path of the project source file `specifier` names when imported from
 * `fromFile`; undefined for a package (anything under node_modules), a declaration file, a
 * JSON or other non-source file, or a file that does not exist. Answers are cached: calls for
 * the same folder and specifier cost one map lookup (see `clearTypeScriptResolutionCache`).
 */
export function resolveTypeScriptImport(fromFile: string, specifier: string): string | undefined {
  const folder = path.dirname(path.resolve(fromFile));
  const key = `${folder}\0${specifier}`;
  if (answers.has(key)) return answers.get(key);
  let answer: string | undefined;
  try {
    answer = resolve(path.resolve(fromFile), folder, specifier);
  } catch {
    answer = undefined; // an unreadable config or folder: the import is unknown, as for a package
  }
  answers.set(key, answer);
  return answer;
}

/** Forgets cached answers and configs (a tsconfig.json or a file was added, moved or deleted). */
export function clearTypeScriptResolutionCache(): void {
  projects.clear();
  configOfFolder.clear();
  answers.clear();
}

function resolve(fromFile: string, folder: string, specifier: string): string | undefined {
  if (!specifier || specifier.startsWith('node:')) return undefined;
  const t = loadCompiler();
  const project = projectOf(t, folder);
  const resolved = t.resolveModuleName(specifier, fromFile, project.options, project.host, project.cache).resolvedModule;
  if (!resolved || resolved.isExternalLibraryImport) return undefined;
  const file = path.resolve(resolved.resolvedFileName);
  if (!SOURCE.test(file) || DECLARATION.test(file) || file.split(path.sep).includes('node_modules')) return undefined;
  return file;
}

function projectOf(t: typeof ts, folder: string): Project {
  let config: string | undefined;
  if (configOfFolder.has(folder)) config = configOfFolder.get(folder);
  else {
    config = nearestConfig(t, folder);
    configOfFolder.set(folder, config);
  }
  let project = projects.get(config);
  if (!project) {
    const options = config ? configOptions(t, config) : DEFAULT_OPTIONS(t);
    const host: ts.ModuleResolutionHost = {
      fileExists: t.sys.fileExists,
      readFile: t.sys.readFile,
      directoryExists: t.sys.directoryExists,
      realpath: t.sys.realpath,
      getCurrentDirectory: () => (config ? path.dirname(config) : folder),
    };
    const cache = t.createModuleResolutionCache(host.getCurrentDirectory!(), (f) => f, options);
    projects.set(config, (project = { options, cache, host }));
  }
  return project;
}

/** tsconfig.json, else jsconfig.json, in the folder or the nearest one above it. */
function nearestConfig(t: typeof ts, folder: string): string | undefined {
  let found: string | undefined;
  for (const name of CONFIG_NAMES) {
    const file = t.findConfigFile(folder, t.sys.fileExists, name);
    // The nearer of the two wins (a jsconfig.json in the app beats a tsconfig.json above it).
    if (file && (!found || path.dirname(file).length > path.dirname(found).length)) found = file;
  }
  return found && path.resolve(found);
}

/** The config's compiler options (with `extends` followed); a module resolution that cannot resolve paths is replaced by bundler's. */
function configOptions(t: typeof ts, file: string): ts.CompilerOptions {
  const read = t.readConfigFile(file, t.sys.readFile);
  if (read.error || !read.config) return DEFAULT_OPTIONS(t);
  // Only the options are needed: a host that lists no folder keeps TypeScript from walking the
  // whole project for the config's `include` (issue 21: a tenth of a TS scan's resolving).
  const host: ts.ParseConfigHost = { useCaseSensitiveFileNames: t.sys.useCaseSensitiveFileNames, fileExists: t.sys.fileExists, readFile: t.sys.readFile, readDirectory: () => [] };
  const parsed = t.parseJsonConfigFileContent(read.config, host, path.dirname(file), undefined, file);
  const options = { ...DEFAULT_OPTIONS(t), ...parsed.options };
  const kind = options.moduleResolution;
  // Classic (the default for some old `module` settings) ignores index files and packages.
  if (kind === undefined || kind === t.ModuleResolutionKind.Classic) options.moduleResolution = t.ModuleResolutionKind.Bundler;
  // Bundler resolution requires an ES `module`; `commonjs` projects resolve like Node.
  if (options.moduleResolution === t.ModuleResolutionKind.Bundler && !isEsModule(t, options.module)) options.moduleResolution = t.ModuleResolutionKind.Node10;
  options.allowJs = true;
  return options;
}

function isEsModule(t: typeof ts, kind: ts.ModuleKind | undefined): boolean {
  return kind === undefined || kind === t.ModuleKind.Preserve || (kind >= t.ModuleKind.ES2015 && kind <= t.ModuleKind.ESNext);
}
