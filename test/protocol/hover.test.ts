import * as assert from 'assert';
import type { Finding } from '../../server/src/engine';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { hover } from '../../server/src/lsp/hover';
import { engine } from '../helpers/fixtures';

// The hover of a taint finding, Python and TSX alike: what and why, the path once (the
// diagnostic's related information keeps only the source), the fixes, OWASP and CWE, a link.

const PY = `from fastapi import FastAPI
import sqlite3

app = FastAPI()

@app.get("/customers")
def customers(email: str):
    db = sqlite3.connect("shop.db")
    query = f"SELECT * FROM customers WHERE email = '{email}'"
    return db.execute(query).fetchall()
`;
const TSX = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q');
  const sql = "SELECT * FROM products WHERE name = '" + q + "'";
  return pool.query(sql);
}
`;

function sqlHover(path: string, languageId: 'python' | 'typescriptreact', code: string): { finding: Finding; value: string } {
  const findings = engine().analyzeText(path, code, {}, languageId).findings;
  const finding = findings.find((f) => f.ruleId === 'sql-injection');
  assert.ok(finding, 'no sql-injection finding');
  const result = hover(findings, finding.range.start, engine().catalog, languageId);
  return { finding, value: (result!.contents as { value: string }).value };
}

describe('hover of a taint finding', () => {
  for (const [path, languageId, code] of [['api/customers.py', 'python', PY], ['app/api/products/route.tsx', 'typescriptreact', TSX]] as const) {
    it(`${languageId}: the path once, CWE without a doubled prefix, the fix and a "more" link`, () => {
      const { finding, value } = sqlHover(path, languageId, code);
      assert.ok(finding.path.length >= 2, 'a path with steps after the source');
      const related = toDiagnostic(finding, 'file:///x', 1, engine().catalog).relatedInformation ?? [];
      const shown = [...related.map((r) => r.message), value].join('\n');
      for (const step of finding.path.slice(1)) assert.strictEqual(shown.split(step.label).length - 1, 1, `${step.label} is shown once:\n${shown}`);
      assert.deepStrictEqual(related.map((r) => r.message), [`source: ${finding.path[0].label}`]);
      assert.doesNotMatch(value, /CWE\**:?\s*\[?CWE-/);
      assert.match(value, /\[CWE-89\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/89\.html\)/);
      assert.match(value, /\*\*Fix\*\* \(lightbulb\): Parameterize this query/);
      assert.match(value, /\[More about this rule\]\([^)]*sql-injection[^)]*\)$/);
      // Short: what, from → to, OWASP/CWE and the fixes, each one line, before the advice.
      const head = value.slice(0, value.indexOf('**How to fix**')).trim().split('\n\n');
      assert.strictEqual(head.length, 3, value);
      assert.ok(head.every((line) => !line.includes('\n')), value);
      assert.match(head[0], /^\*\*Vigil: SQL injection\*\* \(`sql-injection`, error\): /);
      assert.match(head[1], /^\*\*From\*\* .+ \(line \d+\) → .+ → `[\w.]+` \(line \d+\)$/);
      assert.match(head[2], /^\*\*OWASP\*\* A03:2021 Injection · .*\[CWE-89\].* · \*\*Fix\*\* \(lightbulb\): Parameterize this query$/);
      // The advice is the file's language only, and far from the whole docs page.
      const advice = value.slice(value.indexOf('**How to fix**'));
      assert.ok(!advice.includes(languageId === 'python' ? '```ts' : '```python'), advice);
      assert.ok(!value.includes('## Why is this bad') && !value.includes('## References'), value);
    });
  }
});
