import type * as ts from 'typescript';
import type { Taint } from '../taint/taint';
import { URL_ORIGIN } from '../taint/url-origin';
import { isNoSubstitutionTemplateLiteral, isStringLiteral } from './compiler';
import { skipOuter } from './syntax';

export { URL_ORIGIN, builtStringTaint, fixesOrigin, type UrlPart } from '../taint/url-origin';

/** A written URL with its own scheme or host (`'https://api.example.com/x'`, `'//cdn.example.com/x'`): `new URL(it, base)` ignores the base. */
export function isAbsoluteUrlLiteral(node: ts.Expression): boolean {
  const e = skipOuter(node);
  return (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) && /^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})/i.test(e.text.trimStart());
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
