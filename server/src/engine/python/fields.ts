import { CLEAN, TaintEnv, isTainted, union, withStep, type Taint } from '../taint/taint';
import { taintSignature } from './cache';
import { Scope, type ModuleFacts } from './context';
import type { Unit } from './module-index';
import { walkFunction } from './statements';
import type { Node } from './syntax';

// Values a class keeps on `self` in one method and reads in another: a class-based view storing
// `self.category = request.GET["category"]` in `setup()` and querying with `self.category` in `get()`.
// Per class and field, not per instance: a field is tainted if any method assigns it request data
// (as the method leaves it: `self.limit = int(self.limit)` cleans it); fields only ever given
// constants or sanitized values stay clean.

/** What a class's methods keep on `self`. */
export interface ClassFields {
  /** Fields some method leaves holding request data, with the first method that does. */
  tainted: ReadonlyMap<string, { taint: Taint; method: string }>;
  /** Equal signatures mean equal fields (cache validation of the methods reading them). */
  signature: string;
}

/** A walk's dependency on a class's fields is recorded under this prefix and the class name. */
export const FIELDS_DEP = '\u0002fields ';

const NO_FIELDS: ClassFields = { tainted: new Map(), signature: '' };

/**
 * `self.name = ...`, `self.name: str = ...`, `self.name += ...` (not `==`). Not global, and
 * never used with `matchAll` or `exec`: a global regex keeps `lastIndex` between uses, and
 * `matchAll` starts its copy at the original's `lastIndex`, so a `test` here once made the next
 * analysis (another file, another engine) scan a class's text from a stale offset and miss fields.
 */
const FIELD_ASSIGNMENT = /\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]*)?(?:\+)?=(?!=)/;

/** The fields `text` assigns (see FIELD_ASSIGNMENT), each scan from the start with its own regex. */
function assignedIn(text: string): ReadonlySet<string> {
  return new Set([...text.matchAll(new RegExp(FIELD_ASSIGNMENT.source, 'g'))].map((m) => m[1]));
}

/**
 * Walks the methods of `cls` that assign fields of `self` (without reporting) and reads what
 * each leaves in them. A second pass lets a field built from another (`self.sql = f"...{self.name}"`)
 * see it; `partial` is what reads during the second pass see.
 */
export function computeClassFields(cls: string, methods: ReadonlyMap<string, Unit>, facts: ModuleFacts, partial: (fields: ClassFields) => void): ClassFields {
  const writers: [string, Unit][] = [];
  for (const [key, unit] of methods) {
    if (!key.startsWith(`${cls}.`)) continue;
    if (FIELD_ASSIGNMENT.test(facts.src.text.slice(unit.start, unit.end))) writers.push([key.slice(cls.length + 1), unit]);
  }
  if (writers.length === 0) return NO_FIELDS;
  let fields = NO_FIELDS;
  for (let pass = 0; pass < 2; pass++) {
    const tainted = new Map<string, { taint: Taint; method: string }>();
    for (const [method, unit] of writers) {
      const fn = unit.node();
      const receiver = fn && firstParameter(fn.definition, facts);
      if (!fn || receiver === undefined) continue;
      const env = new TaintEnv();
      walkFunction(fn, env, new Scope(facts, new Map(), undefined));
      for (const [name, taint] of env.snapshot()) {
        if (!name.startsWith(`${receiver}.`) || !isTainted(taint)) continue;
        const field = name.slice(receiver.length + 1);
        const known = tainted.get(field);
        tainted.set(field, { taint: union(known?.taint, taint), method: known?.method ?? method });
      }
    }
    const signature = [...tainted].map(([field, { taint, method }]) => `${field}<${method}:${taintSignature(taint)}`).sort().join(';');
    const done = signature === fields.signature;
    fields = { tainted, signature };
    if (done || tainted.size === 0) break;
    partial(fields);
  }
  return fields;
}

/** Fields some method of the class assigns, by the class's text: most reads of `self.x` need no walk. */
const assignedFields = new WeakMap<ModuleFacts, Map<Node, ReadonlySet<string>>>();

/**
 * The request data a method's `self.member` holds because another method of its class put it
 * there; undefined when the receiver is no method's `self` or no method assigns the field.
 */
export function fieldRead(object: Node, receiver: string, member: string, node: Node, scope: Scope): Taint | undefined {
  const { facts } = scope;
  if (facts.classes.size === 0) return undefined;
  const [method, classNode] = enclosingMethod(object) ?? [];
  const nameNode = classNode?.childForFieldName('name');
  const cls = nameNode && scope.text(nameNode);
  if (!method || !classNode || !cls || !facts.classes.has(cls) || firstParameter(method, facts) !== receiver) return undefined;
  let byClass = assignedFields.get(facts);
  if (!byClass) assignedFields.set(facts, (byClass = new Map()));
  let assigned = byClass.get(classNode);
  if (!assigned) byClass.set(classNode, (assigned = assignedIn(scope.text(classNode))));
  if (!assigned.has(member)) return undefined;
  // Recorded whether or not it is tainted now: a change in the method that assigns it changes this walk.
  scope.calledFunctions.add(`${FIELDS_DEP}${cls}`);
  const field = facts.fieldsOf(cls).tainted.get(member);
  return field ? withStep(field.taint, { range: scope.range(node), label: `kept in \`self.${member}\` by \`${field.method}()\`` }) : CLEAN;
}

/** The signature a walk's dependency named `name` has now, if it is one on a class's fields. */
export function fieldsDependency(name: string, facts: ModuleFacts): string | undefined {
  return name.startsWith(FIELDS_DEP) ? facts.fieldsOf(name.slice(FIELDS_DEP.length)).signature : undefined;
}

/** The method (a `def` directly in a class body) a node is in, through nested functions and lambdas, and its class. */
function enclosingMethod(node: Node): [Node, Node] | undefined {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') {
      const holder = n.parent?.type === 'decorated_definition' ? n.parent.parent : n.parent;
      if (holder?.type === 'block' && holder.parent?.type === 'class_definition') return [n, holder.parent];
    }
    if (n.type === 'class_definition') return undefined;
  }
  return undefined;
}

function firstParameter(definition: Node, facts: ModuleFacts): string | undefined {
  const first = definition.childForFieldName('parameters')?.namedChildren.find((p) => p.type !== 'comment');
  return first?.type === 'identifier' ? facts.src.of(first) : undefined;
}
