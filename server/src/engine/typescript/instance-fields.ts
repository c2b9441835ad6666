import type * as ts from 'typescript';
import { isClassDeclaration, isClassExpression, isFunctionDeclaration, isFunctionExpression } from './compiler';
import { isTainted, union, withStep, type Taint, type TaintEnv } from '../taint/taint';

// Values a class keeps on `this` in one method and reads in another: a controller storing
// `this.filter = req.query.q` in its handler and building a query with `this.filter` in a helper.
// Per class and field, not per instance: a field is tainted if any method (or arrow function in
// the class) leaves request data in it; fields only ever given constants or sanitized values
// (`this.limit = Number(this.limit)` as the method leaves it) stay clean.

/** A method's own `this.filter = ...` is tracked in its environment under this name, flow-sensitively. */
export function fieldVariable(field: string): string {
  return `this.${field}`;
}

const PREFIX = 'this.';

/** A summary's walk marks what it reads of `this` with this label and the field's name: applied at `this.method()` calls. */
export const FIELD_MARK = '\u0003field ';

interface ClassState {
  taints: Map<string, Taint>;
  /** Fields read while still clean: a later member tainting one walks the class again. */
  readClean: Set<string>;
}

/** The fields of the classes being walked (or walked already) in one analysis. */
export class InstanceFields {
  private readonly classes = new Map<ts.ClassLikeDeclaration, ClassState>();

  /** Walks a class's members (`walk`), and once more if a member tainted a field an earlier one had read clean. */
  walkClass(cls: ts.ClassLikeDeclaration, walk: () => void): void {
    const state: ClassState = { taints: new Map(), readClean: new Set() };
    this.classes.set(cls, state);
    walk();
    if (![...state.readClean].some((field) => state.taints.has(field))) return;
    state.readClean.clear();
    walk();
  }

  /**
   * `this.field` read in a function whose `this` is an instance of `cls`: what the function
   * itself assigned it so far, else what the class's methods leave in it. Undefined: not known.
   */
  read(cls: ts.ClassLikeDeclaration | undefined, field: string, env: TaintEnv, step: (label: string) => { range: import('../types').Range; label: string }): Taint | undefined {
    const own = env.get(fieldVariable(field));
    if (own !== undefined) return own;
    const state = cls && this.classes.get(cls);
    if (!state) return undefined;
    const kept = state.taints.get(field);
    if (!kept) {
      state.readClean.add(field);
      return undefined;
    }
    return withStep(kept, step(`kept in \`this.${field}\``));
  }

  /** What `this.field` holds at `env`, without recording the read. */
  peek(cls: ts.ClassLikeDeclaration | undefined, field: string, env: TaintEnv): Taint | undefined {
    return env.get(fieldVariable(field)) ?? (cls && this.classes.get(cls)?.taints.get(field));
  }

  /** At the end of a function whose `this` is an instance of `cls`: what it leaves in the fields. */
  leave(cls: ts.ClassLikeDeclaration | undefined, env: TaintEnv): void {
    const state = cls && this.classes.get(cls);
    if (!state) return;
    for (const [name, taint] of env.snapshot()) {
      if (!name.startsWith(PREFIX) || !isTainted(taint)) continue;
      const field = name.slice(PREFIX.length);
      state.taints.set(field, union(state.taints.get(field), taint));
    }
  }
}

/** The class whose instance `this` is at `node`: the nearest class, unless a `function` (its own `this`) comes first. */
export function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isClassDeclaration(current) || isClassExpression(current)) return current;
    if (isFunctionDeclaration(current) || isFunctionExpression(current)) return undefined;
  }
  return undefined;
}
