import type * as ts from 'typescript';
import { isCallExpression, isIdentifier, isObjectLiteralExpression, isReturnStatement, isStringLiteral, isVariableDeclaration, isVariableStatement } from '../compiler';
import type { TextEdit } from '../../types';
import { enclosingContainer, skipOuter } from '../syntax';
import type { FixContext } from './fix';
import type { PatternHit } from './match';

/**
 * A strict default policy: scripts, styles, images and fonts only from the site itself, no
 * plugins, no framing, forms and `<base>` to the site. Inline `<script>`s then need a
 * per-request nonce (see rules/missing-security-headers/README.md); Next.js dev mode also
 * needs `'unsafe-eval'`.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";

/** The other headers every response should carry (what helmet sets by default, in short). */
const OTHER_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
];

/** `const app = express();` → the same plus `app.use(helmet());` (CSP, HSTS, nosniff, frame-ancestors and more, with helmet's strict defaults). */
export function addHelmet(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const declaration = hit.node.parent;
  if (!isVariableDeclaration(declaration) || !isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  if (!isVariableStatement(statement)) return undefined;
  const [helmet, importEdit] = c.ensureImport(['helmet'], 'helmet');
  const use = c.insertAt(statement.getEnd(), `${c.lines.eol}${c.indentOf(statement)}${declaration.name.text}.use(${helmet}());`);
  return [use, ...(importEdit ? [importEdit] : [])];
}

/**
 * next.config's object without `headers` → an `async headers()` entry sending the strict policy
 * and the other security headers on every route. A config with `headers` already is left to
 * the developer (its routes may differ).
 */
export function addCspNextConfig(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const config = hit.value && skipOuter(hit.value);
  if (!config || !isObjectLiteralExpression(config)) return undefined;
  if (config.properties.some((p) => p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === 'headers')) return undefined;
  const first = config.properties[0];
  const eol = c.lines.eol;
  const indent = first && c.sf.text.slice(config.getStart(c.sf), first.getStart(c.sf)).includes('\n') ? c.indentOf(first) : `${c.indentOf(config)}  `;
  const step = '  ';
  const q = (s: string) => c.string(s);
  const headers = [['Content-Security-Policy', STRICT_CSP], ...OTHER_HEADERS].map(([key, value]) => `${indent}${step.repeat(4)}{ key: ${q(key)}, value: ${key === 'Content-Security-Policy' ? JSON.stringify(value) : q(value)} },`);
  const lines = [
    `${indent}async headers() {`,
    `${indent}${step}return [`,
    `${indent}${step.repeat(2)}{`,
    `${indent}${step.repeat(3)}source: ${q('/(.*)')},`,
    `${indent}${step.repeat(3)}headers: [`,
    ...headers,
    `${indent}${step.repeat(3)}],`,
    `${indent}${step.repeat(2)}},`,
    `${indent}${step}];`,
    `${indent}},`,
  ];
  const open = config.getStart(c.sf) + 1;
  if (!first) return [c.insertAt(open, `${eol}${lines.join(eol)}${eol}${c.indentOf(config)}`)];
  return [c.insertAt(open, `${eol}${lines.join(eol)}`)];
}

/**
 * `return NextResponse.next();` in middleware → the response kept, the strict policy and the
 * other headers set on it, then returned.
 */
export function addCspMiddleware(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  const call = hit.node;
  const statement = call.parent;
  if (!isCallExpression(call) || !isReturnStatement(statement)) return undefined;
  const scope = c.text(enclosingContainer(statement) as ts.Node);
  const name = /\bresponse\b/.test(scope) ? 'securedResponse' : 'response';
  const indent = c.indentOf(statement);
  const eol = c.lines.eol;
  const set = [['Content-Security-Policy', STRICT_CSP], ...OTHER_HEADERS].map(([key, value]) => `${indent}${name}.headers.set(${c.string(key)}, ${key === 'Content-Security-Policy' ? JSON.stringify(value) : c.string(value)});`);
  const code = [`const ${name} = ${c.text(call)};`, ...set, `${indent}return ${name};`].join(eol);
  return [c.replace(statement, code)];
}
