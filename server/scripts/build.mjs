// One bundler, five entry points: the VS Code client (vscode external), the language server (a
// small entry point and the bundle it loads), the CLI (with a shebang) and its analyzer threads. tree-sitter's native addons cannot be
// bundled: they are copied to dist/node_modules with their prebuilds, so the .vsix and the npm
// package need no install.
// The TypeScript compiler is copied there too instead of bundled: V8 would otherwise read its
// 9 MB on every server start, also in Python-only sessions (it is required lazily). So are the
// packages only some sessions load (LAZY): bundled, their 2.4 MB were read and kept at every
// start of the server, the CLI and each of its analyzer threads (issue 21: the server's first
// Python diagnostics 315 -> 297 ms from a cold start, median of 8).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleConfigSchemas } from './config-schema.mjs';
import { precompiledSchemasPlugin } from './precompiled-schemas.mjs';
import { writeCliPackage } from './cli-package.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const require = createRequire(path.join(root, 'package.json'));
const NATIVE = ['tree-sitter', 'tree-sitter-python'];
/** Required on first use only: HTTP for online advisories, the ReDoS analysis (with refa's Unicode tables) on the first pattern. */
const LAZY = ['undici', 'scslre', '@eslint-community/regexpp'];
/** Copied with their prebuilds (copyRuntimePackage); the LAZY ones are copied whole with their dependencies. */
const COPIED = [...NATIVE, 'typescript'];
/** Loaded from dist/node_modules, not bundled; the CLI's npm package depends on them. */
const EXTERNAL = [...COPIED, ...LAZY];

fs.rmSync(dist, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: EXTERNAL,
  // ESM entry first: jsonc-parser's UMD `main` requires its own files at run time.
  mainFields: ['module', 'main'],
  // rules/schema as ajv's standalone code, instead of compiling the schemas at every start.
  plugins: [precompiledSchemasPlugin(path.join(root, 'rules'), root)],
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode'] }),
  // The server's entry point loads its bundle through the V8 code cache (see lsp/start.ts).
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/start.ts')], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server-main.js') }),
  // The CLI's entry point loads its bundle through the V8 code cache (see cli/start.ts).
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/start.ts')], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli-main.js') }),
  // The analyzer threads of `vigil scan` (worker_threads need a file of their own).
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/worker.ts')], outfile: path.join(dist, 'cli-worker.js') }),
]);
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);

for (const name of [...COPIED, 'node-gyp-build']) copyRuntimePackage(name);
const copiedTrees = new Set();
for (const name of LAZY) copyPackageTree(name, root, copiedTrees);
copyOwnAddons();
await minifyCompiler();
writeConfigSchemas();
writeCliPackage(root, dist, EXTERNAL);
console.log(`built ${path.relative(root, dist)}/{client,server,server-main,cli,cli-main,cli-worker}.js with ${EXTERNAL.join(', ')} in dist/node_modules, config schemas in dist/schemas, the CLI's npm package in dist/npm`);

/**
 * The copied TypeScript compiler, minified (whitespace, syntax and local names; function
 * names kept): V8 holds a module's source for the whole session to compile its functions
 * lazily, so its 9 MB were 9 MB of the server's heap. About 4 MB after this, and faster to load.
 */
async function minifyCompiler() {
  const file = path.join(dist, 'node_modules', 'typescript', 'lib', 'typescript.js');
  const { code } = await esbuild.transform(fs.readFileSync(file, 'utf8'), { minify: true, keepNames: true, legalComments: 'inline', format: 'cjs', platform: 'node', target: 'node20' });
  fs.writeFileSync(file, code);
}

/** Self-contained config schemas for the editor's `jsonValidation` (see config-schema.mjs). */
function writeConfigSchemas() {
  const { config, packageJson } = bundleConfigSchemas(path.join(root, 'rules'));
  const dir = path.join(dist, 'schemas');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'vigil.config.schema.json'), `${JSON.stringify(config, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'package.vigil.schema.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
}

/**
 * Copies what a package needs at run time (package.json, JS entry, prebuilds). Where the
 * shipped prebuild for this platform does not load here (e.g. tree-sitter's needs a newer
 * libstdc++ than Debian 12 has), the addon built from source by npm install replaces it.
 */
function copyRuntimePackage(name) {
  const src = path.dirname(require.resolve(`${name}/package.json`));
  const dest = path.join(dist, 'node_modules', name);
  fs.mkdirSync(dest, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
  for (const entry of ['package.json', 'index.js', 'node-gyp-build.js', 'bin.js', 'build-test.js', 'optional.js', 'bindings', 'prebuilds', 'src/node-types.json', 'LICENSE', 'LICENSE.txt', 'ThirdPartyNoticeText.txt']) {
    const from = path.join(src, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, entry), { recursive: true });
  }
  if (pkg.main && fs.existsSync(path.join(src, pkg.main))) fs.cpSync(path.join(src, pkg.main), path.join(dest, pkg.main), { recursive: true });
  const platformDir = path.join(dest, 'prebuilds', `${process.platform}-${process.arch}`);
  const built = path.join(src, 'build', 'Release');
  if (!fs.existsSync(platformDir) || !fs.existsSync(built)) return;
  for (const file of fs.readdirSync(platformDir).filter((f) => f.endsWith('.node'))) {
    if (!loads(path.join(platformDir, file))) {
      const local = fs.readdirSync(built).find((f) => f.endsWith('.node'));
      if (local) fs.copyFileSync(path.join(built, local), path.join(platformDir, file));
    }
  }
}

/**
 * Copies a pure-JS package whole (its code and manifests, not its types, maps or docs) with the
 * packages it depends on, each once, as npm resolves them from where it stands.
 */
function copyPackageTree(name, from, copied) {
  const src = path.dirname(createRequire(path.join(from, 'package.json')).resolve(`${name}/package.json`));
  if (copied.has(src)) return;
  copied.add(src);
  // `undici`, `@eslint-community/regexpp`; one npm nested in another package (`scslre/node_modules/refa`) came with it.
  const relative = path.relative(path.join(root, 'node_modules'), src);
  if (!relative.split(path.sep).includes('node_modules')) {
    const keep = (file) => !/\.(d\.[mc]?ts|map|md)$/.test(file) || /^license/i.test(path.basename(file));
    fs.cpSync(src, path.join(dist, 'node_modules', relative), { recursive: true, filter: keep });
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
  for (const dependency of Object.keys(pkg.dependencies ?? {})) copyPackageTree(dependency, src, copied);
}

/** Vigil's own addons, built by npm install (build-native.mjs), beside the bundles that load them (dist/native). */
function copyOwnAddons() {
  const addon = path.join(root, 'server', 'native', 'python-frozen', 'build', 'Release', 'vigil_python_frozen.node');
  if (!fs.existsSync(addon)) {
    console.warn('vigil: server/native/python-frozen is not built (npm run build:native): dist reads Python trees through the tree-sitter binding');
    return;
  }
  fs.mkdirSync(path.join(dist, 'native'), { recursive: true });
  fs.copyFileSync(addon, path.join(dist, 'native', path.basename(addon)));
}

function loads(file) {
  try {
    process.dlopen({ exports: {} }, file);
    return true;
  } catch {
    return false;
  }
}
