import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Engine, LineIndex, type AnalysisResult, type ContentChange, type Range } from '../../server/src/engine';
import { applyContentChanges } from '../../server/src/engine/text/edits';
import { hasSyntaxErrors, parse } from '../../server/src/engine/typescript/parser';
import { REPO_ROOT, engine } from '../helpers/fixtures';

const at = (line: number, character: number, endLine = line, endCharacter = character): Range => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

const ROUTE = `import { NextRequest, NextResponse } from 'next/server';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function GET(request: NextRequest) {
  const status = request.nextUrl.searchParams.get('status') ?? 'open';
  const [rows] = await pool.query(\`SELECT id, total FROM orders WHERE status = '\${status}'\`);
  return NextResponse.json(rows);
}

export async function POST(request: NextRequest) {
  const body = await request.json();
  await pool.execute('INSERT INTO orders (customer_email) VALUES (?)', [body.email]);
  return NextResponse.json({ ok: true });
}
`;

/** The range of `needle` in `text` (searching from `from`). */
function rangeOf(text: string, needle: string, from = 0): Range {
  const index = new LineIndex(text);
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `"${needle}" not found`);
  return index.rangeAt(start, start + needle.length);
}

/** The parts of a result that must not depend on how the tree was obtained. */
function summary(result: AnalysisResult): string {
  return JSON.stringify({ findings: result.findings, notices: result.notices.map((n) => n.kind) });
}

describe('TypeScript backend: incremental parsing', () => {
  it('gives after every edit the same result as analyzing the edited text from scratch', () => {
    const e = engine();
    const uri = 'file:///shop/app/api/orders/route.ts';
    const file = 'app/api/orders/route.ts';
    e.open(uri, 'typescript', ROUTE, 1, file);
    // Each step computes its changes from the current text (LSP ranges refer to it).
    const steps: ((text: string) => ContentChange[])[] = [
      // typing a new tainted query, one character at a time
      ...[...'  await pool.query(`DELETE FROM carts WHERE email = ${body.email}`);\n'].map((ch, i) => () => [{ range: at(13, i), text: ch }]),
      // fixing it by hand: a parameterized call instead of the template
      (text) => [{ range: rangeOf(text, '`DELETE FROM carts WHERE email = ${body.email}`'), text: "'DELETE FROM carts WHERE email = ?', [body.email]" }],
      // a sanitizer around the value in GET: two changes in one event
      (text) => {
        const value = rangeOf(text, "request.nextUrl.searchParams.get('status')");
        return [
          { range: at(value.end.line, value.end.character), text: ')' },
          { range: at(value.start.line, value.start.character), text: 'Number(' },
        ];
      },
      // a full-text change (no range) back to the start
      () => [{ text: ROUTE }],
      // broken syntax mid-edit, then repaired
      (text) => [{ range: rangeOf(text, '}\n\nexport async function POST'), text: '\n\nexport async function POST' }],
      (text) => [{ range: rangeOf(text, '\n\nexport async function POST'), text: '}\n\nexport async function POST' }],
      // delete the whole POST handler, then paste it back
      (text) => [{ range: rangeOf(text, ROUTE.slice(ROUTE.indexOf('export async function POST'))), text: '' }],
      (text) => [{ range: rangeOf(text, '', text.length), text: ROUTE.slice(ROUTE.indexOf('export async function POST')) }],
      // several changes in one event, each relative to the text after the previous one
      (text) => [{ range: rangeOf(text, '[rows]'), text: '[result]' }],
      (text) => [
        { range: rangeOf(text, 'json(rows)'), text: 'json(result)' },
        { range: at(0, 0), text: '// Orders API\n' },
      ],
    ];
    let version = 1;
    for (const [index, step] of steps.entries()) {
      assert.ok(e.change(uri, ++version, step(e.text(uri)!)));
      const incremental = e.analyze(uri);
      const fresh = e.analyzeText(file, e.text(uri)!, {}, 'typescript');
      assert.strictEqual(summary(incremental), summary(fresh), `edit ${index} differs from a fresh analysis:\n${e.text(uri)}`);
    }
    assert.strictEqual(e.analyze(uri).findings.length, 1, 'the final text keeps the GET injection only');
    e.close(uri);
  });

  it('takes a burst of edits (several versions, one analysis) as one update that still reuses untouched nodes', () => {
    const first = parse(ROUTE, 'route.ts');
    const importNode = first.statements[0];
    let text = ROUTE;
    const edits = [];
    for (const [needle, by] of [["'open'", "'paid'"], ["'paid'", "'paid2'"], ["'paid2'", "'shipped'"]]) {
      const next = applyContentChanges(text, [{ range: rangeOf(text, needle), text: by }]);
      text = next.text;
      edits.push(...next.edits);
    }
    const second = parse(text, 'route.ts', { tree: first, edits });
    assert.strictEqual(second.text, text);
    assert.strictEqual(second.statements[0], importNode, 'an incremental update, not a parse from scratch');
    assert.ok(!hasSyntaxErrors(second));
  });

  it('updates the previous tree, reusing the nodes the edit did not touch', () => {
    const first = parse(ROUTE, 'route.ts');
    const importNode = first.statements[0];
    const { text, edits } = applyContentChanges(ROUTE, [{ range: rangeOf(ROUTE, "'open'"), text: "'paid'" }]);
    const second = parse(text, 'route.ts', { tree: first, edits });
    assert.strictEqual(second.text, text);
    assert.strictEqual(second.statements[0], importNode, 'the import statement node is reused');
    assert.ok(!hasSyntaxErrors(second));
  });

  it('keeps updating incrementally through the keystroke that repairs the statement being typed', () => {
    // Typing `Number(` breaks the statement at the cursor; the `)` that closes it repairs it. The
    // errors were all where the cursor is, so the repaired tree is the updated one, its untouched
    // statements the previous tree's nodes (their cached results hold), not a parse from scratch.
    let tree = parse(ROUTE, 'route.ts');
    const importNode = tree.statements[0];
    let text = ROUTE;
    const type = (needle: string, insert: string) => {
      const next = applyContentChanges(text, [{ range: rangeOf(text, needle), text: insert }]);
      text = next.text;
      tree = parse(text, 'route.ts', { tree, edits: next.edits });
      assert.strictEqual(tree.text, text);
    };
    type("request.nextUrl.searchParams.get('status')", "Number(request.nextUrl.searchParams.get('status')");
    assert.ok(hasSyntaxErrors(tree), 'broken while typing');
    type(" ?? 'open'", ") ?? 'open'");
    assert.ok(!hasSyntaxErrors(tree), 'repaired');
    assert.strictEqual(tree.statements[0], importNode, 'the repair kept the incremental tree');
    // A file broken elsewhere stays broken when another statement is edited.
    type('return NextResponse.json({ ok: true });\n}', 'return NextResponse.json({ ok: true ');
    type("'open'", "'paid'");
    assert.ok(hasSyntaxErrors(tree), 'the POST handler is still broken');
  });

  it('keeps the findings of the parts that parse when the file has syntax errors', () => {
    const broken = ROUTE.replace("return NextResponse.json({ ok: true });\n}", 'return NextResponse.json({ ok: true ');
    const result = engine().analyzeText('app/api/orders/route.ts', broken);
    assert.ok(result.notices.some((n) => n.kind === 'parse-error'));
    assert.deepStrictEqual(result.findings.map((f) => f.range.start.line), [7]);
    const halfTyped = ROUTE.replace("const [rows] = await pool.query(", 'const [rows] = await pool.query(\n  if (');
    assert.ok(engine().analyzeText('app/api/orders/route.ts', halfTyped).notices.every((n) => n.kind !== 'rule-error'));
  });

  it('parses TSX with JSX and finds the query in a server component', () => {
    const page = `import { pool } from '@/lib/db';

export default async function CustomerPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  const [rows] = await pool.query(\`SELECT name FROM customers WHERE email = '\${email}'\`);
  return (
    <section className="customer">
      {(rows as { name: string }[]).map((row) => <h2 key={row.name}>{row.name}</h2>)}
      <a href={\`/orders?email=\${email}\`}>Orders</a>
    </section>
  );
}
`;
    const result = engine().analyzeText('app/customers/page.tsx', page);
    assert.deepStrictEqual(result.notices, []);
    assert.deepStrictEqual(result.findings.map((f) => [f.ruleId, f.range.start.line]), [['sql-injection', 4]]);
    assert.ok(engine().parses('typescriptreact', page, 'page.tsx'));
    assert.ok(!engine().parses('typescript', page.replace('</section>', '</sectio>'), 'page.tsx'));
  });

  it('loads the TypeScript compiler on the first TS/JS parse, not when the engine starts', () => {
    const script = `
      const { Engine } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'server', 'src', 'engine'))});
      const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(f));
      const engine = new Engine();
      const before = loaded();
      engine.analyzeText('a.ts', 'const x = 1;');
      console.log(JSON.stringify([before, loaded()]));`;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(output), [false, true]);
  });

  it('analyzes an engine with a fresh catalog the same way (no state kept between files)', () => {
    const a = new Engine().analyzeText('app/api/orders/route.ts', ROUTE);
    const b = engine().analyzeText('app/api/orders/route.ts', ROUTE);
    assert.strictEqual(summary(a), summary(b));
  });
});
