import * as assert from 'assert';
import { engine } from '../helpers/fixtures';

// How request data flows through Python code, one construct at a time. `# !` ends each line
// that must be reported; every other line must not be.

function check(code: string): void {
  const result = engine().analyzeText('api/flows.py', code, {}, 'python');
  const lines = code.split('\n');
  const expected = lines.flatMap((line, i) => (line.trimEnd().endsWith('# !') ? [i + 1] : []));
  const actual = result.findings.map((f) => f.range.start.line + 1);
  assert.deepStrictEqual(actual, expected, `findings:\n${result.findings.map((f) => `  ${f.range.start.line + 1}: ${f.message}`).join('\n')}`);
}

const ROUTE = `from fastapi import APIRouter, Depends, Request
router = APIRouter()
`;

describe('python: taint flow', () => {
  it('FastAPI parameters: safe types and Depends() are no source, Query() and models are', () => {
    check(`${ROUTE}
@router.get("/a/{item_id}")
async def a(item_id: int, ref: UUID, q: str = Query(None), db: Session = Depends(get_db), user=Depends(current_user), body: OrderIn = None):
    db.execute(f"SELECT * FROM t WHERE id = {item_id} AND ref = '{ref}'")
    db.execute(f"SELECT * FROM t WHERE owner = '{user.name}'")
    db.execute(f"SELECT * FROM t WHERE q = '{q}'")  # !
    db.execute(f"SELECT * FROM t WHERE note = '{body.note}'")  # !

def not_a_route(q: str):
    db.execute(f"SELECT * FROM t WHERE q = '{q}'")
`);
  });

  it('the Request object: its query params, headers and JSON body are sources', () => {
    check(`${ROUTE}
@router.post("/b")
async def b(request: Request):
    data = await request.json()
    city = request.query_params.get("city", "")
    agent = request.headers["user-agent"]
    db.execute(f"SELECT * FROM t WHERE city = '{city}'")  # !
    db.execute("INSERT INTO log (agent) VALUES ('%s')" % agent)  # !
    db.execute("SELECT * FROM t WHERE id = {}".format(data["id"]))  # !
    db.execute(f"SELECT * FROM t WHERE host = '{request.app.title}'")
`);
  });

  it('Flask request, imported by name or through the module', () => {
    check(`from flask import Flask, request
import flask
app = Flask(__name__)

@app.route("/c")
def c():
    db.execute("SELECT * FROM t WHERE a = '" + request.args["a"] + "'")  # !
    db.execute("SELECT * FROM t WHERE b = '" + flask.request.form.get("b") + "'")  # !
    db.execute("SELECT * FROM t WHERE c = '" + request.method + "'")
`);
  });

  it('sanitizers clean, and a reassignment cleans the name from then on', () => {
    check(`${ROUTE}
@router.get("/d")
def d(page: str, size: str):
    db.execute(f"SELECT * FROM t LIMIT {int(size)}")
    db.execute(f"SELECT * FROM t LIMIT {size}")  # !
    size = int(size)
    db.execute(f"SELECT * FROM t LIMIT {size} OFFSET {len(page)}")
`);
  });

  it('branches join, loops carry values around, try/except and match fork', () => {
    check(`${ROUTE}
@router.get("/e")
def e(name: str, mode: str):
    query = "SELECT * FROM t"
    if mode == "strict":
        query += f" WHERE name = '{name}'"
    else:
        query += " WHERE 1 = 1"
    db.execute(query)  # !
    clean = "SELECT 1"
    if mode:
        clean = "SELECT 2"
    db.execute(clean)
    filters = []
    for word in name.split():
        filters.append(f"name LIKE '%{word}%'")
    db.execute("SELECT * FROM t WHERE " + " OR ".join(filters))  # !
    try:
        limit = int(mode)
    except ValueError:
        limit = mode
    db.execute(f"SELECT * FROM t LIMIT {limit}")  # !
    match mode:
        case "a":
            column = "a"
        case _:
            column = "b"
    db.execute(f"SELECT {column} FROM t")
    while (chunk := name[:10]):
        db.execute(f"SELECT * FROM t WHERE n = '{chunk}'")  # !
        name = name[10:]
`);
  });

  it('tuple unpacking, containers, conditional expressions and with', () => {
    check(`${ROUTE}
@router.get("/f")
def f(name: str):
    first, limit = name, 10
    db.execute(f"SELECT * FROM t LIMIT {limit}")
    db.execute(f"SELECT * FROM t WHERE n = '{first}'")  # !
    params = {"name": name, "limit": 5}
    db.execute("SELECT * FROM t WHERE n = '%s'" % params["name"])  # !
    label = name if name else "none"
    with db.cursor() as cur:
        cur.execute("SELECT * FROM t WHERE l = '" + label.upper() + "'")  # !
        cur.execute("SELECT * FROM t WHERE l = %s", (label,))
`);
  });

  it('returns of functions in the same file carry their arguments (or not)', () => {
    check(`${ROUTE}
def where_name(value):
    return f"name = '{value}'"

def page_size(value):
    return min(int(value), 100)

def shout(value, suffix="!"):
    text = value.upper()
    return text + suffix

@router.get("/g")
def g(name: str, size: str):
    db.execute("SELECT * FROM t WHERE " + where_name(name))  # !
    db.execute(f"SELECT * FROM t LIMIT {page_size(size)}")
    db.execute(f"SELECT * FROM t WHERE n = '{shout(value=name)}'")  # !
    db.execute(f"SELECT * FROM t WHERE n = '{shout('x', suffix='?')}'")
`);
  });

  it('a helper returning members of the request passed to it (split over lines too), unless its parameter is annotated a primitive or the member is no request data of any framework', () => {
    check(`${ROUTE}
def search_term(req):
    return req.query_params.get("q")

def typed_term(req: Request):
    return req.query_params.get("q")

def text_term(value: str):
    return value.query_params.get("q")

def list_term(value: Optional[list[str]]):
    return value.query_params.get("q")

def split_term(req):
    return (req  # the member read on the next line
            .query_params.get("q"))

def continued_term(req):
    return req \\
        .query_params.get("q")

def read_not_returned(req):
    req.query_params.get("q")

def dot_then_comment_term(req):
    return (req.  # the member's name on the next line
            query_params.get("q"))

def session_of(req):
    return req.session_factory.get("q")

@router.get("/s")
def s(request: Request):
    db.execute(f"SELECT * FROM t WHERE q = '{search_term(request)}'")  # !
    db.execute(f"SELECT * FROM t WHERE q = '{typed_term(request)}'")  # !
    db.execute(f"SELECT * FROM t WHERE q = '{text_term(request)}'")
    db.execute(f"SELECT * FROM t WHERE q = '{list_term(request)}'")
    db.execute(f"SELECT * FROM t WHERE q = '{split_term(request)}'")  # !
    db.execute(f"SELECT * FROM t WHERE q = '{continued_term(request)}'")  # !
    db.execute(f"SELECT * FROM t WHERE q = '{read_not_returned(request)}'")
    db.execute(f"SELECT * FROM t WHERE q = '{dot_then_comment_term(request)}'")  # !
    db.execute(f"SELECT * FROM t WHERE q = '{session_of(request)}'")
`);
  });

  it('only the query argument of a sink counts, and sinks are SQL sinks', () => {
    check(`${ROUTE}
from sqlalchemy import text
@router.get("/h")
def h(name: str):
    db.execute("SELECT * FROM t WHERE n = %s", (name,))
    db.executemany("INSERT INTO t (n) VALUES (%s)", [(name,)])
    db.execute(text("SELECT * FROM t WHERE n = :n"), {"n": name})
    stmt = text(f"SELECT * FROM t WHERE n = '{name}'")  # !
    db.execute(stmt)
    logger.info("looked up %s", name)  # a lazy argument: no SQL sink, no log injection
`);
  });

  it('script input() at the top level, and nested functions reading the route', () => {
    check(`import sqlite3
${ROUTE}
name = input("name? ")
sqlite3.connect("x.db").execute(f"SELECT * FROM t WHERE n = '{name}'")  # !

def report():
    sqlite3.connect("x.db").execute(f"SELECT * FROM t WHERE n = '{name}'")  # !

@router.get("/i")
def i(q: str):
    def run():
        db.execute(f"SELECT * FROM t WHERE q = '{q}'")  # !
    run()
`);
  });

  it('does not throw on broken code and reports what parses', () => {
    check(`${ROUTE}
@router.get("/j")
def j(q: str):
    db.execute(f"SELECT * FROM t WHERE q = '{q}'")  # !
    if q ==
        pass
    x = [1, 2
`);
  });

  // A function is walked for findings only when its text names a sink or something that may reach one
  // (analyzer.ts, mayReachSink), here a project function passed by name to a helper that calls it.
  it('a route passing a project function to a helper that calls it with the request data: the sink inside is found', () => {
    check(`${ROUTE}import sqlite3
conn = sqlite3.connect("shop.db")

def run_sql(query):
    return conn.execute(query).fetchall()

def call_with(runner, value):
    return runner(value)

@router.get("/orders")
async def orders(status: str):
    q = "SELECT * FROM orders WHERE status = '" + status + "'"
    return call_with(run_sql, q)  # !

@router.get("/count")
async def count(status: str):
    return call_with(len, status)
`);
  });
});
