import * as assert from 'assert';
import { parameterize, type ParameterizedQuery, type QueryPart } from '../../server/src/engine/fixes/parameterize';
import type { Paramstyle } from '../../server/src/engine';

const text = (t: string): QueryPart => ({ kind: 'text', text: t });
const value = (code: string): QueryPart => ({ kind: 'value', code });

function ok(parts: QueryPart[], paramstyle: Paramstyle): ParameterizedQuery {
  const result = parameterize(parts, paramstyle);
  assert.ok(result.ok, `expected a query, got: ${!result.ok && result.reason}`);
  return result.query;
}

function refused(parts: QueryPart[], paramstyle: Paramstyle = 'format'): string {
  const result = parameterize(parts, paramstyle);
  assert.ok(!result.ok, `expected a refusal, got: ${result.ok && result.query.sql}`);
  return result.reason;
}

describe('parameterize()', () => {
  // f"SELECT * FROM customers WHERE email = '{email}' AND city = {city}"
  const byEmail = [text("SELECT * FROM customers WHERE email = '"), value('email'), text("' AND city = "), value('city')];

  it('writes each paramstyle', () => {
    const expected: Record<Paramstyle, string> = {
      qmark: 'SELECT * FROM customers WHERE email = ? AND city = ?',
      format: 'SELECT * FROM customers WHERE email = %s AND city = %s',
      numeric: 'SELECT * FROM customers WHERE email = :1 AND city = :2',
      named: 'SELECT * FROM customers WHERE email = :email AND city = :city',
      dollar: 'SELECT * FROM customers WHERE email = $1 AND city = $2',
    };
    for (const [style, sql] of Object.entries(expected) as [Paramstyle, string][]) {
      const query = ok(byEmail, style);
      assert.strictEqual(query.sql, sql, style);
      assert.deepStrictEqual(query.params.map((p) => p.value), [{ kind: 'code', code: 'email' }, { kind: 'code', code: 'city' }]);
    }
  });

  it('binds a quoted value without its quotes', () => {
    const query = ok([text("UPDATE orders SET note = '"), value('body.note'), text("' WHERE id = "), value('order_id')], 'format');
    assert.strictEqual(query.sql, 'UPDATE orders SET note = %s WHERE id = %s');
    assert.deepStrictEqual(query.params.map((p) => p.name), ['note', 'order_id']);
  });

  it("turns LIKE '%{term}%' into one bound template", () => {
    const query = ok([text("SELECT id FROM customers WHERE name LIKE '%"), value('term'), text("%'")], 'format');
    assert.strictEqual(query.sql, 'SELECT id FROM customers WHERE name LIKE %s');
    assert.deepStrictEqual(query.params[0].value, { kind: 'template', parts: [text('%'), value('term'), text('%')] });
  });

  it('keeps the SQL value of a quoted literal around the value (doubled and escaped quotes)', () => {
    const doubled = ok([text("SELECT * FROM customers WHERE name = 'O''"), value('rest'), text("'")], 'qmark');
    assert.strictEqual(doubled.sql, 'SELECT * FROM customers WHERE name = ?');
    assert.deepStrictEqual(doubled.params[0].value, { kind: 'template', parts: [text("O'"), value('rest')] });
    const escaped = ok([text("SELECT * FROM notes WHERE body = 'it\\'s "), value('word'), text("'")], 'qmark');
    assert.deepStrictEqual(escaped.params[0].value, { kind: 'template', parts: [text("it's "), value('word')] });
  });

  it('doubles literal % signs for the format style only', () => {
    const parts = [text("SELECT * FROM panels WHERE model LIKE 'SP-%' AND watt >= "), value('watt')];
    assert.strictEqual(ok(parts, 'format').sql, "SELECT * FROM panels WHERE model LIKE 'SP-%%' AND watt >= %s");
    assert.strictEqual(ok(parts, 'qmark').sql, "SELECT * FROM panels WHERE model LIKE 'SP-%' AND watt >= ?");
  });

  it('names repeated values apart for the named style', () => {
    const query = ok([text('SELECT * FROM orders WHERE owner = '), value('user'), text(' OR assignee = '), value('user')], 'named');
    assert.strictEqual(query.sql, 'SELECT * FROM orders WHERE owner = :user OR assignee = :user_2');
  });

  it('binds values in VALUES (...), LIMIT and BETWEEN ... AND ...', () => {
    assert.strictEqual(ok([text('INSERT INTO leads (email, kwp) VALUES ('), value('email'), text(', '), value('kwp'), text(')')], 'qmark').sql, 'INSERT INTO leads (email, kwp) VALUES (?, ?)');
    assert.strictEqual(ok([text('SELECT * FROM orders LIMIT '), value('size')], 'qmark').sql, 'SELECT * FROM orders LIMIT ?');
    assert.strictEqual(ok([text('SELECT * FROM orders WHERE total BETWEEN '), value('lo'), text(' AND '), value('hi')], 'format').sql, 'SELECT * FROM orders WHERE total BETWEEN %s AND %s');
  });

  it('refuses IN lists: one placeholder cannot stand for several values', () => {
    assert.match(refused([text('SELECT * FROM orders WHERE id IN ('), value('ids'), text(')')]), /IN \(\.\.\.\) list/);
  });

  it('refuses identifiers, keywords and conditions', () => {
    assert.match(refused([text('SELECT * FROM orders ORDER BY '), value('sort')]), /name or a keyword/);
    assert.match(refused([text('SELECT * FROM '), value('table')]), /name or a keyword/);
    assert.match(refused([text('SELECT * FROM orders WHERE region = 1 AND '), value('extra_filter')]), /name or a keyword/);
    assert.match(refused([text('SELECT * FROM `'), value('table'), text('`')]), /quoted identifier/);
  });

  it('refuses queries without values or with an unclosed quote', () => {
    assert.match(refused([text('SELECT 1')]), /no interpolated values/);
    assert.match(refused([text("SELECT * FROM c WHERE name = '"), value('name')]), /not closed/);
  });
});
