import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Engine, LineIndex, RuleCatalog, RuleLoadError, applyTextEdits, findRulesDir, type Finding } from '../../server/src/engine';
import { CompiledCondition, type ArgValue } from '../../server/src/engine/rules/compiled-patterns';
import { ruleText, type ArgCondition, type RuleMeta } from '../../server/src/engine/rules/spec-types';
import { engine } from '../helpers/fixtures';

// Pattern rules: the data form (rules/patterns/<language>.json, validated at load), the shared
// argument conditions, and the Python matcher and fixes.

function analyze(code: string, file = 'api/app.py'): Finding[] {
  const result = engine().analyzeText(file, code, {}, 'python');
  assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), [], 'the analysis does not throw');
  return result.findings;
}

function lines(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`);
}

function fixed(code: string, ruleId: string, file?: string): string {
  const finding = analyze(code, file).find((f) => f.ruleId === ruleId);
  const fix = finding?.fixes.find((f) => f.kind === 'rewrite');
  assert.ok(fix, `no rewrite for ${ruleId}`);
  return applyTextEdits(code, fix.edits);
}

function value(kind: ArgValue['kind'], text: string, literal?: ArgValue['literal'], names: string[] = []): ArgValue {
  return { kind, text, literal, names: () => names };
}

describe('pattern rules', () => {
  describe('argument conditions', () => {
    const holds = (condition: ArgCondition, arg: ArgValue | undefined) => new CompiledCondition(condition).holds(() => arg);

    it('present, equals and kind need the argument; their not-forms hold when it is absent', () => {
      assert.ok(holds({ keyword: 'shell', equals: true }, value('bool', 'True', true)));
      assert.ok(!holds({ keyword: 'shell', equals: true }, value('name', 'use_shell')));
      assert.ok(!holds({ keyword: 'shell', equals: true }, undefined));
      assert.ok(holds({ keyword: 'shell', notEquals: true }, undefined));
      assert.ok(!holds({ keyword: 'shell', notEquals: true }, value('bool', 'True', true)));
      assert.ok(holds({ keyword: 'x', equals: null }, value('none', 'None')));
      assert.ok(holds({ arg: 0, notKind: ['list', 'tuple'] }, value('template', 'f"ls {d}"')));
      assert.ok(!holds({ arg: 0, notKind: ['list', 'tuple'] }, value('list', '["ls", d]')));
      assert.ok(holds({ arg: 0, notKind: ['list'] }, undefined));
      assert.ok(!holds({ arg: 0, kind: ['string'] }, undefined));
      assert.ok(holds({ arg: 0, present: false }, undefined));
      assert.ok(!holds({ arg: 0, present: true }, undefined));
    });

    it('text and mentions are regular expressions over the source text and the names in it', () => {
      assert.ok(holds({ keyword: 'Loader', notText: 'SafeLoader$' }, value('name', 'yaml.FullLoader')));
      assert.ok(!holds({ keyword: 'Loader', notText: 'SafeLoader$' }, value('name', 'yaml.SafeLoader')));
      assert.ok(holds({ arg: 0, mentions: '^password$' }, value('call', 'user.password.encode()', undefined, ['user', 'password', 'encode'])));
      assert.ok(!holds({ arg: 0, mentions: '^password$' }, value('call', 'password_hash.encode()', undefined, ['password_hash', 'encode'])));
    });
  });

  describe('loading rules/patterns', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rules-'));
      fs.cpSync(findRulesDir(), dir, { recursive: true });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function withPatterns(patterns: unknown[]): string {
      fs.writeFileSync(path.join(dir, 'patterns', 'python.json'), JSON.stringify({ language: 'python', patterns }));
      try {
        RuleCatalog.load(dir);
        return '';
      } catch (e) {
        assert.ok(e instanceof RuleLoadError, `a RuleLoadError, not ${e}`);
        return e.message;
      }
    }

    it('the built-in patterns load, and each names a pattern rule', () => {
      const catalog = RuleCatalog.load(dir);
      const patterns = catalog.patterns('python').file.patterns;
      assert.ok(patterns.length > 0);
      for (const p of patterns) assert.strictEqual(catalog.get(p.rule)?.meta.kind, 'pattern', p.id);
    });

    it('rejects schema violations, unknown or taint rules, and regular expressions that do not compile', () => {
      assert.match(withPatterns([{ id: 'a', rule: 'debug-enabled', calls: ['x.run'], surprise: 1 }]), /additional properties/);
      assert.match(withPatterns([{ id: 'a', rule: 'debug-enabled' }]), /python\.json/);
      assert.match(withPatterns([{ id: 'a', rule: 'no-such-rule', calls: ['x.run'] }]), /unknown rule "no-such-rule"/);
      assert.match(withPatterns([{ id: 'a', rule: 'sql-injection', calls: ['x.run'] }]), /no pattern rule/);
      assert.match(withPatterns([{ id: 'a', rule: 'debug-enabled', calls: ['x.run'], where: [{ arg: 0, text: '(' }] }]), /pattern "a": Invalid regular expression/);
      assert.match(withPatterns([{ id: 'a', rule: 'debug-enabled', calls: ['x.run'], where: [{ equals: true }] }]), /must match a schema in anyOf|must have required property/);
      assert.strictEqual(withPatterns([{ id: 'a', rule: 'debug-enabled', calls: ['x.run'], where: [{ keyword: 'debug', equals: true }] }]), '');
    });

    it('checks the regular expressions of taint sinks\' `when` conditions too', () => {
      const file = path.join(dir, 'taint', 'python.json');
      const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
      spec.sinks.push({ id: 'bad', rule: 'command-injection', calls: ['x.run'], arg: 0, when: [{ arg: 0, text: '[' }] });
      fs.writeFileSync(file, JSON.stringify(spec));
      assert.throws(() => RuleCatalog.load(dir), (e: Error) => e instanceof RuleLoadError && /sink "bad": Invalid regular expression/.test(e.message));
    });

    it('a missing patterns folder means no pattern rules, not an error', () => {
      fs.rmSync(path.join(dir, 'patterns'), { recursive: true });
      assert.strictEqual(RuleCatalog.load(dir).patterns('python').file.patterns.length, 0);
    });
  });

  it('every pattern rule has a docs page with the six sections, an example in each of its languages, and its fix named', () => {
    const sections = ['What it does', 'Why is this bad', 'Example', 'Use instead', 'Fix', 'References'];
    const pattern = [...engine().catalog.rules.values()].filter((r) => r.meta.kind === 'pattern');
    assert.ok(pattern.length >= 5);
    for (const rule of pattern) {
      const headings = [...rule.docs.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      assert.deepStrictEqual(headings, sections, rule.meta.id);
      // Dependency rules show manifests: requirements.txt (text) or pyproject.toml for Python, package.json for TypeScript; CI rules a workflow (yaml).
      const dependencyRule = rule.meta.tags?.includes('dependencies');
      if (rule.meta.languages.includes('python')) assert.match(rule.docs, dependencyRule ? /```(?:text|toml|yaml)\n/ : /```python[ \n]/, `${rule.meta.id}: a Python example`);
      if (rule.meta.languages.includes('typescript')) assert.match(rule.docs, dependencyRule ? /```(?:json|yaml)\n/ : /```(?:ts|tsx|js|jsx)[ \n]/, `${rule.meta.id}: a TypeScript or JavaScript example`);
      for (const language of rule.meta.languages) {
        const fixTitle = ruleText(rule.meta, language, 'fixTitle');
        if (fixTitle) assert.ok(rule.docs.includes(`**${fixTitle}**`), `${rule.meta.id}: the Fix section names "${fixTitle}" (${language})`);
      }
    }
  });

  it("a rule's texts for one language override its base texts (byLanguage), field by field", () => {
    const meta = { summary: 'base summary', message: 'base message', byLanguage: { python: { fixTitle: 'Use the secrets module' } } } as RuleMeta;
    assert.strictEqual(ruleText(meta, 'python', 'fixTitle'), 'Use the secrets module');
    assert.strictEqual(ruleText(meta, 'python', 'message'), 'base message');
    assert.strictEqual(ruleText(meta, 'typescript', 'fixTitle'), undefined);
    const random = engine().catalog.get('insecure-random')!.meta;
    assert.match(ruleText(random, 'python', 'message')!, /`secrets`/);
    assert.match(ruleText(random, 'typescript', 'message')!, /crypto\.randomUUID/);
  });

  describe('python matcher', () => {
    it('matches by callee as written or through imports, with the conditions on the arguments', () => {
      const code = `import yaml as y
import requests
from hashlib import md5
from yaml import load

def f(raw, password, session):
    y.load(raw)
    load(raw, Loader=y.SafeLoader)
    load(raw, y.FullLoader)
    requests.get("https://x.example", verify=False)
    session.get("https://x.example", verify=False)
    session.get("https://x.example", verify="/etc/ca.pem")
    md5(password.encode())
    md5(raw)
`;
      assert.deepStrictEqual(lines(analyze(code)), [
        '7: unsafe-yaml-load',
        '9: unsafe-yaml-load',
        '10: tls-verification-disabled',
        '11: tls-verification-disabled',
        '13: weak-password-hash',
      ]);
    });

    it('a pattern of any callee with keyword conditions (a hard-coded password=) matches the keyword given by name or through **options, and no call without it', () => {
      const code = `import psycopg

def connect(host, options):
    psycopg.connect(host=host, password="Xq7#mK2vLp9wRt")
    psycopg.connect(host=host, **{"password": "Xq7#mK2vLp9wRt"})
    settings = dict(password="Xq7#mK2vLp9wRt")
    psycopg.connect(host=host, **settings)
    psycopg.connect(host, "Xq7#mK2vLp9wRt")
    psycopg.connect(host=host, **options)
`;
      // `dict(password=...)` is a call giving the keyword too.
      assert.deepStrictEqual(lines(analyze(code)), ['4: hardcoded-secret', '5: hardcoded-secret', '6: hardcoded-secret', '7: hardcoded-secret']);
    });

    it('assignments: Django DEBUG only at module level of a settings file, app.debug anywhere but tests', () => {
      const settings = 'DEBUG = True\n\ndef f():\n    DEBUG = True\n';
      assert.deepStrictEqual(lines(analyze(settings, 'shop/settings.py')), ['1: debug-enabled']);
      assert.deepStrictEqual(lines(analyze(settings, 'shop/views.py')), []);
      assert.deepStrictEqual(lines(analyze(settings, 'shop/settings/dev.py')), []);
      const flask = 'from flask import Flask\napp = Flask(__name__)\napp.debug = True\napp.run(debug=True)\n';
      assert.deepStrictEqual(lines(analyze(flask, 'portal/app.py')), ['3: debug-enabled', '4: debug-enabled']);
      assert.deepStrictEqual(lines(analyze(flask, 'portal/tests/test_app.py')), []);
    });

    it('messages name the call and the flagged argument', () => {
      const [finding] = analyze('import requests\nrequests.post(u, json=b, verify=False)\n');
      assert.match(finding.message, /`verify=False` in `requests.post`/);
      assert.deepStrictEqual(finding.path, []);
    });

    it('does not throw on broken code and still reports the parts that parse', () => {
      const code = 'import yaml\ndef f(:\n    pass\n\ndef g(raw):\n    return yaml.load(raw)\n';
      assert.deepStrictEqual(lines(analyze(code)), ['6: unsafe-yaml-load']);
    });

    // Functions are walked for findings only when their text can hold one (analyzer.ts, sinkNames and
    // callsFunctionWithSinks): whatever sharpens those pre-checks must still let every one of these shapes through
    // (issue 21 tried names a file cannot meet and keywords a function does not write; docs/benchmarks.md).
    it('walks each function that can hold a finding: callees through aliases or as parameters, keywords through **options, annotated and continued assignments', () => {
      const code = `import requests as r
from requests import get as fetch
import ssl
from flask import Flask

app = Flask(__name__)

def one(url):
    return r.get(url, verify=False)

def two(url):
    return fetch(url, verify=False)

def three(url):
    opts = {"verify": False, "timeout": 5}
    return r.get(url, **opts)

def four(requests, url):
    return requests.get(url, verify=False)

def five(ctx: ssl.SSLContext):
    ctx.check_hostname \\
        = False

def six():
    app.debug: bool = True

class Settings:
    def __init__(self):
        self.api_key = "sk_test_51Habcdefghijklmnopqrstuv"
        password: str = "hunter2-Very-Secret-99"
        self.password = password

def seven(token, provided_token):
    if token == provided_token:
        return True

def eight(user, pin):
    return user.pin == pin
`;
      assert.deepStrictEqual(lines(analyze(code)), [
        '9: tls-verification-disabled',
        '12: tls-verification-disabled',
        '16: tls-verification-disabled',
        '19: tls-verification-disabled',
        '22: tls-verification-disabled',
        '26: debug-enabled',
        '30: hardcoded-secret',
        '31: hardcoded-secret',
        '35: insecure-compare',
        '39: insecure-compare',
      ]);
    });

    it('reports nothing for what only looks like a pattern: a `get` without `verify`, a secret name compared or read, a path the pattern excludes', () => {
      const code = `from sqlalchemy.orm import Session

def lookup(db_session: Session, cache, key):
    token = cache.get(key)
    if token == "":
        return None
    api_key_count = len(key)
    return db_session.get(token), api_key_count
`;
      assert.deepStrictEqual(lines(analyze(code)), []);
      const secret = 'def settings():\n    password = "hunter2-Very-Secret-99"\n    return password\n';
      assert.deepStrictEqual(lines(analyze(secret)), ['2: hardcoded-secret']);
      assert.deepStrictEqual(lines(analyze(secret, 'tests/test_settings.py')), []);
    });
  });

  describe('python fixes', () => {
    it('Load YAML safely: renames the call and drops the Loader, importing the new name when called bare', () => {
      assert.strictEqual(fixed('import yaml\nc = yaml.load(raw, Loader=yaml.FullLoader)\n', 'unsafe-yaml-load'), 'import yaml\nc = yaml.safe_load(raw)\n');
      assert.strictEqual(fixed('import yaml\nc = yaml.load(raw, yaml.Loader)\n', 'unsafe-yaml-load'), 'import yaml\nc = yaml.safe_load(raw)\n');
      assert.strictEqual(fixed('from yaml import unsafe_load\nc = unsafe_load(raw)\n', 'unsafe-yaml-load'), 'from yaml import safe_load\nc = safe_load(raw)\n');
    });

    it('Hash with Argon2: replaces the hash and its digest, importing PasswordHasher where imports go', () => {
      const code = '"""Accounts."""\nimport hashlib\n\nimport os\n\n\ndef h(password):\n    return hashlib.sha256(password.encode()).hexdigest()\n';
      // hashlib, used nowhere else, goes with the digest.
      assert.strictEqual(fixed(code, 'weak-password-hash'), '"""Accounts."""\n\nimport os\nfrom argon2 import PasswordHasher\n\n\ndef h(password):\n    return PasswordHasher().hash(password)\n');
      const bound = 'import hashlib\nfrom argon2 import PasswordHasher as Hasher\n\ndef h(pwd):\n    return hashlib.md5(pwd)\n';
      assert.strictEqual(fixed(bound, 'weak-password-hash'), 'from argon2 import PasswordHasher as Hasher\n\ndef h(pwd):\n    return Hasher().hash(pwd)\n');
      const header = '"""Tokens."""\nfrom __future__ import annotations\n\ndef h(secret):\n    import hashlib\n    return hashlib.sha1(secret.encode()).hexdigest()\n';
      assert.strictEqual(fixed(header, 'weak-password-hash'), '"""Tokens."""\nfrom __future__ import annotations\nfrom argon2 import PasswordHasher\n\ndef h(secret):\n    import hashlib\n    return PasswordHasher().hash(secret)\n');
      const crlf = 'import hashlib\r\n\r\ndef h(password):\r\n    return hashlib.md5(password).hexdigest()\r\n';
      assert.strictEqual(fixed(crlf, 'weak-password-hash'), 'from argon2 import PasswordHasher\r\n\r\ndef h(password):\r\n    return PasswordHasher().hash(password)\r\n');
    });

    it('Hash with Argon2 is not offered where the hash is compared or updated', () => {
      const code = 'import hashlib\n\ndef check(pwd, stored):\n    return hashlib.md5(pwd).hexdigest() == stored\n';
      // The comparison itself is timing-unsafe too (insecure-compare): that finding has its own fix.
      const finding = analyze(code).find((f) => f.ruleId === 'weak-password-hash');
      assert.ok(finding);
      assert.ok(!finding.fixes.some((f) => f.kind === 'rewrite'));
    });

    it('Hash with Argon2 is preferred only with the comparisons it rewrites; alone it is advice fix-all leaves', () => {
      const alone = 'import hashlib\n\ndef hash_password(password):\n    return hashlib.sha256(password.encode()).hexdigest()\n';
      const advice = analyze(alone).find((f) => f.ruleId === 'weak-password-hash')!.fixes.find((f) => f.kind === 'rewrite')!;
      assert.strictEqual(advice.isPreferred, false);
      assert.match(advice.title, /advice/);
      const login = `${alone}\n\ndef sign_in(stored, password):\n    return hash_password(password) == stored\n`;
      const both = analyze(login).find((f) => f.ruleId === 'weak-password-hash')!.fixes.find((f) => f.kind === 'rewrite')!;
      assert.strictEqual(both.isPreferred, true);
      assert.strictEqual(both.title, 'Hash with Argon2 and verify with it (add argon2-cffi to your dependencies; old hashes still verify)', 'no manifest known: the title says to add it');
      assert.match(applyTextEdits(login, both.edits), /return password_matches\(stored, password\)/);
      // The hash kept in a variable: where it is compared is out of reach, so advice again.
      const kept = `${alone}\n\ndef sign_in(stored, password):\n    digest = hash_password(password)\n    return digest == stored\n`;
      assert.strictEqual(analyze(kept).find((f) => f.ruleId === 'weak-password-hash')!.fixes.find((f) => f.kind === 'rewrite')!.isPreferred, false);
    });

    it('Verify TLS certificates and Turn debug mode off set the keyword or the assigned value', () => {
      assert.strictEqual(fixed('import httpx\nc = httpx.Client(verify=False, timeout=5)\n', 'tls-verification-disabled'), 'import httpx\nc = httpx.Client(verify=True, timeout=5)\n');
      assert.strictEqual(fixed('import uvicorn\nuvicorn.run("m:app", reload=True)\n', 'debug-enabled'), 'import uvicorn\nuvicorn.run("m:app", reload=False)\n');
      assert.strictEqual(fixed('DEBUG = True\nALLOWED_HOSTS = ["shop.example"]\n', 'debug-enabled', 'site/settings.py'), 'DEBUG = False\nALLOWED_HOSTS = ["shop.example"]\n');
    });

    it('Django DEBUG = True → False keeps the hosts DEBUG allowed: an empty or missing ALLOWED_HOSTS gets localhost (else every request is a 400)', () => {
      const local = '[".localhost", "127.0.0.1", "[::1]"]';
      // startproject's settings: with DEBUG off, ALLOWED_HOSTS = [] refuses every Host (test/scenarios/debug-enabled/python-django).
      assert.strictEqual(fixed('DEBUG = True\n\nALLOWED_HOSTS = []\n', 'debug-enabled', 'site/settings.py'), `DEBUG = False\n\nALLOWED_HOSTS = ${local}\n`);
      assert.strictEqual(fixed('DEBUG = True\n', 'debug-enabled', 'site/settings.py'), `DEBUG = False\nALLOWED_HOSTS = ${local}\n`);
      // The project's own hosts, or hosts read from the environment, stay.
      const env = 'import os\nDEBUG = True\nALLOWED_HOSTS = os.environ["HOSTS"].split(",")\n';
      assert.strictEqual(fixed(env, 'debug-enabled', 'site/settings.py'), env.replace('DEBUG = True', 'DEBUG = False'));
      // A star import may bring ALLOWED_HOSTS in: no guess, no rewrite.
      const split = 'from .base import *\n\nDEBUG = True\n';
      const finding = analyze(split, 'site/settings/prod.py').find((f) => f.ruleId === 'debug-enabled');
      assert.ok(finding);
      assert.deepStrictEqual(finding.fixes.filter((f) => f.kind === 'rewrite'), []);
    });

    it('check_hostname = False → True on a client context made in the same block, with its CERT_NONE → CERT_REQUIRED; no rewrite where that could raise', () => {
      const fn = (body: string) => `import ssl\nimport urllib.request\n\n\ndef status(url, sock, insecure):\n${body}`;
      const hostnameFix = (code: string) => {
        const finding = analyze(code).find((f) => f.ruleId === 'tls-verification-disabled' && code.split('\n')[f.range.start.line].includes('check_hostname'));
        assert.ok(finding, `no check_hostname finding in:\n${code}`);
        const fix = finding.fixes.find((f) => f.kind === 'rewrite');
        return fix && { preferred: fix.isPreferred, text: applyTextEdits(code, fix.edits) };
      };
      // Both lines in one fix: applied alone, `check_hostname = True` then `verify_mode = CERT_NONE` raises ValueError.
      assert.deepStrictEqual(
        hostnameFix(fn('    context = ssl.create_default_context()\n    context.check_hostname = False\n    context.verify_mode = ssl.CERT_NONE\n    return urllib.request.urlopen(url, context=context)\n')),
        { preferred: true, text: fn('    context = ssl.create_default_context()\n    context.check_hostname = True\n    context.verify_mode = ssl.CERT_REQUIRED\n    return urllib.request.urlopen(url, context=context)\n') },
      );
      assert.strictEqual(
        hostnameFix(fn('    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    context.check_hostname = False\n    return context.wrap_socket(sock, server_hostname="gw.example")\n'))?.text,
        fn('    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    context.check_hostname = True\n    return context.wrap_socket(sock, server_hostname="gw.example")\n'),
      );
      const none = [
        '    context = ssl.create_default_context()\n    context.check_hostname = False\n    if insecure:\n        context.verify_mode = ssl.CERT_NONE\n    return context\n', // CERT_NONE in a branch
        '    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\n    context.check_hostname = False\n    return context\n', // a server's context
        '    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    context.check_hostname = False\n    return context.wrap_socket(sock)\n', // no server_hostname: ValueError
        '    context.check_hostname = False\n', // made elsewhere
        '    context = ssl.create_default_context()\n    if insecure:\n        context = ssl._create_unverified_context()\n    context.check_hostname = False\n', // bound twice
        '    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    context.check_hostname = False\n    context.verify_mode = ssl.CERT_NONE\n    return context\n', // CERT_REQUIRED without CAs: every server refused
      ];
      for (const body of none) assert.strictEqual(hostnameFix(fn(body)), undefined, body);
    });

    it('verify_mode = ssl.CERT_NONE → CERT_REQUIRED only on a client context with CAs to verify with', () => {
      const fn = (body: string) => `import ssl\n\n\ndef context_for(path):\n${body}    return context\n`;
      const modeFix = (code: string) => {
        const finding = analyze(code).find((f) => f.ruleId === 'tls-verification-disabled' && code.split('\n')[f.range.start.line].includes('verify_mode'));
        assert.ok(finding, `no verify_mode finding in:\n${code}`);
        const fix = finding.fixes.find((f) => f.kind === 'rewrite');
        return fix && applyTextEdits(code, fix.edits);
      };
      assert.strictEqual(modeFix(fn('    context = ssl.create_default_context()\n    context.verify_mode = ssl.CERT_NONE\n')), fn('    context = ssl.create_default_context()\n    context.verify_mode = ssl.CERT_REQUIRED\n'));
      const loaded = '    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    context.load_verify_locations(path)\n';
      assert.strictEqual(modeFix(fn(`${loaded}    context.verify_mode = ssl.CERT_NONE\n`)), fn(`${loaded}    context.verify_mode = ssl.CERT_REQUIRED\n`));
      for (const made of ['ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)', 'ssl.SSLContext(ssl.PROTOCOL_TLSv1)', 'ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)']) {
        assert.strictEqual(modeFix(fn(`    context = ${made}\n    context.verify_mode = ssl.CERT_NONE\n`)), undefined, made);
      }
    });

    it("aiohttp's ssl=False is dropped, not set to True (True verified nothing before aiohttp 3.9; the default verifies in every version)", () => {
      assert.strictEqual(
        fixed('import aiohttp\nasync def f(session, url):\n    return await session.get(url, ssl=False, timeout=5)\n', 'tls-verification-disabled'),
        'import aiohttp\nasync def f(session, url):\n    return await session.get(url, timeout=5)\n',
      );
      assert.strictEqual(
        fixed('import aiohttp\nconnector = aiohttp.TCPConnector(ssl=False)\n', 'tls-verification-disabled'),
        'import aiohttp\nconnector = aiohttp.TCPConnector()\n',
      );
    });

    it('ssl.wrap_socket(cert_reqs=CERT_NONE) → CERT_REQUIRED only with ca_certs: without, no CA is loaded and every server would be refused', () => {
      assert.strictEqual(
        fixed('import ssl\ntls = ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE, ca_certs="ca.pem")\n', 'tls-verification-disabled'),
        'import ssl\ntls = ssl.wrap_socket(sock, cert_reqs=ssl.CERT_REQUIRED, ca_certs="ca.pem")\n',
      );
      const [bare] = analyze('import ssl\ntls = ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)\n').filter((f) => f.ruleId === 'tls-verification-disabled');
      assert.ok(bare, 'still reported');
      assert.deepStrictEqual(bare.fixes.filter((f) => f.kind === 'rewrite'), []);
    });

    it('an edited file gets what a fresh analysis gets, fixes included, over random single-character edits', () => {
      const source = `"""Accounts and partner calls."""
import hashlib
import subprocess

import requests
import yaml
from flask import Flask, request

app = Flask(__name__)
API = "https://api.partner.example/"


def hash_password(password):
    return hashlib.sha256(password.encode()).hexdigest()


@app.route("/run")
def run():
    name = request.args["name"]
    subprocess.run(f"convert {name} out.png", shell=True)
    requests.get(API + name, verify=False)
    return yaml.load(request.data)
`;
      const editor = new Engine({ catalog: engine().catalog });
      const uri = 'file:///shop/api/mixed.py';
      editor.open(uri, 'python', source, 0, 'api/mixed.py');
      // `API + name` starts with a fixed origin: no ssrf until an edit breaks the constant.
      const rules = editor.analyze(uri).findings.map((f) => f.ruleId).sort();
      assert.deepStrictEqual(rules, ['command-injection', 'tls-verification-disabled', 'unsafe-yaml-load', 'weak-password-hash']);
      let seed = 11;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const alphabet = ['x', ' ', '\n', '(', ')', '"', '=', '.', '#'];
      for (let version = 1; version <= 80; version++) {
        const text = editor.text(uri)!;
        const lines = new LineIndex(text);
        const offset = random(text.length);
        const deleting = random(3) === 0 && offset < text.length - 1;
        editor.change(uri, version, [{ range: lines.rangeAt(offset, deleting ? offset + 1 : offset), text: deleting ? '' : alphabet[random(alphabet.length)] }]);
        const incremental = editor.analyze(uri).findings;
        const fresh = engine().analyzeText(`v${version}/api/mixed.py`, editor.text(uri)!, {}, 'python').findings;
        assert.strictEqual(JSON.stringify(incremental), JSON.stringify(fresh), `version ${version}:\n${editor.text(uri)}`);
      }
    });

    it('cached fixes follow the import position when lines are added above the imports', () => {
      const editor = new Engine({ catalog: engine().catalog });
      const uri = 'file:///shop/api/accounts.py';
      const text = 'import hashlib\n\n\ndef h(password):\n    return hashlib.md5(password).hexdigest()\n';
      editor.open(uri, 'python', text, 1, 'api/accounts.py');
      editor.analyze(uri);
      editor.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '"""Accounts."""\n' }]);
      const after = editor.analyze(uri).findings[0].fixes.find((f) => f.kind === 'rewrite')!;
      const fresh = engine().analyzeText('api/accounts.py', editor.text(uri)!, {}, 'python').findings[0].fixes.find((f) => f.kind === 'rewrite')!;
      assert.deepStrictEqual(after.edits, fresh.edits);
      assert.strictEqual(new LineIndex(editor.text(uri)!).offsetAt(after.edits[0].range.start) > 0, true);
    });
  });
});
