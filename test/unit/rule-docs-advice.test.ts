import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { engine, REPO_ROOT } from '../helpers/fixtures';

// The open-redirect "Use instead" for TypeScript is what its hover teaches: it must be clean for
// Vigil and must not let another origin through (`/\evil.example` passed the old prefix check).
describe('open-redirect docs: the TypeScript "Use instead" is clean and refuses other origins', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'rules', 'open-redirect', 'README.md'), 'utf8');
  const useInstead = doc.slice(doc.indexOf('## Use instead'), doc.indexOf('## Fix'));
  const block = /```ts\n([\s\S]*?)```/.exec(useInstead)?.[1] ?? '';

  it('is not reported inside a Next.js route handler', () => {
    const [constants, body] = [block.split('\n').filter((l) => l.startsWith('const ALLOWED')), block.split('\n').filter((l) => !l.startsWith('const ALLOWED'))];
    const code = `import { NextRequest, NextResponse } from 'next/server';\n${constants.join('\n')}\nexport async function GET(request: NextRequest) {\n${body.join('\n')}\n}\n`;
    assert.ok(block.includes('NextResponse.redirect'), 'the block redirects');
    const findings = engine().analyzeText('app/api/next/route.ts', code, {}, 'typescript').findings.filter((f) => f.ruleId === 'open-redirect');
    assert.deepStrictEqual(findings.map((f) => f.message), []);
  });

  it('sends /\\evil.example and //evil.example to this site', () => {
    const decide = new Function('request', 'URL', `${block.replace(/return NextResponse\.redirect\((.*)\);/, 'return $1;')}`) as (request: unknown, url: typeof URL) => URL;
    for (const next of ['/\\evil.example', '//evil.example', 'https://evil.example', '/orders']) {
      const request = { url: 'https://shop.example/login', nextUrl: { searchParams: new URLSearchParams({ next }) } };
      assert.strictEqual(decide(request, URL).origin, 'https://shop.example', next);
    }
  });
});
