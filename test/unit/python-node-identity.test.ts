// tree-sitter's binding hands back the object it made for a node only while V8 has not collected
// that object: after a collection, and until its finalizers run (after the current task, so
// never during an analysis), every read of the node makes a new object. Which reads those are
// depends on when the collector ran, so an analysis that tells nodes apart with `===` gave
// findings that came and went with the process's memory (edits-property's debounced burst, once
// in ~9 runs: "Parameterize this query" missing on a Django `raw()`). Here every read makes a new
// object, as the binding may: the findings (fixes included) must be those of a normal analysis.
import * as assert from 'assert';
import { Engine, type AnalysisResult } from '../../server/src/engine';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { pythonBackend } from '../../server/src/engine/python/backend';
import type { PythonTree } from '../../server/src/engine/python/syntax';
import { engine, fixturePath, ruleFixtures } from '../helpers/fixtures';

/**
 * `tree` read so that every read of a node (or cursor) returns a new object, as tree-sitter's
 * binding may; the tree object itself stays one, as the binding's does.
 */
function everyReadNew(tree: PythonTree): PythonTree {
  const real = new WeakMap<object, object>();
  const unwrap = (value: unknown): unknown => (value !== null && typeof value === 'object' ? (real.get(value) ?? value) : value);
  const fresh = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fresh);
    if (value === null || typeof value !== 'object' || !('startIndex' in value)) return value;
    const read = value;
    // A stand-in rather than the node as the target: a proxy must answer the node's own read-only `tree` with it.
    const proxy = new Proxy(Object.create(null) as object, {
      get(_, property) {
        if (property === 'tree') return wrappedTree;
        const got: unknown = Reflect.get(read, property, read);
        return typeof got === 'function' ? (...args: unknown[]) => fresh((got as (...a: unknown[]) => unknown).apply(read, args.map(unwrap))) : fresh(got);
      },
      has: (_, property) => property in read,
      getPrototypeOf: () => Object.getPrototypeOf(read) as object | null,
    });
    real.set(proxy, read);
    return proxy;
  };
  const wrappedTree: PythonTree = {
    get rootNode() {
      return fresh(tree.rootNode) as PythonTree['rootNode'];
    },
    walk: () => fresh(tree.walk()) as ReturnType<PythonTree['walk']>,
  };
  return wrappedTree;
}

function identityFreePython(): LanguageBackend<PythonTree> {
  const base = pythonBackend();
  return { ...base, parse: (text, fileName) => everyReadNew(base.parse(text, fileName)) };
}

const comparable = (r: AnalysisResult) => JSON.stringify({ findings: r.findings, notices: r.notices }, null, 1);

describe('python: the analysis tells nodes apart by position, not by object identity', function () {
  this.timeout(120_000);

  it('every Python rule fixture gets the same findings and fixes when each read of a node is a new object', () => {
    const { catalog } = engine();
    const fixtures = ruleFixtures().filter((f) => f.languageId === 'python');
    assert.ok(fixtures.length > 50, `only ${fixtures.length} Python fixtures`);
    const differ: string[] = [];
    for (const fixture of fixtures) {
      const path = fixturePath(fixture);
      const expected = comparable(new Engine({ catalog }).analyzeText(path, fixture.text, {}, 'python'));
      const actual = comparable(new Engine({ catalog, backends: { python: identityFreePython() } }).analyzeText(path, fixture.text, {}, 'python'));
      if (actual !== expected) differ.push(fixture.name);
    }
    assert.deepStrictEqual(differ, []);
  });

  it('each place that asked whether two reads were one node: a sink argument, a removed argument, a compared hash, a parenthesized value', () => {
    const { catalog } = engine();
    const hashing = 'import hashlib\n\ndef hash_password(password):\n    return hashlib.sha256(password.encode()).hexdigest()\n';
    const cases: { path: string; text: string; rule: string; fix?: RegExp }[] = [
      // sql-fix: the argument is the call's only one (Django's raw() takes its parameters after it).
      { path: 'shop/views.py', rule: 'sql-injection', fix: /^Parameterize this query$/, text: 'from django.http import HttpRequest\nfrom .models import Order\n\ndef orders(request: HttpRequest):\n    status = request.GET["status"]\n    return Order.objects.raw(f"SELECT * FROM shop_order WHERE status = \'{status}\'")\n' },
      // shell-fix: the command is the first argument.
      { path: 'ops/app.py', rule: 'command-injection', fix: /shell/i, text: 'import subprocess\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n@app.post("/ping")\ndef ping():\n    subprocess.run(f"ping -c 1 {request.form[\'host\']}", shell=True)\n    return "ok"\n' },
      // fix-edits: the argument to remove (`Loader=`) is found among the call's.
      { path: 'config/load.py', rule: 'unsafe-yaml-load', fix: /^Load YAML safely$/, text: 'import yaml\n\ndef read(path):\n    with open(path) as fh:\n        return yaml.load(fh, Loader=yaml.Loader)\n' },
      // argon2-fix: which side of the comparison (or of compare_digest) is the hash.
      { path: 'accounts/auth.py', rule: 'weak-password-hash', fix: /Argon2/, text: `${hashing}\n\ndef sign_in(stored, password):\n    return hash_password(password) == stored\n` },
      { path: 'accounts/auth.py', rule: 'weak-password-hash', fix: /Argon2/, text: `import hmac\n${hashing}\n\ndef sign_in(stored, password):\n    return hmac.compare_digest(hash_password(password), stored)\n` },
      // arguments: a parenthesized value is read as written, not as a name read through.
      { path: 'auth/tokens.py', rule: 'hardcoded-secret', text: 'import jwt\n\ndef token(user_id):\n    return jwt.encode({"sub": user_id}, ("k8Qz1rV7pL0sX3mN9bT5"), algorithm="HS256")\n' },
    ];
    for (const { path, text, rule, fix } of cases) {
      const normal = new Engine({ catalog }).analyzeText(path, text, {}, 'python');
      const finding = normal.findings.find((f) => f.ruleId === rule);
      assert.ok(finding, `${rule}: found normally`);
      if (fix) assert.ok(finding.fixes.some((f) => f.kind === 'rewrite' && fix.test(f.title)), `${rule}: its fix offered normally (${finding.fixes.map((f) => f.title).join(', ')})`);
      const identityFree = new Engine({ catalog, backends: { python: identityFreePython() } }).analyzeText(path, text, {}, 'python');
      assert.strictEqual(comparable(identityFree), comparable(normal), rule);
    }
  });
});
