import * as assert from 'assert';
import * as path from 'path';
import { ConfigError, ConfigResolver, RuleCatalog, type VigilConfig } from '../../server/src/engine';
import { removeProjects, tempProject } from '../cli/helpers';

// An untrusted workspace's config may only make the analysis stricter, and nothing outside
// the workspace is read except installed npm packages and the built-in presets.
const catalog = RuleCatalog.load();

function resolve(root: string, workspace: string, file: string): VigilConfig {
  return new ConfigResolver(catalog, { untrusted: { folders: [path.join(root, workspace)] } }).configFor(path.join(root, file));
}

describe('engine config: untrusted workspaces', () => {
  after(removeProjects);

  it('keeps rules turned up, sources, sinks and propagators; drops what would silence findings', () => {
    const root = tempProject({
      'repo/vigil.config.json': JSON.stringify({
        rules: { 'sql-injection': 'off', xss: 'info', 'debug-enabled': 'error', ssrf: { severity: 'error', options: { allow: ['*'] } } },
        exclude: ['src'],
        include: ['tests'],
        minConfidence: 'high',
        owaspEdition: '2025',
        taint: {
          python: {
            sinks: [{ id: 'raw', rule: 'sql-injection', calls: ['db.raw_sql'], arg: 0 }],
            sanitizers: [{ id: 'anything', calls: ['str'] }],
            sources: [{ id: 'ticket', calls: ['read_ticket'], label: 'ticket' }],
          },
        },
      }),
    });
    const config = resolve(root, 'repo', 'repo/src/a.py');
    assert.deepStrictEqual(config.rules, { 'debug-enabled': 'error', ssrf: 'error' });
    assert.deepStrictEqual([config.include, config.exclude, config.minConfidence, config.owaspEdition], [[], [], undefined, '2025']);
    assert.deepStrictEqual(config.taint?.python?.sinks?.map((s) => s.id), ['raw']);
    assert.deepStrictEqual(config.taint?.python?.sources?.map((s) => s.id), ['ticket']);
    assert.strictEqual(config.taint?.python?.sanitizers, undefined);
    assert.deepStrictEqual(config.untrustedIgnored, ['rules.sql-injection', 'rules.xss', 'rules.ssrf.options', 'include', 'exclude', 'minConfidence', 'taint.python.sanitizers']);
  });

  it('the same config in a trusted workspace applies in full', () => {
    const root = tempProject({ 'repo/vigil.config.json': '{ "rules": { "sql-injection": "off" }, "exclude": ["src"] }' });
    const config = new ConfigResolver(catalog).configFor(path.join(root, 'repo/src/a.py'));
    assert.deepStrictEqual([config.rules, config.exclude, config.untrustedIgnored], [{ 'sql-injection': 'off' }, ['src'], undefined]);
  });

  it('does not look for configs above the workspace folders', () => {
    const root = tempProject({ 'vigil.config.json': '{ "rules": { "debug-enabled": "error" } }', 'repo/app/a.py': '' });
    assert.deepStrictEqual(resolve(root, 'repo', 'repo/app/a.py').rules, {});
    assert.deepStrictEqual(resolve(root, '.', 'repo/app/a.py').rules, { 'debug-enabled': 'error' });
  });

  it('extends: installed packages and presets are read, files outside the workspace are not', () => {
    const root = tempProject({
      'node_modules/@acme/vigil-config/vigil.config.json': '{ "rules": { "debug-enabled": "error" } }',
      'shared/base.json': '{ "rules": { "debug-enabled": "error" } }',
      'repo/a/vigil.config.json': '{ "extends": ["@acme/vigil-config", "vigil:strict"] }',
      'repo/b/vigil.config.json': '{\n  "extends": "../../shared/base.json"\n}',
    });
    assert.strictEqual(resolve(root, 'repo', 'repo/a/x.py').rules['debug-enabled'], 'error');
    assert.throws(
      () => resolve(root, 'repo', 'repo/b/x.py'),
      (e: unknown) => e instanceof ConfigError && e.line === 2 && /untrusted workspace no config outside it is read/.test(e.detail),
    );
  });
});
