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

function lines(findings: Finding[]): number[] {
  return findings.filter((f) => f.ruleId === 'sql-injection').map((f) => f.range.start.line + 1);
}

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

  it('an open importer re-checks the imported summary: editing the module makes the finding come and go', () => {
    engine.open('file:///app/routes.py', 'python', ROUTE, 1, 'app/routes.py');
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), [11, 16, 26, 31]);
    modules.texts.set('app/services/search.py', SEARCH.replace('return request.args.get("q", "")', 'return "fixed"').replace(`f"name LIKE '%{term}%'"`, '"name = %s"'));
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), []);
    modules.texts.set('app/services/search.py', SEARCH);
    assert.deepStrictEqual(lines(engine.analyze('file:///app/routes.py').findings), [11, 16, 26, 31]);
  });
});
