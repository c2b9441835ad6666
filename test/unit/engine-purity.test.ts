import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';

// The one-way door (DESIGN.md): the engine never imports the editor or the protocol, nor the
// LSP adapter or the CLI that sit on top of it.
describe('engine purity', () => {
  const engineDir = path.join(REPO_ROOT, 'server', 'src', 'engine');
  const forbidden = /(?:from\s+|require\(\s*|import\(\s*)['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|vscode-jsonrpc[^'"]*|(?:\.\.\/)+(?:lsp|cli|protocol)(?:\/[^'"]*)?)['"]/;

  it('no file in server/src/engine imports vscode, the LSP libraries, the LSP adapter or the CLI', () => {
    const offenders: string[] = [];
    for (const file of walk(engineDir)) {
      const text = fs.readFileSync(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        if (forbidden.test(line)) offenders.push(`${path.relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepStrictEqual(offenders, []);
  });

  it('the check itself catches such an import', () => {
    assert.ok(forbidden.test(`import { Diagnostic } from 'vscode-languageserver/node';`));
    assert.ok(forbidden.test(`import * as vscode from 'vscode';`));
    assert.ok(forbidden.test(`import { x } from '../../lsp/server';`));
    assert.ok(!forbidden.test(`import { LineIndex } from '../text/positions';`));
  });
});

// The two front ends stand side by side on the engine (and on workspace/, which both use to
// find a project's files): neither imports the other, and workspace/ imports neither.
describe('adapter rooms', () => {
  const importsOf = (room: string, other: RegExp) =>
    walk(path.join(REPO_ROOT, 'server', 'src', room)).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => (other.test(line) ? `${path.relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}` : ''))
        .filter(Boolean),
    );
  const from = (rooms: string) => new RegExp(`(?:from\\s+|require\\(\\s*|import\\(\\s*)['"](?:\\.\\.\\/)+(?:${rooms})(?:\\/[^'"]*)?['"]`);

  it('the LSP adapter never imports the CLI, nor the CLI the LSP adapter', () => {
    assert.deepStrictEqual(importsOf('lsp', from('cli')), []);
    assert.deepStrictEqual(importsOf('cli', from('lsp')), []);
  });

  it('server/src/workspace imports neither front end nor the editor libraries', () => {
    assert.deepStrictEqual(importsOf('workspace', from('cli|lsp|protocol')), []);
    assert.deepStrictEqual(importsOf('workspace', /['"]vscode/), []);
  });

  it('the check itself catches such an import', () => {
    assert.ok(from('cli').test(`import { findSourceFiles } from '../cli/files';`));
    assert.ok(!from('cli').test(`import { findSourceFiles } from '../workspace/files';`));
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : /\.(ts|js|mjs|cjs)$/.test(e.name) ? [full] : [];
  });
}
