import * as assert from 'assert';
import * as path from 'path';
import { ConfigError } from '../../server/src/engine';
import { removeProjects, tempProject } from '../cli/helpers';
import { configErrorOf as errorOf, configOf } from '../helpers/config';

// Where a config can live: vigil.config.json, package.json "vigil", pyproject.toml [tool.vigil].


const PYPROJECT = `[project]
name = "shop-api"
dependencies = ["fastapi"]

[tool.ruff]
line-length = 100

[tool.vigil]
extends = ["vigil:recommended"]
exclude = ["migrations"]
owaspEdition = "2025"

[tool.vigil.rules]
sql-injection = "warning"
ssrf = { severity = "info" }

[[tool.vigil.taint.python.sinks]]
id = "raw-sql"
rule = "sql-injection"
calls = ["db.raw_sql"]
arg = 0
`;

describe('engine config: package.json and pyproject.toml', () => {
  after(removeProjects);

  it('reads the "vigil" key of a package.json', () => {
    const root = tempProject({ 'web/package.json': '{ "name": "web", "vigil": { "rules": { "xss": "warning" }, "include": ["app"] } }' });
    const config = configOf(root, 'web/app/page.tsx');
    assert.deepStrictEqual([config.rules, config.include, config.file], [{ xss: 'warning' }, ['app'], path.join(root, 'web/package.json')]);
  });

  it('reads the [tool.vigil] table of a pyproject.toml, with its extends and custom sinks', () => {
    const root = tempProject({ 'api/pyproject.toml': PYPROJECT });
    const config = configOf(root, 'api/app/routes.py');
    // TOML tables parse to null-prototype objects: compare the data.
    assert.deepStrictEqual(JSON.parse(JSON.stringify(config.rules)), { 'sql-injection': 'warning', ssrf: { severity: 'info' } });
    assert.deepStrictEqual([config.owaspEdition, config.minConfidence, config.exclude], ['2025', 'medium', ['migrations']]);
    assert.deepStrictEqual(config.taint?.python?.sinks?.[0].calls, ['db.raw_sql']);
  });

  it('a package.json or pyproject.toml without a Vigil section is no config: the lookup goes on up', () => {
    const root = tempProject({
      'vigil.config.json': '{ "rules": { "ssrf": "off" } }',
      'web/package.json': '{ "name": "web" }',
      'api/pyproject.toml': '[project]\nname = "api"\n',
      'broken/package.json': '{ "name": ',
    });
    for (const file of ['web/a.ts', 'api/a.py', 'broken/a.ts']) assert.deepStrictEqual(configOf(root, file).rules, { ssrf: 'off' }, file);
  });

  it('in one folder vigil.config.json wins over package.json, which wins over pyproject.toml', () => {
    const root = tempProject({
      'all/vigil.config.json': '{ "rules": { "ssrf": "error" } }',
      'all/package.json': '{ "vigil": { "rules": { "ssrf": "warning" } } }',
      'all/pyproject.toml': '[tool.vigil.rules]\nssrf = "info"\n',
      'two/package.json': '{ "vigil": { "rules": { "ssrf": "warning" } } }',
      'two/pyproject.toml': '[tool.vigil.rules]\nssrf = "info"\n',
    });
    assert.deepStrictEqual(configOf(root, 'all/a.py').rules, { ssrf: 'error' });
    assert.deepStrictEqual(configOf(root, 'two/a.py').rules, { ssrf: 'warning' });
  });

  it('--config and extends accept a package.json or a pyproject.toml too', () => {
    const root = tempProject({
      'ci/pyproject.toml': '[tool.vigil.rules]\nssrf = "info"\n',
      'vigil.config.json': '{ "extends": "./ci/pyproject.toml", "rules": { "xss": "off" } }',
    });
    assert.deepStrictEqual(configOf(root, 'a.py', { configFile: 'ci/pyproject.toml' }).rules, { ssrf: 'info' });
    assert.deepStrictEqual(configOf(root, 'a.py').rules, { ssrf: 'info', xss: 'off' });
    assert.throws(() => configOf(root, 'a.py', { configFile: 'package.json' }), (e: unknown) => e instanceof ConfigError && /not found/.test(e.detail));
    const plain = tempProject({ 'package.json': '{ "name": "web" }' });
    assert.throws(() => configOf(plain, 'a.py', { configFile: 'package.json' }), (e: unknown) => e instanceof ConfigError && /has no Vigil config/.test(e.detail));
  });

  it('reports a bad value in package.json "vigil" at its range', () => {
    const root = tempProject({ 'package.json': '{\n  "name": "web",\n  "vigil": { "rules": { "xss": "loud" } }\n}' });
    const error = errorOf(root, 'a.ts');
    assert.strictEqual(error.file, path.join(root, 'package.json'));
    assert.match(error.detail, /"rules\.xss" must be one of/);
    assert.deepStrictEqual([error.line, error.column], [3, 32]);
  });

  it('reports a bad value in [tool.vigil] at its key', () => {
    const root = tempProject({ 'pyproject.toml': '[project]\nname = "api"\n\n[tool.vigil]\nowaspEdition = "2019"\n' });
    const error = errorOf(root, 'a.py');
    assert.match(error.detail, /"owaspEdition" must be one of "2021", "2025"/);
    assert.deepStrictEqual([error.line, error.column], [5, 1]);
  });

  it('reports an unknown rule in [tool.vigil.rules] at its key, and a missing extends target at the entry', () => {
    const unknown = tempProject({ 'pyproject.toml': '[tool.vigil.rules]\nsql-injection = "off"\nsql-injektion = "off"\n' });
    const error = errorOf(unknown, 'a.py');
    assert.match(error.detail, /unknown rule "sql-injektion"/);
    assert.deepStrictEqual([error.line, error.column], [3, 1]);
    const missing = tempProject({ 'pyproject.toml': '[tool.vigil]\nextends = ["vigil:recommended", "./team.toml"]\n' });
    const extendsError = errorOf(missing, 'a.py');
    assert.match(extendsError.detail, /extends target not found: "\.\/team\.toml"/);
    assert.deepStrictEqual([extendsError.line, extendsError.column], [2, 33]);
  });

  it('reports invalid TOML in a pyproject.toml that has a Vigil table, at its line', () => {
    const root = tempProject({ 'pyproject.toml': '[tool.vigil]\nrules = { sql-injection = }\n' });
    const error = errorOf(root, 'a.py');
    assert.match(error.detail, /^invalid TOML/);
    assert.strictEqual(error.line, 2);
  });
});
