import * as assert from 'assert';
import * as path from 'path';
import { ConfigError, ConfigResolver, RuleCatalog, isIncluded, type ConfigHost, type VigilConfig } from '../../server/src/engine';
import { removeProjects, tempProject } from './helpers';

const catalog = RuleCatalog.load();
const root = path.resolve('/project');

/** An in-memory file system for config lookup, counting reads. */
function memoryHost(files: Record<string, string>): ConfigHost & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile(file) {
      reads.push(file);
      return files[path.relative(root, file).split(path.sep).join('/')];
    },
  };
}

/** Parsed configs are null-prototype objects (no `__proto__` surprises); compare their data. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function configError(text: string): ConfigError {
  const resolver = new ConfigResolver(catalog, { host: memoryHost({ 'vigil.config.json': text }) });
  try {
    resolver.configFor(path.join(root, 'a.py'));
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  assert.fail('expected a ConfigError');
}

describe('engine config: vigil.config.json', () => {
  after(removeProjects);

  it('accepts comments, trailing commas, severities and rule objects', () => {
    const host = memoryHost({
      'vigil.config.json': `{
        // the team's settings
        "$schema": "./node_modules/vigil/rules/schema/config.schema.json",
        "rules": { "sql-injection": { "severity": "warning", "options": {} }, },
        "include": ["src"],
        "exclude": ["src/legacy/**"],
        "owaspEdition": "2025",
      }`,
    });
    const config = new ConfigResolver(catalog, { host }).configFor(path.join(root, 'src/a.py'));
    assert.deepStrictEqual(plain(config), {
      file: path.join(root, 'vigil.config.json'),
      files: [path.join(root, 'vigil.config.json')],
      dir: root,
      rules: { 'sql-injection': { severity: 'warning', options: {} } },
      include: ['src'],
      exclude: ['src/legacy/**'],
      owaspEdition: '2025',
    });
  });

  it('no config file anywhere: the defaults', () => {
    const config = new ConfigResolver(catalog, { host: memoryHost({}) }).configFor(path.join(root, 'a/b/c.py'));
    assert.deepStrictEqual(config.rules, {});
    assert.strictEqual(config.file, undefined);
  });

  it('the nearest config up the tree wins, and lookups are cached per folder', () => {
    const host = memoryHost({
      'vigil.config.json': '{ "rules": { "sql-injection": "warning" } }',
      'services/api/vigil.config.json': '{ "rules": { "sql-injection": "off" } }',
    });
    const resolver = new ConfigResolver(catalog, { host });
    assert.deepStrictEqual(plain(resolver.configFor(path.join(root, 'services/api/routes/a.py')).rules), { 'sql-injection': 'off' });
    assert.deepStrictEqual(plain(resolver.configFor(path.join(root, 'services/web/b.ts')).rules), { 'sql-injection': 'warning' });
    assert.deepStrictEqual(plain(resolver.configFor(path.join(root, 'c.py')).rules), { 'sql-injection': 'warning' });
    const reads = host.reads.length;
    resolver.configFor(path.join(root, 'services/api/routes/other.py'));
    resolver.configFor(path.join(root, 'services/web/other.ts'));
    assert.strictEqual(host.reads.length, reads, 'folders already looked up are not read again');
    resolver.clear();
    resolver.configFor(path.join(root, 'c.py'));
    assert.ok(host.reads.length > reads, 'clear() drops the cache');
  });

  it('an explicit config file replaces the lookup', () => {
    const host = memoryHost({ 'vigil.config.json': '{ "rules": { "sql-injection": "off" } }', 'ci/strict.json': '{ "rules": { "sql-injection": "error" } }' });
    const resolver = new ConfigResolver(catalog, { host, configFile: path.join(root, 'ci/strict.json') });
    assert.deepStrictEqual(plain(resolver.configFor(path.join(root, 'a.py')).rules), { 'sql-injection': 'error' });
    assert.throws(
      () => new ConfigResolver(catalog, { host, configFile: path.join(root, 'missing.json') }).configFor(path.join(root, 'a.py')),
      (e: unknown) => e instanceof ConfigError && /not found/.test(e.detail),
    );
  });

  it('reads config files from disk by default', () => {
    const dir = tempProject({ 'vigil.config.json': '{ "rules": { "sql-injection": "info" } }', 'src/app.py': '' });
    assert.deepStrictEqual(plain(new ConfigResolver(catalog).configFor(path.join(dir, 'src/app.py')).rules), { 'sql-injection': 'info' });
  });

  const broken: [string, string, number, number, RegExp][] = [
    ['invalid JSON', '{\n  "rules": {\n    "sql-injection": "off"\n  \n', 5, 1, /invalid JSON: closing brace expected/],
    ['a missing comma', '{\n  "include": ["a"]\n  "exclude": []\n}', 3, 3, /comma expected/],
    ['a bad severity', '{\n  "rules": { "sql-injection": "fatal" }\n}', 2, 31, /"rules\.sql-injection" must be one of "off", "error", "warning", "info", "hint"/],
    ['an unknown rule id', '{\n  "rules": {\n    "sql-injektion": "off"\n  }\n}', 3, 5, /unknown rule "sql-injektion"; known rules: .*\bsql-injection\b/],
    ['an unknown rule id in a waiver', '{\n  "waivers": [\n    { "rule": "sqli", "paths": ["gen/**"], "reason": "generated" }\n  ]\n}', 3, 15, /unknown rule "sqli"; known rules: .*\bsql-injection\b/],
    ['an unknown property', '{\n  "rulez": {}\n}', 2, 3, /unknown property "rulez"/],
    ['an unknown property in a rule object', '{ "rules": { "sql-injection": { "level": "off" } } }', 1, 33, /unknown property "level" in "rules\.sql-injection"/],
    ['a malformed rule id', '{ "rules": { "SQL_injection": "off" } }', 1, 14, /"SQL_injection" is not a valid rule id/],
    ['a bad edition', '{ "owaspEdition": 2021 }', 1, 19, /"owaspEdition" must be one of "2021", "2025"/],
    ['globs that are not a list', '{ "exclude": "tests" }', 1, 14, /"exclude" must be array/],
    ['an empty file', '', 1, 1, /invalid JSON/],
    ['a non-object', '[]', 1, 1, /the config must be object/],
  ];
  for (const [what, text, line, column, message] of broken) {
    it(`reports ${what} as a ConfigError at its line and column`, () => {
      const error = configError(text);
      assert.match(error.detail, message);
      assert.deepStrictEqual([error.line, error.column], [line, column], error.message);
      assert.strictEqual(error.file, path.join(root, 'vigil.config.json'));
      assert.strictEqual(error.message, `${error.file}:${line}:${column}: ${error.detail}`);
    });
  }

  describe('include / exclude', () => {
    const config = (include: string[], exclude: string[]): VigilConfig => ({ dir: root, rules: {}, include, exclude });
    const at = (relative: string) => path.join(root, relative);

    it('everything is included without globs', () => {
      assert.ok(isIncluded(config([], []), at('any/where.py')));
    });

    it('a glob matching a folder covers what is inside it', () => {
      const c = config(['src', './lib/**/*.ts'], ['src/migrations', '**/*.test.ts']);
      assert.ok(isIncluded(c, at('src/app/main.py')));
      assert.ok(isIncluded(c, at('lib/deep/x.ts')));
      assert.ok(!isIncluded(c, at('scripts/tool.py')), 'not in include');
      assert.ok(!isIncluded(c, at('src/migrations/0001.py')), 'excluded folder');
      assert.ok(!isIncluded(c, at('src/app/main.test.ts')), 'excluded pattern');
    });

    it('globs are relative to the config file folder', () => {
      assert.ok(!isIncluded(config([], ['generated']), at('generated/x.ts')));
      assert.ok(isIncluded(config([], ['generated']), path.resolve('/elsewhere/generated/x.ts')));
    });
  });
});
