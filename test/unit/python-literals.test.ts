import * as assert from 'assert';
import { decodeLiteralText, literalStyle } from '../../server/src/engine/python/literals';
import { engine } from '../helpers/fixtures';

describe('Python literals: decoding escapes', () => {
  const plain = literalStyle('"');

  it('decodes the escapes Python has', () => {
    assert.strictEqual(decodeLiteralText('a\\tb\\x41\\u00e9\\U0001F600\\101\\\\', plain), 'a\tbAé😀A\\');
  });

  it('leaves what Python rejects undecoded instead of throwing (\\u without four digits, \\U past U+10FFFF, \\x without two)', () => {
    // Typed mid-word, e.g. `"o.stat\us"`: tree-sitter parses it, Python would not.
    for (const raw of ['o.stat\\us', 'end\\u', '\\U00110000', '\\UFFFFFFFF', '\\x4g']) {
      assert.strictEqual(decodeLiteralText(raw, plain), undefined, raw);
      assert.strictEqual(decodeLiteralText(raw, literalStyle('f"')), undefined, `f-string ${raw}`);
    }
    assert.strictEqual(decodeLiteralText('o.stat\\us', literalStyle('r"')), 'o.stat\\us', 'raw strings have no escapes');
  });

  it('an f-string with a broken escape is still analyzed: the query finding stays, no rule error', () => {
    const text = [
      'from fastapi import APIRouter',
      'import pymysql',
      '',
      'router = APIRouter()',
      '',
      '@router.get("/orders")',
      'def list_orders(status: str):',
      '    conn = pymysql.connect()',
      '    with conn.cursor() as cursor:',
      '        cursor.execute(f"SELECT * FROM orders WHERE o.stat\\us = \'{status}\'")',
      '',
    ].join('\n');
    const result = engine().analyzeText('api/orders.py', text);
    assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), []);
    assert.deepStrictEqual(result.findings.map((f) => f.ruleId), ['sql-injection']);
  });
});
