import * as assert from 'assert';
import { Engine, type Finding, type ImportedModule, type ProjectModules } from '../../server/src/engine';

/**
 * Cross-module taint in the Python analyzer, with an in-memory ProjectModules (the real one,
 * which reads files, is tested in test/workspace): summaries come from Engine.summarize on the
 * modules' texts, resolved by a plain map of dotted names.
 */
class MemoryModules implements ProjectModules {
  readonly texts = new Map<string, string>();
  resolved = 0;

  constructor(
    private readonly engine: Engine,
    files: Record<string, string>,
  ) {
    for (const [file, text] of Object.entries(files)) this.texts.set(file, text);
  }

  resolve(fromPath: string, specifier: string): ImportedModule | undefined {
    this.resolved++;
    const path = this.fileOf(fromPath, specifier);
    const text = path === undefined ? undefined : this.texts.get(path);
    if (path === undefined || text === undefined) return undefined;
    const summary = this.engine.summarize(path, text, { rules: {} });
    return summary && { path, summary };
  }

  /** `app.db` → `app/db.py`, or `app/db/__init__.py`; `.db` from `app/x.py` → `app/db.py`. */
  private fileOf(fromPath: string, specifier: string): string | undefined {
    const dots = /^\.*/.exec(specifier)![0].length;
    const base = dots === 0 ? [] : fromPath.split('/').slice(0, -dots);
    const parts = [...base, ...specifier.slice(dots).split('.').filter(Boolean)].join('/');
    return [`${parts}.py`, `${parts}/__init__.py`].find((file) => this.texts.has(file));
  }
}

const SEARCH = `from flask import request


def build_filter(term):
    return f"name LIKE '%{term}%'"


def get_term():
    return request.args.get("q", "")


def safe_limit(value):
    return int(value)
`;

const ROUTE = `from flask import Flask
from app.services.search import build_filter, get_term, safe_limit
import app.services.search as search
from .services import search as search_module

app = Flask(__name__)


@app.route("/customers")
def customers(cursor, term):
    cursor.execute("SELECT * FROM customers WHERE " + build_filter(term))


@app.route("/orders")
def orders(cursor):
    cursor.execute(f"SELECT * FROM orders WHERE ref = '{get_term()}'")


@app.route("/limit")
def limited(cursor, n):
    cursor.execute(f"SELECT * FROM orders LIMIT {safe_limit(n)}")


@app.route("/by-module")
def by_module(cursor):
    cursor.execute("SELECT * FROM t WHERE " + search.build_filter(search.get_term()))


@app.route("/relative")
def relative(cursor):
    cursor.execute("SELECT * FROM t WHERE " + search_module.build_filter(get_term()))
`;

const DB = `import subprocess

from app.services.search import build_filter


def find_customers(cursor, term):
    cursor.execute("SELECT id FROM customers WHERE " + build_filter(term))


def find_by_email(cursor, email):
    cursor.execute("SELECT id FROM customers WHERE email = %s", (email,))


def export_csv(name, *columns):
    subprocess.run("export-customers --out " + name + " " + " ".join(columns), shell=True)
`;

const SERVICE = `from app.db import find_customers


def lookup(cursor, text, limit=10):
    return find_customers(cursor, text.strip())[:limit]
`;

const CALLER = `from flask import Flask, request
from app import db
from app.db import export_csv, find_by_email
from app.service import lookup

app = Flask(__name__)


@app.route("/customers")
def customers(cursor):
    return lookup(cursor, request.args["q"])


@app.route("/by-email")
def by_email(cursor):
    return find_by_email(cursor, request.args["email"])


@app.route("/by-id")
def by_id(cursor):
    return db.find_customers(cursor, int(request.args["id"]))


@app.route("/export")
def export(cursor):
    export_csv("customers.csv", "id", request.args["column"])
`;

function lines(findings: Finding[]): number[] {
  return findings.filter((f) => f.ruleId === 'sql-injection').map((f) => f.range.start.line + 1);
}

const DAO = `class OrderDao:
    def __init__(self, conn):
        self.conn = conn

    def by_email(self, email):
        return self.conn.execute("SELECT * FROM orders WHERE email = '%s'" % email).fetchall()

    def by_region(self, region):
        return self.conn.execute("SELECT * FROM orders WHERE region = ?", (region,)).fetchall()

    @classmethod
    def search(cls, term):
        return cls.raw("SELECT * FROM orders WHERE note LIKE '%" + term + "%'")

    @staticmethod
    def raw(sql):
        import sqlite3
        return sqlite3.connect("orders.db").execute(sql).fetchall()
`;

const ORDERS_VIEW = `from aiohttp import web

from app.dao import OrderDao


class OrderService:
    def __init__(self, conn):
        self.orders = OrderDao(conn)

    def lookup(self, email):
        return self.orders.by_email(email)


async def by_email(request):
    dao = OrderDao(request.app["conn"])
    return web.json_response(dao.by_email(request.query["email"]))


async def by_region(request):
    dao = OrderDao(request.app["conn"])
    return web.json_response(dao.by_region(request.query["region"]))


async def search(request):
    return web.json_response(OrderDao.search(request.query["q"]))


async def through_service(request):
    return web.json_response(OrderService(request.app["conn"]).lookup(request.query["email"]))
`;

describe('python: cross-module taint', () => {
  let engine: Engine;
  let modules: MemoryModules;

  beforeEach(() => {
    engine = new Engine();
    modules = new MemoryModules(engine, { 'app/services/search.py': SEARCH, 'app/services/__init__.py': '', 'app/routes.py': ROUTE });
    engine.projectModules = modules;
  });

  it('summarizes the top-level functions that return request data or their parameters', () => {
    const summary = engine.summarize('app/services/search.py', SEARCH, { rules: {} });
    assert.deepStrictEqual(summary, {
      functions: {
        build_filter: { params: [{ index: 0, name: 'term' }], sources: [], line: 4 },
        get_term: { params: [], sources: [{ label: 'Flask request.args', line: 9 }], line: 8 },
      },
      reexports: { request: ['flask', 'request'] },
    });
  });

  it('follows calls into imported functions: from-imports, module aliases, relative imports; int() still cleans', () => {
    const result = engine.analyzeTextWith('app/routes.py', ROUTE, { rules: {} });
    assert.deepStrictEqual(lines(result.findings), [11, 16, 26, 31]);
  });

  it('names the module and line that read the request data in the trace', () => {
    const result = engine.analyzeTextWith('app/routes.py', ROUTE, { rules: {} });
    const finding = result.findings.find((f) => f.range.start.line === 15)!;
    assert.match(finding.message, /^SQL injection: Flask request\.args reaches/);
    assert.ok(
      finding.path.some((step) => step.label === 'returned by `get_term()` (app/services/search.py line 9 reads Flask request.args)'),
      finding.path.map((s) => s.label).join('\n'),
    );
  });

  it('without project modules the calls stay unknown, as in a single-file analysis', () => {
    engine.projectModules = undefined;
    assert.deepStrictEqual(lines(engine.analyzeTextWith('app/routes.py', ROUTE, { rules: {} }).findings), []);
  });

  it('follows a package __init__ re-export and a transitive import', () => {
    modules.texts.set('app/services/__init__.py', 'from .search import build_filter as make_filter\n');
    modules.texts.set('app/services/terms.py', 'from app.services.search import get_term\n\n\ndef current_term():\n    return get_term().strip()\n');
    const text = `from flask import request\nfrom app.services import make_filter\nfrom app.services.terms import current_term\n\n\ndef a(cursor):\n    cursor.execute(make_filter(request.form["q"]))\n\n\ndef b(cursor):\n    cursor.execute(current_term())\n`;
    const result = engine.analyzeTextWith('app/other.py', text, { rules: {} });
    assert.deepStrictEqual(lines(result.findings), [7, 11]);
    const transitive = result.findings.find((f) => f.range.start.line === 10)!;
    assert.ok(transitive.path.some((s) => s.label === 'returned by `current_term()` (app/services/search.py line 9 reads Flask request.args)'), transitive.path.map((s) => s.label).join('\n'));
  });

  it('a local definition shadows the imported name', () => {
    const text = `from app.services.search import build_filter\n\n\ndef build_filter(term):\n    return "1 = 1"\n\n\ndef a(cursor, q):\n    cursor.execute(build_filter(q))\n\n\ndef b(cursor, q, get_term):\n    cursor.execute(get_term(q))\n`;
    assert.deepStrictEqual(lines(engine.analyzeTextWith('app/other.py', text, { rules: {} }).findings), []);
  });

  it('summaries keep the functions whose parameters reach a sink, through further calls and modules', () => {
    modules.texts.set('app/db.py', DB);
    modules.texts.set('app/service.py', SERVICE);
    const summary = engine.summarize('app/db.py', DB, { rules: {} })!;
    assert.deepStrictEqual(summary.functions.find_customers.sinks, [{ param: 1, name: 'term', ruleId: 'sql-injection', sink: '`cursor.execute`', line: 7 }]);
    assert.strictEqual(summary.functions.find_by_email, undefined, 'a parameterized query reaches no sink');
    assert.deepStrictEqual(summary.functions.export_csv.sinks, [
      { param: 0, name: 'name', ruleId: 'command-injection', sink: '`subprocess.run`', line: 15 },
      { param: 1, name: 'columns', rest: true, ruleId: 'command-injection', sink: '`subprocess.run`', line: 15 },
    ]);
    const service = engine.summarize('app/service.py', SERVICE, { rules: {} })!;
    assert.deepStrictEqual(service.functions.lookup.sinks, [{ param: 1, name: 'text', ruleId: 'sql-injection', sink: '`cursor.execute`', line: 7, path: 'app/db.py' }]);
  });

  it('request data passed to such a parameter is a finding at the argument, naming the sink and its file', () => {
    modules.texts.set('app/db.py', DB);
    modules.texts.set('app/service.py', SERVICE);
    const result = engine.analyzeTextWith('app/routes.py', CALLER, { rules: {} });
    const found = result.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character} ${f.ruleId} ${f.message}`);
    assert.deepStrictEqual(found, [
      '11:26 sql-injection SQL injection: Flask request.args reaches `cursor.execute` inside `lookup()` (app/db.py line 7) through `request.args["q"]`. Pass it as a bound parameter instead of building the query text.',
      '26:38 command-injection Command injection: Flask request.args reaches `subprocess.run` inside `export_csv()` (app/db.py line 15) through `request.args["column"]`. Pass arguments as a list without a shell.',
    ]);
    const sql = result.findings[0];
    assert.deepStrictEqual(sql.path.map((s) => s.label), ['Flask request.args', 'passed to `lookup()` parameter `text`']);
    // The path ends at the sink itself, in the other module (reports show it there).
    assert.deepStrictEqual(sql.sinkLocation, { path: 'app/db.py', line: 7 });
    assert.strictEqual(sql.confidence, 'high');
    assert.deepStrictEqual(sql.fixes.filter((f) => !f.title.startsWith('Ignore')), [], 'the fix belongs at the sink');
    assert.deepStrictEqual(lines(new Engine().analyzeTextWith('app/routes.py', CALLER, { rules: {} }).findings), [], 'one file alone: the calls are unknown');
  });

  it('an importer re-checks the sinks of the imported summary: parameterizing the helper makes the finding go and come back', () => {
    modules.texts.set('app/db.py', DB);
    modules.texts.set('app/service.py', SERVICE);
    engine.open('file:///app/routes.py', 'python', CALLER, 1, 'app/routes.py');
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), [11]);
    modules.texts.set('app/db.py', DB.replace('" + build_filter(term))', 'name = %s", (term,))'));
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), []);
    modules.texts.set('app/db.py', DB);
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), [11]);
  });

  it('an open importer re-checks the imported summary: editing the module makes the finding come and go', () => {
    engine.open('file:///app/routes.py', 'python', ROUTE, 1, 'app/routes.py');
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), [11, 16, 26, 31]);
    modules.texts.set('app/services/search.py', SEARCH.replace('return request.args.get("q", "")', 'return "fixed"').replace(`f"name LIKE '%{term}%'"`, '"name = %s"'));
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), []);
    modules.texts.set('app/services/search.py', SEARCH);
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), [11, 16, 26, 31]);
  });

  it("follows request data into another module's DAO class: instances, class methods, a service holding the DAO", () => {
    modules.texts.set('app/dao.py', DAO);
    const result = engine.analyzeTextWith('app/orders.py', ORDERS_VIEW, { rules: {} });
    assert.deepStrictEqual(
      result.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.sinkLocation?.path}:${f.sinkLocation?.line}`),
      ['16: sql-injection app/dao.py:6', '25: sql-injection app/dao.py:18', '29: sql-injection app/dao.py:6'],
    );
    assert.match(result.findings[0].message, /inside `OrderDao\.by_email\(\)`/);
    assert.deepStrictEqual(lines(new Engine().analyzeTextWith('app/orders.py', ORDERS_VIEW, { rules: {} }).findings), [], 'one file alone: the class is unknown');
  });
});
