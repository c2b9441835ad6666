import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeProjects, tempProject } from '../cli/helpers';
import { configErrorOf as errorOf, configOf } from '../helpers/config';
import { REPO_ROOT } from '../helpers/fixtures';
import { parse as parseJsonc } from 'jsonc-parser';
import { findRulesDir, RuleCatalog } from '../../server/src/engine';

// `extends`: relative files, installed npm packages and vigil: presets, merged in order.
const ACME_PACKAGE = path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'acme-vigil-config');

/** A project with @acme/vigil-config installed from the fixture into its node_modules. */
function projectWithAcme(files: Record<string, string>): string {
  const root = tempProject(files);
  fs.cpSync(ACME_PACKAGE, path.join(root, 'node_modules', '@acme', 'vigil-config'), { recursive: true });
  return root;
}

describe('engine config: extends', () => {
  after(removeProjects);

  it('applies a chain in order: later entries win, the file itself last', () => {
    const root = tempProject({
      'vigil.config.json': '{ "extends": ["./base.json", "./team.json"], "rules": { "xss": "info" } }',
      'base.json': '{ "rules": { "sql-injection": "warning", "xss": "warning", "ssrf": "warning" }, "minConfidence": "low", "exclude": ["gen"] }',
      'team.json': '{ "extends": "./shared/core.json", "rules": { "sql-injection": "error" }, "owaspEdition": "2025" }',
      'shared/core.json': '{ "rules": { "ssrf": "off" }, "minConfidence": "high" }',
    });
    const config = configOf(root);
    assert.deepStrictEqual(config.rules, { 'sql-injection': 'error', xss: 'info', ssrf: 'off' });
    assert.strictEqual(config.minConfidence, 'high', 'core.json comes after base.json');
    assert.strictEqual(config.owaspEdition, '2025');
    assert.deepStrictEqual(config.exclude, ['gen']);
    assert.strictEqual(config.dir, root, 'inherited globs are relative to the config that applies');
    assert.deepStrictEqual(
      config.files?.map((f) => path.relative(root, f)),
      ['base.json', path.join('shared', 'core.json'), 'team.json', 'vigil.config.json'],
    );
  });

  it('resolves an installed npm package to its vigil.config.json, from a nested folder', () => {
    const root = projectWithAcme({ 'services/api/vigil.config.json': '{ "extends": ["@acme/vigil-config"], "rules": { "xss": "warning" } }' });
    const config = configOf(root, 'services/api/routes.py');
    assert.strictEqual(config.owaspEdition, '2025');
    assert.strictEqual(config.minConfidence, 'medium', 'the package extends vigil:recommended');
    assert.deepStrictEqual(config.rules, { 'open-redirect': 'warning', xss: 'warning' });
    assert.deepStrictEqual(config.taint?.python?.sinks?.map((s) => s.id), ['acme-raw-sql']);
  });

  it("falls back to the package's package.json \"vigil\" entry, and reads a file inside a package", () => {
    const root = tempProject({
      'node_modules/vigil-config-lite/package.json': '{ "name": "vigil-config-lite", "vigil": { "rules": { "ssrf": "info" } } }',
      'node_modules/vigil-config-lite/strict.json': '{ "rules": { "ssrf": "error" } }',
      'a/vigil.config.json': '{ "extends": "vigil-config-lite" }',
      'b/vigil.config.json': '{ "extends": "vigil-config-lite/strict.json" }',
    });
    assert.deepStrictEqual(configOf(root, 'a/x.py').rules, { ssrf: 'info' });
    assert.deepStrictEqual(configOf(root, 'b/x.py').rules, { ssrf: 'error' });
  });

  it('ships the presets vigil:recommended, vigil:strict and vigil:owasp-top10-2025', () => {
    const root = tempProject({
      'r/vigil.config.json': '{ "extends": "vigil:recommended" }',
      's/vigil.config.json': '{ "extends": "vigil:strict" }',
      'o/vigil.config.json': '{ "extends": "vigil:owasp-top10-2025" }',
    });
    assert.strictEqual(configOf(root, 'r/x.py').minConfidence, 'medium');
    const strict = configOf(root, 's/x.py');
    assert.strictEqual(strict.minConfidence, 'low');
    assert.strictEqual(strict.rules['sql-injection'], 'error');
    const owasp = configOf(root, 'o/x.py');
    assert.deepStrictEqual([owasp.owaspEdition, owasp.minConfidence], ['2025', 'medium']);
  });

  it('every preset in rules/presets is a valid config', () => {
    const presets = fs.readdirSync(path.join(REPO_ROOT, 'rules', 'presets')).filter((f) => f.endsWith('.json'));
    assert.ok(presets.length >= 3);
    for (const preset of presets) {
      const root = tempProject({ 'vigil.config.json': JSON.stringify({ extends: `vigil:${preset.slice(0, -'.json'.length)}` }) });
      assert.doesNotThrow(() => configOf(root, 'x.py'), preset);
    }
  });

  const broken: [string, Record<string, string>, number, number, RegExp][] = [
    ['a missing relative file', { 'vigil.config.json': '{\n  "extends": ["./base.json", "./nope.json"]\n}' }, 2, 30, /extends target not found: "\.\/nope\.json"/],
    ['a package that is not installed', { 'vigil.config.json': '{ "extends": "@acme/vigil-config" }' }, 1, 14, /npm package "@acme\/vigil-config".*npm install/],
    ['an unknown preset', { 'vigil.config.json': '{ "extends": "vigil:lenient" }' }, 1, 14, /preset "vigil:lenient"/],
    ['a URL', { 'vigil.config.json': '{ "extends": ["https://example.com/vigil.json"] }' }, 1, 15, /is a URL; configs are never fetched/],
    ['another scheme', { 'vigil.config.json': '{ "extends": "file:///etc/vigil.json" }' }, 1, 14, /only relative paths, npm packages and vigil: presets/],
    ['a path out of a package', { 'vigil.config.json': '{ "extends": "pkg/../../secrets.json" }' }, 1, 14, /is not a relative path/],
  ];
  for (const [what, files, line, column, message] of broken) {
    it(`reports ${what} at the extends entry`, () => {
      const root = tempProject({ ...files, 'base.json': '{}' });
      const error = errorOf(root, 'x.py');
      assert.strictEqual(error.file, path.join(root, 'vigil.config.json'));
      assert.match(error.detail, message);
      assert.deepStrictEqual([error.line, error.column], [line, column], error.message);
    });
  }

  it('reports a cycle with the whole chain, at the entry that closes it', () => {
    const root = tempProject({
      'vigil.config.json': '{ "extends": "./a.json" }',
      'a.json': '{ "extends": "./b.json" }',
      'b.json': '{\n  "extends": "./a.json"\n}',
    });
    const error = errorOf(root, 'x.py');
    assert.strictEqual(error.file, path.join(root, 'b.json'));
    assert.strictEqual(error.detail, 'extends cycle: vigil.config.json → a.json → b.json → a.json');
    assert.deepStrictEqual([error.line, error.column], [2, 14]);
  });

  it('a config extending itself is a cycle too', () => {
    const root = tempProject({ 'vigil.config.json': '{ "extends": "./vigil.config.json" }' });
    assert.match(errorOf(root, 'x.py').detail, /^extends cycle: vigil\.config\.json → vigil\.config\.json$/);
  });

  it('reports a broken extended file in that file, at its range', () => {
    const root = tempProject({ 'vigil.config.json': '{ "extends": "./base.json" }', 'base.json': '{\n  "rules": { "sql-injection": "loud" }\n}' });
    const error = errorOf(root, 'x.py');
    assert.strictEqual(error.file, path.join(root, 'base.json'));
    assert.deepStrictEqual([error.line, error.column], [2, 31]);
  });

  it('the extends property itself is checked against the schema', () => {
    const root = tempProject({ 'vigil.config.json': '{ "extends": [1] }' });
    assert.match(errorOf(root, 'x.py').detail, /"extends\.0" must be string/);
  });

  it('the README worked example is the fixture package the tests install', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const file of ['package.json', 'vigil.config.json']) {
      assert.ok(readme.includes(fs.readFileSync(path.join(ACME_PACKAGE, file), 'utf8').trimEnd()), `README shows ${file} as in ${ACME_PACKAGE}`);
    }
  });
});

describe('built-in presets', () => {
  it('vigil:strict sets every rule of the catalogue to "error" (a new rule cannot be forgotten)', () => {
    const preset = parseJsonc(fs.readFileSync(path.join(findRulesDir(), 'presets', 'strict.json'), 'utf8')) as { rules: Record<string, string> };
    const catalog = RuleCatalog.load();
    assert.deepStrictEqual(Object.keys(preset.rules).sort(), [...catalog.rules.keys()].sort());
    assert.deepStrictEqual(new Set(Object.values(preset.rules)), new Set(['error']));
  });
});
