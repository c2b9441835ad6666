import type * as ts from 'typescript';
import type { Taint } from '../taint/taint';
import { URL_ORIGIN } from '../taint/url-origin';
import { forEachChild, isCallExpression, isIdentifier, isNewExpression, isNoSubstitutionTemplateLiteral, isObjectBindingPattern, isPropertyAccessExpression, isStringLiteral, isVariableDeclaration } from './compiler';
import { dottedName, isFunctionNode, skipOuter } from './syntax';

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

/** The parts of a URL that start with a known character: `pathname` with `/`, `search` with `?`, `hash` with `#`. */
const LEADING_PARTS: ReadonlyMap<string, string> = new Map([
  ['pathname', '/'],
  ['search', '?'],
  ['hash', '#'],
]);
/** The page's or the request's own URL (an http(s) URL, whose pathname always starts with `/`): `location`, `request.nextUrl`. */
const OWN_URL = /^(?:(?:window|self|globalThis|document|top|parent)\.)?location$|(?:^|\.)nextUrl$/;
/** What `new URL(x)` parses into the page's or request's own URL: `location.href`, `document.URL`, `request.nextUrl`, `request.url`. */
const OWN_URL_TEXT = /^(?:(?:window|self|globalThis|document)\.)?location(?:\.href)?$|^(?:window\.)?document\.(?:URL|documentURI)$|(?:^|\.)nextUrl$|^(?:req|request)\.url$/;

/**
 * The text a value in a URL being built is known to start with: `request.nextUrl.pathname`,
 * `location.search`, or `url.hash` of `const url = new URL(window.location.href)` (also
 * `request.nextUrl.clone()`). Other `.pathname`s (of `new URL(userInput)`, which may be a
 * `javascript:` URL) have none.
 */
export function urlPartLead(node: ts.Expression): string | undefined {
  const e = skipOuter(node);
  if (!isPropertyAccessExpression(e)) return undefined;
  const lead = LEADING_PARTS.get(e.name.text);
  if (lead === undefined) return undefined;
  const receiver = skipOuter(e.expression);
  const dotted = dottedName(receiver);
  if (dotted !== undefined && OWN_URL.test(dotted)) return lead;
  if (!isIdentifier(receiver)) return undefined;
  const init = initializerOf(receiver);
  if (!init) return undefined;
  // `new URL(location.href)`, `request.nextUrl.clone()`
  if (isNewExpression(init) && dottedName(init.expression) === 'URL' && init.arguments?.length === 1) {
    const parsed = dottedName(skipOuter(init.arguments[0]));
    return parsed !== undefined && OWN_URL_TEXT.test(parsed) ? lead : undefined;
  }
  if (isCallExpression(init) && init.arguments.length === 0 && isPropertyAccessExpression(init.expression) && init.expression.name.text === 'clone') {
    const cloned = dottedName(skipOuter(init.expression.expression));
    return cloned !== undefined && OWN_URL.test(cloned) ? lead : undefined;
  }
  return undefined;
}

/** The initializer of the `const`/`let` that declares `name` in the functions (then the file) around it, nearest first. */
function initializerOf(name: ts.Identifier): ts.Expression | undefined {
  const found = declarationOf(name);
  return found && found.member === undefined ? found.init : undefined;
}

/**
 * What declares `name` in the functions (then the file) around it, nearest first: its initializer,
 * and for a destructured name (`const { hostname } = new URL(url)`) the member it reads.
 */
export function declarationOf(name: ts.Identifier): { init: ts.Expression; member?: string } | undefined {
  let found: { init: ts.Expression; member?: string } | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (isVariableDeclaration(node) && node.initializer) {
      if (isIdentifier(node.name) && node.name.text === name.text) {
        found = { init: skipOuter(node.initializer) };
        return;
      }
      if (isObjectBindingPattern(node.name)) {
        const element = node.name.elements.find((e) => isIdentifier(e.name) && e.name.text === name.text && !e.dotDotDotToken);
        if (element) {
          found = { init: skipOuter(node.initializer), member: element.propertyName && isIdentifier(element.propertyName) ? element.propertyName.text : name.text };
          return;
        }
      }
    }
    forEachChild(node, visit);
  };
  for (let scope: ts.Node | undefined = name.parent; scope && !found; scope = scope.parent) {
    if (isFunctionNode(scope) || !scope.parent) forEachChild(scope, visit);
  }
  return found;
}
