import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine';
import { REPO_ROOT, engine, readAnnotations } from '../helpers/fixtures';

// Rules whose risk depends on the library version the project declares (`unlessDependency`):
// test/fixtures/library-versions, each app with its own package.json.

const ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'library-versions');
const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);

function lines(e: Engine, file: string, rule: string): number[] {
  return e
    .analyzeText(file, fs.readFileSync(file, 'utf8'), {}, 'typescript')
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.range.start.line + 1);
}

function annotated(file: string, kind: 'expect' | 'ok', rule: string): number[] {
  return readAnnotations(fs.readFileSync(file, 'utf8'))
    .filter((a) => a.kind === kind && a.ruleId === rule)
    .map((a) => a.line + 1);
}

describe('rules that depend on the declared library version (test/fixtures/library-versions)', () => {
  const withFiles = () => {
    const e = new Engine({ catalog: engine().catalog });
    e.projectFiles = { read };
    return e;
  };

  for (const app of ['jsonwebtoken-9', 'jsonwebtoken-8']) {
    it(`${app}: jwt-misuse on jwt.verify without algorithms`, () => {
      const file = path.join(ROOT, app, 'server/utils/tokens.ts');
      assert.deepStrictEqual(lines(withFiles(), file, 'jwt-misuse'), annotated(file, 'expect', 'jwt-misuse'));
    });
  }

  it('without the project files (no manifest to read), the string-secret verify is reported', () => {
    const file = path.join(ROOT, 'jsonwebtoken-9/server/utils/tokens.ts');
    const ok = annotated(file, 'ok', 'jwt-misuse');
    assert.strictEqual(ok.length, 1);
    assert.ok(lines(new Engine({ catalog: engine().catalog }), file, 'jwt-misuse').includes(ok[0]));
  });

  it('a broken package.json tells nothing: reported', () => {
    const file = path.join(ROOT, 'jsonwebtoken-9/server/utils/tokens.ts');
    const e = new Engine({ catalog: engine().catalog });
    e.projectFiles = { read: (p) => (p.endsWith('package.json') ? '{ "dependencies": { "jsonwebtoken": "^9' : read(p)) };
    assert.ok(lines(e, file, 'jwt-misuse').includes(annotated(file, 'ok', 'jwt-misuse')[0]));
  });
});
