import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyTextEdits, Engine, LineIndex, RuleCatalog, RuleLoadError, toSarifRegion } from '../../server/src/engine';
import { applyContentChanges } from '../../server/src/engine/text/edits';
import { CalleeMatcher } from '../../server/src/engine/taint/callee-pattern';
import { TaintEnv, sourceTaint, union, withStep, CLEAN } from '../../server/src/engine/taint/taint';
import { findSuppressions, isSuppressed } from '../../server/src/engine/suppressions/suppressions';
import type { Finding, Range } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/fixtures';

const r = (line: number, a: number, b = a): Range => ({ start: { line, character: a }, end: { line, character: b } });

describe('text positions and edits', () => {
  it('converts offsets and positions over \\n, \\r\\n and \\r line ends and UTF-16 characters', () => {
    const text = 'a\r\nbé😀c\rd\n';
    const index = new LineIndex(text);
    assert.strictEqual(index.lineCount, 4);
    assert.deepStrictEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 4 });
    assert.strictEqual(index.offsetAt({ line: 2, character: 0 }), text.indexOf('d'));
    assert.strictEqual(index.lineText(1), 'bé😀c');
    assert.strictEqual(index.offsetAt({ line: 0, character: 99 }), 1, 'clamped to the end of the line');
    assert.strictEqual(index.offsetAt({ line: 99, character: 0 }), text.length, 'clamped to the end of the text');
    assert.strictEqual(index.eol, '\r\n');
    assert.deepStrictEqual(toSarifRegion(r(0, 0, 2)), { startLine: 1, startColumn: 1, endLine: 1, endColumn: 3 });
  });

  it('applies incremental editor changes in order', () => {
    const { text, edits } = applyContentChanges('hello\nworld\n', [
      { range: r(1, 0, 5), text: 'there' },
      { range: r(0, 5, 5), text: ',' },
    ]);
    assert.strictEqual(text, 'hello,\nthere\n');
    assert.deepStrictEqual(edits.map((e) => [e.start, e.oldEnd, e.newEnd]), [[6, 11, 11], [5, 5, 6]]);
    assert.strictEqual(applyContentChanges('abc', [{ text: 'xyz' }]).text, 'xyz', 'a change without range replaces the text');
  });

  it('applies fix edits given in the coordinates of the original text and refuses overlaps', () => {
    assert.strictEqual(applyTextEdits('abc\ndef', [{ range: r(1, 0, 1), newText: 'D' }, { range: r(0, 0, 0), newText: '>' }]), '>abc\nDef');
    assert.throws(() => applyTextEdits('abcdef', [{ range: r(0, 0, 3), newText: '' }, { range: r(0, 2, 4), newText: '' }]), /overlapping/);
  });
});

describe('callee patterns', () => {
  it('matches * as one segment and ** as any number of segments', () => {
    const m = new CalleeMatcher(['*.execute', 'sqlalchemy.text', '**.query', 'db.**.raw']);
    assert.ok(m.matches('cursor.execute'));
    assert.ok(!m.matches('self.cursor.execute'));
    assert.ok(!m.matches('execute'));
    assert.ok(m.matches('sqlalchemy.text'));
    assert.ok(!m.matches('text'));
    assert.ok(m.matches('query') && m.matches('a.b.query'));
    assert.ok(m.matches('db.raw') && m.matches('db.x.y.raw'));
    assert.ok(!new CalleeMatcher([]).matches('anything'));
  });

  it('answers as the regex does whether or not every pattern ends in a name (a wildcard last segment matches any name)', () => {
    const named = new CalleeMatcher(['*.execute', 'a.', '.b', '(value).replace']);
    assert.ok(named.matches('c.execute') && !named.matches('c.executeMany') && !named.matches('c.execute.x'));
    assert.ok(named.matches('a.') && !named.matches('a.x'));
    assert.ok(named.matches('.b') && !named.matches('b'));
    assert.ok(named.matches('(value).replace'));
    const wild = new CalleeMatcher(['logger.*', 'db.**', 'sqlalchemy.text']);
    assert.ok(wild.matches('logger.info') && !wild.matches('logger'));
    assert.ok(wild.matches('db') && wild.matches('db.pool.query'));
    assert.ok(wild.matches('sqlalchemy.text') && !wild.matches('text'));
    assert.ok(new CalleeMatcher(['**']).matches('anything.at.all'));
  });
});

describe('taint environment', () => {
  const src = sourceTaint({ range: r(0, 0, 5), label: 'FastAPI parameter `email`' });

  it('replaces on straight-line assignment and joins branches', () => {
    const env = new TaintEnv();
    env.set('x', src);
    const thenBranch = env.fork();
    thenBranch.set('x', CLEAN);
    env.join([thenBranch]);
    assert.strictEqual(env.get('x')!.length, 1, 'if without else: still tainted');

    const a = env.fork();
    const b = env.fork();
    a.set('x', CLEAN);
    b.set('x', CLEAN);
    env.join([a, b], true);
    assert.strictEqual(env.get('x')!.length, 0, 'cleaned on every branch of an if/else');
  });

  it('records steps and de-duplicates sources', () => {
    const stepped = withStep(src, { range: r(1, 0, 5), label: 'assigned to `query`' });
    assert.deepStrictEqual(stepped[0].steps.map((s) => s.label), ['assigned to `query`']);
    assert.strictEqual(union(src, stepped).length, 1);
    assert.strictEqual(child(), 1);
    function child(): number {
      const parent = new TaintEnv();
      parent.set('q', src);
      return parent.child().get('q')!.length;
    }
  });
});

describe('suppression comments', () => {
  const finding = (line: number, ruleId = 'sql-injection') => ({ ruleId, range: r(line, 4, 10) }) as Finding;

  it('covers the same line, the next line when alone on its line, or the whole file', () => {
    const text = [
      'x = 1  # vigil-ignore[sql-injection]: constant table name',
      '    // vigil-ignore[sql-injection, other-rule]: reviewed by @ana',
      'y = 2',
      'z = 3',
    ].join('\n');
    const found = findSuppressions(text, new LineIndex(text));
    assert.deepStrictEqual(found.map((s) => [s.line, s.ruleIds, s.reason, s.ownLine]), [
      [0, ['sql-injection'], 'constant table name', false],
      // `by @owner` at the end names the owner (suppressions-syntax.test.ts has the details).
      [1, ['sql-injection', 'other-rule'], 'reviewed', true],
    ]);
    assert.ok(isSuppressed(finding(0), found));
    assert.ok(isSuppressed(finding(2), found), 'the line below an own-line comment');
    assert.ok(!isSuppressed(finding(3), found));
    assert.ok(!isSuppressed(finding(0, 'another-rule'), found));
    assert.ok(!isSuppressed(finding(1), findSuppressions('x = 1  # vigil-ignore[sql-injection]: r\ny = 2', new LineIndex('x = 1  # vigil-ignore[sql-injection]: r\ny = 2'))), 'a trailing comment covers only its own line');
    const fileWide = '# vigil-ignore-file[sql-injection]: generated\nq = 1\n';
    assert.ok(isSuppressed(finding(1), findSuppressions(fileWide, new LineIndex(fileWide))));
  });
});

describe('rule catalog', () => {
  it('loads every rule with docs and OWASP 2021 + 2025 and CWE metadata', () => {
    const catalog = RuleCatalog.load();
    const rule = catalog.get('sql-injection')!;
    assert.strictEqual(rule.meta.owasp['2021'], 'A03:2021-Injection');
    assert.strictEqual(rule.meta.owasp['2025'], 'A05:2025-Injection');
    assert.deepStrictEqual(rule.meta.cwe, [89]);
    assert.match(rule.docs, /## Use instead/);
    assert.ok(catalog.taint('python').sinksFor('cursor.execute', 'execute').length > 0);
  });

  it('rejects rule data that does not match its schema, naming the file and the problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rules-'));
    try {
      fs.cpSync(path.join(REPO_ROOT, 'rules'), dir, { recursive: true });
      const ruleFile = path.join(dir, 'sql-injection', 'rule.json');
      const rule = JSON.parse(fs.readFileSync(ruleFile, 'utf8'));
      rule.owasp['2021'] = 'Injection';
      fs.writeFileSync(ruleFile, JSON.stringify(rule));
      assert.throws(() => RuleCatalog.load(dir), (e: unknown) => e instanceof RuleLoadError && e.file === ruleFile && /owasp\/2021/.test(e.message));

      rule.owasp['2021'] = 'A03:2021-Injection';
      fs.writeFileSync(ruleFile, JSON.stringify(rule));
      const specFile = path.join(dir, 'taint', 'python.json');
      const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
      spec.sinks.push({ id: 'bad', rule: 'no-such-rule', methods: ['x'], arg: 0 });
      fs.writeFileSync(specFile, JSON.stringify(spec));
      assert.throws(() => RuleCatalog.load(dir), /unknown rule "no-such-rule"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('merges rules/frameworks/<language>/<id>.json into the language spec, in precedence order, and rejects a mismatched or duplicate file', () => {
    const catalog = RuleCatalog.load();
    const python = catalog.frameworksOf('python').map((f) => f.id);
    assert.ok(python.indexOf('fastapi') >= 0 && python.indexOf('fastapi') < python.indexOf('flask'), 'FastAPI before Flask: both match `@app.get`');
    assert.ok(catalog.frameworksOf('typescript').some((f) => f.id === 'express'));
    // A framework's entries reach the merged spec: Flask's route handler and send_file sink.
    assert.ok(catalog.specs.get('python')?.handlers?.some((h) => h.id === 'flask-route'));
    assert.ok(catalog.taint('python').sinksFor('flask.send_file', 'send_file').length > 0);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rules-'));
    try {
      fs.cpSync(path.join(REPO_ROOT, 'rules'), dir, { recursive: true });
      const flaskFile = path.join(dir, 'frameworks', 'python', 'flask.json');
      const flask = JSON.parse(fs.readFileSync(flaskFile, 'utf8'));
      fs.writeFileSync(path.join(dir, 'frameworks', 'python', 'bottle.json'), JSON.stringify(flask));
      assert.throws(() => RuleCatalog.load(dir), (e: unknown) => e instanceof RuleLoadError && /framework id "flask" must equal its file name/.test(e.message));
      fs.writeFileSync(path.join(dir, 'frameworks', 'python', 'bottle.json'), JSON.stringify({ ...flask, framework: { ...flask.framework, id: 'bottle' } }));
      assert.throws(() => RuleCatalog.load(dir), /handlers id "flask-route" is declared twice/);
      fs.rmSync(path.join(dir, 'frameworks', 'python', 'bottle.json'));
      fs.writeFileSync(path.join(dir, 'frameworks', 'typescript', 'flask.json'), JSON.stringify(flask));
      assert.throws(() => RuleCatalog.load(dir), /language "python" must equal its folder name "typescript"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engine on bad input', () => {
  let shared: Engine | undefined;
  const engine = (): Engine => (shared ??= new Engine());
  const route = 'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get("/c")\ndef c(email: str, cursor=None):\n    cursor.execute(f"SELECT * FROM customers WHERE email = \'{email}\'")\n';

  it('an empty file has no findings and no notices', () => {
    for (const [path, language] of [['empty.py', 'python'], ['empty.ts', 'typescript'], ['empty.tsx', 'typescriptreact']]) {
      const result = engine().analyzeText(path, '', {}, language);
      assert.deepStrictEqual([result.findings, result.notices], [[], []], path);
    }
  });

  it('a file over the size limit is skipped with a reason', () => {
    const huge = route + '# filler\n'.repeat(600_000);
    const result = engine().analyzeText('huge.py', huge, {});
    assert.deepStrictEqual(result.findings, []);
    assert.strictEqual(result.notices[0].kind, 'skipped');
    assert.match(result.notices[0].message, /over the size limit/);
  });

  it('a binary file is skipped with a reason', () => {
    const result = engine().analyzeText('blob.py', route + '\0\u0001\u0002', {});
    assert.deepStrictEqual(result.findings, []);
    assert.match(result.notices[0].message, /binary/);
  });

  it('a file that does not parse still gets findings for the parts that do', () => {
    const broken = route + '\ndef broken(:\n    return (\n';
    const result = engine().analyzeText('broken.py', broken, {});
    assert.strictEqual(result.findings.length, 1);
    assert.ok(result.notices.some((n) => n.kind === 'parse-error'));
  });

  it('a change to an unknown document is refused, not thrown', () => {
    assert.strictEqual(engine().change('file:///nowhere.py', 2, [{ text: 'x = 1' }]), false);
  });

  it('a document that grows over the limit and shrinks back is analyzed again', () => {
    const uri = 'file:///grow.py';
    engine().open(uri, 'python', route, 1, 'grow.py');
    assert.strictEqual(engine().analyze(uri).findings.length, 1);
    engine().change(uri, 2, [{ text: route + '#'.repeat(1_100_000) }]);
    assert.strictEqual(engine().analyze(uri).notices[0].kind, 'skipped');
    engine().change(uri, 3, [{ text: route }]);
    assert.strictEqual(engine().analyze(uri).findings.length, 1);
    engine().close(uri);
  });
});
