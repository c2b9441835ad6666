// Names the client and the server both use. The document languages come from the engine's
// own list so that what the client sends and what the engine analyzes cannot drift apart.
export { SUPPORTED_LANGUAGES as DOCUMENT_LANGUAGES } from '../engine/languages';
/**
 * The files a config can live in: the client sends them when open, so their unsaved text
 * applies at once. Written out (a test compares it with the engine's CONFIG_WATCH_GLOB) so the
 * client bundle does not pull in the config parsers.
 */
export const CONFIG_DOCUMENTS_GLOB = '**/{vigil.config.json,package.json,pyproject.toml}';

/**
 * The manifests, lockfiles, pip configs and GitHub Actions workflows the server checks for supply-chain problems, by
 * name whatever their language id (json, yaml, toml, plain text). Written out for the client
 * bundle; a test compares it with the engine's dependencyFileKind.
 */
export const DEPENDENCY_DOCUMENTS_GLOB = '**/{package.json,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,requirements*.txt,requirements*.in,pyproject.toml,poetry.lock,uv.lock,Pipfile.lock,pip.conf,pip.ini,action.yml,action.yaml,.github/workflows/*.yml,.github/workflows/*.yaml}';

/**
 * What in a workspace starts Vigil before any file is opened (`workspaceContains:` events in
 * package.json): a source file of an analyzed language, or a manifest. The server is then up
 * when the first file opens, and its first squiggle waits for the analysis only, not for the
 * activation and the server's start (issue 21: those were ~0.6 s of the first Python squiggle's
 * ~1 s). A test keeps the list in step with the engine's extensions and the manifest.
 */
export const WORKSPACE_ACTIVATION_GLOBS = ['**/*.{py,pyi}', '**/*.{ts,tsx,mts,cts}', '**/*.{js,jsx,mjs,cjs}', '**/{package.json,pyproject.toml,requirements.txt}'];

/** The language client id: VS Code reads `<id>.trace.server` for protocol tracing. */
export const CLIENT_ID = 'vigil';
export const CLIENT_NAME = 'Vigil';
/** The output channel the client creates and the server's log lands in. */
export const OUTPUT_CHANNEL_NAME = 'Vigil';
/** `Diagnostic.source` of every Vigil diagnostic. */
export const DIAGNOSTIC_SOURCE = 'vigil';

export const Commands = {
  restartServer: 'vigil.restartServer',
  scanWorkspace: 'vigil.scanWorkspace',
  showOwaspOverview: 'vigil.showOwaspOverview',
  showOutput: 'vigil.showOutput',
  /** Opens a rule's shipped docs (rules/<id>/README.md) in the Markdown preview; argument: the rule id. */
  openRuleDocs: 'vigil.openRuleDocs',
} as const;

/** The OWASP overview tree view. */
export const OVERVIEW_VIEW_ID = 'vigil.owaspOverview';

/** Custom requests the server answers. */
export const Requests = {
  /** `process.memoryUsage()` of the server (benchmarks and leak checks read it). */
  memoryUsage: 'vigil/memoryUsage',
} as const;

/**
 * Node flags the client starts the server with (the benchmarks and protocol tests too, so
 * they measure the server as shipped). V8 sizes its heap from these limits: with its defaults
 * it lets garbage grow to several hundred MB before collecting, while the live heap of a
 * server with 50 open files is ~40 MB. The old-space cap is far above what the engine keeps
 * (parse trees are capped by text size, see the engine's DEFAULT_MAX_PARSED_CHARACTERS).
 * One V8 background thread instead of four: each keeps its own malloc arena of GC and
 * compiler scratch memory (~7 MB of RSS together), and the server's work is one thread anyway.
 * `gc()` for the server to collect dropped native parse trees (see lsp/native-memory.ts).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1', '--max-old-space-size=384', '--v8-pool-size=1', '--expose-gc'];

/**
 * `--cache-directory=<dir>` on the server's command line: where it keeps V8 code caches (see
 * server/src/workspace/code-cache.ts). Known before the bundle is loaded, unlike the
 * InitializationOptions' cacheDirectory, so the server's own bundle can come from the cache too.
 */
export const CACHE_DIRECTORY_FLAG = '--cache-directory';
