import type Parser = require('tree-sitter');

/**
 * A parse tree copied out of tree-sitter into plain JS objects, for a text that will not
 * change (a scan's shared trees, see Engine.shareTrees). Every read of a native node is a call
 * into the binding that also builds a node object (issue 21: `childForFieldName`, `parent`,
 * `namedChildren` and the binding's node making were a third of a Python scan's CPU), and a
 * scan reads each module many times: its analysis, and its summaries for importers. The copy
 * is made with one cursor walk (about the cost of the parse) and then read for free.
 *
 * It answers the reads the analysis makes exactly as the native node does (a test compares
 * the two on every fixture): the visible nodes, in order, with the field each has in its
 * parent as the cursor reports it (extras have none; a hidden node's field goes to its
 * visible children). Open documents keep native trees: they are edited and re-parsed
 * incrementally, and a copy per keystroke would cost more than the reads it saves.
 */
export class FrozenTree {
  readonly rootNode: FrozenNode;
  /** The root's descendantsOfType answers by the types asked for: the tree never changes. */
  readonly rootDescendants = new Map<string, FrozenNode[]>();

  constructor(
    native: Parser.Tree,
    /** The text parsed: node text is sliced from it, as the binding does. */
    readonly text: string,
  ) {
    this.rootNode = freeze(native, this);
  }

  walk(): FrozenCursor {
    return new FrozenCursor(this.rootNode);
  }
}

/** The children of every leaf (about half the nodes): one array, never written to, instead of an empty one each. */
const NO_CHILDREN = Object.freeze([]) as unknown as FrozenNode[];

export class FrozenNode {
  parent: FrozenNode | null = null;
  /** Filled by `freeze` only; a leaf's is NO_CHILDREN. */
  children: FrozenNode[] = NO_CHILDREN;
  /** This node's field in its parent (`function` of a call), if it has one. */
  field: string | undefined = undefined;
  /** A syntax error or a missing token inside (tree-sitter's `hasError`). */
  hasError = false;
  private named: FrozenNode[] | undefined;

  constructor(
    readonly tree: FrozenTree,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}

  get text(): string {
    return this.tree.text.substring(this.startIndex, this.endIndex);
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedList().length;
  }

  /** A new array on every read, as the binding gives. */
  get namedChildren(): FrozenNode[] {
    return this.namedList().slice();
  }

  get firstNamedChild(): FrozenNode | null {
    return this.namedList()[0] ?? null;
  }

  get lastNamedChild(): FrozenNode | null {
    const named = this.namedList();
    return named[named.length - 1] ?? null;
  }

  get previousNamedSibling(): FrozenNode | null {
    const siblings = this.parent?.children;
    if (!siblings) return null;
    for (let i = siblings.indexOf(this) - 1; i >= 0; i--) if (siblings[i].isNamed) return siblings[i];
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
    for (const child of this.children) if (child.field === name) return child;
    const through = INHERITED[this.type]?.[name];
    return through ? (this.childForFieldName(through)?.childForFieldName(name) ?? null) : null;
  }

  childrenForFieldName(name: string): FrozenNode[] {
    return this.children.filter((child) => child.field === name);
  }

  /**
   * This node and its descendants of the given types, in document order, as the binding's
   * cursor walk finds them (it passes over a node ending at offset 0 with what is inside).
   */
  descendantsOfType(types: string | readonly string[]): FrozenNode[] {
    // The whole tree's are asked for by several passes of every analysis and summary of the file (calls, classes, bindings): found once.
    if (this.parent === null) {
      const key = typeof types === 'string' ? types : types.join('\u0000');
      let found = this.tree.rootDescendants.get(key);
      if (!found) this.tree.rootDescendants.set(key, (found = this.collect(types)));
      return found.slice();
    }
    return this.collect(types);
  }

  private collect(types: string | readonly string[]): FrozenNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: FrozenNode[] = [];
    const visit = (node: FrozenNode): void => {
      if (node.endIndex === 0) return;
      if (wanted.includes(node.type)) out.push(node);
      for (const child of node.children) visit(child);
    };
    visit(this);
    return out;
  }

  private namedList(): FrozenNode[] {
    return (this.named ??= this.children.filter((child) => child.isNamed));
  }
}

/** The cursor moves the module index makes (module-index.ts), over a frozen tree. */
export class FrozenCursor {
  constructor(private node: FrozenNode) {}

  get currentNode(): FrozenNode {
    return this.node;
  }
  get nodeType(): string {
    return this.node.type;
  }
  get nodeIsNamed(): boolean {
    return this.node.isNamed;
  }
  get startIndex(): number {
    return this.node.startIndex;
  }
  get endIndex(): number {
    return this.node.endIndex;
  }

  gotoFirstChild(): boolean {
    return this.move(this.node.children[0]);
  }
  gotoLastChild(): boolean {
    return this.move(this.node.children[this.node.children.length - 1]);
  }
  gotoParent(): boolean {
    return this.move(this.node.parent ?? undefined);
  }
  gotoNextSibling(): boolean {
    const siblings = this.node.parent?.children;
    return this.move(siblings?.[siblings.indexOf(this.node) + 1]);
  }

  private move(to: FrozenNode | undefined): boolean {
    if (!to) return false;
    this.node = to;
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
/** Whether a type id is named: tree-sitter's node symbol (aliases included) decides it, so it is read once per id. */
const typeNamed: boolean[] = [];
const fieldNames: string[] = [];

/** One cursor walk over the visible nodes, parents before children. */
function freeze(native: Parser.Tree, tree: FrozenTree): FrozenNode {
  const cursor = native.walk();
  // Only a broken tree pays for asking the binding which nodes hold the errors.
  const broken = native.rootNode.hasError;
  let parent: FrozenNode | null = null;
  let root: FrozenNode | undefined;
  for (;;) {
    const typeId = cursor.nodeTypeId;
    const type = (typeNames[typeId] ??= cursor.nodeType);
    const node = new FrozenNode(tree, type, (typeNamed[typeId] ??= cursor.nodeIsNamed), cursor.startIndex, cursor.endIndex);
    if (broken) node.hasError = cursor.currentNode.hasError;
    if (parent) {
      const fieldId = cursor.currentFieldId;
      if (fieldId) node.field = fieldNames[fieldId] ??= cursor.currentFieldName;
      node.parent = parent;
      if (parent.children === NO_CHILDREN) parent.children = [node];
      else parent.children.push(node);
    } else root = node;
    if (cursor.gotoFirstChild()) {
      parent = node;
      continue;
    }
    let moved = cursor.gotoNextSibling();
    while (!moved && parent) {
      cursor.gotoParent();
      parent = parent.parent;
      if (!parent) break; // back at the root: every node read
      moved = cursor.gotoNextSibling();
    }
    if (!moved) break;
  }
  return root!;
}
