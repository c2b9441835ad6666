import * as assert from 'assert';
import { applyPreferredFixes, applyTextEdits, Engine } from '../../server/src/engine';
import type { Finding } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

// The TypeScript side of the pattern rules (rules/patterns/typescript.json): what the matcher
// sees through (imports, requires, awaited receivers, callbacks), and the shapes each rewrite
// accepts or refuses. Fixtures cover the rules line by line; these pin the edge cases.

function analyze(code: string, path = 'lib/code.ts'): Finding[] {
  const languageId = path.endsWith('.tsx') ? 'typescriptreact' : path.endsWith('.js') ? 'javascript' : 'typescript';
  return engine().analyzeText(path, code, {}, languageId).findings;
}

const lines = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`);

/** The text after the finding's rewrite fix, or undefined when it has none. */
function fixed(code: string, ruleId: string, path = 'lib/code.ts'): string | undefined {
  const finding = analyze(code, path).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} finding`);
  const fix = finding.fixes.find((f) => f.kind === 'rewrite');
  return fix && applyTextEdits(code, fix.edits);
}

describe('TypeScript pattern rules', () => {
  describe('matching', () => {
    it('resolves callees through imports, destructured requires and require(...).member', () => {
      const code = `import { createCipher as weak } from 'node:crypto';
const { unserialize } = require('node-serialize');
weak('aes-256-cbc', key);
unserialize(data);
require('node-serialize').unserialize(data);
other.unserialize(data);
`;
      assert.deepStrictEqual(lines(analyze(code)), ['3: weak-cipher', '4: unsafe-deserialization', '5: unsafe-deserialization']);
    });

    it('names Math.random() by where its value goes: declarations, properties, returns, callbacks', () => {
      const code = `const resetToken = Math.random().toString(36);
const ui = { delay: Math.random() * 100, csrfToken: Math.random().toString(16) };
function makeSalt() { return Math.random().toString(36); }
const nonce = useMemo(() => Math.random().toString(36), []);
items.sort(() => Math.random() - 0.5);
`;
      assert.deepStrictEqual(lines(analyze(code)), ['1: insecure-random', '2: insecure-random', '3: insecure-random', '4: insecure-random']);
    });

    it('reports one finding per rule and value, even when a secret matches by name and by shape', () => {
      const findings = analyze(`export const stripeSecretKey = 'sk_live_51HqLyjWDarjtT1zdp7dcXlyw0aBcDeF';\n`);
      assert.deepStrictEqual(lines(findings), ['1: hardcoded-secret']);
      assert.match(findings[0].message, /`stripeSecretKey`/);
    });

    it('file-level absences: one helmet or CSP mention anywhere in the file clears the Express finding', () => {
      assert.deepStrictEqual(lines(analyze(`import express from 'express';\nconst app = express();\napp.listen(3000);\n`)), ['2: missing-security-headers']);
      assert.deepStrictEqual(lines(analyze(`import express from 'express';\nimport helmet from 'helmet';\nconst app = express();\napp.use(helmet());\napp.listen(3000);\n`)), []);
      // An app that is neither started, exported nor given routes serves nothing.
      assert.deepStrictEqual(lines(analyze(`import express from 'express';\nconst app = express();\n`)), []);
    });

    it('next.config rules apply to next.config files only', () => {
      const code = `module.exports = { productionBrowserSourceMaps: true, poweredByHeader: true };\n`;
      // The config object without a CSP, and `poweredByHeader: true` in it.
      assert.deepStrictEqual(lines(analyze(code, 'next.config.js')).sort(), ['1: missing-security-headers', '1: missing-security-headers', '1: production-source-maps']);
      assert.deepStrictEqual(lines(analyze(code, 'lib/settings.js')), ['1: production-source-maps']);
    });

    it('comparisons: secrets compared with another value, not with literals, lengths or confirmations', () => {
      const code = `if (token === expected) {}
if (token === '') {}
if (password.length === 8) {}
if (password === confirmPassword) {}
if (typeof secret === 'string') {}
`;
      assert.deepStrictEqual(lines(analyze(code)), ['1: insecure-compare']);
    });

    it('logging: a secret named in any of the first three arguments, not in message text', () => {
      const code = `console.log('user', user.email, user.password);
console.log('password reset requested');
logger.info({ authorization: req.headers.authorization });
console.warn('header', req.headers['authorization']);
log.fatal('login failed', user.email, user.password);
`;
      assert.deepStrictEqual(lines(analyze(code)), ['1: sensitive-data-logging', '3: sensitive-data-logging', '4: sensitive-data-logging', '5: sensitive-data-logging']);
    });

    it('jwt.decode is reported on the server, not in client components (a comment may precede the directive)', () => {
      const code = `import jwt from 'jsonwebtoken';\nexport const user = (t: string) => jwt.decode(t);\n`;
      assert.deepStrictEqual(lines(analyze(code)), ['2: jwt-misuse']);
      assert.deepStrictEqual(lines(analyze(`// Account menu.\n'use client';\n${code}`, 'components/Menu.tsx')), []);
    });

    it('does not throw on broken code and still reports what parses', () => {
      const findings = analyze(`const JWT_SECRET = 'prod-signing-key-7f3a9c1e';\nfunction (\nconst x = Math.random(.toString(\n`);
      assert.ok(findings.some((f) => f.ruleId === 'hardcoded-secret'));
    });
  });

  describe('fixes', () => {
    it('Read the secret from the environment: two different literal keys get two variables, one key signed and verified with stays one', () => {
      const code = "import jwt from 'jsonwebtoken';\nexport const hook = (b: string) => jwt.sign({ b }, 'webhook-key-7d2e0b');\nexport const invite = (e: string) => jwt.sign({ e }, 'invite-key-91aa4c');\nexport const readHook = (t: string) => jwt.verify(t, 'webhook-key-7d2e0b', { algorithms: ['HS256'] });\n";
      const all = applyPreferredFixes(code, (text) => analyze(text), () => true).text;
      // test/scenarios/env-secret/typescript: both keys in JWT_SECRET made a webhook token pass for an invite.
      assert.match(all, /hook = \(b: string\) => jwt\.sign\(\{ b \}, requiredEnv\('JWT_SECRET'\)\)/);
      assert.match(all, /invite = \(e: string\) => jwt\.sign\(\{ e \}, requiredEnv\('JWT_SECRET_2'\)\)/);
      assert.match(all, /jwt\.verify\(t, requiredEnv\('JWT_SECRET'\)/);
      // One at a time (the lightbulb), invite first: the names the file already reads are taken.
      let text = code;
      for (const line of ['invite', 'hook']) {
        const finding = analyze(text).find((f) => f.ruleId === 'hardcoded-secret' && text.split('\n')[f.range.start.line].includes(`${line} =`));
        assert.ok(finding, `${line} in ${text}`);
        text = applyTextEdits(text, finding.fixes.find((f) => f.kind === 'rewrite')!.edits);
      }
      const nameOf = (line: string) => new RegExp(`${line} = .*requiredEnv\\('(\\w+)'\\)`).exec(text)?.[1];
      assert.deepStrictEqual([nameOf('invite'), nameOf('hook'), nameOf('readHook')], ['JWT_SECRET_2', 'JWT_SECRET', 'JWT_SECRET'], 'distinct keys, distinct variables; the verify of the same key moved with it');
    });

    it('jwt.decode(token) → jwt.verify with the key the module signs with, never a parameter of another function (it would not compile)', () => {
      const code = (before: string) =>
        `import jwt from 'jsonwebtoken';\n${before}const GUEST_SECRET = process.env.GUEST_SECRET!;\nexport const issue = (s: string) => jwt.sign({ sub: s }, GUEST_SECRET);\nexport function basket(token: string) {\n  return jwt.decode(token);\n}\n`;
      const other = "export function partner(token: string, key: string) {\n  return jwt.verify(token, key, { algorithms: ['HS256'] });\n}\n";
      // test/scenarios/jwt-verify/typescript-guest: `key` was taken from partner()'s parameters.
      const decodeFix = (text: string) => {
        const finding = analyze(text).find((f) => f.ruleId === 'jwt-misuse' && text.split('\n')[f.range.start.line].includes('decode'));
        assert.ok(finding, text);
        return applyTextEdits(text, finding.fixes.find((f) => f.kind === 'rewrite')!.edits);
      };
      assert.match(decodeFix(code(other)), /return jwt\.verify\(token, GUEST_SECRET, \{ algorithms: \['HS256'\] \}\);/);
      const alone = "import jwt from 'jsonwebtoken';\nexport function partner(token: string, key: string) {\n  return jwt.verify(token, key, { algorithms: ['HS256'] });\n}\nexport function basket(token: string) {\n  return jwt.decode(token);\n}\n";
      assert.match(decodeFix(alone), /return jwt\.verify\(token, process\.env\.JWT_SECRET!, \{ algorithms: \['HS256'\] \}\);/);
    });

    it('cookie-session / koa-session secure: false → true is preferred only where the app trusts its TLS proxy (else the Secure cookie is dropped: never signed in)', () => {
      const app = (trust: string) => `import cookieSession from 'cookie-session';\nimport express from 'express';\nconst app = express();\n${trust}app.use(cookieSession({ name: 'session', keys: ['k'], secure: false }));\n`;
      const rewrite = (code: string) => analyze(code).find((f) => f.ruleId === 'insecure-cookie')?.fixes.find((f) => f.kind === 'rewrite');
      const trusted = rewrite(app("app.set('trust proxy', 1);\n"));
      assert.ok(trusted?.isPreferred, 'test/scenarios/insecure-cookie/typescript-cookie-session');
      assert.strictEqual(trusted.variant, 'cookie-session-flag-off');
      const unknown = rewrite(app(''));
      assert.ok(unknown && !unknown.isPreferred && /trust proxy/.test(unknown.title), unknown?.title);
      assert.strictEqual(unknown.variant, 'cookie-session-flag-off-proxy-unknown');
    });

    it('Koa session cookies: SameSite and HttpOnly without Secure (Koa throws on a Secure cookie over HTTP); secure: false → true is offered, never preferred', () => {
      const koa = (options: string) => `import Koa from 'koa';\nconst app = new Koa();\napp.use((ctx) => {\n  ctx.cookies.set('session', 'v', ${options});\n});\n`;
      // test/scenarios/insecure-cookie/typescript-koa: the Express-style fix added secure: true, a 500 at every sign-in.
      assert.strictEqual(fixed(koa('{ httpOnly: true, maxAge: 60_000 }'), 'insecure-cookie'), koa("{ httpOnly: true, maxAge: 60_000, sameSite: 'lax' }"));
      const off = analyze(koa('{ httpOnly: true, secure: false, sameSite: \'lax\', maxAge: 60_000 }')).find((f) => f.ruleId === 'insecure-cookie');
      assert.ok(off);
      const rewrite = off.fixes.find((f) => f.kind === 'rewrite');
      assert.ok(rewrite && !rewrite.isPreferred && /app\.proxy/.test(rewrite.title), rewrite?.title);
      assert.strictEqual(rewrite.variant, 'cookie-koa-secure-false');
    });

    it('Hash with Argon2: verify where compared (directly or through a const), keeping old hashes; a stored hash is advice; nothing in sync code', () => {
      const hash = `import crypto from 'crypto';\nexport async function register(password: string) {\n  return crypto.createHash('sha256').update(password).digest('hex');\n}\n`;
      const signUp = analyze(hash).find((f) => f.ruleId === 'weak-password-hash')!.fixes[0];
      assert.strictEqual(signUp.isPreferred, false, 'a stored hash switched alone locks users out at the login: advice only');
      assert.match(signUp.title, /advice: existing hashes and the login must then switch to argon2\.verify/);
      assert.strictEqual(fixed(hash, 'weak-password-hash'), `import argon2 from 'argon2';\nexport async function register(password: string) {\n  return await argon2.hash(password);\n}\n`);
      const helper = (digest: string, typed: boolean, equal: string) =>
        [
          '',
          '/** Argon2 hashes verify with argon2; hashes stored before the switch to Argon2 still verify the old way, in constant time. */',
          typed ? 'async function passwordMatches(stored: string | null | undefined, password: string): Promise<boolean> {' : 'async function passwordMatches(stored, password) {',
          '  if (!stored) return false;',
          "  if (stored.startsWith('$argon2')) return argon2.verify(stored, password).catch(() => false);",
          '  // vigil-ignore[weak-password-hash]: checks hashes stored before the switch to Argon2 until every user has a new one',
          `  const legacy = Buffer.from(${digest});`,
          '  const given = Buffer.from(stored);',
          `  return legacy.length === given.length && ${equal}(legacy, given);`,
          '}',
          '',
        ].join('\n');
      const compare = `const crypto = require('crypto');\nasync function login(password, user) {\n  return crypto.createHash('md5').update(password).digest('hex') !== user.hash;\n}\n`;
      assert.strictEqual(
        fixed(compare, 'weak-password-hash', 'server/login.js'),
        `const crypto = require('crypto');\nconst argon2 = require('argon2');\nasync function login(password, user) {\n  return !(await passwordMatches(user.hash, password));\n}\n${helper("crypto.createHash('md5').update(password).digest('hex')", false, 'crypto.timingSafeEqual')}`,
      );
      const variable = `import { createHash } from 'node:crypto';\nexport async function signIn(user: { hash: string }, plainPassword: string) {\n  const digest = createHash('sha256').update(plainPassword).digest('hex');\n  if (digest !== user.hash) return false;\n  return (digest) === user.hash;\n}\n`;
      assert.strictEqual(
        fixed(variable, 'weak-password-hash'),
        `import { createHash } from 'node:crypto';\nimport { timingSafeEqual } from 'node:crypto';\nimport argon2 from 'argon2';\nexport async function signIn(user: { hash: string }, plainPassword: string) {\n  if (!(await passwordMatches(user.hash, plainPassword))) return false;\n  return await passwordMatches(user.hash, plainPassword);\n}\n${helper("createHash('sha256').update(password).digest('hex')", true, 'timingSafeEqual')}`,
      );
      const stored = `import crypto from 'crypto';\nexport async function signIn(user: { hash: string }, password: string) {\n  const digest = crypto.createHash('sha256').update(password).digest('hex');\n  if (digest !== user.hash) return false;\n  audit(digest);\n  return true;\n}\n`;
      assert.strictEqual(analyze(stored).find((f) => f.ruleId === 'weak-password-hash')!.fixes[0].isPreferred, false, 'a hash that also goes elsewhere is not only compared: advice');
      assert.strictEqual(fixed(`import crypto from 'crypto';\nexport function f(password: string) {\n  return crypto.createHash('sha1').update(password).digest('hex');\n}\n`, 'weak-password-hash'), undefined);
    });

    it('secure random: node import on the server, Web Crypto in client components, randomInt for Math.floor', () => {
      assert.strictEqual(fixed(`const resetToken = Math.random().toString(36).slice(2);\n`, 'insecure-random'), `import { randomUUID } from 'node:crypto';\nconst resetToken = randomUUID();\n`);
      assert.strictEqual(fixed(`'use client';\nconst csrfToken = Math.random().toString(36);\n`, 'insecure-random', 'components/F.tsx'), `'use client';\nconst csrfToken = crypto.randomUUID();\n`);
      assert.strictEqual(fixed(`import crypto from 'crypto';\nconst otpCode = Math.floor(Math.random() * 1000000);\n`, 'insecure-random'), `import crypto from 'crypto';\nconst otpCode = crypto.randomInt(1000000);\n`);
      assert.strictEqual(fixed(`const resetToken = Math.random() * 1e9;\n`, 'insecure-random'), undefined);
    });

    it('cookie options: sets what is missing or weak, keeps what was chosen', () => {
      assert.strictEqual(
        fixed(`res.cookie('session', id, { secure: false, sameSite: 'strict' });\n`, 'insecure-cookie', 'server/a.js'),
        `res.cookie('session', id, { secure: true, sameSite: 'strict', httpOnly: true });\n`,
      );
      assert.strictEqual(fixed(`res.cookie('sid', id);\n`, 'insecure-cookie', 'server/a.js'), `res.cookie('sid', id, { httpOnly: true, secure: true, sameSite: 'lax' });\n`);
      assert.deepStrictEqual(lines(analyze(`res.cookie('session', id, options);\n`, 'server/a.js')), []);
    });

    it('jwt.verify gets explicit algorithms: after the key, into options, before a callback; RS256 for public keys', () => {
      const base = `import jwt from 'jsonwebtoken';\n`;
      assert.strictEqual(fixed(`${base}jwt.verify(t, SECRET);\n`, 'jwt-misuse'), `${base}jwt.verify(t, SECRET, { algorithms: ['HS256'] });\n`);
      assert.strictEqual(fixed(`${base}jwt.verify(t, PUBLIC_KEY, { issuer: 'x' });\n`, 'jwt-misuse'), `${base}jwt.verify(t, PUBLIC_KEY, { issuer: 'x', algorithms: ['RS256'] });\n`);
      assert.strictEqual(fixed(`${base}jwt.verify(t, SECRET, (e, c) => c);\n`, 'jwt-misuse'), `${base}jwt.verify(t, SECRET, { algorithms: ['HS256'] }, (e, c) => c);\n`);
      assert.strictEqual(fixed(`${base}jwt.sign(c, KEY);\nconst u = jwt.decode(t);\n`, 'jwt-misuse'), `${base}jwt.sign(c, KEY);\nconst u = jwt.verify(t, KEY, { algorithms: ['HS256'] });\n`);
    });

    it('hard-coded secrets move to the environment, but not in client components', () => {
      // Through one helper per file that returns a string and throws at load when the variable is missing.
      const helper = `\n\n/** A secret from the environment, read when the module loads: a missing one stops the app there with a clear error. */\nfunction requiredEnv(name: string): string {\n  const value = process.env[name];\n  if (!value) throw new Error(\`\${name} is not set: put the secret in the environment\`);\n  return value;\n}\n`;
      assert.strictEqual(fixed(`const jwtSecret = 'k9f2-prod-signing-key';\n`, 'hardcoded-secret'), `const jwtSecret = requiredEnv('JWT_SECRET');${helper}`);
      assert.strictEqual(fixed(`jwt.sign(claims, 'k9f2-prod-signing-key');\n`, 'hardcoded-secret'), `jwt.sign(claims, requiredEnv('JWT_SECRET'));${helper}`);
      assert.match(fixed(`const jwtSecret = 'k9f2-prod-signing-key';\n`, 'hardcoded-secret', 'server/keys.js')!, /function requiredEnv\(name\) \{/);
      assert.strictEqual(fixed(`'use client';\nconst apiKey = 'k9f2-prod-signing-key';\n`, 'hardcoded-secret', 'components/A.tsx'), undefined);
    });

    it('Add a Content-Security-Policy: helmet after express(); next.config only with the project files known (test/fixes/csp)', () => {
      assert.strictEqual(
        fixed(`const express = require('express');\n\nconst app = express();\nmodule.exports = app;\n`, 'missing-security-headers', 'server/app.js'),
        `const express = require('express');\nconst helmet = require('helmet');\n\nconst app = express();\napp.use(helmet());\nmodule.exports = app;\n`,
      );
      // Without the project's files the fix cannot know whether a middleware exists: none offered.
      // A fresh engine: the shared one may have been given a project's files by an earlier test (the CLI scans set them).
      const plain = new Engine({ catalog: engine().catalog });
      const config = `module.exports = { reactStrictMode: true };\n`;
      const finding = plain.analyzeText('next.config.js', config, {}, 'javascript').findings.find((f) => f.ruleId === 'missing-security-headers');
      assert.ok(finding, 'no missing-security-headers finding');
      assert.deepStrictEqual(finding.fixes.filter((f) => f.kind === 'rewrite'), []);
    });

    it('timing-safe compare calls one helper per file, negated where the comparison was, typed in TS only', () => {
      const ts = fixed(`import { timingSafeEqual } from 'crypto';\nif (a && token !== expected) {}\n`, 'insecure-compare', 'server/keys.ts')!;
      assert.ok(ts.startsWith(`import { timingSafeEqual } from 'crypto';\nif (a && !safeEqual(token, expected)) {}\n\n/**`), ts);
      assert.match(ts, /function safeEqual\(a: string \| null \| undefined, b: string \| null \| undefined\): boolean \{\n  if \(a == null \|\| b == null\) return false;/);
      assert.match(ts, /return left\.length === right\.length && timingSafeEqual\(left, right\);\n\}\n$/);
      const js = fixed(`const crypto = require('crypto');\nconst ok = token === expected;\n`, 'insecure-compare', 'server/keys.js')!;
      assert.match(js, /const ok = safeEqual\(token, expected\);/);
      assert.match(js, /crypto\.timingSafeEqual\(left, right\)/);
      assert.match(js, /function safeEqual\(a, b\) \{/);
    });

    it('CORS: the any-origin value becomes the ALLOWED_ORIGINS list, in the file\'s quotes; a reflected Origin gets no rewrite', () => {
      assert.strictEqual(
        fixed('import cors from "cors";\napp.use(cors({ origin: true, credentials: true }));\n', 'cors-misconfiguration', 'server/app.js'),
        'import cors from "cors";\napp.use(cors({ origin: process.env.ALLOWED_ORIGINS?.split(",") ?? [], credentials: true }));\n',
      );
      assert.strictEqual(fixed("res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n", 'cors-misconfiguration', 'server/app.ts'), undefined);
      const cors = analyze(`const cors = require('cors');\napp.use(cors({ origin: '*', credentials: true }));\n`, 'server/app.js').find((f) => f.ruleId === 'cors-misconfiguration')!.fixes[0];
      assert.deepStrictEqual([cors.title, cors.isPreferred], ['Allow only the origins in ALLOWED_ORIGINS (fails closed until it is set)', false], 'fails closed on purpose: never applied in bulk');
    });
  });
});
