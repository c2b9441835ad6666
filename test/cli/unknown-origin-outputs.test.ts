import * as assert from 'assert';
import { hover } from '../../server/src/lsp/hover';
import { engine } from '../helpers/fixtures';
import { removeProjects, runBuiltCli, tempProject, validateSarif } from './helpers';

// The unknown-origin tier is visible wherever a finding goes: JSON `tier`, SARIF
// `properties.tier`, the text output's `tier:` line, the hover's "Tier:" line. Traced findings carry none.

const REPOSITORY = `import sqlite3


def find_users(conn: sqlite3.Connection, user_input):
    return conn.execute(f"SELECT * FROM users WHERE name = '{user_input}'").fetchall()
`;

describe('unknown-origin tier in the outputs', () => {
  after(removeProjects);

  it('JSON, SARIF and text name the tier under vigil:recommended; without a config the finding is not there', () => {
    const root = tempProject({ 'app/users.py': REPOSITORY, 'vigil.config.json': '{ "extends": "vigil:recommended" }' });
    const json = JSON.parse(runBuiltCli(['scan', '.', '--format', 'json', '--fail-on', 'none'], root).stdout);
    const [finding] = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'sql-injection');
    assert.deepStrictEqual([finding.tier, finding.severity, finding.confidence], ['unknown-origin', 'warning', 'medium']);
    assert.match(finding.message, /`user_input`, a parameter of `find_users\(\)` whose callers Vigil cannot see/);
    assert.ok(finding.fixes.some((fix: { title: string }) => fix.title === 'Parameterize this query'));

    const sarif = JSON.parse(runBuiltCli(['scan', '.', '--format', 'sarif', '--fail-on', 'none'], root).stdout);
    assert.deepStrictEqual(validateSarif(sarif), []);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'sql-injection');
    assert.deepStrictEqual(result.properties, { confidence: 'medium', tier: 'unknown-origin' });

    const text = runBuiltCli(['scan', '.', '--fail-on', 'none'], root).stdout;
    assert.match(text, /tier: value of unknown origin: Vigil cannot trace it to request data .* \(confidence medium\)/);

    const plain = JSON.parse(runBuiltCli(['scan', '.', '--format', 'json', '--fail-on', 'none', '--no-config'], root).stdout);
    assert.deepStrictEqual(plain.findings.filter((f: { ruleId: string }) => f.ruleId === 'sql-injection'), []);
  });

  it('the hover says which tier a finding is in; a traced finding has no Tier line', () => {
    const findings = engine().analyzeTextWith('app/users.py', REPOSITORY, { rules: {}, unknownOrigin: { report: 'medium' } }, 'python').findings;
    const finding = findings.find((f) => f.ruleId === 'sql-injection');
    assert.ok(finding);
    const value = (hover(findings, finding.range.start, engine().catalog, 'python')!.contents as { value: string }).value;
    assert.match(value, /\*\*Tier:\*\* value of unknown origin: .*\(confidence medium\)\./);

    const traced = `from flask import Flask, request\nimport sqlite3\napp = Flask(__name__)\n\n@app.get("/u")\ndef users():\n    return str(sqlite3.connect("a.db").execute(f"SELECT * FROM users WHERE name = '{request.args['q']}'").fetchall())\n`;
    const tracedFindings = engine().analyzeTextWith('app/view.py', traced, { rules: {}, unknownOrigin: { report: 'medium' } }, 'python').findings;
    const sql = tracedFindings.find((f) => f.ruleId === 'sql-injection');
    assert.ok(sql);
    assert.strictEqual(sql.tier, undefined);
    assert.doesNotMatch((hover(tracedFindings, sql.range.start, engine().catalog, 'python')!.contents as { value: string }).value, /Tier:/);
  });
});
