import * as assert from 'assert';
import { mentionsSink, mentionsSource } from '../../server/src/engine/typescript/prefilter';
import { engine } from '../helpers/fixtures';

// The text tests that let a keystroke skip the taint walk. Skipping must never hide a finding
// (the fixtures would catch a sink or source left out), and should skip the common files.
describe('TypeScript prefilter', () => {
  const spec = () => engine().catalog.taint('typescript');
  const handlersFor = (path: string) => spec().handlers.filter((h) => h.appliesTo(path));

  it('sees sinks as whole words and JSX attributes only with an expression value', () => {
    assert.ok(mentionsSink(spec(), 'await pool.$queryRawUnsafe(sql)'));
    assert.ok(mentionsSink(spec(), '<a href={next}>back</a>'));
    assert.ok(mentionsSink(spec(), 'el.innerHTML = html;'));
    assert.ok(mentionsSink(spec(), "window.location['href'] += next;"));
    assert.ok(!mentionsSink(spec(), '<a href="/orders" className="format">TypeScript form</a>'));
  });

  it('sees handlers that apply to the path, browser globals and source calls', () => {
    const component = `export function OrderCard({ order }: { order: Order }) {\n  return <a href={order.url}>{order.id}</a>;\n}\n`;
    assert.ok(!mentionsSource(spec(), handlersFor('components/OrderCard.tsx'), component));
    assert.ok(mentionsSource(spec(), handlersFor('app/orders/page.tsx'), component.replace('export function', 'export default function')));
    assert.ok(mentionsSource(spec(), handlersFor('components/OrderCard.tsx'), component.replace('order.url', 'location.hash')));
    assert.ok(mentionsSource(spec(), handlersFor('lib/session.ts'), `export async function user() { return (await cookies()).get('sid'); }`));
    assert.ok(mentionsSource(spec(), handlersFor('server/app.js'), `app.get('/x', (req, res) => res.send(req.query.q));`));
  });

  it('sees handlers matched by signature only where the signature is written, not at every `next`, `error` or `Context`', () => {
    const client = `import { createContext } from 'react';\nconst Theme = createContext(null);\nexport function useNext(next: string, error?: Error) { return next ?? error?.message; }\n`;
    assert.ok(!mentionsSource(spec(), handlersFor('components/theme.tsx'), client));
    assert.ok(mentionsSource(spec(), handlersFor('routes/users.js'), `exports.show = function (req, res) { res.send(req.query.q); };`));
    assert.ok(mentionsSource(spec(), handlersFor('routes/errors.js'), `module.exports = (err, req, res, next) => res.end(err.message);`));
    assert.ok(mentionsSource(spec(), handlersFor('routes/users.ts'), `import type { Request } from 'express';\nexport const show = (r: Request) => r.query.q;`));
    assert.ok(!mentionsSource(spec(), handlersFor('lib/fetcher.ts'), `export async function get(r: Request) { return fetch(r); }`));
    assert.ok(mentionsSource(spec(), handlersFor('routes/koa.ts'), `import Router from '@koa/router';\nexport async function list(ctx) { ctx.body = ctx.query.q; }`));
    assert.ok(!mentionsSource(spec(), handlersFor('components/Chart.tsx'), `const ctx = canvas.getContext('2d');\nexport function draw(ctx) { ctx.fillText(label, 0, 0); }`));
    assert.ok(mentionsSource(spec(), handlersFor('orders/orders.controller.ts'), `@Get(':id')\nshow(@Param('id') id: string) {}`));
  });

  it('skips the walk of a component with sinks but no source, and still reports the same file as a page', () => {
    const code = `export default function Banner({ searchParams }: { searchParams: { html: string } }) {\n  return <div dangerouslySetInnerHTML={{ __html: searchParams.html }} />;\n}\n`;
    assert.strictEqual(engine().analyzeText('components/Banner.tsx', code, {}).findings.length, 0);
    assert.deepStrictEqual(engine().analyzeText('app/banner/page.tsx', code, {}).findings.map((f) => f.ruleId), ['xss']);
  });
});
