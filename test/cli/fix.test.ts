import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { planPreferredFixes, unifiedDiff } from '../../server/src/cli/fix';
import type { JsonReport } from '../../server/src/cli/format/json';
import { Engine, LineIndex, type Finding, type Range } from '../../server/src/engine';
import { removeProjects, runBuiltCli, runFakeCli, SAFE_PY, tempProject, VULNERABLE_PY, VULNERABLE_ROUTE_TS } from './helpers';

// --fix writes every preferred fix; --fix-dry-run prints them as a diff and writes nothing.

const TWO_ROUTES_PY = `${VULNERABLE_PY}

@router.get("/customers/by-name")
def find_by_name(name: str, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute(f"SELECT * FROM customers WHERE name = '{name}'")
    return cursor.fetchall()
`;

function read(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

describe('cli: --fix and --fix-dry-run', () => {
  after(removeProjects);

  it('--fix-dry-run prints a unified diff that git applies, and writes nothing', async () => {
    const dir = tempProject({ 'api/customers.py': TWO_ROUTES_PY, 'api/orders.py': SAFE_PY });
    const run = await runFakeCli(['scan', '--fix-dry-run'], dir);
    assert.strictEqual(run.code, 1, 'the findings are still there');
    assert.strictEqual(read(dir, 'api/customers.py'), TWO_ROUTES_PY);
    assert.match(run.stdout, /^--- a\/api\/customers\.py\n\+\+\+ b\/api\/customers\.py\n@@ -6,12 \+6,12 @@\n/);
    assert.match(run.stdout, /^-    cursor\.execute\(f"SELECT \* FROM customers WHERE email = '\{email\}'"\)$/m);
    assert.match(run.stdout, /^\+    cursor\.execute\("SELECT \* FROM customers WHERE email = %s", \(email,\)\)$/m);
    assert.match(run.stderr, /^would fix 2 findings in 1 files$/m);
    fs.writeFileSync(path.join(dir, 'fix.diff'), run.stdout);
    const applied = spawnSync('git', ['apply', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(applied.status, 0, applied.stderr);
    const patched = read(dir, 'api/customers.py');
    fs.writeFileSync(path.join(dir, 'api/customers.py'), TWO_ROUTES_PY);
    await runFakeCli(['scan', '--fix'], dir);
    assert.strictEqual(read(dir, 'api/customers.py'), patched, 'the diff is exactly what --fix writes');
  });

  it('--fix never writes a file its fixes would leave unparsable, and says so', async () => {
    const broken = VULNERABLE_PY.replace(`'{email}'")`, `'{email}'")  # breaks-on-fix`);
    const dir = tempProject({ 'api/customers.py': broken, 'api/more.py': TWO_ROUTES_PY });
    const run = await runFakeCli(['scan', '--fix'], dir);
    assert.strictEqual(read(dir, 'api/customers.py'), broken);
    assert.match(run.stderr, /^api\/customers\.py: not fixed: the fixed text would not parse/m);
    assert.match(run.stderr, /^fixed 2 findings in 1 files$/m, 'the other file is fixed');
    assert.strictEqual(run.code, 1, 'the unfixed finding still fails');
  });

  it('--fix-dry-run on a file that did not parse before the fix says so (not "please report this")', async () => {
    const broken = `${VULNERABLE_PY}# UNPARSABLE already\n`;
    const dir = tempProject({ 'api/customers.py': broken });
    const run = await runFakeCli(['scan', '--fix-dry-run'], dir);
    assert.match(run.stderr, /^api\/customers\.py: not fixed: the file has syntax errors already \(it did not parse before the fix\)/m);
    assert.doesNotMatch(run.stderr, /please report/);
    assert.strictEqual(run.stdout, '', 'no diff');
  });

  it('--fix writes the fixes, reports what is left and exits by it', async () => {
    const dir = tempProject({ 'api/customers.py': TWO_ROUTES_PY, 'api/orders.py': SAFE_PY });
    const run = await runFakeCli(['scan', '--fix', '--format', 'json'], dir);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stderr, /^fixed 2 findings in 1 files$/m);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonReport).findings, []);
    assert.strictEqual(read(dir, 'api/orders.py'), SAFE_PY, 'files without findings are not rewritten');
    // The fake analyzer's fix (helpers.ts) always writes the email query.
    assert.strictEqual(read(dir, 'api/customers.py').split('cursor.execute("SELECT * FROM customers WHERE email = %s", (email,))').length, 3);
    assert.strictEqual((await runFakeCli(['scan'], dir)).code, 0, 'a rescan is clean');
  });

  it('with the real analyzers: fixed files parse and rescan clean of the fixed findings', () => {
    const dir = tempProject({ 'api/customers.py': VULNERABLE_PY, 'app/api/orders/route.ts': VULNERABLE_ROUTE_TS });
    const before = JSON.parse(runBuiltCli(['scan', '--format', 'json'], dir).stdout) as JsonReport;
    assert.deepStrictEqual(before.findings.map((f) => `${f.path} ${f.ruleId}`), ['api/customers.py sql-injection', 'app/api/orders/route.ts sql-injection']);
    const dry = runBuiltCli(['scan', '--fix-dry-run'], dir);
    assert.match(dry.stdout, /^--- a\/api\/customers\.py$/m);
    assert.match(dry.stdout, /^--- a\/app\/api\/orders\/route\.ts$/m);
    assert.strictEqual(read(dir, 'api/customers.py'), VULNERABLE_PY);

    const run = runBuiltCli(['scan', '--fix', '--format', 'json'], dir);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonReport).findings, []);
    const engine = new Engine();
    assert.ok(engine.parses('python', read(dir, 'api/customers.py')));
    assert.ok(engine.parses('typescript', read(dir, 'app/api/orders/route.ts'), 'route.ts'));
    assert.notStrictEqual(read(dir, 'app/api/orders/route.ts'), VULNERABLE_ROUTE_TS);
    const rescan = JSON.parse(runBuiltCli(['scan', '--format', 'json'], dir).stdout) as JsonReport;
    assert.deepStrictEqual(rescan.findings, []);
  });

  it('with the real analyzers: dependencies several fixes add to one manifest all go in (requirements.txt; package.json: test/fixes/example-app.test.ts)', () => {
    const readings = 'import xml.etree.ElementTree as ET\n\n\ndef serial(body: bytes) -> str:\n    return ET.fromstring(body).findtext("serial")\n';
    const accounts = 'import hashlib\n\n\ndef hash_password(password: str) -> str:\n    return hashlib.sha256(password.encode()).hexdigest()\n\n\ndef sign_in(stored: str, password: str) -> bool:\n    return hash_password(password) == stored\n';
    const login = "import crypto from 'node:crypto';\nexport async function login(password: string, user: { hash: string }) {\n  return crypto.createHash('sha256').update(password).digest('hex') === user.hash;\n}\n";
    const dir = tempProject({
      'api/requirements.txt': 'fastapi>=0.100\n',
      'api/readings.py': readings,
      'api/accounts.py': accounts,
      'web/package.json': '{\n  "name": "web",\n  "dependencies": {\n    "next": "^15.0.0"\n  }\n}\n',
      'web/lib/login.ts': login,
    });
    const run = runBuiltCli(['scan', '--fix', '--format', 'json'], dir);
    assert.doesNotMatch(run.stderr, /left out/, run.stderr);
    assert.strictEqual(read(dir, 'api/requirements.txt'), 'fastapi>=0.100\nargon2-cffi>=21.1\ndefusedxml>=0.7\n');
    assert.deepStrictEqual(JSON.parse(read(dir, 'web/package.json')).dependencies, { next: '^15.0.0', argon2: '^0.45.0' });
    assert.match(read(dir, 'api/readings.py'), /defusedxml\.ElementTree\.fromstring/);
    assert.match(read(dir, 'web/lib/login.ts'), /await passwordMatches\(user\.hash, password\)/);
  });

  it('Sanitize with DOMPurify adds the isomorphic-dompurify that runs on the app\'s Node: 4.x only when engines.node rules out older Node', () => {
    const page = "export default function Faq({ html }: { html: string }) {\n  return <div dangerouslySetInnerHTML={{ __html: html }} />;\n}\n";
    const page2 = "export default async function Page({ searchParams }: { searchParams: Promise<{ q?: string }> }) {\n  const { q = '' } = await searchParams;\n  return <div dangerouslySetInnerHTML={{ __html: q }} />;\n}\n";
    const added = (engines: string | undefined) => {
      const manifest = { name: 'web', ...(engines ? { engines: { node: engines } } : {}), dependencies: { next: '^15.0.0' } };
      const dir = tempProject({ 'web/package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'web/app/faq/page.tsx': page, 'web/app/search/page.tsx': page2 });
      const run = runBuiltCli(['scan', '--fix', '--format', 'json'], dir);
      assert.match(read(dir, 'web/app/search/page.tsx'), /DOMPurify\.sanitize\(q\)/, run.stdout + run.stderr);
      return (JSON.parse(read(dir, 'web/package.json')) as { dependencies: Record<string, string> }).dependencies['isomorphic-dompurify'];
    };
    // 4.x crashes on import under Node 20 (jsdom 30): unknown or older Node gets 3.19.
    assert.strictEqual(added(undefined), '^3.19.0');
    assert.strictEqual(added('>=20.9.0'), '^3.19.0');
    assert.strictEqual(added('>=22'), '^3.19.0', '22.0 is older than 4.x needs');
    assert.strictEqual(added('^24.15.0'), '^4.6.0');
  });

  it('takes fixes in finding order: an import two fixes add goes in once, an overlapping fix waits for the next run', () => {
    const text = 'a = f(x)\nb = g(y)\n';
    const lines = new LineIndex(text);
    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    const importOs = { range: at(0, 0, 0), newText: 'import os\n' };
    const finding = (range: Range, newText: string): Finding => ({
      ruleId: 'sql-injection', message: 'm', range, severity: 'error', confidence: 'high', path: [],
      fixes: [
        { title: 'ignore', kind: 'ignore-line', isPreferred: false, edits: [{ range: at(range.start.line, 0, 0), newText: '# vigil-ignore\n' }] },
        { title: 'fix', kind: 'rewrite', isPreferred: true, edits: [importOs, { range, newText }] },
      ],
    });
    const plan = planPreferredFixes({ path: 'a.py', lines, findings: [finding(at(0, 4, 8), 'F(x)'), finding(at(1, 4, 8), 'G(y)'), finding(at(1, 6, 7), 'z')] });
    assert.deepStrictEqual(plan, { path: 'a.py', before: text, after: 'import os\na = F(x)\nb = G(y)\n', fixed: 2, overlapping: 1, changes: [] });
  });

  it('unifiedDiff matches diff -u hunk for hunk', () => {
    const dir = tempProject({});
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join('');
    const cases = [
      before.replace('line 3\n', 'line three\n').replace('line 30\n', 'line thirty\nand more\n'),
      before.replace('line 0\n', '').replace('line 7\n', 'line 7\nline 7b\n'),
      before.replace('line 10\n', 'ten\n').replace('line 14\n', 'fourteen\n'),
      before.replace(/\n$/, ''),
      `import os\n${before}`,
    ];
    fs.writeFileSync(path.join(dir, 'a'), before);
    for (const after of cases) {
      fs.writeFileSync(path.join(dir, 'b'), after);
      const expected = spawnSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').slice(2).join('\n');
      assert.strictEqual(unifiedDiff('x', before, after).split('\n').slice(2).join('\n'), expected);
    }
    assert.strictEqual(unifiedDiff('x', before, before), '');
  });
});
