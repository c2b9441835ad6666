import { jwtAlgorithm } from '../../fixes/jwt-algorithm';
import type * as ts from 'typescript';
import { isArrowFunction, isCallExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isImportDeclaration, isNamedImports, isNewExpression, isMethodDeclaration, isObjectLiteralExpression, isParameter, isPropertyAssignment, isStringLiteral, isVariableDeclaration, isVariableStatement } from '../compiler';
import type { TextEdit } from '../../types';
import { hasDirective, memberName, skipOuter } from '../syntax';
import type { FixContext } from './fix';
import type { PatternHit } from './match';

/**
 * A secret written in the code → `requiredEnv('NAME')`, named after where it was
 * (`jwtSecret` → `JWT_SECRET`; a connection string → `DATABASE_URL`). Not in `'use client'`
 * files: there an environment variable is bundled into the page too, the secret must move to
 * the server.
 */
export function envSecret(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const literal = hit.value && skipOuter(hit.value);
  if (!literal || hasDirective(c.sf.statements, 'use client')) return undefined;
  const base = envName(literal, hit);
  const defined = new RegExp(`function ${REQUIRED_ENV}\\(`).test(c.sf.text);
  if (!defined && new RegExp(`\\b${REQUIRED_ENV}\\b`).test(c.sf.text)) return undefined; // the name means something else here
  const { name, same } = distinctName(literal, base, c);
  const edits = same.map((node) => c.replace(node, `${REQUIRED_ENV}(${c.string(name)})`));
  if (defined) return edits;
  const typed = /\.[cm]?tsx?$/.test(c.path);
  const eol = c.sf.text.includes('\r\n') ? '\r\n' : '\n';
  const helper = [
    '',
    '',
    '/** A secret from the environment, read when the module loads: a missing one stops the app there with a clear error. */',
    `function ${REQUIRED_ENV}(name${typed ? ': string' : ''})${typed ? ': string' : ''} {`,
    '  const value = process.env[name];',
    `  if (!value) throw new Error(\`\${name} is not set: put the secret in the environment\`);`,
    '  return value;',
    '}',
    '',
  ].join(eol);
  const end = c.sf.text.replace(/\s+$/, '').length;
  return [...edits, { range: c.lines.rangeAt(end, c.sf.text.length), newText: helper }];
}

/**
 * Two different secrets of one file never share a variable: `jwt.sign(a, 'webhook-key')` and
 * `jwt.sign(b, 'invite-key')` would both read JWT_SECRET, and a token of one kind would pass for the
 * other. Literals named alike (keys of sign/verify calls; connection strings) are numbered by value
 * in file order (`JWT_SECRET`, `JWT_SECRET_2`), skipping names a `requiredEnv('...')` of the file
 * already reads (a secret moved by an earlier fix); every literal of the same value and name is
 * replaced with this one, so a key signed with and verified with stays one variable.
 */
function distinctName(literal: ts.Expression, base: string, c: FixContext): { name: string; same: ts.Expression[] } {
  if (!isStringLiteral(literal) || (base !== 'JWT_SECRET' && base !== 'DATABASE_URL')) return { name: base, same: [literal] };
  const alike: ts.StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (isStringLiteral(node) && namedAlike(node) === base) alike.push(node);
    node.forEachChild(visit);
  };
  visit(c.sf);
  if (!alike.includes(literal)) alike.push(literal);
  const values = [...new Set(alike.map((node) => node.text))];
  const taken = new Set([...c.sf.text.matchAll(new RegExp(`\\b${REQUIRED_ENV}\\(\\s*['"\`]([A-Za-z0-9_]+)['"\`]`, 'g'))].map((m) => m[1]));
  let name = base;
  let n = 1;
  for (const value of values) {
    while (taken.has(name)) name = `${base}_${++n}`;
    if (value === literal.text) break;
    taken.add(name);
  }
  return { name, same: alike.filter((node) => node.text === literal.text) };
}

/** The name a string literal of one of the shapes distinctName numbers would get, if it is one. */
function namedAlike(literal: ts.StringLiteral): string | undefined {
  const parent = literal.parent;
  if (isCallExpression(parent) && parent.arguments[1] === literal && /(^|\.)(sign|verify)$/.test(parent.expression.getText())) return 'JWT_SECRET';
  if (!CONNECTION_WITH_PASSWORD.test(literal.text)) return undefined;
  const holder = isVariableDeclaration(parent) && isIdentifier(parent.name) ? parent.name.text : isPropertyAssignment(parent) && isIdentifier(parent.name) ? parent.name.text : undefined;
  return holder && /url|uri|dsn|connection/i.test(holder) ? undefined : 'DATABASE_URL';
}

/** A URL with a user and a password (the connection-string-password pattern's shape, any scheme). */
const CONNECTION_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]+:[^@/\s]{3,}@/i;

/** The helper the fix adds once per file; a `string`, never `undefined` (function declarations are hoisted: it goes at the end). */
const REQUIRED_ENV = 'requiredEnv';

function envName(literal: ts.Expression, hit: PatternHit): string {
  const parent = literal.parent;
  let holder: string | undefined;
  if (isVariableDeclaration(parent) && isIdentifier(parent.name)) holder = parent.name.text;
  else if (isPropertyAssignment(parent) && (isIdentifier(parent.name) || isStringLiteral(parent.name))) holder = parent.name.text;
  else if (isCallExpression(parent) && /(^|\.)(sign|verify)$/.test(hit.callee)) holder = 'JWT_SECRET';
  if (isStringLiteral(literal) && /^[a-z][a-z0-9+.-]*:\/\//i.test(literal.text) && (!holder || !/url|uri|dsn|connection/i.test(holder))) return 'DATABASE_URL';
  return holder ? upperSnake(holder) : 'APP_SECRET';
}

/** `jwtSecret` → `JWT_SECRET`, `stripe-key` → `STRIPE_KEY`. */
function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/**
 * `jwt.verify(token, key)` → `jwt.verify(token, key, { algorithms: ['HS256'] })` (RS256 when
 * the key looks public, or what the file signs with: jwtAlgorithm); `algorithms: ['none']` replaced; `jwt.decode(token)` →
 * `jwt.verify(token, <the file's key or process.env.JWT_SECRET>, { algorithms: [...] })`:
 * the signature is checked, and a token signed with another algorithm is refused.
 */
export function jwtVerifyAlgorithms(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const call = hit.node as ts.CallExpression;
  if (!isCallExpression(call) || !call.arguments.length) return undefined;
  const args = call.arguments;
  if (memberName(skipOuter(call.expression)) === 'decode') return decodeToVerify(call, c);
  const key = args[1];
  if (!key) return undefined;
  const algorithms = `algorithms: [${c.string(jwtAlgorithm(c.sf.text, c.text(key)))}]`;
  const options = args[2] && skipOuter(args[2]);
  if (!options) return [c.insertAt(key.getEnd(), `, { ${algorithms} }`)];
  if (isFunctionExpression(options) || isArrowFunction(options)) return [c.insertAt(options.getStart(c.sf), `{ ${algorithms} }, `)];
  if (!isObjectLiteralExpression(options)) return undefined;
  const given = options.properties.find((p) => isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === 'algorithms');
  if (given) return [c.replace(given, algorithms)];
  const last = options.properties[options.properties.length - 1];
  return [last ? c.insertAt(last.getEnd(), `, ${algorithms}`) : c.replace(options, `{ ${algorithms} }`)];
}

function decodeToVerify(call: ts.CallExpression, c: FixContext): TextEdit[] | undefined {
  if (call.arguments.length > 2) return undefined;
  const token = c.text(call.arguments[0]);
  const key = secretUsedBy(c) ?? `process.env.JWT_SECRET${/\.tsx?$/.test(c.path) ? '!' : ''}`;
  const callee = c.text(call.expression).replace(/decode$/, 'verify');
  return [c.replace(call, `${callee}(${token}, ${key}, { algorithms: [${c.string(jwtAlgorithm(c.sf.text, key))}] })`)];
}

/**
 * The key the file signs or verifies tokens with elsewhere (`jwt.sign(claims, JWT_SECRET)`), when it
 * is a plain name the decode call can see too: declared or imported at the top of the module, a
 * global, or `process.env...`. A name bound only inside a function (`verify(token, key)`'s
 * parameter) is not in scope at the decode call: `key` would not compile.
 */
function secretUsedBy(c: FixContext): string | undefined {
  const moduleNames = new Set<string>();
  for (const statement of c.sf.statements) {
    if (isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (isIdentifier(d.name)) moduleNames.add(d.name.text);
    const clause = isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause?.name) moduleNames.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && isNamedImports(bindings)) for (const element of bindings.elements) moduleNames.add(element.name.text);
  }
  let local: Set<string> | undefined;
  const boundInside = (name: string): boolean => (local ??= namesBoundInFunctions(c.sf)).has(name);
  for (const match of c.sf.text.matchAll(/\.(?:sign|verify)\s*\(\s*[^,()]+,\s*([A-Za-z_$][\w$.]*)\s*[,)]/g)) {
    const name = match[1];
    const first = name.split('.')[0];
    if (moduleNames.has(first) || !boundInside(first)) return name;
  }
  return undefined;
}

/** Parameters and variables declared inside functions: names the module's top level does not see. */
function namesBoundInFunctions(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (inFunction && (isParameter(node) || isVariableDeclaration(node)) && isIdentifier(node.name)) names.add(node.name.text);
    const entering = inFunction || isFunctionDeclaration(node) || isFunctionExpression(node) || isArrowFunction(node) || isMethodDeclaration(node);
    node.forEachChild((child) => visit(child, entering));
  };
  visit(sf, false);
  return names;
}
