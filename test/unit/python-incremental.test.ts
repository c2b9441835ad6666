import * as assert from 'assert';
import { Engine, LineIndex, type ContentChange, type Finding } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

const URI = 'file:///shop/api/routers/customers.py';
const PATH = 'api/routers/customers.py';

const SOURCE = `import mysql.connector
from fastapi import APIRouter, Depends

router = APIRouter()


def name_filter(name):
    return f"name LIKE '%{name}%'"


@router.get("/customers")
def search(name: str, city: str = "", db=Depends(get_db)):
    cursor = db.cursor()
    query = "SELECT id, name FROM customers WHERE " + name_filter(name)
    cursor.execute(query)
    cursor.execute(f"SELECT id FROM customers WHERE city = '{city}'")
    return cursor.fetchall()


@router.get("/orders/{order_id}")
def order(order_id: int, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute(f"SELECT * FROM orders WHERE id = {order_id}")
    return cursor.fetchone()
`;

/** Everything a finding says, fixes included. */
function summary(findings: Finding[]): string {
  return JSON.stringify(findings, null, 1);
}

describe('python: incremental analysis', () => {
  // A second engine analyzes every version from scratch: no tree, no cache in common.
  const fresh = new Engine({ catalog: engine().catalog });

  function check(editor: Engine, version: number): Finding[] {
    const incremental = editor.analyze(URI);
    const text = editor.text(URI)!;
    const reference = fresh.analyzeText(`v${version}/${PATH}`, text, {}, 'python');
    assert.deepStrictEqual(incremental.notices.filter((n) => n.kind === 'rule-error'), [], 'the analysis does not throw');
    assert.strictEqual(summary(incremental.findings), summary(reference.findings), `version ${version} differs from a fresh analysis of:\n${text}`);
    return incremental.findings;
  }

  function at(text: string, needle: string, delta = 0): ContentChange['range'] {
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, `"${needle}" not in the text`);
    const position = new LineIndex(text).positionAt(offset + delta);
    return { start: position, end: position };
  }

  function replace(text: string, needle: string, by: string): ContentChange {
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, `"${needle}" not in the text`);
    const lines = new LineIndex(text);
    return { range: lines.rangeAt(offset, offset + needle.length), text: by };
  }

  it('equals a fresh analysis after each of a series of edits', () => {
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', SOURCE, 0, PATH);
    let version = 0;
    const lines = (): number[] => check(editor, version).map((f) => f.range.start.line + 1);
    assert.deepStrictEqual(lines(), [15, 16]);

    const steps: ((text: string) => ContentChange[])[] = [
      // typing inside a string
      (t) => [{ range: at(t, "city = '{city}'", 4), text: '_name' }],
      // a new line above everything: the cached functions move down
      (t) => [{ range: at(t, 'router = APIRouter()'), text: '\n# Customer and order lookups.\n' }],
      // the helper's summary changes: its callers' cached results must not be reused
      (t) => [replace(t, `return f"name LIKE '%{name}%'"`, 'return "name IS NOT NULL"')],
      (t) => [replace(t, 'return "name IS NOT NULL"', `return f"name = '{name}'"`)],
      // a sanitizer in the route
      (t) => [replace(t, '    cursor = db.cursor()\n    query', '    name = str(int(name))\n    cursor = db.cursor()\n    query')],
      // two changes in one notification, the second in the coordinates after the first
      (t) => [replace(t, 'order_id: int', 'order_id: str'), { range: at(t, 'def order(', 4), text: 's' }],
      // deleting a whole function
      (t) => [replace(t, t.slice(t.indexOf('def name_filter'), t.indexOf('@router.get("/customers")')), '')],
      // a whole-document replace
      (t) => [{ text: t.replace('APIRouter()', 'APIRouter(prefix="/api")') }],
    ];
    for (const step of steps) {
      const changes = step(editor.text(URI)!);
      assert.ok(editor.change(URI, ++version, changes));
      lines();
    }
  });

  it('a helper whose parameter reaches a sink: callers follow its edits (sink moved, parameterized, restored)', () => {
    const helper = `import subprocess
from fastapi import APIRouter, Depends

router = APIRouter()


def find_customers(db, term):
    cursor = db.cursor()
    cursor.execute(f"SELECT id FROM customers WHERE name LIKE '%{term}%'")
    return cursor.fetchall()


def convert(name):
    subprocess.run(f"convert {name} out.png", shell=True)


@router.get("/customers")
def search(q: str, db=Depends(get_db)):
    convert(q)
    return find_customers(db, q)
`;
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', helper, 0, PATH);
    let version = 0;
    const found = (): string[] => check(editor, version).map((f) => `${f.range.start.line + 1} ${f.message.slice(0, f.message.indexOf(' through'))}`);
    assert.deepStrictEqual(found(), [
      '19 Command injection: FastAPI parameter `q` reaches `subprocess.run` inside `convert()` (line 14)',
      '20 SQL injection: FastAPI parameter `q` reaches `cursor.execute` inside `find_customers()` (line 9)',
    ]);
    const steps: ((text: string) => ContentChange[])[] = [
      // a line inside the helper above its sink: the callers' messages name the new line
      (t) => [{ range: at(t, '    cursor = db.cursor()\n    cursor.execute'), text: '    # Customers by name.\n' }],
      // parameterized: the callers' findings go
      (t) => [replace(t, `f"SELECT id FROM customers WHERE name LIKE '%{term}%'")`, `"SELECT id FROM customers WHERE name LIKE %s", (f"%{term}%",))`)],
      // and come back
      (t) => [replace(t, `"SELECT id FROM customers WHERE name LIKE %s", (f"%{term}%",))`, `f"SELECT id FROM customers WHERE name = '{term}'")`)],
      // a list without a shell: the command finding goes
      (t) => [replace(t, 'f"convert {name} out.png", shell=True', '["convert", name, "out.png"]')],
      // a line above everything: the cached helpers and callers move together
      (t) => [{ range: at(t, 'router = APIRouter()'), text: '\n# Customer search.\n' }],
    ];
    const command = (line: number, sinkLine: number) => `${line} Command injection: FastAPI parameter \`q\` reaches \`subprocess.run\` inside \`convert()\` (line ${sinkLine})`;
    const sql = (line: number, sinkLine: number) => `${line} SQL injection: FastAPI parameter \`q\` reaches \`cursor.execute\` inside \`find_customers()\` (line ${sinkLine})`;
    const expected = [[command(20, 15), sql(21, 10)], [command(20, 15)], [command(20, 15), sql(21, 10)], [sql(21, 10)], [sql(23, 12)]];
    steps.forEach((step, i) => {
      assert.ok(editor.change(URI, ++version, step(editor.text(URI)!)));
      assert.deepStrictEqual(found(), expected[i], `step ${i + 1}`);
    });
  });

  it("a method reading a field another method sets follows that method's edits (sanitized, tainted again, moved)", () => {
    const view = `from django.db import connection
from django.http import JsonResponse
from django.views import View


class RegionReport(View):
    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM sales WHERE region = '{self.region}'")
            return JsonResponse({"rows": cursor.fetchall()})

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.region = request.GET.get("region", "EU")
`;
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', view, 0, 'reports/views.py');
    let version = 0;
    const incremental = (): string[] => {
      const result = editor.analyze(URI);
      const reference = fresh.analyzeText(`v${version}/reports/views.py`, editor.text(URI)!, {}, 'python');
      assert.strictEqual(summary(result.findings), summary(reference.findings), `version ${version} differs from a fresh analysis`);
      return result.findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`);
    };
    // The reader comes first: edits in the writer leave its text and position as they are (its cached result is checked, not replaced).
    assert.deepStrictEqual(incremental(), ['9 sql-injection']);
    const steps: [(text: string) => ContentChange[], string[]][] = [
      // the writer casts the value: the reader's cached finding goes
      [(t) => [replace(t, 'self.region = request.GET.get("region", "EU")', 'self.region = int(request.GET.get("region", "1"))')], []],
      // and comes back
      [(t) => [replace(t, 'self.region = int(request.GET.get("region", "1"))', 'self.region = request.GET["region"]')], ['9 sql-injection']],
      // a line in the writer: the path through it moves, the reader's text does not change
      [(t) => [{ range: at(t, '        self.region'), text: '        # The region of the report.\n' }], ['9 sql-injection']],
    ];
    for (const [step, expected] of steps) {
      assert.ok(editor.change(URI, ++version, step(editor.text(URI)!)));
      assert.deepStrictEqual(incremental(), expected, `version ${version}`);
    }
  });

  it('a fix adding an import the text merely names (a comment, a string) follows the imports when a line goes in above them', () => {
    const ldapRoute = `"""Staff directory."""
import ldap
from fastapi import APIRouter

router = APIRouter()
conn = ldap.initialize("ldap://directory.internal")


@router.get("/staff")
def lookup(name: str):
    # TODO: escape_filter_chars
    return conn.search_s("ou=staff", ldap.SCOPE_SUBTREE, "(cn=" + name + ")")
`;
    const shellRoute = `"""Thumbnails.
import subprocess is still to do."""
import os
from fastapi import APIRouter

router = APIRouter()


@router.get("/thumb")
def thumb(name: str):
    os.system("convert " + name + " thumb.png")
`;
    for (const [source, fixed] of [
      [ldapRoute, 'from ldap.filter import escape_filter_chars'],
      [shellRoute, 'import subprocess'],
    ]) {
      const editor = new Engine({ catalog: engine().catalog });
      editor.open(URI, 'python', source, 0, PATH);
      const importEdits = (version: number) =>
        check(editor, version).flatMap((f) => f.fixes.flatMap((fix) => fix.edits.filter((e) => e.newText.trim() === fixed).map((e) => e.range.start.line)));
      assert.deepStrictEqual(importEdits(0), [source.split('\n').indexOf('from fastapi import APIRouter')]);
      // The function's cached finding moves down a line; its fix's import edit, outside the function, must move too.
      assert.ok(editor.change(URI, 1, [{ range: at(source, 'from fastapi'), text: '# Routes.\n' }]));
      assert.deepStrictEqual(importEdits(1), [source.split('\n').indexOf('from fastapi import APIRouter') + 1]);
    }
  });

  it("a comparison's fix adding an import (hmac.compare_digest) follows the imports when a line goes in above them", () => {
    const hook = `"""Webhooks."""
from fastapi import APIRouter, Header

router = APIRouter()


@router.post("/hook")
def hook(token: str = Header()):
    if token == WEBHOOK_TOKEN:
        return {"ok": True}
    return {"ok": False}
`;
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', hook, 0, PATH);
    const importLines = (version: number) =>
      check(editor, version).flatMap((f) => f.fixes.flatMap((fix) => fix.edits.filter((e) => e.newText.includes('import hmac')).map((e) => e.range.start.line)));
    assert.deepStrictEqual(importLines(0), [1]);
    assert.ok(editor.change(URI, 1, [replace(hook, '"""Webhooks."""', '"""Webhooks.\n\nSigned by the sender."""')]));
    assert.deepStrictEqual(importLines(1), [3]);
  });

  it("a result reused for the same text on the other side of a fix's import edit lists the fix's edits in text order", () => {
    const portal = `from flask import Flask
from flask_cors import CORS

portal = Flask(__name__)
CORS(portal, supports_credentials=True)

from flask_cors import cross_origin

CORS(portal, supports_credentials=True)
`;
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', portal, 0, PATH);
    const rewrites = check(editor, 0).flatMap((f) => f.fixes.filter((fix) => fix.kind === 'rewrite'));
    const lines = rewrites.map((fix) => fix.edits.map((e) => e.range.start.line));
    // The second CORS(...) is the first one's cached result moved down: its own edit now comes after the import's.
    assert.deepStrictEqual(lines, [[4, 6], [6, 8]]);
  });

  it("a top-level query's fix follows the assignment and uses in the other statements it reads", () => {
    const script = `import sqlite3

conn = sqlite3.connect("shop.db")
cursor = conn.cursor()
name = input("Name: ")
query = "SELECT * FROM users WHERE name = '" + name + "'"
cursor.execute(query)
`;
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', script, 0, PATH);
    const fixes = (version: number) => check(editor, version).map((f) => f.fixes.filter((fix) => fix.kind === 'rewrite').length);
    assert.deepStrictEqual(fixes(0), [1]);
    const steps: ((text: string) => ContentChange[])[] = [
      // the assignment's text after the value: the value's taint stays the same, the fix's query does not
      (t) => [replace(t, `+ name + "'"`, `+ name + "' LIMIT 1"`)],
      // another use of `query`: the fix (which moves its values) is no longer offered
      (t) => [replace(t, 'cursor.execute(query)', 'cursor.execute(query)\nprint(query)')],
      (t) => [replace(t, '\nprint(query)', '')],
    ];
    const expected = [[1], [0], [1]];
    steps.forEach((step, i) => {
      assert.ok(editor.change(URI, i + 1, step(editor.text(URI)!)));
      assert.deepStrictEqual(fixes(i + 1), expected[i], `step ${i + 1}`);
    });
  });

  it('equals a fresh analysis over random single-character edits, broken code included', () => {
    const editor = new Engine({ catalog: engine().catalog });
    editor.open(URI, 'python', SOURCE, 0, PATH);
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['x', ' ', '\n', '(', ')', '"', "'", '{', '}', ':', '=', '+', '#'];
    for (let version = 1; version <= 120; version++) {
      const text = editor.text(URI)!;
      const lines = new LineIndex(text);
      const offset = random(text.length);
      const deleting = random(3) === 0 && offset < text.length - 1;
      const change: ContentChange = { range: lines.rangeAt(offset, deleting ? offset + 1 : offset), text: deleting ? '' : alphabet[random(alphabet.length)] };
      editor.change(URI, version, [change]);
      check(editor, version);
    }
  });

  it('still reports the functions that parse when another one is broken', () => {
    const broken = SOURCE.replace('def order(order_id: int, db=Depends(get_db)):', 'def order(order_id: int, db=Depends(get_db):').replace(
      'return cursor.fetchone()',
      'cursor.execute("SELECT * FROM orders WHERE note = \'" + note\n    return cursor.fetchone()',
    );
    const result = engine().analyzeText(PATH, broken, {}, 'python');
    assert.ok(result.notices.some((n) => n.kind === 'parse-error'));
    assert.deepStrictEqual(
      result.findings.map((f) => f.range.start.line + 1),
      [15, 16],
    );
  });

  it('parses a 1 MB file to its end', () => {
    let text = '';
    for (let i = 0; text.length < 1_000_000 - SOURCE.length; i++) text += SOURCE.replace(/def (\w+)/g, `def $1_${i}`);
    const result = engine().analyzeText(PATH, text, {}, 'python');
    assert.deepStrictEqual(result.notices, []);
    const last = result.findings[result.findings.length - 1];
    assert.ok(last.range.start.line > new LineIndex(text).lineCount - 30, 'the last function of the file is analyzed');
  });

  it('tells the embedder the text length of each native tree it lets go of, not of replaced or TypeScript trees', () => {
    const dropped: number[] = [];
    const editor = new Engine({ catalog: engine().catalog, maxParsedDocuments: 1, onNativeTreeDropped: (characters) => dropped.push(characters) });
    const py = 'import os\n\ndef f(name):\n    return os.path.join("a", name)\n';
    const other = 'x = 1\n';
    editor.open('file:///a.py', 'python', py, 1);
    editor.analyze('file:///a.py');
    editor.change('file:///a.py', 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
    editor.analyze('file:///a.py');
    assert.deepStrictEqual(dropped, [], 'an incremental reparse replaces the tree; it shares most of it');
    editor.open('file:///b.ts', 'typescript', 'export const x = 1;\n', 1);
    editor.analyze('file:///b.ts');
    assert.deepStrictEqual(dropped, [py.length + 1], 'a.py past the limit of one parsed document');
    editor.open('file:///c.py', 'python', other, 1);
    editor.analyze('file:///c.py');
    assert.deepStrictEqual(dropped, [py.length + 1], 'the TypeScript tree is V8 heap: not told');
    editor.close('file:///c.py');
    editor.analyzeText('d.py', other);
    assert.deepStrictEqual(dropped, [py.length + 1, other.length, other.length]);
  });
});
