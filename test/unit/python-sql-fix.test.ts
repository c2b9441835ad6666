import * as assert from 'assert';
import { applyTextEdits } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

// "Parameterize this query" on small FastAPI routes: the exact code it writes, and where it
// must not offer itself. The fixture harness checks every fix parses and removes its finding;
// this checks the code is the one a reviewer would write.

const HEADER = `import mysql.connector
from fastapi import APIRouter, Depends

router = APIRouter()


@router.get("/x")
def route(email: str, name: str, status: str, sort: str, db=Depends(get_db)):
    cursor = db.cursor()
`;

/** The route body after the fix, or undefined when the finding has no rewrite fix. */
function fixed(body: string, header = HEADER): string | undefined {
  const text = header + body;
  const result = engine().analyzeText('api/routes.py', text, {}, 'python');
  assert.strictEqual(result.findings.length, 1, `one finding expected, got:\n${result.findings.map((f) => f.message).join('\n')}`);
  const fix = result.findings[0].fixes.find((f) => f.kind === 'rewrite');
  if (!fix) return undefined;
  assert.strictEqual(fix.title, 'Parameterize this query');
  assert.ok(fix.isPreferred);
  const after = applyTextEdits(text, fix.edits);
  assert.ok(after.startsWith(header), 'the fix stays in the route');
  return after.slice(header.length);
}

describe('python: Parameterize this query', () => {
  it('f-string with a quoted value', () => {
    assert.strictEqual(
      fixed(`    cursor.execute(f"SELECT * FROM customers WHERE email = '{email}'")\n`),
      `    cursor.execute("SELECT * FROM customers WHERE email = %s", (email,))\n`,
    );
  });

  it('% with a tuple, .format() with keywords, + concatenation', () => {
    assert.strictEqual(
      fixed(`    cursor.execute("SELECT * FROM c WHERE name = '%s' AND status = '%s'" % (name, status))\n`),
      `    cursor.execute("SELECT * FROM c WHERE name = %s AND status = %s", (name, status))\n`,
    );
    assert.strictEqual(
      fixed(`    cursor.execute("SELECT * FROM c WHERE email = '{e}'".format(e=email))\n`),
      `    cursor.execute("SELECT * FROM c WHERE email = %s", (email,))\n`,
    );
    assert.strictEqual(
      fixed(`    cursor.execute('SELECT * FROM c WHERE name = "' + name + '" LIMIT 5')\n`),
      `    cursor.execute('SELECT * FROM c WHERE name = %s LIMIT 5', (name,))\n`,
    );
  });

  it("LIKE '%{term}%' binds an f-string and doubles the other % signs", () => {
    assert.strictEqual(
      fixed(`    cursor.execute(f"SELECT * FROM c WHERE name LIKE '%{name}%' AND code LIKE 'SP-%'")\n`),
      `    cursor.execute("SELECT * FROM c WHERE name LIKE %s AND code LIKE 'SP-%%'", (f"%{name}%",))\n`,
    );
  });

  it('rewrites the single assignment of a query variable, keeping its lines', () => {
    const body = `    query = (
        "SELECT id, name FROM customers "
        f"WHERE email = '{email}' "
        'AND status = "active"'
    )
    cursor.execute(query)
`;
    assert.strictEqual(
      fixed(body),
      `    query = (
        "SELECT id, name FROM customers "
        "WHERE email = %s "
        'AND status = "active"'
    )
    cursor.execute(query, (email,))
`,
    );
  });

  it('rewrites a query built with += in straight-line code', () => {
    assert.strictEqual(
      fixed(`    query = "SELECT * FROM orders WHERE 1 = 1"\n    query += f" AND status = '{status}'"\n    cursor.execute(query)\n`),
      `    query = "SELECT * FROM orders WHERE 1 = 1"\n    query += " AND status = %s"\n    cursor.execute(query, (status,))\n`,
    );
  });

  it('keeps string constants and clean names where SQL wants a name', () => {
    const header = HEADER.replace('router = APIRouter()', 'router = APIRouter()\nCOLUMNS = "id, name, email"');
    assert.strictEqual(
      fixed(`    order = {"new": "created DESC"}.get(sort, "id")\n    cursor.execute(f"SELECT {COLUMNS} FROM c WHERE name = '{name}' ORDER BY {order}")\n`, header),
      `    order = {"new": "created DESC"}.get(sort, "id")\n    cursor.execute(f"SELECT {COLUMNS} FROM c WHERE name = %s ORDER BY {order}", (name,))\n`,
    );
  });

  it('uses ? for sqlite3 and $n arguments for asyncpg', () => {
    assert.strictEqual(
      fixed(`    cursor.execute(f"SELECT * FROM c WHERE email = '{email}'")\n`, HEADER.replace('import mysql.connector', 'import sqlite3')),
      `    cursor.execute("SELECT * FROM c WHERE email = ?", (email,))\n`,
    );
    assert.strictEqual(
      fixed(`    return await db.fetch(f"SELECT * FROM c WHERE email = '{email}' AND name = '{name}'")\n`, HEADER.replace('import mysql.connector', 'import asyncpg')),
      `    return await db.fetch("SELECT * FROM c WHERE email = $1 AND name = $2", email, name)\n`,
    );
  });

  it('binds SQLAlchemy text() with .bindparams(), and wraps plain strings in text()', () => {
    const header = HEADER.replace('import mysql.connector', 'from sqlalchemy import text');
    assert.strictEqual(
      fixed(`    return db.execute(text(f"SELECT * FROM c WHERE email = '{email}'")).all()\n`, header),
      `    return db.execute(text("SELECT * FROM c WHERE email = :email").bindparams(email=email)).all()\n`,
    );
    assert.strictEqual(
      fixed(`    return db.execute(f"SELECT * FROM c WHERE email = '{email}'").all()\n`, header),
      `    return db.execute(text("SELECT * FROM c WHERE email = :email").bindparams(email=email)).all()\n`,
    );
  });

  it('is not offered for identifiers, IN lists, existing parameters or scripts', () => {
    assert.strictEqual(fixed(`    cursor.execute(f"SELECT * FROM c ORDER BY {sort}")\n`), undefined);
    assert.strictEqual(fixed(`    cursor.execute(f"SELECT * FROM c WHERE id IN ({name})")\n`), undefined);
    assert.strictEqual(fixed(`    cursor.execute(f"SELECT * FROM c WHERE email = '{email}' AND id = %s", (1,))\n`), undefined);
    assert.strictEqual(fixed(`    cursor.executescript(f"DELETE FROM c WHERE email = '{email}'")\n`, HEADER.replace('import mysql.connector', 'import sqlite3')), undefined);
  });

  it('is not offered when the query variable is used elsewhere or its values change before the call', () => {
    assert.strictEqual(fixed(`    query = f"SELECT * FROM c WHERE email = '{email}'"\n    print(query)\n    cursor.execute(query)\n`), undefined);
    assert.strictEqual(fixed(`    query = f"SELECT * FROM c WHERE email = '{email}'"\n    email = email.lower()\n    cursor.execute(query)\n`), undefined);
    assert.strictEqual(fixed(`    query = f"SELECT * FROM c WHERE email = '{email}'"\n    if name:\n        query += f" AND name = '{name}'"\n    cursor.execute(query)\n`), undefined);
  });
});
