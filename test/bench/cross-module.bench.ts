// `npm run bench`: what cross-module taint costs a keystroke. A 2,000-line FastAPI router that
// imports helpers from 8 project modules (one of them two hops deep) is typed into, as in
// keystroke.bench.ts, with no project modules, then with the workspace's modules in projects of
// 100 and 1,000 modules: the keystroke cost must not grow with the workspace (summaries are
// cached per file; only the router is analyzed again). Prints a table.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Engine } from '../../server/src/engine';
import { WorkspaceModules } from '../../server/src/workspace/project-modules';
import { pythonModule } from './generate';

const KEYSTROKES = 300;
const IMPORTED = 8;

/** A helper module: a query builder, a request-data reader, a sanitized one, and filler. */
function helperModule(i: number, next?: number): string {
  const hop = next === undefined ? '' : `from app.services.s${next} import build_filter_${next}\n`;
  const body = next === undefined ? `f"name LIKE '%{term}%'"` : `build_filter_${next}(term) + " AND active = 1"`;
  return `from flask import request
${hop}

def build_filter_${i}(term):
    return ${body}


def current_term_${i}():
    return request.args.get("q", "")


def limit_${i}(size):
    return f"LIMIT {int(size)}"


def describe_${i}(rows):
    return [{"id": row[0], "name": row[1]} for row in rows]
`;
}

function router(): string {
  const imports = Array.from({ length: IMPORTED }, (_, i) => `from app.services.s${i} import build_filter_${i}, current_term_${i}, limit_${i}\n`).join('');
  const handlers = Array.from(
    { length: IMPORTED },
    (_, i) => `

@router.get("/cross/${i}")
def cross_${i}(q: str, size: int = 20):
    cursor = get_connection().cursor()
    cursor.execute("SELECT id FROM customers WHERE " + build_filter_${i}(q) + " " + limit_${i}(size))
    cursor.execute(f"SELECT id FROM leads WHERE ref = '{current_term_${i}()}'")
    return cursor.fetchall()
`,
  ).join('');
  return imports + pythonModule(2000) + handlers;
}

function project(modules: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cross-bench-'));
  fs.mkdirSync(path.join(root, 'app', 'services'), { recursive: true });
  fs.mkdirSync(path.join(root, 'app', 'routers'), { recursive: true });
  fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
  fs.writeFileSync(path.join(root, 'app', 'services', '__init__.py'), '');
  // Module 0 builds its filter through module `modules - 1` (a second hop).
  for (let i = 0; i < modules; i++) fs.writeFileSync(path.join(root, 'app', 'services', `s${i}.py`), helperModule(i, i === 0 ? modules - 1 : undefined));
  return root;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Row {
  setup: string;
  findings: number;
  first: number;
  median: number;
  p95: number;
  max: number;
}

function bench(setup: string, modules: number | undefined): Row {
  const root = project(modules ?? 1);
  try {
    const engine = new Engine();
    const file = path.join(root, 'app', 'routers', 'customers.py');
    const text = router();
    fs.writeFileSync(file, text);
    let provider: WorkspaceModules | undefined;
    if (modules !== undefined) {
      provider = new WorkspaceModules({ engine, roots: [root], fileOf: (p) => p, pathOf: (f) => f, labelOf: (f) => path.relative(root, f) });
      engine.projectModules = provider;
    }
    const uri = `file://${file}`;
    engine.open(uri, 'python', text, 1, file);
    let start = performance.now();
    provider?.startAnalysis({ rules: {} });
    const findings = engine.analyze(uri).findings.length;
    const first = performance.now() - start;
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+return\b/.test(l));
    const indent = /^\s*/.exec(lines[line])![0];
    let version = 1;
    let column = indent.length;
    engine.change(uri, ++version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${indent}\n` }]);
    const times: number[] = [];
    const typed = 'status_filter = request.query_params.get("s")';
    while (times.length < KEYSTROKES) {
      for (const ch of typed) {
        start = performance.now();
        engine.change(uri, ++version, [{ range: { start: { line, character: column }, end: { line, character: column } }, text: ch }]);
        provider?.startAnalysis({ rules: {} });
        engine.analyze(uri);
        times.push(performance.now() - start);
        column++;
      }
      while (column > indent.length) {
        start = performance.now();
        engine.change(uri, ++version, [{ range: { start: { line, character: column - 1 }, end: { line, character: column } }, text: '' }]);
        provider?.startAnalysis({ rules: {} });
        engine.analyze(uri);
        times.push(performance.now() - start);
        column--;
      }
    }
    times.sort((a, b) => a - b);
    return { setup, findings, first, median: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const rows = [bench('no project modules (single-file analysis)', undefined), bench('workspace of 100 modules', 100), bench('workspace of 1,000 modules', 1000)];
console.log(`\nVigil cross-module keystroke benchmark: a ${router().split('\n').length}-line router importing ${IMPORTED} project modules, ${KEYSTROKES}+ edits, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| setup | findings | first analysis (ms) | keystroke median (ms) | p95 (ms) | max (ms) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.setup} | ${r.findings} | ${r.first.toFixed(2)} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.max.toFixed(2)} |`);
