import type { Taint } from '../taint/taint';
import type { ModuleFacts, Scope } from './context';
import type { CallArguments, Node } from './syntax';

/** The class a method call's receiver is an instance of (`bound`), or the class itself. */
export interface ReceiverClass {
  /** As written in this file: a same-file class, or an imported name (another module's class). */
  name: string;
  bound: boolean;
}

const IDENT = /^[A-Za-z_]\w*$/;

/**
 * Which class a method is called on: `self.save(...)` in a method of `OrderDao`, `OrderDao.find(...)`,
 * `dao.find(...)` after `dao = OrderDao(conn)` or with `dao: OrderDao` (a parameter, an injected
 * dependency), `self.dao.find(...)` after `self.dao = OrderDao(conn)` in the class. Read from the text
 * of the enclosing function and class: no types, only what the code says.
 */
export function receiverClass(object: Node, scope: Scope): ReceiverClass | undefined {
  const text = scope.text(object);
  if (object.type === 'identifier') {
    if (text === 'self' || text === 'cls') {
      const cls = enclosingClass(object);
      const name = cls?.childForFieldName('name');
      return name && isClass(scope.text(name), scope) ? { name: scope.text(name), bound: text === 'self' } : undefined;
    }
    if (isClass(text, scope)) return { name: text, bound: false };
    const fn = enclosingFunction(object);
    const named = (fn && instanceInNode(fn, text, scope)) ?? moduleInstance(text, scope);
    return named ? { name: named, bound: true } : undefined;
  }
  if (object.type === 'attribute') {
    const base = object.childForFieldName('object');
    const attribute = object.childForFieldName('attribute');
    if (base?.type !== 'identifier' || scope.text(base) !== 'self' || !attribute) return undefined;
    const cls = enclosingClass(object);
    const named = cls && instanceInNode(cls, `self.${scope.text(attribute)}`, scope);
    return named ? { name: named, bound: true } : undefined;
  }
  if (object.type === 'call') {
    // `OrderDao(conn).find(q)`
    const callee = object.childForFieldName('function');
    const name = callee?.type === 'identifier' ? scope.text(callee) : undefined;
    return name && isClass(name, scope) ? { name, bound: true } : undefined;
  }
  return undefined;
}

/**
 * The arguments and their taints as the method's parameters see them: a bound call (or a
 * classmethod's) passes the receiver first.
 */
export function bindReceiver(receiver: string | undefined, bound: boolean, object: Node, args: CallArguments, argTaints: readonly Taint[]): [CallArguments, Taint[]] {
  if (!receiver || (!bound && receiver !== 'cls')) return [args, [...argTaints]];
  return [{ ...args, positional: [object, ...args.positional], all: [object, ...args.all] }, [[], ...argTaints]];
}

/** Module-level instances (`orders = OrderDao(pool)`): read once per analysis, in one pass over the text. */
const moduleInstances = new WeakMap<ModuleFacts, Map<string, string>>();
const MODULE_INSTANCE = /^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*([A-Za-z_]\w*)\s*\(/gm;

function moduleInstance(name: string, scope: Scope): string | undefined {
  let known = moduleInstances.get(scope.facts);
  if (!known) {
    known = new Map();
    for (const [, instance, cls] of scope.facts.src.text.matchAll(MODULE_INSTANCE)) if (!known.has(instance)) known.set(instance, cls);
    moduleInstances.set(scope.facts, known);
  }
  const cls = known.get(name);
  return cls !== undefined && isClass(cls, scope) ? cls : undefined;
}

function isClass(name: string, scope: Scope): boolean {
  if (!IDENT.test(name)) return false;
  if (scope.facts.classes.has(name)) return true;
  // Another project module's class (`from app.dao import OrderDao`): its methods come with that module's summary.
  return scope.facts.importsProjectModules && /^[A-Z]/.test(name) && scope.facts.imports.target(name) !== undefined;
}

/** instanceIn's answers per file analysis or summary, by the text's node and the name (the same receiver is met at every call on it). */
const instancesIn = new WeakMap<ModuleFacts, Map<string, string | null>>();

/** instanceIn over the function or class `node`, remembered for this file's facts (its text and classes do not change). */
function instanceInNode(node: Node, name: string, scope: Scope): string | undefined {
  let known = instancesIn.get(scope.facts);
  if (!known) instancesIn.set(scope.facts, (known = new Map()));
  const key = `${node.startIndex}:${node.endIndex}:${name}`;
  let found = known.get(key);
  if (found === undefined) known.set(key, (found = instanceIn(scope.text(node), name, scope) ?? null));
  return found ?? undefined;
}

/** What follows the name in `name = Cls(`, `name: Ann = Cls(`: the annotation and the called class. */
const ASSIGNED_AFTER = /\s*(?::\s*([A-Za-z_]\w*)[^=\n]*)?=\s*([A-Za-z_]\w*)\s*\(/y;
/** What follows the name in `name: Cls`. */
const ANNOTATED_AFTER = /\s*:\s*([A-Za-z_]\w*)/y;
const NAME_CHAR = /[\w.]/;

/**
 * The first match of `name` then `after` in `text`, where `name` does not continue a longer
 * name or attribute (as `(?<![\w.])name` would say): found by indexOf, without compiling a
 * regular expression per name and without trying the pattern at every offset of the text.
 */
function firstAfterName(text: string, name: string, after: RegExp): RegExpExecArray | null {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (at > 0 && NAME_CHAR.test(text[at - 1])) continue;
    after.lastIndex = at + name.length;
    const match = after.exec(text);
    if (match) return match;
  }
  return null;
}

/** `name = Cls(...)`, `name: Cls = ...`, or a parameter `name: Cls` in `text`: the class, if it is one. */
function instanceIn(text: string, name: string, scope: Scope): string | undefined {
  const match = firstAfterName(text, name, ASSIGNED_AFTER);
  for (const candidate of [match?.[1], match?.[2]]) if (candidate && isClass(candidate, scope)) return candidate;
  const annotated = firstAfterName(text, name.startsWith('self.') ? name.slice('self.'.length) : name, ANNOTATED_AFTER);
  return annotated && isClass(annotated[1], scope) ? annotated[1] : undefined;
}

function enclosingClass(node: Node): Node | undefined {
  for (let n: Node | null = node.parent; n; n = n.parent) if (n.type === 'class_definition') return n;
  return undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let n: Node | null = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}
