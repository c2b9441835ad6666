import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { engine, REPO_ROOT } from '../helpers/fixtures';

// The open-redirect "Use instead" for TypeScript is what its hover teaches: it must be clean for
// Vigil and must not let another origin through (`/\evil.example` passed the old prefix check).
describe('open-redirect docs: the TypeScript "Use instead" is clean and refuses other origins', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'rules', 'open-redirect', 'README.md'), 'utf8');
  const useInstead = doc.slice(doc.indexOf('## Use instead'), doc.indexOf('## Fix'));
  const block = /```ts[^\n]*\n([\s\S]*?)```/.exec(useInstead)?.[1] ?? '';
  const body = /export async function GET\(request: NextRequest\) \{\n([\s\S]*?)\n\}/.exec(block)?.[1] ?? '';

  it('is not reported inside a Next.js route handler', () => {
    assert.ok(block.includes('NextResponse.redirect'), 'the block redirects');
    const findings = engine().analyzeText('app/api/auth/return/route.ts', block, {}, 'typescript').findings.filter((f) => f.ruleId === 'open-redirect');
    assert.deepStrictEqual(findings.map((f) => f.message), []);
  });

  it('sends /\\evil.example and //evil.example to this site', () => {
    // The handler's body, with NextResponse.redirect(x) returning x.
    const decide = new Function('request', 'URL', 'NextResponse', body) as (request: unknown, url: typeof URL, next: unknown) => URL;
    const NextResponse = { redirect: (target: URL) => target };
    for (const next of ['/\\evil.example', '//evil.example', 'https://evil.example', '/orders']) {
      const request = { url: 'https://shop.example/login', nextUrl: { origin: 'https://shop.example', searchParams: new URLSearchParams({ next }) } };
      assert.strictEqual(decide(request, URL, NextResponse).origin, 'https://shop.example', next);
    }
  });
});
