import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeActionParams, CreateFile, TextDocumentEdit } from 'vscode-languageserver/node';
import { applyPreferredFixes, applyTextEdits, Engine, type Finding, type Fix } from '../../../server/src/engine';
import { codeActions } from '../../../server/src/lsp/code-action';
import { toDiagnostic } from '../../../server/src/lsp/diagnostics';
import { removeProjects, runBuiltCli, tempProject } from '../../cli/helpers';
import { APPS_DIR } from './helpers';

// The security-headers fixes with the project's files known (ProjectFiles): Next.js gets the
// nonce policy in ONE place (a created or completed middleware) and pages rendering per request;
// Express gets helmet with helmet in package.json. Behaviour proofs: next-csp-hydration.test.ts
// (Chromium) and express-helmet.test.ts (a served page).

const app = (name: string, file: string) => fs.readFileSync(path.join(APPS_DIR, name, file), 'utf8');
const LAYOUT = app('next-shop', 'app/layout.tsx');
const NEXT_CONFIG = app('next-shop', 'next.config.js');
const MIDDLEWARE = `// Sends visitors without a session to the login page.
import { NextResponse, type NextRequest } from 'next/server';

export function middleware(request: NextRequest) {
  if (!request.cookies.get('session')) {
    return NextResponse.redirect(new URL('/login', request.url));
  }
  // expect: missing-security-headers
  return NextResponse.next();
}
`;

/** An engine over an in-memory project: path → text. */
function engineOver(files: Record<string, string>): Engine {
  return new Engine({ projectFiles: { read: (p) => files[p] } });
}

function headersFindings(engine: Engine, file: string, text: string): Finding[] {
  return engine.analyzeText(file, text, {}).findings.filter((f) => f.ruleId === 'missing-security-headers');
}

function rewrite(finding: Finding | undefined): Fix | undefined {
  return finding?.fixes.find((f) => f.kind === 'rewrite');
}

function parses(engine: Engine, file: string, text: string): boolean {
  return engine.parses(file.endsWith('.js') ? 'javascript' : file.endsWith('.tsx') ? 'typescriptreact' : 'typescript', text, file);
}

describe('security-headers fixes with the project files known', () => {
  after(removeProjects);

  describe('Next.js: the nonce policy in one place', () => {
    it('next.config without a middleware: creates middleware.ts, makes the root layout dynamic, points next.config at it', () => {
      const files = { 'shop/next.config.js': NEXT_CONFIG, 'shop/tsconfig.json': '{}', 'shop/app/layout.tsx': LAYOUT };
      const engine = engineOver(files);
      const [finding] = headersFindings(engine, 'shop/next.config.js', NEXT_CONFIG);
      const fix = rewrite(finding)!;
      assert.strictEqual(fix.title, 'Add a Content-Security-Policy with a nonce (creates middleware.ts)');
      assert.strictEqual(fix.isPreferred, true);
      const config = applyTextEdits(NEXT_CONFIG, fix.edits);
      assert.doesNotMatch(config, /headers\(\)|script-src/, 'no policy in next.config: one place only');
      assert.deepStrictEqual(headersFindings(engine, 'shop/next.config.js', config), [], 'the finding is gone');
      const [middleware, layout] = fix.files!;
      assert.deepStrictEqual([middleware.path, middleware.create, layout.path, layout.create], ['shop/middleware.ts', true, 'shop/app/layout.tsx', undefined]);
      const created = applyTextEdits('', middleware.edits);
      assert.ok(parses(engine, 'shop/middleware.ts', created), created);
      assert.match(created, /script-src 'self' 'nonce-\$\{nonce\}' 'strict-dynamic'/);
      assert.match(created, /requestHeaders\.set\('x-nonce', nonce\)/);
      assert.match(created, /NextResponse\.next\(\{ request: \{ headers: requestHeaders \} \}\)/);
      assert.deepStrictEqual(headersFindings(engine, 'shop/middleware.ts', created), [], 'the created middleware is clean');
      const newLayout = applyTextEdits(LAYOUT, layout.edits);
      assert.match(newLayout, /^import type \{ ReactNode \} from 'react';\n\n\/\/ Pages render per request[^\n]*\nexport const dynamic = 'force-dynamic';\n\nexport const metadata/);
      assert.ok(parses(engine, 'shop/app/layout.tsx', newLayout));
    });

    it('a JavaScript project gets middleware.js without types; src/app layouts are found', () => {
      const files = { 'next.config.js': NEXT_CONFIG, 'src/app/layout.js': "export default function RootLayout({ children }) {\n  return children;\n}\n" };
      const fix = rewrite(headersFindings(engineOver(files), 'next.config.js', NEXT_CONFIG)[0])!;
      assert.strictEqual(fix.files![0].path, 'middleware.js');
      const created = applyTextEdits('', fix.files![0].edits);
      assert.doesNotMatch(created, /NextRequest|: \{ headers: Headers \}/);
      assert.ok(parses(engineOver({}), 'middleware.js', created), created);
      assert.strictEqual(fix.files![1].path, 'src/app/layout.js');
      assert.match(applyTextEdits(files['src/app/layout.js'], fix.files![1].edits), /^\/\/ Pages render per request[^\n]*\nexport const dynamic = 'force-dynamic';\n\nexport default/);
    });

    it('an existing middleware is completed, not replaced; one it cannot merge into safely gets no fix from next.config', () => {
      const files: Record<string, string> = { 'next.config.js': NEXT_CONFIG, 'app/layout.tsx': LAYOUT, 'middleware.ts': MIDDLEWARE };
      const fix = rewrite(headersFindings(engineOver(files), 'next.config.js', NEXT_CONFIG)[0])!;
      assert.strictEqual(fix.title, 'Add a Content-Security-Policy with a nonce');
      const [merge] = fix.files!;
      assert.deepStrictEqual([merge.path, merge.create], ['middleware.ts', undefined]);
      const merged = applyTextEdits(MIDDLEWARE, merge.edits);
      assert.match(merged, /return NextResponse\.redirect/, 'the redirect stays');
      assert.match(merged, /const \{ policy, requestHeaders \} = contentSecurityPolicy\(request\);/);
      assert.ok(parses(engineOver({}), 'middleware.ts', merged), merged);
      files['middleware.ts'] = MIDDLEWARE.replace('NextResponse.next()', 'NextResponse.next({ headers: { "x-shop": "1" } })');
      assert.strictEqual(rewrite(headersFindings(engineOver(files), 'next.config.js', NEXT_CONFIG)[0]), undefined);
    });

    it("the middleware's own finding: merged with the layout made dynamic (preferred); a call with arguments gets the helper only, not preferred", () => {
      const engine = engineOver({ 'app/layout.tsx': LAYOUT });
      const fix = rewrite(headersFindings(engine, 'middleware.ts', MIDDLEWARE)[0])!;
      assert.strictEqual(fix.isPreferred, true);
      assert.deepStrictEqual(fix.files!.map((f) => f.path), ['app/layout.tsx']);
      const merged = applyTextEdits(MIDDLEWARE, fix.edits);
      assert.deepStrictEqual(headersFindings(engine, 'middleware.ts', merged), []);
      const withArgs = MIDDLEWARE.replace('NextResponse.next()', 'NextResponse.next({ request: { headers: request.headers } })');
      const helper = rewrite(headersFindings(engine, 'middleware.ts', withArgs)[0])!;
      assert.strictEqual(helper.isPreferred, false);
      assert.match(helper.title, /by hand/);
      assert.ok(parses(engine, 'middleware.ts', applyTextEdits(withArgs, helper.edits)));
    });

    it('not preferred when pages cannot be made to render per request: no App Router layout, or a layout that chose another `dynamic`', () => {
      for (const files of [{ 'next.config.js': NEXT_CONFIG, 'pages/index.tsx': 'export default () => null;\n' }, { 'next.config.js': NEXT_CONFIG, 'app/layout.tsx': `export const dynamic = 'force-static';\n${LAYOUT}` }] as Record<string, string>[]) {
        const fix = rewrite(headersFindings(engineOver(files), 'next.config.js', NEXT_CONFIG)[0])!;
        assert.strictEqual(fix.isPreferred, false);
        assert.match(fix.title, /render per request yourself/);
      }
      // A layout already dynamic needs no edit.
      const already = rewrite(headersFindings(engineOver({ 'app/layout.tsx': `export const dynamic = 'force-dynamic';\n${LAYOUT}` }), 'next.config.js', NEXT_CONFIG)[0])!;
      assert.strictEqual(already.isPreferred, true);
      assert.deepStrictEqual(already.files!.map((f) => f.path), ['middleware.js']);
    });

    it('without the project files (an embedder that gives none) next.config gets no fix: whether a middleware exists is unknown', () => {
      assert.strictEqual(rewrite(headersFindings(new Engine(), 'next.config.js', NEXT_CONFIG)[0]), undefined);
    });

    it('fix-all (on save) leaves fixes that change other files to the lightbulb and the CLI', () => {
      const engine = engineOver({ 'app/layout.tsx': LAYOUT });
      const result = applyPreferredFixes(NEXT_CONFIG, (text) => engine.analyzeText('next.config.js', text, {}).findings, () => true);
      assert.deepStrictEqual(result, { text: NEXT_CONFIG, applied: 0 });
    });
  });

  describe('Express: helmet, and helmet in package.json', () => {
    const SERVER = app('express-shop', 'server.js');
    const PACKAGE = app('express-shop', 'package.json');

    it('adds helmet to the nearest package.json when it lacks it, and says so', () => {
      const engine = engineOver({ 'shop/package.json': PACKAGE });
      const fix = rewrite(headersFindings(engine, 'shop/src/server.js', SERVER)[0])!;
      assert.strictEqual(fix.title, 'Add a Content-Security-Policy with helmet (adds helmet)');
      assert.strictEqual(fix.isPreferred, true);
      assert.strictEqual(fix.files![0].path, 'shop/package.json');
      const manifest = JSON.parse(applyTextEdits(PACKAGE, fix.files![0].edits));
      assert.strictEqual(manifest.dependencies.helmet, '^8.0.0');
      assert.strictEqual(manifest.dependencies.express, JSON.parse(PACKAGE).dependencies.express, 'the rest is kept');
      assert.match(applyTextEdits(SERVER, fix.edits), /const helmet = require\('helmet'\);[\s\S]*app\.use\(helmet\(\)\);/);
    });

    it('a package.json with helmet is left alone; without a package.json the fix is not preferred and says what to do', () => {
      const withHelmet = PACKAGE.replace('"dependencies": {', '"dependencies": {\n    "helmet": "^8.1.0",');
      const fix = rewrite(headersFindings(engineOver({ 'package.json': withHelmet }), 'server.js', SERVER)[0])!;
      assert.deepStrictEqual([fix.title, fix.isPreferred, fix.files], ['Add a Content-Security-Policy with helmet', true, undefined]);
      const lone = rewrite(headersFindings(engineOver({}), 'server.js', SERVER)[0])!;
      assert.strictEqual(lone.isPreferred, false);
      assert.match(lone.title, /add helmet to your dependencies/);
    });
  });

  describe('front ends', () => {
    it('vigil scan --fix creates the middleware, edits the layout and package.json; --fix-dry-run shows them as diffs', () => {
      const root = tempProject({
        'web/next.config.js': NEXT_CONFIG,
        'web/tsconfig.json': '{}',
        'web/app/layout.tsx': LAYOUT,
        'api/package.json': app('express-shop', 'package.json'),
        'api/server.js': app('express-shop', 'server.js'),
      });
      const dry = runBuiltCli(['scan', '.', '--fix-dry-run', '--fail-on', 'none'], root);
      assert.match(dry.stdout, /--- a\/web\/middleware\.ts\n\+\+\+ b\/web\/middleware\.ts\n@@ -0,0 \+1,\d+ @@/);
      assert.match(dry.stdout, /\+\+\+ b\/api\/package\.json[\s\S]*\+\s+"helmet": "\^8\.0\.0"/);
      assert.ok(!fs.existsSync(path.join(root, 'web', 'middleware.ts')), 'dry run writes nothing');
      const run = runBuiltCli(['scan', '.', '--fix', '--fail-on', 'none'], root);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(fs.readFileSync(path.join(root, 'web', 'middleware.ts'), 'utf8'), /'strict-dynamic'/);
      assert.match(fs.readFileSync(path.join(root, 'web', 'app', 'layout.tsx'), 'utf8'), /force-dynamic/);
      assert.strictEqual(JSON.parse(fs.readFileSync(path.join(root, 'api', 'package.json'), 'utf8')).dependencies.helmet, '^8.0.0');
      assert.doesNotMatch(run.stdout, /missing-security-headers/, 'nothing left of the rule after --fix');
    });

    it('the language server sends a created file as CreateFile then its text, and leaves such fixes out for clients that cannot create files', () => {
      const engine = engineOver({ '/w/app/layout.tsx': LAYOUT });
      const [finding] = headersFindings(engine, '/w/next.config.js', NEXT_CONFIG);
      const uri = 'file:///w/next.config.js';
      const diagnostic = toDiagnostic(finding, uri, 3, engine.catalog);
      const params = { textDocument: { uri }, range: finding.range, context: { diagnostics: [diagnostic] } } as CodeActionParams;
      const uriOf = (p: string) => `file://${p}`;
      const actions = codeActions(params, { version: 3, documentChanges: true, createFiles: true, uriOf });
      const action = actions.find((a) => a.title.startsWith('Add a Content-Security-Policy'))!;
      assert.strictEqual(action.isPreferred, true);
      const changes = action.edit!.documentChanges!;
      assert.deepStrictEqual((changes[1] as CreateFile), { kind: 'create', uri: 'file:///w/middleware.js', options: { overwrite: false, ignoreIfExists: false } });
      assert.strictEqual((changes[2] as TextDocumentEdit).textDocument.uri, 'file:///w/middleware.js');
      assert.strictEqual((changes[3] as TextDocumentEdit).textDocument.uri, 'file:///w/app/layout.tsx');
      const without = codeActions(params, { version: 3, documentChanges: true, createFiles: false, uriOf });
      assert.ok(!without.some((a) => a.title.startsWith('Add a Content-Security-Policy')));
      assert.ok(without.some((a) => a.title.startsWith('Ignore')), 'the ignore fixes stay');
    });
  });
});
