import * as assert from 'assert';
import { jwtAlgorithm } from '../../server/src/engine/fixes/jwt-algorithm';

// The algorithm JWT fixes pin keeps the key's family: HS for shared secrets, RS/ES/PS for
// public keys (pinning HS256 for a public key fails every genuine token).
describe('jwtAlgorithm: the algorithm a JWT fix pins', () => {
  it('what the file signs or checks with, when it names exactly one', () => {
    assert.strictEqual(jwtAlgorithm(`token = jwt.encode(claims, PRIVATE, algorithm="ES384")\n`, 'KEY'), 'ES384');
    assert.strictEqual(jwtAlgorithm(`const t = jwt.sign(c, k, { algorithm: 'PS256' });\n`, 'k'), 'PS256');
    assert.strictEqual(jwtAlgorithm(`JWT_ALGORITHM = "rs512"\n`, 'KEY'), 'RS512');
    assert.strictEqual(jwtAlgorithm(`jwt.decode(a, K, algorithms=["RS256"])\n`, 'K'), 'RS256');
  });

  it('the algorithm held in a name the file signs with', () => {
    assert.strictEqual(jwtAlgorithm(`def issue(c):\n    alg = "ES256"\n    return jwt.encode(c, PRIVATE, algorithm=alg)\n`, 'KEY'), 'ES256');
    assert.strictEqual(jwtAlgorithm(`const signWith = 'RS384';\njwt.sign(c, k, { algorithm: signWith });\n`, 'k'), 'RS384');
    assert.strictEqual(jwtAlgorithm(`alg = "ES256"\nalg = "RS256"\njwt.encode(c, K, algorithm=alg)\n`, 'JWT_SECRET'), 'HS256', 'a name given two algorithms says nothing');
    assert.strictEqual(jwtAlgorithm(`jwt.encode(c, K, algorithm=chosen)\n`, 'JWT_SECRET'), 'HS256', 'a name the file never sets says nothing');
  });

  it('by the key when the file names none or several: public key / PEM / certificate → RS256 (EC → ES256), else HS256', () => {
    assert.strictEqual(jwtAlgorithm('', 'PUBLIC_KEY'), 'RS256');
    assert.strictEqual(jwtAlgorithm('', 'settings.jwt_public_key'), 'RS256');
    assert.strictEqual(jwtAlgorithm(`KEY = open("keys/idp.pem").read()\n`, 'KEY'), 'RS256', 'its definition reads a PEM');
    assert.strictEqual(jwtAlgorithm(`const verifier = '-----BEGIN PUBLIC KEY-----\\n...';\n`, 'verifier'), 'RS256');
    assert.strictEqual(jwtAlgorithm('', 'EC_PUBLIC_KEY'), 'ES256');
    assert.strictEqual(jwtAlgorithm('', 'JWT_SECRET'), 'HS256');
    assert.strictEqual(jwtAlgorithm(`a = jwt.encode(c, S, algorithm="HS256")\nb = jwt.encode(c, P, algorithm="RS256")\n`, 'SECRET'), 'HS256', 'two algorithms in the file: the key decides');
    assert.strictEqual(jwtAlgorithm('', 'process.env.JWT_SECRET!'), 'HS256');
  });
});
