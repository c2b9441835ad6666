import type * as ts from 'typescript';
import { CLEAN, URL_ORIGIN, clearFor, isTainted, union, type Taint } from '../taint/taint';
import { isNoSubstitutionTemplateLiteral, isStringLiteral } from './compiler';
import { skipOuter } from './syntax';

export { URL_ORIGIN };

/** A piece of a string being built: constant text, or a value with its taint. */
export type UrlPart = { text: string } | { taint: Taint };

// In the text before a value: \u0000 stands for a clean value, \u0001 for user data.
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\\u0001]+[/?#]/i;
const RELATIVE = /^(?:\/[^/\\\u0001]|[?#]|\u0000[/?#])/;

/** A written URL with its own scheme or host (`'https://api.example.com/x'`, `'//cdn.example.com/x'`): `new URL(it, base)` ignores the base. */
export function isAbsoluteUrlLiteral(node: ts.Expression): boolean {
  const e = skipOuter(node);
  return (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) && /^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})/i.test(e.text.trimStart());
}

/** Whether a URL that starts with `prefix` has its scheme and host (or its being relative) settled by it. */
export function fixesOrigin(prefix: string): boolean {
  return ABSOLUTE.test(prefix) || RELATIVE.test(prefix);
}

/**
 * The taint of a string built from parts (a template literal, a `+` chain): values after a
 * constant origin (`https://api.example.com/`, a clean base then `/`) or a relative path
 * (`/orders/`) cannot choose where the URL points, so their labels clear URL_ORIGIN.
 */
export function builtStringTaint(parts: readonly UrlPart[]): Taint {
  let prefix = '';
  let fixed = false;
  const out: Taint[] = [];
  for (const part of parts) {
    if ('text' in part) {
      prefix += part.text;
      continue;
    }
    if (!isTainted(part.taint)) {
      prefix += '\u0000';
      continue;
    }
    fixed ||= fixesOrigin(prefix);
    out.push(fixed ? clearFor(part.taint, [URL_ORIGIN]) : part.taint);
    prefix += '\u0001';
  }
  return out.length ? union(...out) : CLEAN;
}

/** Members of a URL that the user writes (`url.searchParams`, `url.pathname`): read from a URL whose origin is the server's own, they are user data again. */
export const USER_URL_PARTS: ReadonlySet<string> = new Set(['searchParams', 'search', 'pathname', 'hash', 'username', 'password', 'query']);

/** The request's own URL (`request.url`, `request.nextUrl`): its origin is this server; its path and query are the user's. */
export const OWN_URL_MEMBERS: ReadonlySet<string> = new Set(['url', 'nextUrl']);

/** Labels that cleared URL_ORIGIN count for URL sinks again. */
export function restoreOrigin(taint: Taint): Taint {
  if (!taint.some((l) => l.cleared?.includes(URL_ORIGIN))) return taint;
  return taint.map((l) => {
    if (!l.cleared?.includes(URL_ORIGIN)) return l;
    const cleared = l.cleared.filter((r) => r !== URL_ORIGIN);
    return { source: l.source, steps: l.steps, confidence: l.confidence, ...(cleared.length ? { cleared } : {}) };
  });
}
