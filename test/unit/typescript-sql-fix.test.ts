import * as assert from 'assert';
import { applyTextEdits } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

/** The rewrite offered on the file's only SQL injection finding: its title and the fixed text (undefined: no rewrite). */
function rewrite(path: string, code: string): { title: string; text: string } | undefined {
  const findings = engine().analyzeText(path, code).findings.filter((f) => f.ruleId === 'sql-injection');
  assert.strictEqual(findings.length, 1, `one SQL injection finding expected:\n${findings.map((f) => f.message).join('\n')}`);
  const fix = findings[0].fixes.find((f) => f.kind === 'rewrite');
  return fix && { title: fix.title, text: applyTextEdits(code, fix.edits) };
}

const HANDLER = (imports: string, body: string, eol = '\n') =>
  `${imports}${eol}${eol}export async function GET(request) {${eol}  const q = request.nextUrl.searchParams.get('q');${eol}${body}${eol}}${eol}`.replace(/\n/g, eol);

describe('TypeScript "Parameterize this query"', () => {
  it('writes the placeholders of the imported driver and names a guessed style in the title', () => {
    const pg = rewrite('app/api/a/route.ts', HANDLER("import { Pool } from 'pg';", '  return pool.query(`SELECT * FROM t WHERE a = ${q} AND b = \'${q}\'`);'));
    assert.deepStrictEqual(pg, {
      title: 'Parameterize this query',
      text: HANDLER("import { Pool } from 'pg';", "  return pool.query('SELECT * FROM t WHERE a = $1 AND b = $2', [q, q]);"),
    });
    const unknown = rewrite('app/api/a/route.ts', HANDLER("import { db } from '@/lib/db';", '  return db.query(`SELECT * FROM t WHERE a = ${q}`);'));
    assert.strictEqual(unknown?.title, 'Parameterize this query (? placeholders)');
  });

  it("keeps the file's quotes and line breaks and escapes what the new literal needs", () => {
    const double = rewrite('app/api/a/route.ts', HANDLER('import mysql from "mysql2";', '  return pool.query(`SELECT * FROM t WHERE note = \'${q}\' AND path = \'C:\\\\x\' AND n = ${q}`);'));
    assert.strictEqual(double?.text, HANDLER('import mysql from "mysql2";', '  return pool.query("SELECT * FROM t WHERE note = ? AND path = \'C:\\\\x\' AND n = ?", [q, q]);'));
    const crlf = HANDLER("import mysql from 'mysql2';", '  const sql = `\n    SELECT * FROM t\n     WHERE a LIKE \'%${q}%\'`;\n  return pool.query(sql);', '\r\n');
    assert.strictEqual(
      rewrite('app/api/a/route.ts', crlf)?.text,
      HANDLER("import mysql from 'mysql2';", '  const sql = `\n    SELECT * FROM t\n     WHERE a LIKE ?`;\n  return pool.query(sql, [`%${q}%`]);', '\r\n'),
    );
  });

  it('offers no rewrite where it could change what the code does', () => {
    const noRewrite = [
      // the call already passes values
      '  return pool.query(`SELECT * FROM t WHERE a = ${q} AND b = ?`, [1]);',
      // the variable is read again elsewhere
      '  const sql = `SELECT * FROM t WHERE a = ${q}`;\n  console.log(sql);\n  return pool.query(sql);',
      // a value changes between the query text and the call
      "  let v = q;\n  const sql = `SELECT * FROM t WHERE a = ${v}`;\n  v = 'x';\n  return pool.query(sql);",
      // a list, and a name, cannot be one placeholder
      '  return pool.query(`SELECT * FROM t WHERE id IN (${q})`);',
      '  return pool.query(`SELECT * FROM t ORDER BY ${q}`);',
      // Prisma's unsafe call with anything but a template literal
      "  return prisma.$queryRawUnsafe('SELECT * FROM t WHERE a = ' + q);",
    ];
    for (const body of noRewrite) assert.strictEqual(rewrite('app/api/a/route.ts', HANDLER("import mysql from 'mysql2';", body)), undefined, body);
  });
});
