import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { AnalysisSettings, Finding } from '../../server/src/engine';
import { REPO_ROOT, engine } from '../helpers/fixtures';
import { removeProjects, tempProject } from '../cli/helpers';
import { configErrorOf, configOf } from '../helpers/config';

// The unknown-origin tier (issue 20): values Vigil cannot trace to request data at injection sinks.
// Off by default; `report: "medium"` (vigil:recommended) and `report: "low"` (vigil:strict) turn it on.
// Fixtures: test/fixtures/unknown-origin/<family>/<language>/ (see its README for the annotations).

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'unknown-origin');
const ANNOTATION = /^\s*(?:#|\/\/)\s*(tier-medium|tier-low|ok):\s*([a-z-]+)/;

interface Marked {
  kind: 'tier-medium' | 'tier-low' | 'ok';
  ruleId: string;
  /** 1-based line of the code below the annotation. */
  line: number;
}

function marks(text: string): Marked[] {
  const lines = text.split(/\r?\n/);
  const out: Marked[] = [];
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (m) out.push({ kind: m[1] as Marked['kind'], ruleId: m[2], line: i + 2 });
  });
  return out;
}

function fixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(py|ts|js)$/.test(entry.name)) out.push(full);
    }
  };
  walk(FIXTURES);
  return out.sort();
}

const MEDIUM: AnalysisSettings = { rules: {}, unknownOrigin: { report: 'medium' } };
const LOW: AnalysisSettings = { rules: {}, unknownOrigin: { report: 'low' } };

function analyze(file: string, text: string, settings: AnalysisSettings = { rules: {} }): Finding[] {
  const relative = path.relative(REPO_ROOT, file).split(path.sep).join('/');
  const language = file.endsWith('.py') ? 'python' : file.endsWith('.js') ? 'javascript' : 'typescript';
  const result = engine().analyzeTextWith(relative, text, settings, language);
  assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), [], 'the analysis does not throw');
  return result.findings;
}

const at = (findings: readonly Finding[], rules: ReadonlySet<string>) =>
  findings.filter((f) => rules.has(f.ruleId)).map((f) => `${f.range.start.line + 1}: ${f.ruleId}`).sort();

describe('unknown-origin tier', () => {
  const files = fixtureFiles();

  it('has a Python and a TypeScript fixture for every family', () => {
    const families = fs.readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    assert.ok(families.length >= 2);
    for (const family of families) {
      for (const language of ['python', 'typescript']) {
        assert.ok(files.some((f) => f.startsWith(path.join(FIXTURES, family, language))), `no ${language} fixture for ${family}`);
      }
    }
  });

  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    const text = fs.readFileSync(file, 'utf8');
    const marked = marks(text);
    const rules = new Set(marked.map((m) => m.ruleId));
    const lines = (...kinds: Marked['kind'][]) => marked.filter((m) => kinds.includes(m.kind)).map((m) => `${m.line}: ${m.ruleId}`).sort();

    it(`${name}: quiet with the default settings (the tier is off)`, () => {
      // Files of quiet-code/ (scripts, tests, programs) hold only near misses; the others both.
      const quietCode = name.startsWith(`quiet-code${path.sep}`);
      assert.ok(marked.some((m) => m.kind === 'ok') && (quietCode || marked.some((m) => m.kind !== 'ok')), 'a fixture needs findings and near misses');
      assert.deepStrictEqual(at(analyze(file, text), rules), []);
    });

    it(`${name}: report "medium" gives the tier-medium lines, at medium confidence with the rule's tier severity`, () => {
      const findings = analyze(file, text, MEDIUM);
      assert.deepStrictEqual(at(findings, rules), lines('tier-medium'));
      for (const f of findings.filter((x) => rules.has(x.ruleId))) {
        assert.strictEqual(f.tier, 'unknown-origin', f.message);
        assert.strictEqual(f.confidence, 'medium', f.message);
        assert.strictEqual(f.severity, engine().catalog.get(f.ruleId)!.meta.unknownOrigin!.severity, f.message);
        assert.match(f.message, /a parameter of `\w+\(\)` whose callers Vigil cannot see/);
      }
    });

    it(`${name}: report "low" adds the tier-low lines (pass-through wrappers, paths, URLs, redirects) at low confidence`, () => {
      const findings = analyze(file, text, LOW);
      assert.deepStrictEqual(at(findings, rules), lines('tier-medium', 'tier-low'));
      const low = new Set(lines('tier-low'));
      for (const f of findings.filter((x) => rules.has(x.ruleId))) {
        assert.strictEqual(f.tier, 'unknown-origin');
        assert.strictEqual(f.confidence, low.has(`${f.range.start.line + 1}: ${f.ruleId}`) ? 'low' : 'medium', f.message);
      }
    });
  }
});

const WRAPPERS_PY = `import os
import sqlite3
from flask import Flask, request

app = Flask(__name__)


def lookup(conn, name):
    return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()


@app.get("/users")
def users():
    term = request.args["q"]
    conn = sqlite3.connect("app.db")
    return str(conn.execute(f"SELECT * FROM users WHERE name = '{term}'").fetchall())
`;

const HANDLER_TS = `import express from 'express';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({});
const app = express();

async function lookup(req, res) {
  const [rows] = await pool.query(\`SELECT * FROM users WHERE name = '\${req.query.q}'\`);
  res.json(rows);
}

app.get('/users', lookup);
`;

describe('unknown-origin tier: configuration and precedence', () => {
  after(removeProjects);

  it('is off without a config, medium in vigil:recommended, low in vigil:strict; a config moves rules and sinks', () => {
    const root = tempProject({
      'r/vigil.config.json': '{ "extends": "vigil:recommended" }',
      's/vigil.config.json': '{ "extends": "vigil:strict" }',
      't/vigil.config.json': '{ "extends": "vigil:strict", "unknownOrigin": { "rules": { "ssrf": "off" }, "sinks": { "open-file": "medium" } } }',
    });
    const tier = (file: string) => JSON.parse(JSON.stringify(configOf(root, file).unknownOrigin ?? null));
    assert.strictEqual(tier('x.py'), null);
    assert.deepStrictEqual(tier('r/x.py'), { report: 'medium' });
    assert.deepStrictEqual(tier('s/x.py'), { report: 'low' });
    assert.deepStrictEqual(tier('t/x.py'), { report: 'low', rules: { ssrf: 'off' }, sinks: { 'open-file': 'medium' } });
  });

  it('rejects an unknown level and an unknown rule id, pointing at them', () => {
    const root = tempProject({
      'a/vigil.config.json': '{ "unknownOrigin": { "report": "high" } }',
      'b/vigil.config.json': '{ "unknownOrigin": { "report": "low", "rules": { "sql-injections": "off" } } }',
    });
    assert.match(configErrorOf(root, 'a/x.py').message, /report|allowed values|medium/);
    assert.match(configErrorOf(root, 'b/x.py').message, /unknown rule "sql-injections"/);
  });

  it('a config can take a rule out of the tier, or raise a sink to medium', () => {
    const file = path.join(FIXTURES, 'files-and-urls', 'python', 'attachments.py');
    const text = fs.readFileSync(file, 'utf8');
    const moved = analyze(file, text, { rules: {}, unknownOrigin: { report: 'medium', sinks: { 'open-file': 'medium' } } });
    // The rule's own cap (path-traversal: low) still holds: raising the sink alone reports nothing at medium.
    assert.deepStrictEqual(moved.filter((f) => f.ruleId === 'path-traversal'), []);
    const both = analyze(file, text, { rules: {}, unknownOrigin: { report: 'medium', rules: { 'path-traversal': 'medium' }, sinks: { 'open-file': 'medium' } } });
    assert.deepStrictEqual(both.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.confidence} ${f.tier}`), ['13 path-traversal medium unknown-origin']);
    const off = analyze(file, text, { rules: {}, unknownOrigin: { report: 'low', rules: { ssrf: 'off' } } });
    assert.deepStrictEqual([...new Set(off.map((f) => f.ruleId))].sort(), ['open-redirect', 'path-traversal']);
  });

  it('request data beats unknown origin: a handler is reported as before, a helper in the tier (Python)', () => {
    const findings = analyze(path.join(FIXTURES, 'wrappers.py'), WRAPPERS_PY, LOW).map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.tier ?? 'traced'} ${f.confidence}`);
    assert.deepStrictEqual(findings.sort(), ['16 sql-injection traced high', '9 sql-injection unknown-origin medium']);
  });

  it('a function walked where it is written and again as a handler is reported once, as traced (TypeScript)', () => {
    const findings = analyze(path.join(FIXTURES, 'handler.ts'), HANDLER_TS, LOW).filter((f) => f.ruleId === 'sql-injection').map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.tier ?? 'traced'}`);
    assert.deepStrictEqual(findings, ['8 sql-injection traced']);
  });

  it('offers the same fixes in the tier as for traced request data', () => {
    const file = path.join(FIXTURES, 'injection', 'python', 'reports_repository.py');
    const findings = analyze(file, fs.readFileSync(file, 'utf8'), MEDIUM);
    const sql = findings.find((f) => f.ruleId === 'sql-injection')!;
    assert.ok(sql.fixes.some((fix) => fix.title === 'Parameterize this query'), sql.fixes.map((f) => f.title).join(', '));
    const ts = path.join(FIXTURES, 'injection', 'typescript', 'reports-repository.ts');
    const tsSql = analyze(ts, fs.readFileSync(ts, 'utf8'), MEDIUM).find((f) => f.ruleId === 'sql-injection')!;
    assert.ok(tsSql.fixes.some((fix) => fix.title === 'Parameterize this query'), tsSql.fixes.map((f) => f.title).join(', '));
  });
});
