import * as assert from 'assert';
import { Engine, LineIndex, parseDependencyFile, type BaseFiles, type PackageFileKind } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';
import { prng } from '../helpers/random';

// new-install-script: which lockfile formats record packages that run code on install (the
// readers), and what counts as new against the base revision's text.

function read(kind: PackageFileKind, text: string) {
  const file = parseDependencyFile(kind, text, new LineIndex(text));
  return { error: file.error?.message, records: !!file.recordsInstallScripts, runs: file.dependencies.filter((d) => d.runsOnInstall).map((d) => `${d.name}@${d.version}:${d.runsOnInstall}`) };
}

const lockV3 = (packages: Record<string, object>) => JSON.stringify({ name: 'web', lockfileVersion: 3, requires: true, packages: { '': { name: 'web', dependencies: {} }, ...packages } }, null, 2);
const LOCK_V3 = lockV3({
  'node_modules/esbuild': { version: '0.20.0', hasInstallScript: true, bin: { esbuild: 'bin/esbuild' } },
  'node_modules/lodash': { version: '4.17.21' },
  'node_modules/vite/node_modules/esbuild': { version: '0.19.12', hasInstallScript: true },
  'node_modules/odd': { version: '1.0.0', hasInstallScript: 'yes' },
});

const PNPM_8 = `lockfileVersion: '6.0'

packages:

  /bcrypt@5.1.1:
    resolution: {integrity: sha512-AGBHOG5hPYZ5Xl9KXzU5iKq9516yEmvCKDg3ecP5kX2aB6UqTeXZxk2ELnDgDm6BQSMlLt9rDB4LoSMx0rYwww==}
    requiresBuild: true
    dev: false

  /chalk@5.3.0:
    resolution: {integrity: sha512-dLitG79d+GV1Nb/VYcCDFivJeK1hiukt9QjRNVOsUtTy1rR1YJsmpGGTZ3qJos+uw7WmWF4wUwBd9jxjocFC2w==}
    dev: false
`;

const PNPM_9 = `lockfileVersion: '9.0'

packages:

  bcrypt@5.1.1:
    resolution: {integrity: sha512-AGBHOG5hPYZ5Xl9KXzU5iKq9516yEmvCKDg3ecP5kX2aB6UqTeXZxk2ELnDgDm6BQSMlLt9rDB4LoSMx0rYwww==}
    engines: {node: '>= 10.0.0'}

snapshots:

  bcrypt@5.1.1: {}
`;

const POETRY_1_1 = `[[package]]
name = "docopt"
version = "0.6.2"
description = "Pythonic argument parser"
category = "main"
optional = false
python-versions = "*"

[[package]]
name = "PyYAML"
version = "6.0.1"
description = "YAML parser and emitter for Python"
category = "main"
optional = false
python-versions = ">=3.6"

[metadata]
lock-version = "1.1"
python-versions = "^3.9"
content-hash = "0d1f"

[metadata.files]
docopt = [
    {file = "docopt-0.6.2.tar.gz", hash = "sha256:49b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491"},
]
pyyaml = [
    {file = "PyYAML-6.0.1-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:0b4624f379dab24d3725ffde76559cff63d9ec94e1736b556dacdfebe5ab6d4b"},
    {file = "PyYAML-6.0.1.tar.gz", hash = "sha256:bfdf460b1736c775f2ba9f6a92bca30bc2095067b8a9d77876d1fad6cc3b4a43"},
]
`;

const UV = `version = 1
requires-python = ">=3.12"

[[package]]
name = "api"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "docopt" }, { name = "httpx" }]

[[package]]
name = "docopt"
version = "0.6.2"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/a2/55/docopt-0.6.2.tar.gz", hash = "sha256:49b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491" }

[[package]]
name = "httpx"
version = "0.27.2"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/78/82/httpx-0.27.2.tar.gz", hash = "sha256:f7c2be1d2f3c3c3160d441802406b206c2b76f5947b11115e6df10c6c65e66c2" }
wheels = [{ url = "https://files.pythonhosted.org/packages/56/95/httpx-0.27.2-py3-none-any.whl", hash = "sha256:7bb2708e112d8fdd7829cd4243970f0c223274051cb35ee80c03301ee29a3df0" }]
`;

describe('new-install-script: what each lockfile records', () => {
  it('package-lock v3: hasInstallScript true at any install path; a non-boolean value is not a script', () => {
    assert.deepStrictEqual(read('package-lock', LOCK_V3), { error: undefined, records: true, runs: ['esbuild@0.20.0:install-script', 'esbuild@0.19.12:install-script'] });
  });

  it('package-lock v1 records no scripts: nothing is read, the format says so', () => {
    const v1 = JSON.stringify({ name: 'web', lockfileVersion: 1, dependencies: { esbuild: { version: '0.20.0', hasInstallScript: true } } });
    assert.deepStrictEqual(read('package-lock', v1), { error: undefined, records: false, runs: [] });
  });

  it('pnpm 8: requiresBuild; pnpm 9 records none (and its lockfile says 9.0)', () => {
    assert.deepStrictEqual(read('pnpm-lock', PNPM_8), { error: undefined, records: true, runs: ['bcrypt@5.1.1:install-script'] });
    assert.deepStrictEqual(read('pnpm-lock', PNPM_9), { error: undefined, records: false, runs: [] });
    assert.deepStrictEqual(read('pnpm-lock', PNPM_8.replace('requiresBuild: true', "requiresBuild: 'true'")).runs, []);
  });

  it('yarn.lock records no scripts', () => {
    const yarn = '# yarn lockfile v1\n\n\nbcrypt@^5.1.1:\n  version "5.1.1"\n  resolved "https://registry.yarnpkg.com/bcrypt/-/bcrypt-5.1.1.tgz"\n';
    assert.deepStrictEqual(read('yarn-lock', yarn), { error: undefined, records: false, runs: [] });
  });

  it('poetry 1.1: [metadata.files] by (normalized) name; a package with any wheel does not build', () => {
    assert.deepStrictEqual(read('poetry-lock', POETRY_1_1), { error: undefined, records: true, runs: ['docopt@0.6.2:source-build'] });
  });

  it('poetry without file lists (very old locks) records nothing', () => {
    const bare = POETRY_1_1.slice(0, POETRY_1_1.indexOf('[metadata.files]'));
    assert.deepStrictEqual(read('poetry-lock', bare), { error: undefined, records: false, runs: [] });
  });

  it('uv: an sdist without wheels builds; the project itself and wheel packages do not', () => {
    assert.deepStrictEqual(read('uv-lock', UV), { error: undefined, records: true, runs: ['docopt@0.6.2:source-build'] });
  });

  it('odd shapes (files as a string, sdist as a string, wheels as a number) are not builds and do not throw', () => {
    const odd = UV.replace(/sdist = \{ url = "[^"]*docopt[^}]*\}/, 'sdist = "docopt-0.6.2.tar.gz"').replace(/wheels = \[.*\]/, 'wheels = 3');
    assert.deepStrictEqual(read('uv-lock', odd).runs, []);
    const poetry = POETRY_1_1.replace(/docopt = \[\n[^\]]*\]/, 'docopt = "docopt-0.6.2.tar.gz"');
    assert.deepStrictEqual(read('poetry-lock', poetry).runs, []);
  });

  it('broken lockfiles give one error, no packages and no claim that scripts are recorded', () => {
    for (const [kind, text] of [['package-lock', LOCK_V3.slice(0, 200)], ['pnpm-lock', `${PNPM_8}\n  - : [`], ['uv-lock', `${UV}\n[[package]\n`], ['poetry-lock', 'files = [ {file = ']] as const) {
      const result = read(kind, text);
      assert.ok(result.error, `${kind}: an error`);
      assert.deepStrictEqual([result.records, result.runs], [false, []], kind);
    }
  });
});

describe('new-install-script: new against the base', () => {
  const withBase = (base: BaseFiles) => new Engine({ catalog: engine().catalog, baseFiles: base });
  const findings = (e: Engine, path: string, text: string) => e.analyzeText(path, text, {}).findings.filter((f) => f.ruleId === 'new-install-script').map((f) => f.message.replace(/ (is new|has an|has no|;).*$/s, ' $1'));

  it('a package absent from the base is new; one whose base entry had a script is not, whatever its version', () => {
    const base = lockV3({ 'node_modules/esbuild': { version: '0.18.0', hasInstallScript: true } });
    assert.deepStrictEqual(findings(withBase({ read: () => base }), 'package-lock.json', LOCK_V3), []);
    assert.deepStrictEqual(findings(withBase({ read: () => lockV3({}) }), 'package-lock.json', LOCK_V3), ['esbuild@0.20.0 is new', 'esbuild@0.19.12 is new']);
  });

  it('a package the base had without a script gains one: reported with what changed', () => {
    const base = lockV3({ 'node_modules/esbuild': { version: '0.18.0' } });
    const [message] = withBase({ read: () => base }).analyzeText('package-lock.json', LOCK_V3, {}).findings.map((f) => f.message);
    assert.match(message, /^esbuild@0\.20\.0 has an install script: .*; the version the lockfile had before did not/);
  });

  it('a lockfile not in the base (null) is new as a whole; no base (undefined) or a broken base reports nothing', () => {
    assert.strictEqual(findings(withBase({ read: () => null }), 'package-lock.json', LOCK_V3).length, 2);
    assert.deepStrictEqual(findings(withBase({ read: () => undefined }), 'package-lock.json', LOCK_V3), []);
    assert.deepStrictEqual(findings(withBase({ read: () => '{ "packages": ' }), 'package-lock.json', LOCK_V3), []);
    assert.deepStrictEqual(findings(new Engine({ catalog: engine().catalog }), 'package-lock.json', LOCK_V3), []);
  });

  it('a base in a format without scripts (lock v1 before an upgrade to v3) only tells which packages were there', () => {
    const v1 = JSON.stringify({ lockfileVersion: 1, dependencies: { esbuild: { version: '0.18.0' } } });
    assert.deepStrictEqual(findings(withBase({ read: () => v1 }), 'package-lock.json', LOCK_V3), []);
  });

  it('PyPI names compare normalized (Docopt in the base is docopt)', () => {
    const base = UV.replace('name = "docopt"', 'name = "Docopt"');
    assert.deepStrictEqual(findings(withBase({ read: () => base }), 'uv.lock', UV), []);
    assert.deepStrictEqual(findings(withBase({ read: () => null }), 'uv.lock', UV), ['docopt@0.6.2 is new']);
  });

  it('the base is asked for only when the lockfile has such packages and the rule is on', () => {
    const asked: string[] = [];
    const e = withBase({ read: (p) => (asked.push(p), null) });
    e.analyzeText('package-lock.json', lockV3({ 'node_modules/lodash': { version: '4.17.21' } }), {});
    e.analyzeText('yarn.lock', '# yarn lockfile v1\n', {});
    e.analyzeText('package-lock.json', LOCK_V3, { 'new-install-script': { severity: 'off' } });
    assert.deepStrictEqual(asked, []);
    e.analyzeText('sub/package-lock.json', LOCK_V3, {});
    assert.deepStrictEqual(asked, ['sub/package-lock.json']);
  });

  it("an embedder's base that throws is the rule's notice; the file's other findings still go out", () => {
    const e = withBase({ read: () => { throw new Error('git exploded'); } });
    const result = e.analyzeText('uv.lock', `${UV}\n[[package]]\nname = "tool"\nversion = "1.0"\nsource = { git = "https://example.com/tool.git" }\n`, {});
    assert.deepStrictEqual(result.findings.filter((f) => f.ruleId === 'new-install-script'), []);
    assert.ok(result.notices.some((n) => n.kind === 'rule-error' && n.ruleId === 'new-install-script' && /git exploded/.test(n.message)));
  });

  it('random damage to the lockfile and its base never throws and keeps findings inside the text (seeded)', () => {
    const next = prng(19);
    const damage = (text: string) => {
      let out = text;
      for (let i = 0, n = 1 + next(4); i < n; i++) {
        const at = next(out.length + 1);
        out = next(2) === 0 ? out.slice(0, at) + out.slice(at + 1 + next(20)) : out.slice(0, at) + ['{', ']', '"', '\n', 'true', '\r\n', '= ['][next(7)] + out.slice(at);
      }
      return out;
    };
    for (const [path, text] of [['package-lock.json', LOCK_V3], ['pnpm-lock.yaml', PNPM_8], ['poetry.lock', POETRY_1_1], ['uv.lock', UV]]) {
      for (let round = 0; round < 60; round++) {
        const current = damage(text);
        const base = round % 3 === 0 ? null : damage(text);
        const result = withBase({ read: () => base }).analyzeText(path, current, {});
        const lines = current.split(/\r\n|\r|\n/);
        for (const f of result.findings) assert.ok(f.range.end.line < lines.length && f.range.end.character <= lines[f.range.end.line].length, `${path} round ${round}: range inside the text`);
        assert.ok(!result.notices.some((n) => n.kind === 'rule-error'), `${path} round ${round}: ${result.notices.map((n) => n.message).join('; ')}`);
      }
    }
  });
});
