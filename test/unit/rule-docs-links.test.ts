import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ruleDocsFile } from '../../client/src/rule-docs-file';
import { docsBaseUrl, languageDocs, ruleDocsUrl } from '../../server/src/engine';
import { markdownToHtml } from '../../server/src/cli/format/markdown-html';
import { REPO_ROOT } from '../helpers/fixtures';
import { runFakeCli, tempProject, VULNERABLE_PY } from '../cli/helpers';

describe('rule docs: where they are linked', () => {
  it('no address without a published copy; a team mirror from docsBaseUrl, with or without {rule}', () => {
    assert.strictEqual(docsBaseUrl({ version: '0.1.0' }), undefined);
    assert.strictEqual(ruleDocsUrl(undefined, 'xss'), undefined);
    assert.strictEqual(ruleDocsUrl(docsBaseUrl({ configured: 'https://docs.acme.example/vigil/' }), 'xss'), 'https://docs.acme.example/vigil/xss');
    assert.strictEqual(ruleDocsUrl(docsBaseUrl({ configured: 'https://w.example/{rule}.html', repository: 'github:o/r', version: '1.0.0' }), 'xss'), 'https://w.example/xss.html');
  });

  it("package.json's repository (the forms npm accepts) links the README at the version's tag", () => {
    const at = (repository: unknown) => ruleDocsUrl(docsBaseUrl({ repository, version: '1.2.3' }), 'sql-injection');
    const expected = 'https://github.com/acme/vigil/blob/v1.2.3/rules/sql-injection/README.md';
    for (const form of ['github:acme/vigil', 'acme/vigil', 'https://github.com/acme/vigil', { type: 'git', url: 'git+https://github.com/acme/vigil.git' }, 'git@github.com:acme/vigil.git']) assert.strictEqual(at(form), expected, JSON.stringify(form));
    assert.strictEqual(at({ url: 'https://github.com/acme/mono.git', directory: 'packages/vigil' }), 'https://github.com/acme/mono/blob/v1.2.3/packages/vigil/rules/sql-injection/README.md');
    assert.strictEqual(at('https://git.internal.example/acme/vigil'), undefined, 'an unknown host: no guessed URL layout');
    assert.strictEqual(at(42), undefined);
  });

  it('the open-docs command accepts rule ids only, and finds the shipped page', () => {
    const rules = path.join(REPO_ROOT, 'rules');
    assert.strictEqual(ruleDocsFile(rules, 'xss'), path.join(rules, 'xss', 'README.md'));
    for (const bad of ['../package', 'schema', 'no-such-rule', 42, undefined]) assert.strictEqual(ruleDocsFile(rules, bad), undefined, String(bad));
  });

  it('nothing links to vigil.dev, a domain the project does not own (sources, rules, docs, built bundles)', () => {
    const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter((f) => f && !f.startsWith('test/') && fs.existsSync(path.join(REPO_ROOT, f)));
    const dist = fs.existsSync(path.join(REPO_ROOT, 'dist')) ? fs.readdirSync(path.join(REPO_ROOT, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`) : [];
    const offenders = [...tracked, ...dist].filter((f) => !/\.(png|svg|node|vsix|tgz)$/.test(f) && fs.statSync(path.join(REPO_ROOT, f)).isFile() && fs.readFileSync(path.join(REPO_ROOT, f), 'utf8').includes('vigil.dev'));
    assert.deepStrictEqual(offenders, []);
  });
});

describe('rule docs: per language', () => {
  const docs = ['# r', '## Use instead', 'Both.', '### Python', 'Py advice.', '```python', 'safe()', '```', '### TypeScript', 'TS advice.', '```ts', 'safe();', '```', '## Fix', 'Common.', '```tsx', '<div/>', '```', '## Python', 'Python-only section.', ''].join('\n');

  it('keeps the section and code blocks of the language, drops the other', () => {
    const py = languageDocs(docs, 'python');
    assert.ok(py.includes('Py advice.') && py.includes('safe()') && py.includes('Python-only section.'), py);
    assert.ok(!py.includes('TS advice.') && !py.includes('safe();') && !py.includes('<div/>') && !py.includes('### Python'), py);
    const ts = languageDocs(docs, 'typescript');
    assert.ok(ts.includes('TS advice.') && ts.includes('safe();') && ts.includes('<div/>') && ts.includes('## Fix'), ts);
    assert.ok(!ts.includes('Py advice.') && !ts.includes('Python-only') && !ts.includes('safe()\n'), ts);
  });
});

describe('rule docs: in the HTML report', () => {
  it('renders Markdown escaped, with http(s) links only', () => {
    const html = markdownToHtml('## Title\nText with `<b>` and **bold** and [x](javascript:alert(1)).\n- https://owasp.org/Top10/\n```py\n<script>\n```', 2);
    assert.ok(html.includes('<h4>Title</h4>') && html.includes('<code>&lt;b&gt;</code>') && html.includes('<strong>bold</strong>'), html);
    assert.ok(html.includes('<a href="https://owasp.org/Top10/">') && !html.includes('href="javascript') && html.includes('&lt;script&gt;'), html);
  });

  it('carries the docs of the rules it found, collapsed, and the findings link to them', async () => {
    const run = await runFakeCli(['scan', '--format', 'html'], tempProject({ 'api/customers.py': VULNERABLE_PY }));
    assert.match(run.stdout, /<details class="rule-docs" id="rule-sql-injection">/);
    assert.ok(run.stdout.includes('<a href="#rule-sql-injection">sql-injection</a>'));
    assert.ok(run.stdout.includes('<h4>Why is this bad</h4>'), 'the docs page is in the report');
    assert.ok(!run.stdout.includes('rule-xss'), 'only the rules found');
  });
});
