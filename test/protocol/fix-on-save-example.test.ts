import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { applyTextEdits, Engine, RuleCatalog } from '../../server/src/engine';
import { VigilServer } from '../../server/src/lsp/server';
import { FIX_ALL_KIND } from '../../server/src/protocol';
import { REPO_ROOT } from '../helpers/fixtures';
import { runCheck, scenarios, stage } from '../fixes/scenario-runner';
import { FakeClient } from './fakes';

// Fix on save (`source.fixAll.vigil`) of the example app's auth module, through the in-process
// server with the real engine, keeps sign-in working: the saved file is run by the behaviour
// scenario of "Hash with Argon2" (test/scenarios/argon2-password-hash/typescript: stored SHA-256
// users sign in, wrong passwords and unknown users are refused, sessions round-trip) under
// `tsc --strict` and node, with a real SQLite database behind the app's pool.

const AUTH = path.join(REPO_ROOT, 'examples', 'solar-shop', 'web', 'lib', 'auth.ts');
const MANIFEST = path.join(REPO_ROOT, 'examples', 'solar-shop', 'web', 'package.json');

async function fixOnSave(root: string): Promise<string> {
  const client = new FakeClient();
  client.settings = { enable: true };
  const server = new VigilServer(client, { createEngine: () => new Engine({ catalog: RuleCatalog.load() }) });
  server.initialize({ processId: null, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'shop' }], capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } } } });
  await server.initialized();
  const uri = pathToFileURL(path.join(root, 'web', 'lib', 'auth.ts')).href;
  const text = fs.readFileSync(AUTH, 'utf8');
  const published = client.nextPublish(uri, 1);
  server.didOpen({ textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const diagnostics: Diagnostic[] = (await published).diagnostics;
  assert.ok(diagnostics.some((d) => d.code === 'weak-password-hash'), 'the example reports its SHA-256 password check');
  const [action]: CodeAction[] = await server.codeAction({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: [FIX_ALL_KIND] } });
  assert.ok(action, 'fix all is offered');
  const changes = (action.edit?.documentChanges ?? []) as TextDocumentEdit[];
  assert.deepStrictEqual([...new Set(changes.map((c) => c.textDocument.uri))].filter((u) => u !== uri), [], 'fix on save edits the saved file only');
  const edits = [...changes.flatMap((c) => c.edits as TextEdit[]), ...(action.edit?.changes?.[uri] ?? [])];
  return applyTextEdits(text, edits);
}

describe('fix on save of the example app keeps sign-in working (source.fixAll.vigil + behaviour scenario)', function () {
  this.timeout(120_000);
  const scenario = scenarios().find((s) => s.name === 'argon2-password-hash/typescript')!;
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  for (const [variant, withArgon2] of [
    ['package.json as shipped (no argon2): the Argon2 fix, which must add the dependency, is left to the lightbulb and --fix', false],
    ['argon2 in package.json: the hash check moves to Argon2, old hashes still verify', true],
  ] as const) {
    it(variant, async () => {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-save-')));
      dirs.push(root);
      const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
      if (withArgon2) manifest.dependencies.argon2 = '^0.45.0';
      fs.mkdirSync(path.join(root, 'web', 'lib'), { recursive: true });
      fs.writeFileSync(path.join(root, 'web', 'package.json'), JSON.stringify(manifest, null, 2));
      const saved = await fixOnSave(root);
      assert.strictEqual(saved.includes('await passwordMatches(user.password_hash, password)'), withArgon2, saved);
      assert.strictEqual(saved.includes("from 'argon2'"), withArgon2, saved);
      assert.match(saved, /requiredEnv\('JWT_SECRET'\)/, 'the other preferred fixes were applied too');

      const dir = stage(scenario);
      dirs.push(dir);
      fs.writeFileSync(path.join(dir, 'auth.ts'), saved);
      // `after` also signs in a user hashed with Argon2: only where the fix moved the check to Argon2.
      const result = runCheck(scenario, dir, withArgon2 ? 'after' : 'before');
      assert.ok(result.ok, `sign-in after fix on save:\n${result.output}\n--- saved auth.ts:\n${saved}`);
    });
  }
});
