import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { minimatch } from 'minimatch';
import { CONFIG_WATCH_GLOB, SOURCE_EXTENSIONS, isAnalyzedPath } from '../../server/src/engine';
import { Commands, CONFIG_DOCUMENTS_GLOB, DEFAULT_SETTINGS, DOCUMENT_LANGUAGES, OVERVIEW_VIEW_ID, SETTINGS_SECTION, CLIENT_ID, WORKSPACE_ACTIVATION_GLOBS } from '../../server/src/protocol';
import { REPO_ROOT } from '../helpers/fixtures';

// package.json cannot import the protocol module, so this keeps the two in step.
interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown; enum?: string[]; scope?: string }> };
    grammars: { scopeName: string; path: string; injectTo: string[] }[];
    jsonValidation: { fileMatch: string; url: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('extension manifest (package.json)', () => {
  it('starts the bundled client and activates on every language the server analyzes', () => {
    assert.strictEqual(manifest.main, './dist/client.js');
    for (const language of DOCUMENT_LANGUAGES) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  });

  it('starts in a workspace holding a source file of every analyzed extension or a manifest, before a file is opened', () => {
    const globs = manifest.activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
    for (const glob of WORKSPACE_ACTIVATION_GLOBS) assert.ok(globs.includes(glob), `package.json lacks workspaceContains:${glob}`);
    const starts = (file: string) => WORKSPACE_ACTIVATION_GLOBS.some((glob) => minimatch(file, glob, { dot: true }));
    assert.ok(SOURCE_EXTENSIONS.length >= 10);
    for (const ext of SOURCE_EXTENSIONS) assert.ok(starts(`/work/app/src/deep/module${ext}`), ext);
    for (const manifestFile of ['package.json', 'pyproject.toml', 'requirements.txt']) {
      assert.ok(isAnalyzedPath(`/work/app/${manifestFile}`), manifestFile);
      assert.ok(starts(`/work/app/${manifestFile}`), manifestFile);
    }
    // A workspace of other files (docs, a Go service) does not start a server.
    for (const other of ['README.md', 'main.go', 'styles.css', 'data.json']) assert.ok(!starts(`/work/app/${other}`), other);
  });

  it('contributes every command of the protocol', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(Commands).sort());
  });

  it('contributes every setting of the protocol with its default, and the trace setting of the client id', () => {
    const properties = manifest.contributes.configuration.properties;
    // Nested settings (`advisories`) are contributed one dotted key each: `vigil.advisories.online`.
    const flat: [string, unknown][] = Object.entries(DEFAULT_SETTINGS).flatMap(([key, value]): [string, unknown][] => (value && typeof value === 'object' ? Object.entries(value).map(([sub, v]): [string, unknown] => [`${key}.${sub}`, v]) : [[key, value]]));
    assert.ok(flat.some(([key]) => key === 'advisories.online'));
    for (const [key, value] of flat) {
      assert.deepStrictEqual(properties[`${SETTINGS_SECTION}.${key}`]?.default, value, key);
    }
    assert.deepStrictEqual(properties[`${CLIENT_ID}.trace.server`]?.enum, ['off', 'messages', 'verbose']);
  });

  it('the client sends open config files: the same files the server watches', () => {
    assert.strictEqual(CONFIG_DOCUMENTS_GLOB, CONFIG_WATCH_GLOB);
  });

  it('declares limited support for untrusted workspaces; the user-only config path and the OSV settings are restricted there', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepStrictEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [`${SETTINGS_SECTION}.configPath`, `${SETTINGS_SECTION}.advisories.osvUrl`, `${SETTINGS_SECTION}.advisories.onlineInUntrustedWorkspaces`]);
    // Where package names go and whether an untrusted workspace may send them: the user's settings only.
    for (const key of ['advisories.osvUrl', 'advisories.onlineInUntrustedWorkspaces']) assert.strictEqual(manifest.contributes.configuration.properties[`${SETTINGS_SECTION}.${key}`]?.scope, 'machine', key);
  });

  it('validates vigil.config.json and package.json with the schemas the build writes, and ships the views and walkthrough media', () => {
    assert.deepStrictEqual(manifest.contributes.jsonValidation.map((v) => v.fileMatch), ['vigil.config.json', 'package.json']);
    for (const { url } of manifest.contributes.jsonValidation) assert.ok(fs.existsSync(path.join(REPO_ROOT, url)), url);
    assert.deepStrictEqual(manifest.contributes.views.vigil.map((v) => v.id), [OVERVIEW_VIEW_ID]);
    for (const step of manifest.contributes.walkthroughs[0].steps) assert.ok(fs.existsSync(path.join(REPO_ROOT, step.media.markdown!)), step.media.markdown);
  });

  it('injects the suppression-comment grammar into Python and TS/JS, and it matches both comment forms', () => {
    const [grammar] = manifest.contributes.grammars;
    assert.deepStrictEqual(grammar.injectTo, ['source.python', 'source.ts', 'source.tsx', 'source.js', 'source.js.jsx']);
    const data = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, grammar.path), 'utf8')) as { scopeName: string; repository: { ignore: { match: string } } };
    assert.strictEqual(data.scopeName, grammar.scopeName);
    const pattern = new RegExp(data.repository.ignore.match);
    const line = pattern.exec('# vigil-ignore[sql-injection]: fixed table name');
    assert.deepStrictEqual(line?.slice(1), ['vigil-ignore', '[', 'sql-injection', ']', ':', 'fixed table name']);
    const file = pattern.exec('/* vigil-ignore-file[sql-injection, weak-hash]: legacy */');
    assert.deepStrictEqual(file?.slice(1, 4), ['vigil-ignore-file', '[', 'sql-injection, weak-hash']);
    assert.strictEqual(file?.[6].trim(), 'legacy');
  });
});
