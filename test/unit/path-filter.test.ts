import * as assert from 'assert';
import { pathFilter } from '../../server/src/engine/rules/path-filter';

describe('rules: path filters (files / excludeFiles globs)', () => {
  it('matches the included globs, minus the excluded, for / and \\ paths, the same on every ask', () => {
    const routes = pathFilter(['**/app/**/route.{ts,js}', '**/pages/api/**'], ['**/*.test.ts']);
    for (let ask = 0; ask < 2; ask++) {
      assert.strictEqual(routes('/shop/app/api/orders/route.ts'), true);
      assert.strictEqual(routes('C:\\shop\\app\\api\\orders\\route.ts'), true);
      assert.strictEqual(routes('/shop/pages/api/cart.ts'), true);
      assert.strictEqual(routes('/shop/app/api/orders/page.tsx'), false);
      assert.strictEqual(routes('/shop/pages/api/cart.test.ts'), false, 'excluded');
      assert.strictEqual(routes('/shop/.next/server/app/x/route.js'), true, 'dot folders count');
      assert.strictEqual(routes('../shop/app/api/orders/route.ts'), true, 'a scan of a sibling folder');
      assert.strictEqual(routes('..\\..\\shop\\pages\\api\\cart.test.ts'), false, 'excluded behind ../..');
      assert.strictEqual(routes('./app/api/orders/route.ts'), true);
    }
  });

  it('without globs every path applies; remembering many paths keeps the answers right', () => {
    assert.strictEqual(pathFilter(undefined)('anything.py'), true);
    const tests = pathFilter(undefined, ['tests/**']);
    assert.strictEqual(tests('tests/test_orders.py'), false);
    assert.strictEqual(tests('app/orders.py'), true);
    const api = pathFilter(['api/**']);
    for (let i = 0; i < 2000; i++) assert.strictEqual(api(i % 2 ? `api/m${i}.py` : `lib/m${i}.py`), i % 2 === 1);
  });

  it('rules with the same globs share one filter; other globs, or the same ones as files instead of excludeFiles, do not', () => {
    const tests = ['**/test_*.py', '**/tests/**'];
    const a = pathFilter(undefined, tests);
    assert.strictEqual(pathFilter(undefined, [...tests]), a);
    const included = pathFilter(tests);
    assert.notStrictEqual(included, a);
    assert.strictEqual(a('app/tests/test_orders.py'), false);
    assert.strictEqual(included('app/tests/test_orders.py'), true);
    assert.notStrictEqual(pathFilter(undefined, ['**/tests/**']), a);
  });
});
