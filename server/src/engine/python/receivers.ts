import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { ReceiverOrigin } from '../taint/libraries';
import type { ModuleImports } from './imports';
import type { Node, Source } from './syntax';

/** The origin of objects of the file's own classes. */
const PROJECT: ReceiverOrigin = { library: '(project)', hinted: false };

/** Nodes that bind a name to a value or a type: `db = MongoClient()[...]`, `with httpx.Client() as c`, `session: Session`. */
const BINDINGS = ['assignment', 'as_pattern', 'typed_parameter', 'typed_default_parameter'];

/**
 * Which library the objects a file calls methods on come from (`db` → MongoDB after
 * `db = MongoClient(url)["shop"]`, `session` → SQLAlchemy after `session: Session`), so that a
 * sink named by a library matches only calls on that library's objects. Names are the file's,
 * not per scope: a name bound to two libraries is left unknown.
 */
export class ReceiverOrigins {
  private readonly bound = new Map<string, ReceiverOrigin | null>();
  /** The bindings found, as text: part of the cache context of every function of the file. */
  readonly signature: string;
  private readonly imported = new Set<string>();

  constructor(
    root: Node,
    private readonly src: Source,
    private readonly imports: ModuleImports,
    private readonly spec: CompiledTaintSpec,
  ) {
    for (const module of imports.modules) {
      const origin = spec.libraries.ofModule(module);
      if (origin && !origin.hinted) this.imported.add(origin.library);
    }
    // Only a file that imports a library (or a wrapper of one) can bind names to it.
    if (spec.libraries.isEmpty || !this.importsAnyLibrary()) {
      this.signature = '';
      return;
    }
    // An object of a class the file defines is the project's own (`ItemRepository(session).delete_one`), no library's.
    for (const cls of root.descendantsOfType('class_definition')) {
      const name = cls.childForFieldName('name');
      if (name) this.bound.set(src.of(name), PROJECT);
    }
    const nodes = root.descendantsOfType(BINDINGS);
    for (let pass = 0; pass < 2; pass++) for (const node of nodes) this.bind(node);
    this.signature = [...this.bound].map(([k, v]) => `${k}=${v ? `${v.library}${v.hinted ? '?' : ''}` : '-'}`).join(',');
  }

  /** Whether the file imports one of the library's modules. */
  fileImports(library: string): boolean {
    return this.imported.has(library);
  }

  /** The library a receiver expression (`db.reviews`, `self.repo`, `requests`) comes from, if known. */
  originOf(node: Node): ReceiverOrigin | undefined {
    const key = chainKey(node, this.src);
    if (!key) return undefined;
    // The function's own binding of a name first, then the module's (and the classes' `self.x`).
    const bound = (key.includes('.') ? undefined : this.bound.get(scoped(node, key))) ?? this.bound.get(key);
    if (bound !== undefined) return bound ?? undefined;
    if (key.includes('.')) return undefined;
    const target = this.imports.target(key);
    return target === undefined ? undefined : this.spec.libraries.ofModule(target.replace(/^\.+/, ''));
  }

  private importsAnyLibrary(): boolean {
    if (this.imported.size > 0) return true;
    return [...this.imports.modules].some((m) => this.spec.libraries.ofModule(m)) || this.imports.fromImports().some(([, [m]]) => this.spec.libraries.ofModule(m.replace(/^\.+/, '')));
  }

  private bind(node: Node): void {
    let target: Node | null | undefined;
    let value: Node | null | undefined;
    let type: Node | null | undefined;
    if (node.type === 'assignment') {
      target = node.childForFieldName('left');
      value = node.childForFieldName('right');
      type = node.childForFieldName('type');
    } else if (node.type === 'as_pattern') {
      value = node.namedChildren[0];
      target = node.namedChildren.find((c) => c.type === 'as_pattern_target')?.namedChildren[0];
    } else {
      target = node.namedChildren.find((c) => c.type === 'identifier');
      type = node.childForFieldName('type');
    }
    if (!target || (target.type !== 'identifier' && target.type !== 'attribute')) return;
    const name = chainKey(target, this.src);
    if (!name || (target.type === 'attribute' && !name.includes('.'))) return;
    const key = name.includes('.') ? name : scoped(node, name);
    const origin = (type && this.typeOrigin(type)) || (value && this.originOf(value));
    if (!origin) return;
    const known = this.bound.get(key);
    if (known === undefined) this.bound.set(key, origin);
    else if (known && known.library !== origin.library) this.bound.set(key, null);
  }

  /** `Collection`, `Optional[AsyncSession]`, `pymongo.collection.Collection`: the first dotted name in it that is a library's. */
  private typeOrigin(type: Node): ReceiverOrigin | undefined {
    for (const name of this.src.of(type).match(/[A-Za-z_][\w.]*/g) ?? []) {
      const target = this.imports.target(name);
      const origin = target === undefined ? undefined : this.spec.libraries.ofModule(target.replace(/^\.+/, ''));
      if (origin) return origin;
    }
    return undefined;
  }
}

/** A name as bound in the function around `node` (`12:session`), or at module level (`session`). */
function scoped(node: Node, name: string): string {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') return `${n.startIndex}:${name}`;
  }
  return name;
}

/** The name a receiver chain starts from: `db` for `db.reviews`, `client["shop"]["c"]`, `MongoClient(url).shop`; `self.repo` for `self.repo.items`. */
function chainKey(node: Node, src: Source): string | undefined {
  for (;;) {
    switch (node.type) {
      case 'identifier':
        return src.of(node);
      case 'attribute': {
        const object = node.childForFieldName('object');
        if (!object) return undefined;
        if (object.type === 'identifier' && (src.of(object) === 'self' || src.of(object) === 'cls')) return `self.${src.of(node.childForFieldName('attribute')!)}`;
        node = object;
        break;
      }
      case 'subscript':
        node = node.childForFieldName('value')!;
        break;
      case 'call':
        node = node.childForFieldName('function')!;
        break;
      case 'await':
      case 'parenthesized_expression':
        node = node.namedChildren[0];
        break;
      default:
        return undefined;
    }
    if (!node) return undefined;
  }
}
