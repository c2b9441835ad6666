import type * as ts from 'typescript';
import { SyntaxKind, isCallExpression, isIdentifier, isNewExpression, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isStringLiteral } from '../compiler';
import type { PatternRewrite } from '../../rules/spec-types';
import type { LineIndex } from '../../text/positions';
import type { ProjectFiles } from '../../modules';
import type { FileChange, TextEdit } from '../../types';
import { importInsertion, importLine, importedNames, localNameOf, type ImportedName } from '../imports';
import { hasDirective, skipOuter } from '../syntax';
import { foldBoolean, resolveConst } from '../arg-values';
import type { PatternHit } from './match';
import { argon2Hash, secureRandom, timingSafeCompare } from './rewrites-crypto';
import { addCspMiddleware, addCspNextConfig, addHelmet } from './rewrites-headers';
import { envSecret, jwtVerifyAlgorithms } from './rewrites-secrets';

/** What a pattern fix reads about the file and how it writes code into it. */
export class FixContext {
  private imported?: Map<string, ImportedName>;

  constructor(
    readonly sf: ts.SourceFile,
    readonly lines: LineIndex,
    readonly quote: string,
    readonly path: string,
    /** Other project files, when the embedder gives them (see ProjectFiles). */
    readonly files?: ProjectFiles,
  ) {}

  get imports(): Map<string, ImportedName> {
    return (this.imported ??= importedNames(this.sf));
  }

  text(node: ts.Node): string {
    return this.sf.text.slice(node.getStart(this.sf), node.getEnd());
  }

  replace(node: ts.Node, newText: string): TextEdit {
    return { range: this.lines.rangeAt(node.getStart(this.sf), node.getEnd()), newText };
  }

  insertAt(offset: number, newText: string): TextEdit {
    return { range: this.lines.rangeAt(offset, offset), newText };
  }

  /** A string literal in the file's quote style. */
  string(value: string): string {
    return `${this.quote}${value.replace(new RegExp(this.quote, 'g'), `\\${this.quote}`)}${this.quote}`;
  }

  /** Code that runs in the browser or on the Edge runtime, where Node modules are not there: `'use client'` files and middleware. */
  get isBrowserOrEdge(): boolean {
    return hasDirective(this.sf.statements, 'use client') || /(^|\/)(src\/)?middleware\.[cm]?[jt]sx?$/.test(this.path);
  }

  /**
   * The local name to call `module` (or its `member`) by, with the import to add when the
   * file has none yet: `[name, edit?]`.
   */
  ensureImport(modules: readonly string[], local: string, member?: string): [string, TextEdit | undefined] {
    const existing = localNameOf(this.imports, modules, member);
    if (existing) return [existing, undefined];
    const line = importLine(this.sf, this.quote, modules[0], member ?? local, member !== undefined);
    return [member ?? local, importInsertion(this.sf, this.lines, line)];
  }

  /** The file's own name for a module (`import crypto from 'node:crypto'`), if it has one. */
  importedModule(modules: readonly string[]): string | undefined {
    return localNameOf(this.imports, modules);
  }

  /** Removes a statement; when it is alone on its line(s), the whole line(s) go with it. */
  deleteStatement(node: ts.Node): TextEdit {
    const text = this.sf.text;
    let start = node.getStart(this.sf);
    let end = node.getEnd();
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?$/.test(text.slice(end, lineEnd < 0 ? text.length : lineEnd))) {
      start = lineStart;
      end = lineEnd < 0 ? text.length : lineEnd + 1;
    }
    return { range: this.lines.rangeAt(start, end), newText: '' };
  }

  /** The indentation of the line a node starts on. */
  indentOf(node: ts.Node): string {
    const start = node.getStart(this.sf);
    const lineStart = this.sf.text.lastIndexOf('\n', start - 1) + 1;
    return /^[ \t]*/.exec(this.sf.text.slice(lineStart, start))![0];
  }
}

/**
 * A rewrite that needs more than edits of the file: edits of other files (created or not), a
 * title saying what else it does (the rule's `fixTitle` otherwise), or not being the safe default.
 */
export interface PatternFix {
  edits: TextEdit[];
  files?: FileChange[];
  title?: string;
  /** False: offered, never applied by fix-all or --fix. */
  preferred?: boolean;
}

// The TypeScript rewrites; the Python ones (`secrets-token`, ...) have no TS form: a TS pattern naming one gets no fix.
const REWRITES: Partial<Record<PatternRewrite, (hit: PatternHit, c: FixContext) => TextEdit[] | PatternFix | undefined>> = {
  'argon2-password-hash': argon2Hash,
  'secure-random': secureRandom,
  'timing-safe-compare': timingSafeCompare,
  'env-secret': envSecret,
  'jwt-verify-algorithms': jwtVerifyAlgorithms,
  'add-helmet': addHelmet,
  'add-csp-next-config': addCspNextConfig,
  'add-csp-middleware': addCspMiddleware,
  'env-allowed-origins': envAllowedOrigins,
};

/**
 * `cors({ origin: '*', credentials: true })` → `origin: process.env.ALLOWED_ORIGINS?.split(',') ?? []`:
 * the origins listed in the environment (`https://shop.example,https://admin.example`); unset,
 * none is allowed.
 */
function envAllowedOrigins(hit: PatternHit, c: FixContext): TextEdit[] | undefined {
  return hit.value ? [c.replace(hit.value, `process.env.ALLOWED_ORIGINS?.split(${c.string(',')}) ?? []`)] : undefined;
}

/** The edits of a pattern's `fix` on one hit; undefined when the code has a shape the fix cannot be sure about. */
export function patternEdits(hit: PatternHit, c: FixContext): TextEdit[] | PatternFix | undefined {
  const spec = hit.pattern.spec.fix;
  if (!spec) return undefined;
  if (spec.setValue !== undefined) {
    if (!hit.value) return undefined;
    // A call's flagged argument (`createHash('md5')` → `'sha256'`) in the file's quote style.
    return [c.replace(hit.value, isCallExpression(hit.node) || isNewExpression(hit.node) ? spec.setValue.replace(/'/g, c.quote) : spec.setValue)];
  }
  if (spec.setKeywords && (isCallExpression(hit.node) || isNewExpression(hit.node))) return setOptions(hit.node, spec.setKeywords, c);
  if (spec.renameCall && isCallExpression(hit.node)) {
    const callee = skipOuter(hit.node.expression);
    return isPropertyAccessExpression(callee) ? [c.replace(callee.name, spec.renameCall)] : undefined;
  }
  if (spec.rewrite) return REWRITES[spec.rewrite]?.(hit, c);
  return undefined;
}

/**
 * `res.cookie('sid', id, { httpOnly: false })` → `{ httpOnly: true, secure: true, sameSite: 'lax' }`:
 * in the call's options object (set or added), or a new options argument when it has none.
 * Values the developer chose on purpose (`sameSite: 'strict'`, `secure: isProduction`) are kept.
 */
function setOptions(call: ts.CallExpression | ts.NewExpression, options: Record<string, string>, c: FixContext): TextEdit[] | undefined {
  const args = call.arguments ?? [];
  // Settings passed through a constant are fixed where they are written.
  const object = args.map((a) => resolveConst(a)).find(isObjectLiteralExpression);
  const values = Object.entries(options).map(([key, value]) => [key, value.replace(/'/g, c.quote)] as const);
  if (!object) {
    if (!call.arguments) return undefined;
    const close = call.arguments.end;
    return [c.insertAt(close, `${args.length ? ', ' : ''}{ ${values.map(([k, v]) => `${k}: ${v}`).join(', ')} }`)];
  }
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [key, value] of values) {
    const given = object.properties.find((p) => (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === key) || (isShorthandPropertyAssignment(p) && p.name.text === key));
    if (given && isShorthandPropertyAssignment(given)) {
      // `{ secure }` where `let secure = false` and nothing that runs sets it: written out with the safe value.
      if (isWeakerSetting(resolveConst(given.name))) edits.push(c.replace(given, `${key}: ${value}`));
    } else if (given && isPropertyAssignment(given)) {
      // `secure: secureCookies` where `const secureCookies = 1 === 2`: the name is as weak as its value.
      if (c.text(given.initializer) !== value && isWeakerSetting(resolveConst(given.initializer))) edits.push(c.replace(given.initializer, value));
    } else added.push(`${key}: ${value}`);
  }
  if (added.length) {
    const last = object.properties[object.properties.length - 1];
    if (last) edits.push(c.insertAt(last.getEnd(), `, ${added.join(', ')}`));
    else edits.push(c.replace(object, `{ ${added.join(', ')} }`));
  }
  return edits.length ? edits : undefined;
}

/** `false`, `true`, `null`, `undefined` or `'none'`: a setting the fix may overwrite; a chosen string or an expression is kept. */
function isWeakerSetting(value: ts.Expression): boolean {
  const e = skipOuter(value);
  if (isStringLiteral(e)) return e.text.toLowerCase() === 'none';
  return e.kind === SyntaxKind.FalseKeyword || e.kind === SyntaxKind.TrueKeyword || e.kind === SyntaxKind.NullKeyword || (isIdentifier(e) && e.text === 'undefined') || foldBoolean(e) !== undefined;
}
