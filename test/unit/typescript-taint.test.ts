import * as assert from 'assert';
import type { RuleSettings } from '../../server/src/engine';
import { engine, readAnnotations } from '../helpers/fixtures';

/** Analyzes `code` as the file `path`; its findings must be exactly its `expect:` lines. */
function check(path: string, code: string, settings: RuleSettings = {}): void {
  const result = engine().analyzeText(path, code, settings);
  assert.deepStrictEqual(result.notices, []);
  const actual = result.findings.map((f) => f.range.start.line + 1);
  const expected = readAnnotations(code)
    .filter((a) => a.kind === 'expect')
    .map((a) => a.line + 1);
  assert.deepStrictEqual(actual, expected, result.findings.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('\n'));
}

// The flow rules of the TypeScript walk, one small file each. The realistic end-to-end cases
// are the fixtures in test/fixtures/rules/sql-injection/typescript.
describe('TypeScript taint walk', () => {
  it('follows closures, array callbacks and loops', () => {
    check(
      'server/routes.ts',
      `import { Router } from 'express';
import { pool } from './db';
const router = Router();
router.get('/orders', async (req, res) => {
  let where = '1 = 1';
  [req.query.tag].flat().forEach((tag) => {
    where += \` AND tag = '\${tag}'\`;
  });
  // expect: sql-injection
  await pool.query(\`SELECT * FROM orders WHERE \${where}\`);
  const ids = String(req.query.ids).split(',').map(Number);
  // ok: sql-injection
  await pool.query(\`SELECT * FROM orders WHERE id IN (\${ids.join(',')})\`);
  for (const id of String(req.query.ids).split(',')) {
    // expect: sql-injection
    await pool.query(\`SELECT * FROM orders WHERE id = \${id}\`);
  }
  let sql = 'SELECT 1';
  let i = 0;
  while (i++ < 2) {
    // expect: sql-injection
    await pool.query(sql);
    sql = \`SELECT * FROM orders WHERE note = '\${req.body.note}'\`;
  }
  let a = 'id';
  let b = 'id';
  let c = 'id';
  for (let k = 0; k < 3; k++) {
    a = b;
    b = c;
    c = req.body.column;
  }
  // expect: sql-injection
  await pool.query(\`SELECT \${a} FROM orders\`);
});
`,
    );
  });

  it('joins branches: if/else, switch, try/catch, ternaries, guards that return', () => {
    check(
      'server/routes.js',
      `const pool = require('./db');
app.get('/orders', async (req, res) => {
  let sql = 'SELECT * FROM orders';
  try {
    sql = \`SELECT * FROM orders WHERE status = '\${req.query.status}'\`;
    JSON.parse(req.query.filter);
  } catch (error) {
    console.error(error);
  }
  // expect: sql-injection
  await pool.query(sql);
  let order = 'created_at';
  if (req.query.sort === 'total') order = 'total';
  else order = 'created_at';
  // ok: sql-injection
  await pool.query(\`SELECT * FROM orders ORDER BY \${order}\`);
  const dir = req.query.dir;
  if (dir !== 'asc' && dir !== 'desc') {
    return res.status(400).end();
  }
  // ok: sql-injection
  await pool.query(\`SELECT * FROM orders ORDER BY id \${dir}\`);
  const limit = req.query.all ? 1000 : Number(req.query.limit);
  // ok: sql-injection
  await pool.query(\`SELECT * FROM orders LIMIT \${limit}\`);
  const kind = req.query.kind;
  switch (kind) {
    default:
      console.warn('unknown kind', kind);
    case 'panel':
      // expect: sql-injection
      await pool.query(\`SELECT * FROM catalog WHERE kind = '\${kind}'\`);
      break;
    case 'inverter':
      // ok: sql-injection
      await pool.query(\`SELECT * FROM catalog WHERE kind = '\${kind}'\`);
  }
  const region = req.query.region;
  // ok: sql-injection
  await pool.query(\`SELECT * FROM installers WHERE region = '\${['north', 'south'].includes(region) ? region : 'north'}'\`);
});
`,
    );
  });

  it('summarizes the functions of the file: what they return from their parameters', () => {
    check(
      'server/customers.ts',
      `import { pool } from './db';
function toId(value: unknown) {
  return Number(value);
}
function quoted(value: string) {
  return "'" + value.replace(/'/g, "''") + "'";
}
const byEmail = (email: string, ...columns: string[]) => \`SELECT \${columns.join(', ')} FROM customers WHERE email = \${quoted(email)}\`;
function depth(n: number, text: string): string {
  return n > 0 ? depth(n - 1, text) : 'SELECT 1';
}
app.post('/customers', async (req, res) => {
  // ok: sql-injection
  await pool.query(\`DELETE FROM customers WHERE id = \${toId(req.body.id)}\`);
  // expect: sql-injection
  await pool.query(\`DELETE FROM customers WHERE email = \${quoted(req.body.email)}\`);
  // expect: sql-injection
  await pool.query(byEmail('a@example.com', req.body.column));
  // ok: sql-injection
  await pool.query(depth(3, req.body.text));
});
`,
    );
  });

  it('function-typed parameters: a function calling one parameter with another reaches the sink passed there', () => {
    check(
      'server/jobs.ts',
      `import { Router } from 'express';
import axios from 'axios';
import * as cp from 'child_process';
import { exec as sh, execFile } from 'child_process';
const router = Router();
function viaCall(send: (u: string) => unknown, url: string) {
  return send.call(null, url);
}
function later(send: (u: string) => unknown, url: string) {
  return new Promise((resolve) => setTimeout(() => resolve(send(url)), 10));
}
function fetchJson(get: (u: string) => unknown, url: string) {
  return viaCall(get, url);
}
function shadowed(exec: (c: string) => void, cmd: string) {
  exec(cmd);
}
function fixedArgument(run: (c: string) => unknown, cmd: string) {
  return run('uptime') && cmd.length;
}
function callsOther(run: (c: string) => unknown, cmd: string, other: string) {
  return run(other) && cmd;
}
function inner(run: (c: string) => unknown, cmd: string) {
  const helper = (run: (c: string) => unknown) => run('date');
  return helper(run) && cmd;
}
function ping(host: string) {
  return cp.execSync('ping -c 1 ' + host);
}
class Jobs {
  static start(launch: (c: string) => unknown, cmd: string) {
    return launch(cmd);
  }
}
router.post('/jobs', async (req, res) => {
  const cmd = String(req.body.cmd);
  // expect: ssrf
  viaCall(axios.get, req.query.url);
  // expect: ssrf
  await later(fetch, req.query.url);
  // expect: ssrf
  fetchJson(axios.post, req.query.url);
  // expect: command-injection
  shadowed(sh, cmd);
  // ok: command-injection
  shadowed(console.debug, cmd);
  // ok: command-injection
  shadowed(execFile, cmd);
  // ok: command-injection
  fixedArgument(cp.exec, cmd);
  // ok: command-injection
  callsOther(cp.exec, cmd, 'uptime');
  // expect: command-injection
  callsOther(cp.exec, 'uptime', cmd);
  // ok: command-injection
  inner(cp.exec, cmd);
  // expect: command-injection
  Jobs.start(ping, cmd);
  // expect: command-injection
  Jobs.start(cp.execSync, cmd);
  const local = (c: string) => c.trim();
  // ok: command-injection
  Jobs.start(local, cmd);
  res.end();
});
`,
    );
    const result = engine().analyzeText('server/probe.ts', `import { Router } from 'express';
const router = Router();
const withRetry = async (send: (u: string) => Promise<Response>, url: string) => {
  return await send(url);
};
router.get('/probe', async (req, res) => {
  res.json(await withRetry(fetch, String(req.query.target)));
});
`, {});
    const [finding] = result.findings;
    assert.strictEqual(finding.message, 'SSRF: request.query.target reaches `fetch` inside `withRetry()` (line 4) through `req.query.target`. Allow only known hosts before fetching.');
    assert.strictEqual(finding.sink, 'fetch');
    assert.deepStrictEqual(finding.sinkLocation, { line: 4, range: { start: { line: 3, character: 15 }, end: { line: 3, character: 24 } } });
    assert.deepStrictEqual(finding.path.map((s) => s.label), ['request.query.target', 'passed to `withRetry()` parameter `url`']);
  });

  it('summaries: a request passed to a helper, a helper that sanitizes for one rule only', () => {
    check(
      'app/api/notes/route.ts',
      `import type { NextRequest } from 'next/server';
import DOMPurify from 'isomorphic-dompurify';
import { pool } from '@/lib/db';
function noteId(req: NextRequest) {
  return req.nextUrl.searchParams.get('id') ?? '';
}
function method(req: NextRequest) {
  return req.method;
}
function cleanHtml(html: string) {
  return DOMPurify.sanitize(html);
}
function pick({ params }: { params: { slug: string } }) {
  return params.slug;
}
export async function GET(request: NextRequest, context: { params: { slug: string } }) {
  // expect: sql-injection
  await pool.query(\`SELECT body FROM notes WHERE id = \${noteId(request)}\`);
  // ok: sql-injection
  await pool.query(\`SELECT body FROM notes WHERE verb = '\${method(request)}'\`);
  // expect: sql-injection
  await pool.query(\`SELECT body FROM notes WHERE slug = '\${pick(context)}'\`);
  const html = cleanHtml(request.nextUrl.searchParams.get('body') ?? '');
  // ok: xss
  const page = new Response(html, { headers: { 'Content-Type': 'text/html' } });
  // expect: sql-injection
  await pool.query(\`INSERT INTO notes (body) VALUES ('\${html}')\`);
  return page;
}
`,
    );
  });

  it('follows a promise into the callback of .then, and out of it', () => {
    check(
      'app/api/carts/route.ts',
      `import { pool } from '@/lib/db';
export async function POST(request: Request) {
  // expect: sql-injection
  await request.json().then((body) => pool.query(\`DELETE FROM carts WHERE id = \${body.id}\`));
  // ok: sql-injection
  await request.json().then((body) => pool.query('DELETE FROM carts WHERE id = ?', [body.id]), (error) => pool.query(\`INSERT INTO errors VALUES ('\${error}')\`));
  const id = await request.text().then((text) => text.trim());
  // expect: sql-injection
  await pool.query(\`DELETE FROM carts WHERE id = \${id}\`);
  const n = await request.text().then((text) => Number(text));
  // ok: sql-injection
  await pool.query(\`DELETE FROM carts WHERE id = \${n}\`);
  return new Response(null, { status: 204 });
}
`,
    );
  });

  it('seeds handler parameters only where the spec places handlers', () => {
    check(
      'app/api/customers/route.ts',
      `import { pool } from '@/lib/db';
async function listCustomers(request: Request) {
  const city = new URL(request.url).searchParams.get('city');
  // expect: sql-injection
  return Response.json(await pool.query(\`SELECT * FROM customers WHERE city = '\${city}'\`));
}
function GET(request: Request) {
  // ok: sql-injection
  return pool.query(\`SELECT * FROM customers WHERE city = '\${request.url}'\`);
}
export async function save(formData: FormData) {
  // ok: sql-injection
  await pool.query(\`INSERT INTO leads (email) VALUES ('\${formData.get('email')}')\`);
}
export { listCustomers as GET };
app.get('/customers', (req, res) => {
  const rows = [1, 2].map((req) => \`id = \${req}\`);
  // ok: sql-injection
  return pool.query(\`SELECT * FROM customers WHERE \${rows.join(' OR ')}\`);
});
`,
    );
    check(
      'pages/api/leads.ts',
      `import { pool } from '../../lib/db';
async function handler(req, res) {
  // expect: sql-injection
  await pool.query('SELECT * FROM leads WHERE source = ' + req.headers['x-source']);
  res.end();
}
export default withSession(handler);
`,
    );
  });

  it('reports nothing for a rule that is turned off', () => {
    check(
      'app/api/orders/route.ts',
      `export async function GET(request) {
  // ok: sql-injection
  return pool.query('SELECT * FROM orders WHERE id = ' + request.nextUrl.searchParams.get('id'));
}
`,
      { 'sql-injection': 'off' },
    );
  });
});
