import * as assert from 'assert';
import { applyTextEdits, type Finding } from '../../server/src/engine';
import { looksLikeSecret } from '../../server/src/engine/rules/compiled-patterns';
import { engine } from '../helpers/fixtures';

// The A02/A05/A07/A09 pattern rules' edges that fixtures show less directly: what counts as a
// real secret, exact fix texts (imports included), and the name a random value goes to.

function analyze(code: string, file = 'api/app.py'): Finding[] {
  return engine().analyzeText(file, code, {}, 'python').findings;
}

function fixed(code: string, ruleId: string): string {
  const fix = analyze(code).find((f) => f.ruleId === ruleId)?.fixes.find((f) => f.kind === 'rewrite');
  assert.ok(fix, `no rewrite for ${ruleId}`);
  return applyTextEdits(code, fix.edits);
}

describe('Python secure-default pattern rules', () => {
  it('a secret literal is long, varied and no placeholder, name or URL', () => {
    for (const real of ['9f1c2e7a4b8d0f3e6a5c1b2d', 'q7Lw!x9Rt2', 'Sunny-Prod-2024', 'dev-secret-k3y-1234']) assert.ok(looksLikeSecret(real), real);
    for (const fake of ['', 'short', 'changeme', 'change-me-in-prod', '<your-api-key>', '${DB_PASSWORD}', 'DB_PASSWORD', 'settings.secret_key', 'https://auth.example/token', 'xxxxxxxxxxxx', 'aaaaaaaaaaaa', '12121212', 'a password with spaces', 'password_reset_token']) {
      assert.ok(!looksLikeSecret(fake), fake);
    }
  });

  it('insecure-random follows the value to its name: target, keyword, dict key, returning function', () => {
    const code = [
      'import random',
      'reset_token = random.random()',
      'send(otp=random.randint(1, 9))',
      'payload = {"csrf_token": random.getrandbits(64)}',
      'def make_api_key():',
      '    return str(random.random())',
      'retry_delay = random.random()',
      '',
    ].join('\n');
    assert.deepStrictEqual(analyze(code).filter((f) => f.ruleId === 'insecure-random').map((f) => f.range.start.line + 1), [2, 3, 4, 6]);
  });

  it('Use the secrets module imports secrets once, keeps an existing import and takes out the random one it leaves unused', () => {
    assert.strictEqual(fixed('import random\n\ntoken = random.choice(WORDS)\n', 'insecure-random'), 'import secrets\n\ntoken = secrets.choice(WORDS)\n');
    assert.strictEqual(
      fixed('import random\nimport secrets\n\ntoken = "".join(random.choices(ABC, k=24))\n', 'insecure-random'),
      'import secrets\n\ntoken = secrets.token_urlsafe(24)\n',
      'random is used nowhere else: the fix takes its import out',
    );
  });

  it('Compare in constant time calls one helper (added once, before the first use) and negates !=', () => {
    const helper = (compare: string) =>
      'def constant_time_equal(given, expected) -> bool:\n' +
      '    """`given == expected` in constant time; str of any characters compares as UTF-8, None and other types as `==` does."""\n' +
      '    if isinstance(given, str) and isinstance(expected, str):\n' +
      `        return ${compare}(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))\n` +
      '    if isinstance(given, (bytes, bytearray)) and isinstance(expected, (bytes, bytearray)):\n' +
      `        return ${compare}(given, expected)\n` +
      '    return given == expected\n\n\n';
    assert.strictEqual(
      fixed('def ok(token, stored):\n    return token != stored\n', 'insecure-compare'),
      'import hmac\n' + helper('hmac.compare_digest') + 'def ok(token, stored):\n    return not constant_time_equal(token, stored)\n',
    );
    assert.strictEqual(
      fixed('from hmac import compare_digest\n\nif api_key == settings.API_KEY:\n    pass\n', 'insecure-compare'),
      'from hmac import compare_digest\n\n' + helper('compare_digest') + 'if constant_time_equal(api_key, settings.API_KEY):\n    pass\n',
    );
  });

  it('Add cookie flags keeps a stricter SameSite and replaces only the weak flags', () => {
    assert.strictEqual(
      fixed('response.set_cookie("sid", sid, httponly=False, samesite="strict")\n', 'insecure-cookie'),
      'response.set_cookie("sid", sid, httponly=True, samesite="strict", secure=True)\n',
    );
  });

  it('Verify the JWT signature drops a lone verify_signature option but keeps other options', () => {
    assert.strictEqual(
      fixed('import jwt\nc = jwt.decode(t, KEY, options={"verify_signature": False, "verify_aud": False})\n', 'jwt-misuse'),
      'import jwt\nc = jwt.decode(t, KEY, options={"verify_signature": True, "verify_aud": False}, algorithms=["HS256"])\n',
    );
    assert.strictEqual(fixed('import jwt\nc = jwt.decode(t, KEY, verify=False)\n', 'jwt-misuse'), 'import jwt\nc = jwt.decode(t, KEY, algorithms=["HS256"])\n');
  });

  it('settings-class attributes are checked, and a class method is reported once', () => {
    const code = 'class Settings:\n    api_token = "f8e7d6c5b4a39281"\n\n    def debug(self):\n        return jwt.decode(t, options={"verify_signature": False})\n';
    assert.deepStrictEqual(analyze(code).map((f) => `${f.range.start.line + 1}: ${f.ruleId}`), ['2: hardcoded-secret', '5: jwt-misuse']);
  });
});
