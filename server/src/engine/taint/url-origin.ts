import { CLEAN, clearFor, isTainted, union, type Taint } from './taint';

// Where a URL being built points, for both languages: values after a written origin or path
// cannot choose the host.

/**
 * A pseudo rule that labels clear when the value sits after a constant origin or path in a
 * URL being built: URL sinks (`position: url-origin` in the spec) ignore them, other sinks
 * (SQL, HTML) do not.
 */
export const URL_ORIGIN = 'url-origin';

/**
 * A piece of a string being built: constant text, or a value with its taint. `lead` is the text a
 * value is known to start with: the path, query or fragment of the request's or page's own URL
 * (`request.nextUrl.pathname`, Starlette's `request.url.path`) always starts with `/`, `?` or `#`.
 */
export type UrlPart = { text: string } | { taint: Taint; lead?: string };

// In the text before a value: \u0000 stands for a clean value, \u0001 for user data.
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\\u0001]+[/?#]/i;
const RELATIVE = /^(?:\/[^/\\\u0001]|[?#]|\u0000[/?#])/;

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
    // `${base}${request.nextUrl.pathname}`: the value's own leading `/` ends a clean base's host.
    fixed ||= fixesOrigin(prefix) || (part.lead !== undefined && prefix !== "" && fixesOrigin(prefix + part.lead));
    out.push(fixed ? clearFor(part.taint, [URL_ORIGIN]) : part.taint);
    prefix += '\u0001';
  }
  return out.length ? union(...out) : CLEAN;
}
