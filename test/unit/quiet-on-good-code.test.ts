import * as assert from 'assert';
import type { Finding } from '../../server/src/engine';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../server/src/engine';
import { WorkspaceModules } from '../../server/src/workspace/project-modules';
import { UNGUARDED } from '../helpers/modules';
import { REPO_ROOT, engine, readAnnotations } from '../helpers/fixtures';

// What the rule fixtures cannot say: the severity and confidence a finding is reported at when
// the code around it tells Vigil it matters less (a development entry point, a receiver of
// unknown origin).

function analyze(file: string, code: string, language: 'python' | 'typescript'): Finding[] {
  const result = engine().analyzeText(file, code, {}, language);
  assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), [], 'the analysis does not throw');
  return result.findings;
}

const DEV_SERVER = `import uvicorn
from fastapi import FastAPI

app = FastAPI()


def serve():
    uvicorn.run(app, host="0.0.0.0", reload=True)


def develop():
    uvicorn.run(app, host="0.0.0.0", reload=True)


if __name__ == "__main__":
    uvicorn.run("main:app", host="0.0.0.0", reload=True)
`;

describe('quiet on good code', () => {
  it('reports a dev server in `if __name__ == "__main__":` or a `develop` function as info, elsewhere at the rule severity', () => {
    const found = analyze('api/main.py', DEV_SERVER, 'python').map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}`);
    assert.deepStrictEqual(found.sort(), [
      '12 debug-enabled info',
      '12 insecure-configuration info',
      '16 debug-enabled info',
      '16 insecure-configuration info',
      '8 debug-enabled warning',
      '8 insecure-configuration warning',
    ]);
  });

  it('reports a MongoDB sink on a receiver of unknown origin at low confidence, on a traced one at the rule confidence (Python)', () => {
    const code = `from fastapi import APIRouter
from pymongo import MongoClient

from app.db import get_events

router = APIRouter()
orders = MongoClient("mongodb://db")["shop"]["orders"]


@router.post("/purge")
def purge(criteria: dict):
    get_events().delete_many(criteria)
    orders.delete_many(criteria)
`;
    const found = analyze('api/purge.py', code, 'python').filter((f) => f.ruleId === 'nosql-injection').map((f) => `${f.range.start.line + 1} ${f.confidence}`);
    assert.deepStrictEqual(found, ['12 low', '13 medium']);
  });

  it('reports a MongoDB sink on a receiver of unknown origin at low confidence, on a traced one at the rule confidence (TS)', () => {
    const code = `import express from 'express';
import { MongoClient } from 'mongodb';
import { events } from './events';

const orders = new MongoClient(process.env.MONGO_URL!).db('shop').collection('orders');
export const router = express.Router();
router.post('/purge', async (req, res) => {
  await events().deleteMany(req.body.filter);
  await orders.deleteMany(req.body.filter);
  res.sendStatus(204);
});
`;
    const found = analyze('server/purge.ts', code, 'typescript').filter((f) => f.ruleId === 'nosql-injection').map((f) => `${f.range.start.line + 1} ${f.confidence}`);
    assert.deepStrictEqual(found, ['8 low', '9 medium']);
  });

  describe('test code (rules/test-code.ts): reported at info, or not at all where the rule says so, never as an error', () => {
    const python = `import hashlib
import random


def make_reset_token() -> str:
    return str(random.getrandbits(128))


def legacy_hash(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()
`;
    const typescript = `import jwt from 'jsonwebtoken';

export function claims(token: string) {
  return jwt.decode(token);
}

export function resetToken(): string {
  return Math.random().toString(36).slice(2);
}
`;
    const found = (file: string, code: string, language: 'python' | 'typescript') => analyze(file, code, language).map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}`).sort();

    it('Python: shipped code at the rule severity; in a test, insecure-random is off and weak-password-hash is info', () => {
      assert.deepStrictEqual(found('app/accounts.py', python, 'python'), ['10 weak-password-hash error', '6 insecure-random error']);
      for (const file of ['app/tests/helpers.py', 'app/test_accounts.py', 'conftest.py']) {
        assert.deepStrictEqual(found(file, python, 'python'), ['10 weak-password-hash info'], file);
      }
    });

    it('TS: shipped code at the pattern severity; in a test, insecure-random is off and jwt-misuse is info', () => {
      assert.deepStrictEqual(found('server/claims.ts', typescript, 'typescript'), ['4 jwt-misuse warning', '8 insecure-random error']);
      for (const file of ['server/claims.test.ts', 'server/__tests__/claims.ts', 'src/test-utils/claims.ts']) {
        assert.deepStrictEqual(found(file, typescript, 'typescript'), ['4 jwt-misuse info'], file);
      }
    });
  });

  describe('jwt-misuse: a decode that reads claims is a warning, a verification that accepts forged tokens an error', () => {
    const python = `import jwt


def token_owner(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["iss"]


def claims(token: str, key: str) -> dict:
    return jwt.decode(token, key, algorithms=["HS256", "none"])
`;
    const typescript = `import jwt from 'jsonwebtoken';

export function owner(token: string) {
  return jwt.decode(token);
}

export function claims(token: string, key: string) {
  return jwt.verify(token, key, { algorithms: ['none'] });
}
`;
    const found = (file: string, code: string, language: 'python' | 'typescript') =>
      analyze(file, code, language).map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity} ${f.confidence}${/without verifying it/.test(f.message) ? ' decode-only' : ''}`).sort();

    it('Python', () => {
      assert.deepStrictEqual(found('app/auth.py', python, 'python'), ['5 jwt-misuse warning medium decode-only', '9 jwt-misuse error high']);
    });

    it('TS', () => {
      assert.deepStrictEqual(found('server/auth.ts', typescript, 'typescript'), ['4 jwt-misuse warning medium decode-only', '8 jwt-misuse error high']);
    });
  });

  it('reports a secret default of a pydantic-settings field as a warning, the same literal in a plain model or module as an error', () => {
    const file = path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'hardcoded-secret', 'python', 'settings_defaults.py');
    const found = analyze('app/settings_defaults.py', fs.readFileSync(file, 'utf8'), 'python').map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}${/read from the environment first/.test(f.message) ? ' default' : ''}`);
    assert.deepStrictEqual(found.sort(), ['11 hardcoded-secret warning default', '21 hardcoded-secret error', '25 hardcoded-secret error']);
  });

  it('reports a fast hash inside a Django password hasher as a warning with its own message, the same hash elsewhere as an error', () => {
    const file = path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'weak-password-hash', 'python', 'legacy_hashers.py');
    const found = analyze('accounts/hashers.py', fs.readFileSync(file, 'utf8'), 'python').map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}${/inside a Django password hasher/.test(f.message) ? ' hasher' : ''}`);
    assert.deepStrictEqual(found.sort(), ['14 weak-password-hash warning hasher', '21 weak-password-hash error']);
  });

  describe('insecure-compare in test code', () => {
    const python = `def test_session_token(session, issued):
    assert session.token == issued.token


def expect_rotated(issued_token: str, presented_token: str) -> None:
    if issued_token == presented_token:
        raise AssertionError("token was not rotated")
`;
    const typescript = `export function expectRotated(issuedToken: string, presentedToken: string): void {
  if (issuedToken === presentedToken) throw new Error('token was not rotated');
}
`;
    const compares = (file: string, code: string, language: 'python' | 'typescript') =>
      analyze(file, code, language).filter((f) => f.ruleId === 'insecure-compare').map((f) => f.range.start.line + 1);

    it('is not reported in test files, in either language', () => {
      for (const file of ['server/tests/auth/test_sessions.py', 'app/test_sessions.py', 'app/sessions_test.py', 'tests/conftest.py']) {
        assert.deepStrictEqual(compares(file, python, 'python'), [], file);
      }
      for (const file of ['server/__tests__/sessions.ts', 'server/sessions.test.ts', 'server/sessions.spec.tsx']) {
        assert.deepStrictEqual(compares(file, typescript, 'typescript'), [], file);
      }
    });

    it('is reported for the same helper outside tests, but never for an assert', () => {
      assert.deepStrictEqual(compares('server/auth/sessions.py', python, 'python'), [6]);
      assert.deepStrictEqual(compares('server/auth/sessions.ts', typescript, 'typescript'), [2]);
    });
  });

  describe('missing-auth across modules: routers authenticated where they are included (test/fixtures/route-auth)', () => {
    const root = path.join(REPO_ROOT, 'test', 'fixtures', 'route-auth', 'fastapi-included-routers');
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.py') ? [path.join(dir, e.name)] : []));
    const missingAuth = (e: Engine, file: string) =>
      e.analyzeText(file, fs.readFileSync(file, 'utf8'), {}, 'python').findings.filter((f) => f.ruleId === 'missing-auth').map((f) => f.range.start.line + 1);
    const withModules = () => {
      const e = new Engine({ catalog: engine().catalog });
      const modules = new WorkspaceModules({ engine: e, roots: [root], fileOf: (p) => p, pathOf: (f) => f, maxSummariesPerAnalysis: Infinity, limits: UNGUARDED });
      modules.startAnalysis({ rules: {} });
      e.projectModules = modules;
      return e;
    };

    for (const file of files(root).sort()) {
      it(path.relative(root, file), () => {
        const expected = readAnnotations(fs.readFileSync(file, 'utf8')).filter((a) => a.kind === 'expect' && a.ruleId === 'missing-auth').map((a) => a.line + 1);
        assert.deepStrictEqual(missingAuth(withModules(), file), expected);
      });
    }

    it('without the project modules, the routes of the routers included with authentication are reported (the includes decide)', () => {
      const plain = new Engine({ catalog: engine().catalog });
      assert.deepStrictEqual(missingAuth(plain, path.join(root, 'app/backoffice/orders/endpoints.py')), [15]);
      assert.deepStrictEqual(missingAuth(plain, path.join(root, 'app/api/accounts.py')), [17, 23]);
    });
  });
});

describe('checks with a known bypass', () => {
  // `startsWith('/') && !startsWith('//')` stops `//evil.example` but not `/\\evil.example`: still reported, as a warning that says so.
  const cases: [string, 'python' | 'typescript'][] = [
    ['test/fixtures/rules/open-redirect/python/next_param_flask.py', 'python'],
    ['test/fixtures/rules/open-redirect/typescript/server/next-param.ts', 'typescript'],
  ];
  for (const [file, language] of cases) {
    it(`${path.basename(file)}: the partial relative-path check is a warning naming the bypass, no check at all an error, a full one nothing`, () => {
      const code = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const found = analyze(file, code, language).filter((f) => f.ruleId === 'open-redirect');
      const expected = readAnnotations(code).filter((a) => a.kind === 'expect' && a.ruleId === 'open-redirect').map((a) => a.line);
      assert.deepStrictEqual(found.map((f) => f.range.start.line), expected);
      const [partial, none] = found;
      assert.strictEqual(partial.severity, 'warning');
      assert.strictEqual(partial.confidence, 'medium');
      assert.match(partial.message, /`\/\\evil\.example` passes that check/);
      assert.strictEqual(none.severity, 'error');
      assert.doesNotMatch(none.message, /passes that check/);
    });
  }
});
