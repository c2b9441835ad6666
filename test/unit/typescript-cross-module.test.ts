// Cross-module taint in TS/JS: what a module exports (Engine.summarize) and how an importing
// file applies it (imports, requires, aliases, barrels, `.then`), over the multi-file fixture
// projects in test/fixtures/projects/ annotated with `expect:`/`ok:` as the rule fixtures are.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, languageOfPath, type ProjectModules } from '../../server/src/engine';
import { REPO_ROOT, engine, readAnnotations, ruleFixtures, DEPENDENCY_FILE } from '../helpers/fixtures';
import { WorkspaceModules } from '../../server/src/workspace/project-modules';
import { UNGUARDED } from '../helpers/modules';

const PROJECTS = path.join(REPO_ROOT, 'test', 'fixtures', 'projects');

/** The shared provider the CLI and the server use, over the fixture projects, paths as they are. */
function projectModulesFor(e: Engine): ProjectModules {
  const modules = new WorkspaceModules({ engine: e, roots: [PROJECTS], fileOf: (p) => p, pathOf: (f) => f, maxSummariesPerAnalysis: Infinity, limits: UNGUARDED });
  modules.startAnalysis({ rules: {} });
  return modules;
}

function withModules(): Engine {
  const e = new Engine({ catalog: engine().catalog });
  e.projectModules = projectModulesFor(e);
  return e;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return languageOfPath(full) ? [full] : [];
  });
}

function findingLines(e: Engine, file: string): string[] {
  const result = e.analyzeText(file, fs.readFileSync(file, 'utf8'), {}, languageOfPath(file));
  return result.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`).sort();
}

describe('TS/JS cross-module taint: fixture projects', () => {
  for (const project of fs.readdirSync(PROJECTS).sort()) {
    const root = path.join(PROJECTS, project);
    for (const file of sourceFiles(root).sort()) {
      const name = `${project}/${path.relative(root, file).split(path.sep).join('/')}`;
      it(name, () => {
        const annotations = readAnnotations(fs.readFileSync(file, 'utf8'));
        const expected = annotations.filter((a) => a.kind === 'expect').map((a) => `${a.line + 1}: ${a.ruleId}`).sort();
        assert.deepStrictEqual(findingLines(withModules(), file), expected, 'findings (line: rule) differ from the expect: annotations');
      });
    }
  }

  it('without project modules the imported helpers are unknown and their findings go (the fixtures test the cross-module part)', () => {
    const root = path.join(PROJECTS, 'nextjs-cross-module');
    const plain = new Engine({ catalog: engine().catalog });
    for (const file of ['app/api/search/route.ts', 'app/search/page.tsx', 'pages/api/image.ts', 'server.js']) {
      const full = path.join(root, file);
      const expected = readAnnotations(fs.readFileSync(full, 'utf8')).filter((a) => a.kind === 'expect');
      assert.ok(findingLines(plain, full).length < expected.length, `${file}: some expect: lines need the imported summaries`);
    }
  });

  it('the trace says which function of which module the data came from', () => {
    const file = path.join(PROJECTS, 'nextjs-cross-module', 'app/api/search/route.ts');
    const result = withModules().analyzeText(file, fs.readFileSync(file, 'utf8'), {}, 'typescript');
    const first = result.findings.find((f) => f.range.start.line === 11)!;
    assert.match(first.message, /request\.nextUrl\.searchParams\.get\('q'\) reaches `pool\.query`/);
    const steps = first.path.map((s) => s.label);
    assert.ok(steps.includes("returned by `getSearchTerm()` (lib/request.ts line 5 reads request.nextUrl.searchParams.get('q'))"), steps.join('\n'));
    const built = result.findings.find((f) => f.range.start.line === 13)!;
    assert.ok(built.path.some((s) => s.label === 'returned by `buildSearchQuery()` (lib/sql.ts)'), built.path.map((s) => s.label).join('\n'));
  });
});

describe('TS/JS cross-module taint: module summaries (Engine.summarize)', () => {
  const summarize = (file: string, text: string) => engine().summarize(file, text, { rules: {} })!;

  it('summarizes ESM exports: declarations, arrow functions, default exports, export lists; leaves out what returns nothing tainted', () => {
    const summary = summarize(
      'lib/queries.ts',
      `import type { Request } from 'express';
import escapeHtml from 'escape-html';
export function byName(name: string) { return \`SELECT * FROM users WHERE name = '\${name}'\`; }
export const columns = async (...names: string[]) => names.join(', ');
export default function (req: Request) { return req.query.q; }
function local(a: string, b: string) { return b; }
const safe = (html: string) => escapeHtml(html);
export { local as second, safe };
export function constant(_x: string) { return 'SELECT 1'; }
export const LIMIT = 20;
`,
    );
    assert.deepStrictEqual(summary.functions, {
      byName: { params: [{ index: 0, name: 'name' }], sources: [] },
      columns: { params: [{ index: 0, name: 'names', rest: true }], sources: [] },
      // Per role a request-like argument may have: an Express or Next.js request, a Koa context.
      default: { params: [{ index: 0, name: 'req', roles: { 'koa-context': [{ label: 'ctx.query.q', line: 5 }], request: [{ label: 'request.query.q', line: 5 }] } }], sources: [] },
      second: { params: [{ index: 1, name: 'b' }], sources: [] },
      safe: { params: [{ index: 0, name: 'html', cleared: ['xss'] }], sources: [] },
    });
    assert.strictEqual(summary.reexports, undefined);
  });

  it('reads request members through a parameter only when it may be a request: not one declared a string, number or literal union', () => {
    const summary = summarize(
      'lib/params.ts',
      `export function fromAny(input) { return input.query.q; }
export function fromString(input: string) { return (input as any).query.q; }
export function fromIds(input: number[] | undefined) { return (input as any).query.q; }
export function fromOrder(input: 'asc' | 'desc') { return (input as any).query.q; }
`,
    );
    assert.ok(summary.functions.fromAny.params[0].roles?.request, JSON.stringify(summary.functions.fromAny));
    for (const name of ['fromString', 'fromIds', 'fromOrder']) assert.deepStrictEqual(summary.functions[name].params, [{ index: 0, name: 'input' }], name);
  });

  it('walks a parameter once for all roles when no role tells itself apart there, per role where one does', () => {
    const POST_MESSAGE_CLEARED = ['command-injection', 'path-traversal', 'sql-injection', 'ssrf'];
    const summary = summarize(
      'lib/roles.ts',
      `export function title(doc) { return doc.title; }
export function payload(e) { return e.data; }
export function search(ctx) { const request = ctx.request; return request.query.q; }
export function relay(x) { return payload(x); }
export function either(r, e) { return [r.title, e.data]; }
`,
    );
    assert.deepStrictEqual(summary.functions, {
      title: { params: [{ index: 0, name: 'doc' }], sources: [] },
      // `data` is a source of a DOM event only; Koa's `ctx.request` is a request.
      payload: { params: [{ index: 0, name: 'e', roles: { 'dom-event': [{ label: 'event.data (postMessage)', line: 2, cleared: POST_MESSAGE_CLEARED }] } }], sources: [] },
      search: { params: [{ index: 0, name: 'ctx', roles: { 'koa-context': [{ label: 'request.query.q', line: 3 }] } }], sources: [] },
      relay: { params: [{ index: 0, name: 'x', roles: { 'dom-event': [{ label: 'event.data (postMessage)', line: 2, cleared: POST_MESSAGE_CLEARED }] } }], sources: [] },
      either: { params: [{ index: 0, name: 'r' }, { index: 1, name: 'e', roles: { 'dom-event': [{ label: 'event.data (postMessage)', line: 5, cleared: POST_MESSAGE_CLEARED }] } }], sources: [] },
    });
  });

  it('names the functions of exported objects and the static methods of exported classes `object.member`, their instance methods `Class.prototype.member`', () => {
    const summary = summarize(
      'lib/repo.ts',
      `export const users = { byName(n: string) { return n; }, count: () => 1, echo: (s: string) => s };
export class Orders {
  static search(term: string) { return term; }
  search(term: string) { return term; }
}
export default { tag: (t: string) => t };
`,
    );
    assert.deepStrictEqual(Object.keys(summary.functions).sort(), ['Orders.prototype.search', 'Orders.search', 'default.tag', 'users.byName', 'users.echo']);
  });

  it('summarizes own sources and re-exports (named, renamed, `export *`)', () => {
    const summary = summarize(
      'lib/index.ts',
      `import { cookies } from 'next/headers';
export { query, default as run } from './db';
export * from './urls';
export type { Row } from './types';
export const theme = () => location.hash;
export function session() { return process.env.SESSION_SECRET; }
`,
    );
    assert.deepStrictEqual(summary.reexports, { query: ['./db', 'query'], run: ['./db', 'default'], '*./urls': ['./urls', '*'] });
    assert.deepStrictEqual(Object.keys(summary.functions), ['theme']);
    assert.deepStrictEqual(summary.functions.theme.sources, [{ label: 'location.hash', line: 5, cleared: ['command-injection', 'path-traversal', 'sql-injection', 'ssrf'] }]);
  });

  it('summarizes CommonJS: module.exports objects and functions, exports.f, a re-exported require', () => {
    const objects = summarize('lib/sql.js', `function byName(n) { return 'SELECT ' + n; }\nmodule.exports = { byName, byId: (id) => 'SELECT ' + id, count() { return 'SELECT 1'; }, echo(x) { return x; } };\nexports.tag = function (t) { return t; };\nmodule.exports.deep = { nested: (x) => x };\n`);
    assert.deepStrictEqual(Object.keys(objects.functions).sort(), ['byId', 'byName', 'echo', 'tag']);
    const single = summarize('lib/build.js', `module.exports = function build(q) { return q; };\n`);
    assert.deepStrictEqual(Object.keys(single.functions), ['default']);
    const barrel = summarize('lib/index.js', `module.exports = require('./sql');\n`);
    assert.deepStrictEqual(barrel.reexports, { '*./sql': ['./sql', '*'] });
  });

  it('keeps the parameters that reach a sink: sanitizers and sink conditions respected, URL sinks marked, through calls here and to other modules', () => {
    const db = { functions: { runQuery: { params: [], sources: [], sinks: [{ param: 0, name: 'sql', ruleId: 'sql-injection', sink: '`pool.query`', line: 7 }] } } };
    const e = new Engine({ catalog: engine().catalog, projectModules: { resolve: (_from, specifier) => (specifier === './db' ? { path: 'lib/db.ts', summary: db } : undefined) } });
    const summary = e.summarize(
      'lib/products.ts',
      `import { spawn } from 'child_process';
import mysql from 'mysql2/promise';
import { runQuery } from './db';
const pool = mysql.createPool({});
export async function find(term: string, limit: number) { return pool.query(\`SELECT * FROM p WHERE t = '\${term}' LIMIT \${Number(limit)}\`); }
export function run(cmd: string) { spawn(cmd, { shell: false }); }
export function runShell(label: string, cmd: string) { spawn(cmd, { shell: true }); }
export function get(url: string) { return fetch(url); }
export function getPath(p: string) { return fetch(\`https://api.example.com/\${p}\`); }
function list(t: string) { find(t, 1); }
export const listAll = (...terms: string[]) => { for (const t of terms) list(t); };
export function raw(where: string) { runQuery(\`SELECT * FROM p WHERE \${where}\`); }
`,
      { rules: {} },
    )!;
    const sinks = Object.fromEntries(Object.entries(summary.functions).map(([name, fn]) => [name, fn.sinks]));
    assert.deepStrictEqual(sinks, {
      find: [{ param: 0, name: 'term', ruleId: 'sql-injection', sink: '`pool.query`', line: 5 }],
      runShell: [{ param: 1, name: 'cmd', ruleId: 'command-injection', sink: '`spawn`', line: 7 }],
      get: [{ param: 0, name: 'url', ruleId: 'ssrf', sink: '`fetch`', line: 8, originOnly: true }],
      listAll: [{ param: 0, name: 'terms', rest: true, ruleId: 'sql-injection', sink: '`pool.query`', line: 5 }],
      raw: [{ param: 0, name: 'where', ruleId: 'sql-injection', sink: '`pool.query`', line: 7, path: 'lib/db.ts' }],
    });
    assert.deepStrictEqual(summary.functions.find.params, []);
  });

  it('a file that does not parse or has no exports gives an empty summary, never an error', () => {
    assert.deepStrictEqual(summarize('lib/broken.ts', 'export function (((\n'), { functions: {} });
    assert.deepStrictEqual(summarize('lib/none.ts', 'const a = 1;\n'), { functions: {} });
    for (const fixture of ruleFixtures().filter((f) => f.languageId !== 'python' && f.languageId !== DEPENDENCY_FILE)) {
      for (const text of [fixture.text, fixture.text.slice(0, fixture.text.length >> 1), fixture.text.slice(fixture.text.length >> 2)]) {
        const summary = summarize(fixture.name, text);
        assert.ok(summary && typeof summary.functions === 'object', fixture.name);
      }
    }
  });
});

describe('TS/JS cross-module taint: what the importing file does with a provider', () => {
  const ROUTE = `import express from 'express';
import { byName } from './sql';
import build from './build';
import * as db from './db';
const app = express();
app.get('/u', (req, res) => {
  db.pool.query(byName(req.query.name));
  db.pool.query(build(req.query.q));
  db.pool.query(db.clause(req.query.r));
  db.pool.query(db.clause(byName(req.query.s)));
});
`;
  const sqlLines = (e: Engine) => e.analyzeText('src/server.ts', ROUTE, {}).findings.filter((f) => f.ruleId === 'sql-injection').map((f) => f.range.start.line + 1);
  const summary = { functions: { byName: { params: [{ index: 0, name: 'n' }], sources: [] }, default: { params: [{ index: 0, name: 'q' }], sources: [] }, clause: { params: [{ index: 0, name: 'r' }], sources: [] } } };

  it('asks the provider once per module, with the specifier as written (packages too: only it knows)', () => {
    const asked: string[] = [];
    const e = new Engine({ catalog: engine().catalog, projectModules: { resolve: (from, specifier, language) => (asked.push(`${from} ${specifier} ${language}`), { path: `src/${specifier.slice(2)}.ts`, summary }) } });
    assert.deepStrictEqual(sqlLines(e), [7, 8, 9, 10]);
    assert.deepStrictEqual(asked, ['src/server.ts express typescript', 'src/server.ts ./sql typescript', 'src/server.ts ./build typescript', 'src/server.ts ./db typescript']);
  });

  it('a provider that throws or knows nothing leaves the calls unknown (no findings through them, no error)', () => {
    const throwing = new Engine({ catalog: engine().catalog, projectModules: { resolve: () => { throw new Error('disk on fire'); } } });
    assert.deepStrictEqual(throwing.analyzeText('src/server.ts', ROUTE, {}).notices, []);
    assert.deepStrictEqual(sqlLines(throwing), []);
    assert.deepStrictEqual(sqlLines(new Engine({ catalog: engine().catalog, projectModules: { resolve: () => undefined } })), []);
  });

  it('reports request data passed to a parameter that reaches a sink at the argument, once per call, naming the sink and where it is', () => {
    const products = {
      functions: {
        findProducts: { params: [], sources: [], line: 4, sinks: [{ param: 0, name: 'term', ruleId: 'sql-injection', sink: '`pool.query`', line: 5 }] },
        fetchPage: { params: [], sources: [], sinks: [{ param: 1, name: 'url', ruleId: 'ssrf', sink: '`fetch`', line: 12, originOnly: true }] },
        runAll: { params: [], sources: [], sinks: [{ param: 0, name: 'commands', rest: true, ruleId: 'command-injection', sink: '`exec`', line: 3, path: '/app/lib/shell.ts' }] },
      },
    };
    const e = new Engine({ catalog: engine().catalog, projectModules: { resolve: () => ({ path: '/app/lib/products.ts', summary: products }) } });
    const text = `import type { NextRequest } from 'next/server';
import { fetchPage, findProducts, runAll } from '@/lib/products';
export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q') ?? '';
  for (const page of [1, 2]) await findProducts(q, page);
  await findProducts('featured');
  await fetchPage(1, q);
  await fetchPage(2, \`https://api.example.com/items?q=\${q}\`);
  await runAll('uptime', q);
  return Response.json({});
}
`;
    const findings = e.analyzeText('/app/app/api/products/route.ts', text, {}).findings;
    assert.deepStrictEqual(
      findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character} ${f.ruleId} ${f.confidence}`),
      ['5:48 sql-injection high', '7:21 ssrf high', '9:25 command-injection high'],
    );
    const [sql, , command] = findings;
    assert.strictEqual(sql.message, "SQL injection: request.nextUrl.searchParams.get('q') reaches `pool.query` inside `findProducts()` (lib/products.ts line 5) through `q`. Pass it as a bound parameter instead of building the query text.");
    assert.deepStrictEqual(sql.path.map((s) => `${s.range.start.line + 1} ${s.label}`), [
      "4 request.nextUrl.searchParams.get('q')",
      '4 assigned to `q`',
      '5 passed to `findProducts()` parameter `term`',
    ]);
    assert.strictEqual(sql.sink, 'pool.query');
    // The path ends at the sink itself, in the other module (reports show it there).
    assert.deepStrictEqual(sql.sinkLocation, { path: 'lib/products.ts', line: 5 });
    assert.ok(sql.fixes.every((f) => /^Ignore/.test(f.title)), 'only the ignore fixes at the call site');
    assert.match(command.message, /reaches `exec` inside `runAll\(\)` \(lib\/shell\.ts line 3\)/);
  });

  it('exports function-typed parameters (a parameter called with another one) and applies them to an importer passing a sink', () => {
    const summary = engine().summarize(
      'lib/http.ts',
      `export async function withRetry(send: (u: string) => Promise<unknown>, url: string, attempts = 3) {
  for (let i = 0; ; i++) {
    try {
      return await send(url);
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}
export const always = (send: (u: string) => unknown, url: string) => {
  console.debug('checking', url.length);
  return send('https://status.example.com');
};
`,
      { rules: {} },
    )!;
    assert.deepStrictEqual(summary.functions.withRetry.paramCalls, [{ param: 0, arg: 0, from: 1, fromName: 'url', line: 4 }]);
    assert.strictEqual(summary.functions.always, undefined);
    const e = new Engine({ catalog: engine().catalog, projectModules: { resolve: (_from, specifier) => (specifier === '@/lib/http' ? { path: '/app/lib/http.ts', summary } : undefined) } });
    const text = `import axios from 'axios';
import type { NextRequest } from 'next/server';
import { withRetry } from '@/lib/http';
export async function GET(request: NextRequest) {
  const target = request.nextUrl.searchParams.get('target') ?? '';
  await withRetry(axios.get, target);
  await withRetry(encodeURIComponent, target);
  await withRetry(fetch, 'https://status.example.com');
  return Response.json({});
}
`;
    const findings = e.analyzeText('/app/app/api/probe/route.ts', text, {}).findings;
    assert.deepStrictEqual(findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['6 ssrf']);
    assert.match(findings[0].message, /reaches `axios\.get` inside `withRetry\(\)` \(lib\/http\.ts line 4\)/);
    assert.deepStrictEqual(findings[0].sinkLocation, { path: 'lib/http.ts', line: 4 });
  });

  it('follows re-export chains but not cycles', () => {
    const modules: Record<string, { functions: object; reexports?: Record<string, [string, string]> }> = {
      './sql': { functions: {}, reexports: { '*./a': ['./a', '*'] } },
      './a': { functions: {}, reexports: { byName: ['./b', 'byNameImpl'] } },
      './b': { functions: { byNameImpl: summary.functions.byName } },
      './build': { functions: {}, reexports: { default: ['./build', 'default'] } },
      './db': { functions: {}, reexports: { '*./db': ['./db', '*'] } },
    };
    const e = new Engine({ catalog: engine().catalog, projectModules: { resolve: (_from, specifier) => modules[specifier] && { path: specifier, summary: modules[specifier] as never } } });
    assert.deepStrictEqual(sqlLines(e), [7]);
  });
});
