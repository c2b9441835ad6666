import type { ModuleFacts } from './context';
import type { ParamBinding } from './handlers';
import { mentionsAny, type FunctionNode, type Node, type Source } from './syntax';

// A project's own validation functions (`validate_url(url)` that raises for a private address):
// the taint spec's `validators` name the checks that decide (`addr.is_private`), the function's
// body shows that it refuses when they hold.

/**
 * The rules `fn` validates its first parameter for: a branch testing one of the spec's
 * validator members raises (`if addr.is_private or addr.is_loopback: raise Blocked(...)`), or
 * the function calls a same-file validator with a value of that parameter (`url.host`) where
 * what it raises is not caught, or is raised again. `called` collects the functions looked at
 * (the summary depends on them). Empty when it validates nothing.
 */
export function validatedRules(fn: FunctionNode, bindings: readonly ParamBinding[], facts: ModuleFacts, called: Set<string>): string[] {
  const param = bindings.find((b, i) => !(i === 0 && (b.name === 'self' || b.name === 'cls')))?.name;
  const body = fn.definition.childForFieldName('body');
  if (!param || !body || !mayValidate(facts)) return [];
  const rules = new Set<string>();
  const derived = derivedNames(body, param, facts);
  const mentionsParam = (node: Node) => identifiersIn(node, facts).some((name) => derived.has(name));
  visit(body, (node) => {
    if (node.type === 'if_statement' || node.type === 'elif_clause') {
      const condition = node.childForFieldName('condition');
      const consequence = node.childForFieldName('consequence');
      if (condition && consequence && raises(consequence)) for (const rule of testedRules(condition, facts)) rules.add(rule);
    } else if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const first = node.childForFieldName('arguments')?.namedChildren[0];
      if (callee?.type !== 'identifier' || !first || !mentionsParam(first) || caught(node)) return;
      const name = facts.src.of(callee);
      called.add(name);
      for (const rule of facts.summaryOf(name)?.validates ?? []) rules.add(rule);
    }
  });
  return [...rules].sort();
}

/**
 * Whether the file names a validator member (`is_private`) at all: a validator's own check, or
 * the same-file validator it calls, tests one (imported functions carry no `validates`). Most
 * files name none, and their functions' bodies are not visited for it (once per analysis).
 */
function mayValidate(facts: ModuleFacts): boolean {
  let named = namingValidators.get(facts.src);
  if (named === undefined) {
    const members = (facts.spec.spec.validators ?? []).flatMap((v) => v.members ?? []);
    namingValidators.set(facts.src, (named = members.length > 0 && mentionsAny(members)(facts.src.text)));
  }
  return named;
}

const namingValidators = new WeakMap<Source, boolean>();

/** The parameter and the names assigned from it (`host = urlsplit(url).hostname`), in order. */
function derivedNames(body: Node, param: string, facts: ModuleFacts): Set<string> {
  const names = new Set([param]);
  visit(body, (node) => {
    if (node.type !== 'assignment') return;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type === 'identifier' && right && identifiersIn(right, facts).some((name) => names.has(name))) names.add(facts.src.of(left));
  });
  return names;
}

/** The identifiers read in `node`: `url` in `url.host`, not `host`. */
function identifiersIn(node: Node, facts: ModuleFacts): string[] {
  const out: string[] = [];
  visit(node, (n) => {
    if (n.type === 'identifier' && !(n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.startIndex === n.startIndex) && n.parent?.type !== 'keyword_argument') out.push(facts.src.of(n));
  });
  return out;
}

/** The rules the validator members tested in `condition` (`addr.is_private`, `not ip.is_global`) validate for. */
function testedRules(condition: Node, facts: ModuleFacts): string[] {
  const out: string[] = [];
  visit(condition, (node) => {
    if (node.type !== 'attribute') return;
    const member = node.childForFieldName('attribute');
    const rules = member && facts.spec.validatedBy(facts.src.of(member));
    if (rules) out.push(...rules);
  });
  return out;
}

/** Whether a branch refuses: its last statement raises. */
function raises(block: Node): boolean {
  return block.lastNamedChild?.type === 'raise_statement';
}

/** Whether what `call` raises is caught by a `try` around it whose handler does not raise again. */
function caught(call: Node): boolean {
  for (let n: Node | null = call.parent; n && n.type !== 'function_definition'; n = n.parent) {
    if (n.type !== 'block' || n.parent?.type !== 'try_statement' || n.parent.childForFieldName('body')?.startIndex !== n.startIndex) continue;
    const handlers = n.parent.namedChildren.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    if (handlers.some((h) => !raisesAgain(h))) return true;
  }
  return false;
}

function raisesAgain(handler: Node): boolean {
  const block = handler.namedChildren.filter((c) => c.type === 'block').pop();
  return !!block && raises(block);
}

function visit(node: Node, f: (node: Node) => void): void {
  f(node);
  for (const child of node.namedChildren) {
    // A nested function's checks are its own.
    if (child.type === 'function_definition' || child.type === 'lambda') continue;
    visit(child, f);
  }
}
