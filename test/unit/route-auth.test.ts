import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine';
import { matcherRegex, routeOfFile } from '../../server/src/engine/typescript/route-auth/next-middleware';
import { WorkspaceModules } from '../../server/src/workspace/project-modules';
import { UNGUARDED } from '../helpers/modules';
import { REPO_ROOT, engine, readAnnotations } from '../helpers/fixtures';

// missing-auth with authentication applied outside the route's file, in TS/JS: Express routers
// mounted behind authentication where the app is assembled, and the Next.js middleware whose
// matcher selects a route handler (test/fixtures/route-auth; the Python counterpart, routers included
// with `dependencies=[Depends(...)]`, is tested in quiet-on-good-code.test.ts).

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'route-auth');
const SOURCE = /\.[cm]?[jt]sx?$/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : SOURCE.test(e.name) ? [path.join(dir, e.name)] : []));
}

function missingAuth(e: Engine, file: string): number[] {
  return e
    .analyzeText(file, fs.readFileSync(file, 'utf8'), {}, 'typescript')
    .findings.filter((f) => f.ruleId === 'missing-auth')
    .map((f) => f.range.start.line + 1);
}

function expected(file: string, kind: 'expect' | 'ok' = 'expect'): number[] {
  return readAnnotations(fs.readFileSync(file, 'utf8'))
    .filter((a) => a.kind === kind && a.ruleId === 'missing-auth')
    .map((a) => a.line + 1);
}

describe('missing-auth: authentication outside the route file (TS/JS)', () => {
  describe('Express routers mounted behind authentication (test/fixtures/route-auth/express-mounted-routers)', () => {
    const root = path.join(FIXTURES, 'express-mounted-routers');
    const withModules = () => {
      const e = new Engine({ catalog: engine().catalog });
      const modules = new WorkspaceModules({ engine: e, roots: [root], fileOf: (p) => p, pathOf: (f) => f, maxSummariesPerAnalysis: Infinity, limits: UNGUARDED });
      modules.startAnalysis({ rules: {} });
      e.projectModules = modules;
      return e;
    };

    for (const file of files(path.join(root, 'src', 'routes')).sort()) {
      it(path.relative(root, file), () => {
        assert.deepStrictEqual(missingAuth(withModules(), file), expected(file));
      });
    }

    it('without the project modules, the routes of the routers mounted with authentication are reported (the mounts decide)', () => {
      const plain = new Engine({ catalog: engine().catalog });
      for (const file of ['src/routes/admin.ts', 'src/routes/orders.js']) {
        const ok = expected(path.join(root, file), 'ok');
        assert.ok(ok.length > 0);
        assert.deepStrictEqual(missingAuth(plain, path.join(root, file)), ok, file);
      }
    });

    it('the assembling module tells which routers it mounts behind authentication, and no others', () => {
      const app = path.join(root, 'src/app.ts');
      const summary = engine().summarize(app, fs.readFileSync(app, 'utf8'), { rules: {} });
      assert.deepStrictEqual(summary?.guardedIncludes, [['./routes/admin', 'default'], ['./routes/orders', 'default']]);
    });
  });

  describe('Next.js middleware matchers (test/fixtures/route-auth/nextjs-middleware)', () => {
    const root = path.join(FIXTURES, 'nextjs-middleware');
    const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
    const withFiles = () => {
      const e = new Engine({ catalog: engine().catalog });
      e.projectFiles = { read };
      return e;
    };
    const routes = files(root).filter((f) => /\/route\.[jt]s$/.test(f)).sort();

    it('has route handler fixtures', () => assert.ok(routes.length >= 5));
    for (const file of routes) {
      it(path.relative(root, file), () => {
        assert.deepStrictEqual(missingAuth(withFiles(), file), expected(file));
      });
    }

    it('without the project files, the routes the middleware guards are reported', () => {
      const plain = new Engine({ catalog: engine().catalog });
      for (const file of ['shop/src/app/api/orders/[id]/route.ts', 'shop/src/app/(account)/api/addresses/route.ts', 'installers/app/dashboard/jobs-export/route.js']) {
        const ok = expected(path.join(root, file), 'ok');
        assert.ok(ok.length > 0);
        assert.deepStrictEqual(missingAuth(plain, path.join(root, file)), ok, file);
      }
    });

    it('a Server Action is not guarded by a middleware whose matcher selects its page', () => {
      const action = `'use server';
import { auth } from '@/lib/auth';
import { db } from '@/lib/db';

export async function renameOrder(id: string, name: string) {
  const session = await auth();
  await db.order.update({ where: { id, customerId: session?.user.id }, data: { name } });
}

export async function deleteOrder(id: string) {
  await db.order.delete({ where: { id } });
}
`;
      const file = path.join(root, 'shop/src/app/account/orders/actions.ts');
      const found = withFiles()
        .analyzeText(file, action, {}, 'typescript')
        .findings.filter((f) => f.ruleId === 'missing-auth')
        .map((f) => f.range.start.line + 1);
      assert.deepStrictEqual(found, [10]);
    });

    it('reads matchers as Next.js does', () => {
      const matches = (matcher: string, route: string) => matcherRegex(matcher)!.test(route);
      assert.ok(matches('/api/orders/:path*', '/api/orders'));
      assert.ok(matches('/api/orders/:path*', '/api/orders/x/items'));
      assert.ok(!matches('/api/orders/:path*', '/api/orders-archive'));
      assert.ok(matches('/api/:id', '/api/x') && !matches('/api/:id', '/api/x/y'));
      assert.ok(matches('/api/:rest+', '/api/x/y') && !matches('/api/:rest+', '/api'));
      assert.ok(matches('/((?!api|_next/static|_next/image|favicon.ico).*)', '/dashboard/x'));
      assert.ok(!matches('/((?!api|_next/static|_next/image|favicon.ico).*)', '/api/jobs'));
      assert.strictEqual(matcherRegex('/api/(unclosed'), undefined);
    });

    it('names the route of a route handler file by its folders (groups and slots left out, dynamic segments filled)', () => {
      assert.deepStrictEqual(routeOfFile('web/src/app/(shop)/api/orders/[id]/route.ts'), { folder: 'web/src', path: '/api/orders/x' });
      assert.deepStrictEqual(routeOfFile('app/docs/[...slug]/route.js'), { folder: '', path: '/docs/x/y' });
      assert.deepStrictEqual(routeOfFile('app/route.ts'), { folder: '', path: '/' });
      assert.strictEqual(routeOfFile('app/api/orders/page.tsx'), undefined);
    });
  });
});
