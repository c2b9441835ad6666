import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { pathToFileURL } from 'url';
import { RuleCatalog, RuleLoadError } from '../../server/src/engine';
import { ConfigResolver } from '../../server/src/engine/config/resolver';
import { ConfigError } from '../../server/src/engine/config/errors';
import { schemaFiles, schemasHash, schemaValidators, type PrecompiledSchemas, type SchemaName } from '../../server/src/engine/rules/schemas';
import { REPO_ROOT } from '../helpers/fixtures';
import { runBuiltCli, tempProject, removeProjects } from '../cli/helpers';

// The bundles validate rule data and team configs with the schemas precompiled at build time
// (server/scripts/precompiled-schemas.mjs); compiled sources compile them with ajv. Both must
// accept and reject the same data with the same errors, and an edited schema must win.
const RULES = path.join(REPO_ROOT, 'rules');

/** precompiled-schemas.ts bundled the way build.mjs bundles it, loaded here. */
async function buildPrecompiled(dir: string): Promise<PrecompiledSchemas> {
  const { precompiledSchemasPlugin } = (await import(pathToFileURL(path.join(REPO_ROOT, 'server/scripts/precompiled-schemas.mjs')).href)) as {
    precompiledSchemasPlugin: (rulesDir: string, resolveDir: string) => esbuild.Plugin;
  };
  const outfile = path.join(dir, 'precompiled-schemas.js');
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'server/src/engine/rules/precompiled-schemas.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
    plugins: [precompiledSchemasPlugin(RULES, REPO_ROOT)],
  });
  return (require(outfile) as { precompiledSchemas: PrecompiledSchemas }).precompiledSchemas;
}

/** Data each schema must reject, with several problems at once (allErrors). */
const INVALID: [SchemaName, unknown][] = [
  ['rule', { id: 'Bad Id', kind: 'taint', owasp: { '2021': 'Injection' }, cwe: ['89'], extra: true }],
  ['rule', []],
  ['taint', { language: 'cobol', sources: [{ id: 1 }], sinks: [{ id: 's', rule: 'sql-injection', calls: 'db.raw', arg: -1, when: [{ arg: 'x' }] }] }],
  ['pattern', { language: 'python', patterns: [{ id: 'p', rule: 'debug-enabled', call: 3, fix: { kind: 'nope' } }, 'x'] }],
  ['config', { rules: { 'sql-injection': 'fatal', SQL_injection: 'off', xss: { level: 'off' } }, owaspEdition: 2021, exclude: 'tests', rulez: {} }],
  ['config', { taint: { python: { sinks: [{ id: 's', rule: 'xss', calls: ['render'], arg: 'first' }] } }, extends: [1] }],
];

describe('precompiled rule and config schemas', () => {
  let dir: string;
  let precompiled: PrecompiledSchemas;

  before(async function () {
    this.timeout(60_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-schemas-'));
    precompiled = await buildPrecompiled(dir);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    removeProjects();
  });

  it('are used while the schema files are the ones they were built from', () => {
    assert.strictEqual(precompiled.hash, schemasHash(schemaFiles(RULES)));
    const validators = schemaValidators(RULES, precompiled);
    for (const name of ['rule', 'taint', 'pattern', 'config'] as const) assert.strictEqual(validators.get(name), precompiled.validators[name], name);
  });

  it('the bundles carry them for the current schemas (the build and the engine hash alike)', () => {
    const hash = schemasHash(schemaFiles(RULES));
    for (const bundle of ['server-main.js', 'cli-main.js', 'cli-worker.js']) {
      assert.ok(fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8').includes(`hash: "${hash}"`), `dist/${bundle} is built from other schemas: run npm run build`);
    }
  });

  it('accept what the schemas compiled by ajv accept: every built-in rule, spec and preset', () => {
    const compiled = schemaValidators(RULES, undefined);
    const data: [SchemaName, string][] = [
      ...fs.readdirSync(RULES).filter((d) => fs.existsSync(path.join(RULES, d, 'rule.json'))).map((d): [SchemaName, string] => ['rule', path.join(RULES, d, 'rule.json')]),
      ...fs.readdirSync(path.join(RULES, 'taint')).map((f): [SchemaName, string] => ['taint', path.join(RULES, 'taint', f)]),
      ...fs.readdirSync(path.join(RULES, 'patterns')).map((f): [SchemaName, string] => ['pattern', path.join(RULES, 'patterns', f)]),
      ...fs.readdirSync(path.join(RULES, 'presets')).filter((f) => f.endsWith('.json')).map((f): [SchemaName, string] => ['config', path.join(RULES, 'presets', f)]),
    ];
    assert.ok(data.length > 30);
    for (const [name, file] of data) {
      const json = parseJsonc(fs.readFileSync(file, 'utf8')) as unknown;
      assert.strictEqual(precompiled.validators[name](json), true, `${file}: ${JSON.stringify(precompiled.validators[name].errors)}`);
      assert.strictEqual(compiled.get(name)(json), true, file);
    }
  });

  it('reject what the schemas compiled by ajv reject, with the same errors', () => {
    const compiled = schemaValidators(RULES, undefined);
    let errors = 0;
    for (const [name, json] of INVALID) {
      const fromBundle = precompiled.validators[name];
      assert.strictEqual(fromBundle(json), false, name);
      assert.strictEqual(compiled.get(name)(json), false, name);
      assert.deepStrictEqual(fromBundle.errors, compiled.get(name).errors, name);
      errors += fromBundle.errors!.length;
    }
    assert.ok(errors > 3 * INVALID.length, `every problem of each is reported (allErrors): ${errors}`);
  });

  it('an edited schema is compiled from its file instead', () => {
    const rules = path.join(dir, 'rules');
    fs.cpSync(RULES, rules, { recursive: true });
    const schemaFile = path.join(rules, 'schema', 'rule.schema.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { required: string[]; properties: Record<string, unknown> };
    schema.properties.owner = { type: 'string' };
    schema.required.push('owner');
    fs.writeFileSync(schemaFile, JSON.stringify(schema));

    const validate = schemaValidators(rules, precompiled).get('rule');
    assert.notStrictEqual(validate, precompiled.validators.rule);
    const meta = JSON.parse(fs.readFileSync(path.join(rules, 'xss', 'rule.json'), 'utf8')) as Record<string, unknown>;
    assert.strictEqual(validate(meta), false);
    assert.match(JSON.stringify(validate.errors), /must have required property 'owner'/);
    assert.throws(() => RuleCatalog.load(rules), (e: unknown) => e instanceof RuleLoadError && /owner/.test(e.message));

    fs.writeFileSync(schemaFile, '{ "type": ');
    assert.throws(() => RuleCatalog.load(rules), (e: unknown) => e instanceof RuleLoadError && e.file === schemaFile);
  });

  it('the built CLI reports a broken team config with the message the engine gives', () => {
    const catalog = RuleCatalog.load();
    const configs = [
      '{\n  "rules": { "sql-injection": "fatal" }\n}',
      '{\n  "rulez": {}\n}',
      '{ "rules": { "sql-injection": { "level": "off" } } }',
      '{ "rules": { "SQL_injection": "off" } }',
      '{ "exclude": "tests" }',
      '{ "taint": { "python": { "sinks": [{ "id": "s", "rule": "xss", "calls": ["render"], "arg": "first" }] } } }',
    ];
    for (const config of configs) {
      const root = tempProject({ 'vigil.config.json': config, 'app.py': 'x = 1\n' });
      let expected: ConfigError | undefined;
      try {
        new ConfigResolver(catalog).configFor(path.join(root, 'app.py'));
      } catch (e) {
        expected = e as ConfigError;
      }
      assert.ok(expected instanceof ConfigError, config);
      const run = runBuiltCli(['scan'], root);
      assert.strictEqual(run.code, 2, run.stdout + run.stderr);
      assert.ok(run.stderr.startsWith(`vigil.config.json:${expected.line}:${expected.column}: ${expected.detail}\n`), `${config}\nCLI: ${run.stderr}\nengine: ${expected.message}`);
    }
  });
});
