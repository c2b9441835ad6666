/** A JWT algorithm name as libraries spell it. */
const ALGORITHM = /^(?:HS|RS|ES|PS)(?:256|384|512)$/;
/**
 * `algorithm="RS256"` (PyJWT's encode), `algorithm: 'ES256'` (jsonwebtoken's sign options),
 * `JWT_ALGORITHM = "RS256"` (settings), `algorithms=["RS256"]` (another check): what the file uses.
 */
const SIGNED_WITH = /\b\w*algorithms?\w*\s*[=:]\s*\[?\s*["'`]((?:HS|RS|ES|PS)(?:256|384|512))["'`]/gi;
/** `algorithm=alg`, `algorithm: JWT_ALGORITHM`: the algorithm held in a name. */
const SIGNED_WITH_NAME = /\b\w*algorithms?\w*\s*[=:]\s*\[?\s*([A-Za-z_$][\w$]*)\s*[\],)}\n]/gi;

/** The algorithm a name is given in the file (`alg = "RS256"`, `const JWT_ALG = 'ES256'`), when it is given one only. */
function algorithmHeldIn(fileText: string, name: string): string | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || /^(?:None|True|False|null|undefined)$/.test(name)) return undefined;
  const values = new Set([...fileText.matchAll(new RegExp(`(?:^|[^\\w$.])${name.replace(/\$/g, '\\$')}\\s*(?::[^=\\n]*)?=\\s*["'\`]((?:HS|RS|ES|PS)(?:256|384|512))["'\`]`, 'gi'))].map((m) => m[1].toUpperCase()));
  return values.size === 1 ? [...values][0] : undefined;
}

/** A key name or definition that says it is asymmetric: verification needs the public half. */
const PUBLIC_KEY = /public|pem|cert|jwks?\b|rsa|BEGIN (?:RSA )?PUBLIC KEY|BEGIN CERTIFICATE/i;
const EC_KEY = /\bec(?:dsa)?[_-]?|BEGIN EC /i;

/**
 * The algorithm a JWT fix pins for verification, keeping the key's family: the one the file
 * itself signs with when it signs with exactly one; otherwise RS256 (ES256 for an EC key) when
 * the key, as written or as its definition in the file reads, is a public key / PEM /
 * certificate, and HS256 for a shared secret. Pinning HS256 for a public key would make every
 * genuine token fail (and HS with a public key is the classic key-confusion attack).
 */
export function jwtAlgorithm(fileText: string, keyText: string): string {
  const named = [...fileText.matchAll(SIGNED_WITH_NAME)].map((m) => algorithmHeldIn(fileText, m[1]));
  const signed = new Set([...[...fileText.matchAll(SIGNED_WITH)].map((m) => m[1]), ...named].filter((a): a is string => !!a).map((a) => a.toUpperCase()).filter((a) => ALGORITHM.test(a)));
  if (signed.size === 1) return [...signed][0];
  const name = /^[A-Za-z_$][\w$.]*$/.test(keyText) ? keyText.slice(keyText.lastIndexOf('.') + 1) : undefined;
  const definition = name ? new RegExp(`(?:^|\\n)\\s*(?:(?:export\\s+)?(?:const|let|var)\\s+)?${name}\\s*(?::[^=\\n]*)?=([^\\n]*)`).exec(fileText)?.[1] ?? '' : '';
  const described = `${keyText} ${definition}`;
  if (!PUBLIC_KEY.test(described)) return 'HS256';
  return EC_KEY.test(described) ? 'ES256' : 'RS256';
}
