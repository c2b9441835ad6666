// The npm package of the CLI, @vigil-security/cli, written to dist/npm/ by the build. The
// repository's package.json is the VS Code extension's manifest, whose `name` must be a plain
// identifier (vsce rejects scoped names) and which lists the extension's own dependencies; the
// CLI package gets its own manifest instead: the CLI bundles, the rule catalogue, and the
// packages the bundles load at run time (installed from the registry like any dependency).
// `npm pack dist/npm` makes the tarball that `npm publish` would upload.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI_PACKAGE_NAME = '@vigil-security/cli';
/** `runtime`: what the CLI bundles require at run time (kept external by the bundler), its dependencies. */
export function writeCliPackage(root, dist, runtime) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const out = path.join(dist, 'npm');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'dist'), { recursive: true });
  for (const file of ['cli.js', 'cli-main.js', 'cli-worker.js']) fs.copyFileSync(path.join(dist, file), path.join(out, 'dist', file));
  fs.chmodSync(path.join(out, 'dist', 'cli.js'), 0o755);
  // The same layout as the repository: the CLI finds rules/ above its bundle.
  fs.cpSync(path.join(root, 'rules'), path.join(out, 'rules'), { recursive: true });
  fs.copyFileSync(path.join(root, 'docs', 'cli-package.md'), path.join(out, 'README.md'));
  const pkg = {
    name: CLI_PACKAGE_NAME,
    version: manifest.version,
    description: 'Vigil CLI: finds OWASP Top 10 problems in TypeScript/JavaScript and Python (text, JSON, SARIF, JUnit, HTML reports for CI).',
    license: manifest.license,
    keywords: manifest.keywords,
    ...(manifest.repository && { repository: manifest.repository }),
    bin: { vigil: 'dist/cli.js' },
    files: ['dist/cli.js', 'dist/cli-main.js', 'dist/cli-worker.js', 'rules/'],
    engines: { node: manifest.engines.node },
    dependencies: Object.fromEntries(runtime.map((name) => [name, manifest.dependencies[name]])),
  };
  fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return out;
}
