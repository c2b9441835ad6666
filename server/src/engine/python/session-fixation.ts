import type { RuleCatalog } from '../rules/catalog';
import { patternFinding } from '../rules/pattern-finding';
import { ruleText } from '../rules/spec-types';
import type { Finding } from '../types';
import type { ModuleFacts } from './context';
import { rewriteFix } from './fix-edits';
import type { Unit } from './module-index';
import { dottedName, type Node } from './syntax';

// session-fixation (A07): a login that writes the signed-in user into the session it was
// handed, without a fresh session first. Needs the order of statements in one function, which
// no call or assignment pattern expresses, so it is a pass of its own over the file's functions.

export const SESSION_FIXATION_RULE = 'session-fixation';

/** Session keys that say who is signed in (`user_id`, `customer_id`, `email`, `role`). */
const IDENTITY_KEY = /user|uid|account|customer|installer|technician|member|staff|admin|employee|email|role|principal|identity|logged_?in|authenticated/i;
/** Functions that log someone in: by their name, or because they check a credential. */
const LOGIN_NAME = /log_?in|sign_?in|authenticat|sso|oauth|callback|register|sign_?up/i;
const CREDENTIAL_CHECK = /password|passwd|\bpin\b|otp|totp|check_password|verify/i;
/** Calls on the session that start a new one (or drop the old one's contents). */
const RESET_METHODS = new Set(['clear', 'cycle_key', 'flush', 'regenerate', 'invalidate']);
/** Django's login cycles the session key itself. */
const DJANGO_LOGIN = new Set(['django.contrib.auth.login', 'django.contrib.auth.alogin']);
/** The cheap pre-check on a function's text: it writes a session key at all. */
const WRITES_SESSION = /session\s*\[/;

export function sessionFixationFindings(units: readonly Unit[], facts: ModuleFacts, catalog: RuleCatalog): Finding[] {
  if (!catalog.get(SESSION_FIXATION_RULE) || !WRITES_SESSION.test(facts.src.text)) return [];
  const out: Finding[] = [];
  for (const unit of units) {
    const text = facts.src.text.slice(unit.start, unit.end);
    if (!WRITES_SESSION.test(text) || !IDENTITY_KEY.test(text)) continue;
    const fn = unit.node();
    const name = fn?.definition.childForFieldName('name');
    const body = fn?.definition.childForFieldName('body');
    if (!fn || !name || !body || !(LOGIN_NAME.test(facts.src.of(name)) || CREDENTIAL_CHECK.test(facts.src.of(body)))) continue;
    const write = firstUnresetWrite(body, facts);
    if (write) out.push(finding(write, facts, catalog));
  }
  return out;
}

/** A write of an identity into a session object: `session["user_id"] = ...` and the session as written. */
interface SessionWrite {
  statement: Node;
  target: Node;
  session: string;
  key: string;
}

/** The first identity written into the session with no session reset before it in the function. */
function firstUnresetWrite(body: Node, facts: ModuleFacts): SessionWrite | undefined {
  let resetAt = Infinity;
  let write: SessionWrite | undefined;
  for (const call of body.descendantsOfType('call')) if (isReset(call, facts)) resetAt = Math.min(resetAt, call.startIndex);
  for (const assignment of body.descendantsOfType('assignment')) {
    const target = assignment.childForFieldName('left');
    const object = target?.type === 'subscript' ? target.childForFieldName('value') : undefined;
    const key = target?.childForFieldName('subscript');
    if (!target || !object || key?.type !== 'string' || !isSession(object, facts) || !IDENTITY_KEY.test(facts.src.of(key))) continue;
    if (assignment.startIndex < resetAt && (!write || assignment.startIndex < write.statement.startIndex)) {
      const statement = assignment.parent?.type === 'expression_statement' ? assignment.parent : assignment;
      write = { statement, target, session: facts.src.of(object), key: facts.src.of(key) };
    }
  }
  return write;
}

/** Flask's `session` (as imported) or a request's `.session` (Starlette, Django). */
function isSession(node: Node, facts: ModuleFacts): boolean {
  const dotted = dottedName(node, facts.src);
  if (!dotted) return false;
  if (facts.imports.canonical(dotted) === 'flask.session') return true;
  return node.type === 'attribute' && dotted.endsWith('.session') && dotted.split('.').length === 2;
}

/** `session.clear()`, `request.session.cycle_key()`, Django's `login(request, user)`. */
function isReset(call: Node, facts: ModuleFacts): boolean {
  const fn = call.childForFieldName('function');
  const written = fn ? dottedName(fn, facts.src) : undefined;
  if (!fn || !written) return false;
  if (DJANGO_LOGIN.has(facts.imports.canonical(written) ?? '')) return true;
  const object = fn.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  const method = written.slice(written.lastIndexOf('.') + 1);
  return !!object && RESET_METHODS.has(method) && isSession(object, facts);
}

function finding(write: SessionWrite, facts: ModuleFacts, catalog: RuleCatalog): Finding {
  const title = ruleText(catalog.get(SESSION_FIXATION_RULE)?.meta, 'python', 'fixTitle');
  const fix = title ? resetFix(write, facts, title) : undefined;
  return patternFinding(catalog, {
    ruleId: SESSION_FIXATION_RULE,
    language: 'python',
    range: facts.lines.rangeAt(write.target.startIndex, write.target.endIndex),
    callee: facts.src.of(write.target),
    code: write.key,
    fixes: fix ? [fix] : [],
  });
}

/**
 * The first of the statements right above the write that write the same session too
 * (`session.permanent = True`): the reset goes above them, or it would wipe them. Comments
 * between them are passed over; any other statement ends the run.
 */
function firstSessionWriteBefore(write: SessionWrite, facts: ModuleFacts): Node {
  let first = write.statement;
  for (let node = write.statement.previousNamedSibling; node; node = node.previousNamedSibling) {
    if (node.type === 'comment') continue;
    const assignment = node.type === 'expression_statement' ? node.firstNamedChild : undefined;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    const object = target?.type === 'subscript' ? target.childForFieldName('value') : target?.type === 'attribute' ? target.childForFieldName('object') : undefined;
    if (!object || facts.src.of(object) !== write.session) break;
    first = node;
  }
  return first;
}

/**
 * A line that starts a new session, above the write (and the session writes right above it),
 * indented like it: `session.clear()`, or Django's `cycle_key()`, which keeps the data under a
 * new key. Only when that statement starts its line (not after `if x:` or `;`).
 */
function resetFix(write: SessionWrite, facts: ModuleFacts, title: string) {
  const text = facts.src.text;
  const before = firstSessionWriteBefore(write, facts);
  const lineStart = text.lastIndexOf('\n', before.startIndex - 1) + 1;
  const indent = text.slice(lineStart, before.startIndex);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const django = [...facts.imports.modules].some((m) => m === 'django' || m.startsWith('django.'));
  const reset = django && write.session !== 'session' ? 'cycle_key' : 'clear';
  return rewriteFix(title, [{ start: lineStart, end: lineStart, text: `${indent}${write.session}.${reset}()${facts.lines.eol}` }], facts);
}
