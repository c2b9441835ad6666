import type Parser = require('tree-sitter');
import { nativeFreezer } from './native-freeze';

/**
 * A parse tree copied out of tree-sitter, for a text that will not change (a scan's shared
 * trees, see Engine.shareTrees). Every read of a native node is a call into the binding that
 * also builds a node object (issue 21: `childForFieldName`, `parent`, `namedChildren` and the
 * binding's node making were a third of a Python scan's CPU), and a scan reads each module many
 * times: its analysis, and its summaries for importers. The copy is made with one cursor walk
 * and then read for free.
 *
 * The nodes are kept in typed arrays, in document order (a node's descendants follow it), and
 * a node object is made the first time the analysis reaches that node (the same object on
 * every later read): a scan keeps its trees, and objects per node, retained across many young
 * collections, made the garbage collector the first entry of a scan's profile.
 *
 * It answers the reads the analysis makes exactly as the native node does (a test compares
 * the two on every fixture): the visible nodes, in order, with the field each has in its
 * parent as the cursor reports it (extras have none; a hidden node's field goes to its
 * visible children). Open documents keep native trees: they are edited and re-parsed
 * incrementally, and a copy per keystroke would cost more than the reads it saves.
 */
export class FrozenTree {
  /** How many nodes. */
  readonly size: number;
  /** Per node, by its index in document order: type id, offsets, field id in its parent. */
  readonly typeIds: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly fieldIds: Uint16Array;
  /** Parent, next and previous sibling, last child (-1: none); the first child is the next node when its parent is this one. */
  readonly parents: Int32Array;
  readonly nexts: Int32Array;
  readonly prevs: Int32Array;
  readonly lastChildren: Int32Array;
  /** The index after this node's descendants. */
  readonly afters: Int32Array;
  /** Nodes with a syntax error or a missing token inside (tree-sitter's `hasError`); undefined when the tree has none. */
  readonly errors: Uint8Array | undefined;
  /** The root's descendantsOfType answers by the types asked for: the tree never changes. */
  readonly rootDescendants = new Map<string, FrozenNode[]>();
  /** The node objects made so far, by index (none until the first read, and again after `compact`). */
  private nodes: (FrozenNode | undefined)[] | undefined;

  constructor(
    /** A native tree to copy, or the arrays the native freezer (native-freeze.ts) made of the text. */
    native: Parser.Tree | FrozenArrays,
    /** The text parsed: node text is sliced from it, as the binding does. */
    readonly text: string,
  ) {
    const built = 'typeIds' in native ? withNamesOf(native) : freeze(native, text.length);
    this.size = built.size;
    this.typeIds = built.typeIds;
    this.starts = built.starts;
    this.ends = built.ends;
    this.fieldIds = built.fieldIds;
    this.parents = built.parents;
    this.nexts = built.nexts;
    this.prevs = built.prevs;
    this.lastChildren = built.lastChildren;
    this.errors = built.errors;
    const afters = new Int32Array(this.size);
    // Parents come before their children: a node without a next sibling ends where its parent does.
    for (let i = 0; i < this.size; i++) afters[i] = this.nexts[i] !== -1 ? this.nexts[i] : this.parents[i] === -1 ? this.size : afters[this.parents[i]];
    this.afters = afters;
  }

  /**
   * Lets go of the node objects reads made (and what they cache), kept apart from the arrays:
   * the next read makes new ones, as a fresh parse would. A scan keeps many more trees than it
   * reads at once (Engine.shareTrees), and the objects are most of a read tree's memory.
   */
  compact(): void {
    this.nodes = undefined;
    this.rootDescendants.clear();
  }

  get rootNode(): FrozenNode {
    return this.node(0);
  }

  walk(): FrozenCursor {
    return new FrozenCursor(this, 0);
  }

  /** The node object at `index` (one per node). */
  node(index: number): FrozenNode {
    return ((this.nodes ??= new Array<FrozenNode | undefined>(this.size))[index] ??= new FrozenNode(this, index));
  }

  /** The node at `index`, or null for -1. */
  nodeOrNull(index: number): FrozenNode | null {
    return index === -1 ? null : this.node(index);
  }

  firstChildOf(index: number): number {
    return index + 1 < this.size && this.parents[index + 1] === index ? index + 1 : -1;
  }
}

export class FrozenNode {
  private childList: FrozenNode[] | undefined;
  private named: FrozenNode[] | undefined;

  constructor(
    readonly tree: FrozenTree,
    /** Its index in the tree's arrays. */
    readonly index: number,
  ) {}

  get type(): string {
    return typeNames[this.tree.typeIds[this.index]];
  }

  get isNamed(): boolean {
    return typeNamed[this.tree.typeIds[this.index]];
  }

  get startIndex(): number {
    return this.tree.starts[this.index];
  }

  get endIndex(): number {
    return this.tree.ends[this.index];
  }

  /** This node's field in its parent (`function` of a call), if it has one. */
  get field(): string | undefined {
    const id = this.tree.fieldIds[this.index];
    return id === 0 ? undefined : fieldNames[id];
  }

  get hasError(): boolean {
    return this.tree.errors !== undefined && this.tree.errors[this.index] === 1;
  }

  get parent(): FrozenNode | null {
    return this.tree.nodeOrNull(this.tree.parents[this.index]);
  }

  get text(): string {
    return this.tree.text.substring(this.tree.starts[this.index], this.tree.ends[this.index]);
  }

  /** The same array on every read (the analysis does not change it). */
  get children(): FrozenNode[] {
    if (this.childList) return this.childList;
    const { tree } = this;
    const list: FrozenNode[] = [];
    for (let c = tree.firstChildOf(this.index); c !== -1; c = tree.nexts[c]) list.push(tree.node(c));
    return (this.childList = list);
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedList().length;
  }

  /**
   * The same array on every read, as `children` (the analysis does not change it): the binding
   * gives a new one each time, and copying it on every read was a twentieth of a scan's
   * allocations (issue 21). Not frozen: V8 iterates a frozen array on a slower path.
   */
  get namedChildren(): FrozenNode[] {
    return this.namedList();
  }

  get firstNamedChild(): FrozenNode | null {
    const { tree } = this;
    for (let c = tree.firstChildOf(this.index); c !== -1; c = tree.nexts[c]) if (typeNamed[tree.typeIds[c]]) return tree.node(c);
    return null;
  }

  get lastNamedChild(): FrozenNode | null {
    const { tree } = this;
    for (let c = tree.lastChildren[this.index]; c !== -1; c = tree.prevs[c]) if (typeNamed[tree.typeIds[c]]) return tree.node(c);
    return null;
  }

  get previousNamedSibling(): FrozenNode | null {
    const { tree } = this;
    if (tree.parents[this.index] === -1) return null;
    for (let c = tree.prevs[this.index]; c !== -1; c = tree.prevs[c]) if (typeNamed[tree.typeIds[c]]) return tree.node(c);
    return null;
  }

  child(index: number): FrozenNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): FrozenNode | null {
    return this.namedList()[index] ?? null;
  }

  /** The first child in the field (tree-sitter skips extras, which carry no field here). */
  childForFieldName(name: string): FrozenNode | null {
    const id = fieldIdOf(name);
    if (id !== undefined) {
      const { tree } = this;
      for (let c = tree.firstChildOf(this.index); c !== -1; c = tree.nexts[c]) if (tree.fieldIds[c] === id) return tree.node(c);
    }
    const through = INHERITED[this.type]?.[name];
    return through ? (this.childForFieldName(through)?.childForFieldName(name) ?? null) : null;
  }

  childrenForFieldName(name: string): FrozenNode[] {
    const id = fieldIdOf(name);
    const out: FrozenNode[] = [];
    if (id === undefined) return out;
    const { tree } = this;
    for (let c = tree.firstChildOf(this.index); c !== -1; c = tree.nexts[c]) if (tree.fieldIds[c] === id) out.push(tree.node(c));
    return out;
  }

  /**
   * This node and its descendants of the given types, in document order, as the binding's
   * cursor walk finds them (it passes over a node ending at offset 0 with what is inside).
   */
  descendantsOfType(types: string | readonly string[]): FrozenNode[] {
    // The whole tree's are asked for by several passes of every analysis and summary of the file (calls, classes, bindings): found once.
    if (this.index === 0) {
      const key = typeof types === 'string' ? types : types.join('\u0000');
      let found = this.tree.rootDescendants.get(key);
      if (!found) this.tree.rootDescendants.set(key, (found = this.collect(types)));
      return found.slice();
    }
    return this.collect(types);
  }

  private collect(types: string | readonly string[]): FrozenNode[] {
    // A type name per node and no set of ids: the wanted types are one to three, and the type names are interned strings.
    const wanted = typeof types === 'string' ? [types] : types;
    const { tree } = this;
    const out: FrozenNode[] = [];
    const end = tree.afters[this.index];
    for (let i = this.index; i < end; ) {
      if (tree.ends[i] === 0) {
        i = tree.afters[i];
        continue;
      }
      if (wanted.includes(typeNames[tree.typeIds[i]])) out.push(tree.node(i));
      i++;
    }
    return out;
  }

  private namedList(): FrozenNode[] {
    return (this.named ??= this.children.filter((child) => child.isNamed));
  }
}

/** The cursor moves the module index makes (module-index.ts), over a frozen tree. */
export class FrozenCursor {
  constructor(
    private readonly tree: FrozenTree,
    private index: number,
  ) {}

  get currentNode(): FrozenNode {
    return this.tree.node(this.index);
  }
  get nodeType(): string {
    return typeNames[this.tree.typeIds[this.index]];
  }
  get nodeIsNamed(): boolean {
    return typeNamed[this.tree.typeIds[this.index]];
  }
  get startIndex(): number {
    return this.tree.starts[this.index];
  }
  get endIndex(): number {
    return this.tree.ends[this.index];
  }

  gotoFirstChild(): boolean {
    return this.move(this.tree.firstChildOf(this.index));
  }
  gotoLastChild(): boolean {
    return this.move(this.tree.lastChildren[this.index]);
  }
  gotoParent(): boolean {
    return this.move(this.tree.parents[this.index]);
  }
  gotoNextSibling(): boolean {
    return this.move(this.tree.nexts[this.index]);
  }

  private move(to: number): boolean {
    if (to === -1) return false;
    this.index = to;
    return true;
  }
}

/**
 * Fields tree-sitter's lookup finds in a grandchild: the grammar aliases a hidden rule with
 * fields as a visible node (tree-sitter-python's `_match_block` as the match statement's
 * `body` block), and the lookup still descends into it. The only such alias in the grammar.
 */
const INHERITED: Readonly<Record<string, Readonly<Record<string, string>>>> = { match_statement: { alternative: 'body' } };

/** Type and field names by id: the cursor's ids are numbers, its names new strings on every read. */
const typeNames: string[] = [];
const fieldNames: string[] = [];
/** Whether a type id is named: tree-sitter's node symbol (aliases included) decides it, so it is read once per id. */
const typeNamed: boolean[] = [];
/** Field name -> id, for the fields met so far (a field never met in any tree is in none). */
const fieldIds = new Map<string, number>();

function fieldIdOf(name: string): number | undefined {
  return fieldIds.get(name);
}

/** A frozen tree's arrays (see FrozenTree's fields), as the cursor walk or the native freezer makes them. */
export interface FrozenArrays {
  size: number;
  typeIds: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  fieldIds: Uint16Array;
  parents: Int32Array;
  nexts: Int32Array;
  prevs: Int32Array;
  lastChildren: Int32Array;
  errors: Uint8Array | undefined;
}

/** What the native freezer gives, once the type and field names of ids not met before are known. */
function withNamesOf(arrays: FrozenArrays): FrozenArrays {
  const freezer = nativeFreezer()!;
  const { typeIds, fieldIds: fields, size } = arrays;
  for (let i = 0; i < size; i++) {
    const typeId = typeIds[i];
    if (typeNames[typeId] === undefined) {
      const [name, named] = freezer.symbol(typeId) ?? [];
      if (name === undefined) throw new Error(`the native freezer knows no name of type ${typeId}`);
      typeNames[typeId] = name;
      typeNamed[typeId] = named!;
    }
    const fieldId = fields[i];
    if (fieldId !== 0 && fieldNames[fieldId] === undefined) {
      const name = freezer.field(fieldId);
      if (name === undefined) throw new Error(`the native freezer knows no name of field ${fieldId}`);
      fieldNames[fieldId] = name;
      fieldIds.set(name, fieldId);
    }
  }
  return arrays;
}

/** Arrays for `capacity` nodes, the first `size` copied from `from`. */
function allocate(capacity: number, broken: boolean, from?: FrozenArrays): FrozenArrays {
  const grow = <T extends Uint16Array | Int32Array | Uint8Array>(fresh: T, old: T | undefined): T => {
    if (old) fresh.set(old.subarray(0, from!.size));
    return fresh;
  };
  return {
    size: from?.size ?? 0,
    typeIds: grow(new Uint16Array(capacity), from?.typeIds),
    starts: grow(new Int32Array(capacity), from?.starts),
    ends: grow(new Int32Array(capacity), from?.ends),
    fieldIds: grow(new Uint16Array(capacity), from?.fieldIds),
    parents: grow(new Int32Array(capacity), from?.parents),
    nexts: grow(new Int32Array(capacity), from?.nexts),
    prevs: grow(new Int32Array(capacity), from?.prevs),
    lastChildren: grow(new Int32Array(capacity), from?.lastChildren),
    errors: broken ? grow(new Uint8Array(capacity), from?.errors) : undefined,
  };
}

/** One cursor walk over the visible nodes, parents before children. */
function freeze(native: Parser.Tree, textLength: number): FrozenArrays {
  const cursor = native.walk();
  // Only a broken tree pays for asking the binding which nodes hold the errors.
  const broken = native.rootNode.hasError;
  // About one node per 4 characters of Python: rarely grown, trimmed at the end.
  let b = allocate(Math.max(64, textLength >> 2), broken);
  let parent = -1;
  for (;;) {
    if (b.size === b.typeIds.length) b = allocate(b.size * 2, broken, b);
    const node = b.size++;
    const typeId = cursor.nodeTypeId;
    if (typeNames[typeId] === undefined) {
      typeNames[typeId] = cursor.nodeType;
      typeNamed[typeId] = cursor.nodeIsNamed;
    }
    b.typeIds[node] = typeId;
    b.starts[node] = cursor.startIndex;
    b.ends[node] = cursor.endIndex;
    b.parents[node] = parent;
    b.nexts[node] = -1;
    b.lastChildren[node] = -1;
    if (broken) b.errors![node] = cursor.currentNode.hasError ? 1 : 0;
    if (parent !== -1) {
      const fieldId = cursor.currentFieldId;
      if (fieldId) {
        if (fieldNames[fieldId] === undefined) {
          fieldNames[fieldId] = cursor.currentFieldName;
          fieldIds.set(fieldNames[fieldId], fieldId);
        }
        b.fieldIds[node] = fieldId;
      }
      const previous = b.lastChildren[parent];
      b.prevs[node] = previous;
      if (previous !== -1) b.nexts[previous] = node;
      b.lastChildren[parent] = node;
    } else b.prevs[node] = -1;
    if (cursor.gotoFirstChild()) {
      parent = node;
      continue;
    }
    let moved = cursor.gotoNextSibling();
    while (!moved && parent !== -1) {
      cursor.gotoParent();
      parent = b.parents[parent];
      if (parent === -1) break; // back at the root: every node read
      moved = cursor.gotoNextSibling();
    }
    if (!moved) break;
  }
  // Kept for the scan: no unused capacity.
  return b.size === b.typeIds.length ? b : allocate(b.size, broken, b);
}
