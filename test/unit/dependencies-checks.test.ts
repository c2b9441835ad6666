import * as assert from 'assert';
import { Engine } from '../../server/src/engine';
import { downloadPipedToShell } from '../../server/src/engine/dependencies/checks/shell';
import { engine } from '../helpers/fixtures';

// The checks that need no advisory data, where fixtures cannot show it: which files beside a
// manifest count as its lockfile, how paths are spelled, and the shell shapes one by one.

function withFiles(files: Record<string, string>): Engine {
  return new Engine({ catalog: engine().catalog, projectFiles: { read: (p) => files[p] } });
}

const rules = (e: Engine, path: string, text: string) => e.analyzeText(path, text, {}).findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`);

const MANIFEST = '{\n  "name": "web",\n  "dependencies": {\n    "express": "^4.21.2"\n  }\n}\n';
const LOCK = JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { express: '^4.21.2' } }, 'node_modules/express': { version: '4.21.2' } } });

describe('dependency checks without advisory data', () => {
  it('a lockfile above the manifest counts only in a workspace root', () => {
    assert.deepStrictEqual(rules(withFiles({ 'apps/web/package-lock.json': LOCK }), 'apps/web/package.json', MANIFEST), []);
    // Another project's lockfile higher up pins nothing here.
    assert.deepStrictEqual(rules(withFiles({ 'package-lock.json': LOCK, 'package.json': '{}' }), 'apps/web/package.json', MANIFEST), ['4 unpinned-dependency']);
    assert.deepStrictEqual(rules(withFiles({ 'package-lock.json': LOCK, 'package.json': '{ "workspaces": ["apps/*"] }' }), 'apps/web/package.json', MANIFEST), []);
    // Nothing above a relative path's first folder, nor above the file system's root.
    assert.deepStrictEqual(rules(withFiles({}), 'package.json', MANIFEST), ['4 unpinned-dependency']);
  });

  it('absolute and Windows paths find the lockfile beside the manifest', () => {
    assert.deepStrictEqual(rules(withFiles({ '/srv/app/package-lock.json': LOCK }), '/srv/app/package.json', MANIFEST), []);
    assert.deepStrictEqual(rules(withFiles({ 'C:\\app\\package-lock.json': LOCK }), 'C:\\app\\package.json', MANIFEST), []);
  });

  it('without project files (an embedder that gives none) the lockfile checks stay quiet', () => {
    assert.deepStrictEqual(rules(new Engine({ catalog: engine().catalog }), 'package.json', MANIFEST), []);
  });

  it('a broken lockfile is not evidence of drift; an out-of-range lock version is', () => {
    assert.deepStrictEqual(rules(withFiles({ 'package-lock.json': '{ "packages": ' }), 'package.json', MANIFEST), []);
    const old = LOCK.replace('"version":"4.21.2"', '"version":"4.17.1"');
    assert.deepStrictEqual(rules(withFiles({ 'package-lock.json': old }), 'package.json', MANIFEST), ['4 lockfile-out-of-sync']);
  });

  it('requirements: hash-checked installs and pip-compile inputs are not reported', () => {
    const e = withFiles({});
    assert.deepStrictEqual(rules(e, 'requirements.txt', '--extra-index-url https://pkgs.acme.internal/simple\nrequests>=2.31\n'), ['1 dependency-confusion', '2 unpinned-dependency']);
    assert.deepStrictEqual(rules(e, 'requirements.txt', '--require-hashes\n--extra-index-url https://pkgs.acme.internal/simple\nrequests==2.32.3 --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\n'), []);
    assert.deepStrictEqual(rules(e, 'requirements.in', 'requests>=2.31\n'), []);
    assert.deepStrictEqual(rules(e, 'requirements.txt', '-c constraints.txt\nrequests\n'), []);
  });

  it('a plain PEP 621 project without a lockfile may be a library: not reported', () => {
    const text = '[project]\nname = "lib"\ndependencies = ["requests>=2.31"]\n';
    assert.deepStrictEqual(rules(withFiles({}), 'pyproject.toml', text), []);
    assert.deepStrictEqual(rules(withFiles({}), 'pyproject.toml', `${text}\n[tool.uv]\npackage = true\n`), ['3 unpinned-dependency']);
  });

  it('workflows are recognised by their folder, composite actions by name', () => {
    const text = 'runs:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n';
    assert.deepStrictEqual(rules(withFiles({}), 'action.yml', text), ['4 unpinned-github-action']);
    assert.deepStrictEqual(rules(withFiles({}), '.github/workflows/ci.yaml', text), ['4 unpinned-github-action']);
    assert.throws(() => withFiles({}).analyzeText('config/ci.yml', text, {}));
  });

  describe('download piped to a shell', () => {
    const piped = [
      'curl -fsSL https://get.acme.dev | sh',
      'curl -fsSL https://get.acme.dev | sudo -E bash -s -- --yes',
      'wget -qO- https://get.acme.dev|bash',
      'curl -sSL https://install.python-poetry.org | python3 -',
      'curl https://get.acme.dev | env VERSION=1.2 sh',
      'bash <(curl -s https://get.acme.dev)',
      'source <(curl -s https://get.acme.dev/env)',
      'sh -c "$(curl -fsSL https://get.acme.dev)"',
      'iwr https://get.acme.dev/install.ps1 | iex',
    ];
    const clean = [
      'curl -fsSLo install.sh https://get.acme.dev && sha256sum -c install.sh.sha256 && sh install.sh',
      'curl -fsSL https://api.acme.dev/v1 | jq .version',
      'wget -qO- https://acme.dev/x.tar.gz | tar xz',
      'curl -fsSL https://acme.dev/key.asc | gpg --dearmor -o /usr/share/keyrings/acme.gpg',
      'curl -fsSL https://acme.dev/data.csv | shuf | head',
      'echo hi | sh',
    ];
    for (const command of piped) it(`reports: ${command}`, () => assert.ok(downloadPipedToShell(command), command));
    for (const command of clean) it(`leaves alone: ${command}`, () => assert.strictEqual(downloadPipedToShell(command), undefined, command));
  });
});
