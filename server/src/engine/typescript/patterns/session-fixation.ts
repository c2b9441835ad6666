import type * as ts from 'typescript';
import { SyntaxKind, isBinaryExpression, isCallExpression, isFunctionDeclaration, isMethodDeclaration, isIdentifier, isSourceFile, isStringLiteralLike, isVariableDeclaration, isPropertyAssignment } from '../compiler';
import { dottedName, forEachDescendant, isFunctionNode, isLiteral, skipOuter, type FunctionNode } from '../syntax';

// session-fixation (A07) in Express-style apps: a login that writes the signed-in user into
// `req.session` (express-session, koa-session) without `req.session.regenerate(...)` first. Needs
// the order of statements and the callbacks around the write, which no call or assignment pattern
// expresses, so it is a pass of its own (the Python rule has the same shape).

/** Session keys that say who is signed in (`userId`, `user`, `customerId`, `role`). */
const IDENTITY_KEY = /user|uid|account|customer|member|staff|admin|employee|email|role|principal|identity|logged_?in|authenticated|auth/i;
/** Handlers that log someone in: by their name or route, or because they check a credential. */
const LOGIN = /log_?in|sign_?in|authenticat|sso|oauth|callback|register|sign_?up|password|passwd|otp|totp|verify|compare/i;
/** Calls that start a new session: express-session's `regenerate`, Passport's `req.login` (it regenerates since 0.6). */
const RESET = /(?:^|\.)(?:regenerate|regenerateSession)$|^(?:req|request)\.log[iI]n$/;
/** The cheap pre-check on a file's text: it writes into a request's session at all. */
export const WRITES_SESSION = /\.session\s*(?:\.\s*[A-Za-z_$][\w$]*|\[[^\]]+\])\s*=[^=]/;

export interface SessionWrite {
  /** The assignment's target (`req.session.userId`). */
  target: ts.Expression;
  key: string;
}

/** Writes of an identity into a request's session, in login handlers, with no new session started before them. */
export function unresetSessionWrites(sf: ts.SourceFile): SessionWrite[] {
  // One finding per login: its first unreset write (the walk visits nodes in no source order).
  const first = new Map<ts.Node, SessionWrite>();
  forEachDescendant(sf, (node) => {
    if (!isBinaryExpression(node) || node.operatorToken.kind !== SyntaxKind.EqualsToken) return;
    const write = identityWrite(node);
    if (!write) return;
    const handler = outermostFunction(node);
    const earlier = handler && first.get(handler);
    if (!handler || (earlier && earlier.target.pos < write.target.pos) || !isLogin(handler, sf) || isReset(node, handler)) return;
    first.set(handler, write);
  });
  return [...first.values()].sort((a, b) => a.target.pos - b.target.pos);
}

/** `req.session.userId = user.id`, `ctx.session['user'] = user`: not a logout (`= null`) nor a plain flag (`= false`). */
function identityWrite(node: ts.BinaryExpression): SessionWrite | undefined {
  const target = skipOuter(node.left);
  const written = dottedName(target);
  if (!written) return undefined;
  const parts = written.split('.');
  const at = parts.lastIndexOf('session');
  if (at < 1 || at !== parts.length - 2 || !IDENTITY_KEY.test(parts[parts.length - 1])) return undefined;
  const value = skipOuter(node.right);
  if (isLiteral(value) || value.kind === SyntaxKind.UndefinedKeyword || (isIdentifier(value) && value.text === 'undefined')) return undefined;
  return { target, key: parts[parts.length - 1] };
}

/** The outermost function around a node: the handler a callback belongs to. */
function outermostFunction(node: ts.Node): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  for (let current = node.parent; current && !isSourceFile(current); current = current.parent) if (isFunctionNode(current)) found = current;
  return found;
}

/** The handler's name, the route it is registered for, or a credential check in its body says it logs someone in. */
function isLogin(handler: FunctionNode, sf: ts.SourceFile): boolean {
  const parent = handler.parent;
  const name =
    (isFunctionDeclaration(handler) || isMethodDeclaration(handler)) && handler.name
      ? handler.name.getText(sf)
      : isVariableDeclaration(parent) || isPropertyAssignment(parent)
        ? parent.name.getText(sf)
        : isCallExpression(parent) && parent.arguments[0] && isStringLiteralLike(parent.arguments[0])
          ? parent.arguments[0].text
          : '';
  return LOGIN.test(name) || (!!handler.body && LOGIN.test(handler.body.getText(sf)));
}

/** A new session is started before the write: the write sits in a `regenerate` callback, or a reset call comes first in the handler. */
function isReset(write: ts.Node, handler: FunctionNode): boolean {
  for (let current: ts.Node | undefined = write.parent; current && current !== handler.parent; current = current.parent) {
    if (isFunctionNode(current) && isCallExpression(current.parent) && isResetCall(current.parent)) return true;
  }
  let reset = false;
  forEachDescendant(handler, (node) => {
    if (reset || node.pos >= write.pos) return false;
    if (isCallExpression(node) && isResetCall(node)) reset = true;
    return undefined;
  });
  return reset;
}

function isResetCall(call: ts.CallExpression): boolean {
  const name = dottedName(call.expression);
  return !!name && RESET.test(name);
}
