/**
 * A node of a Python parse tree: what the analysis reads of it. Native tree-sitter nodes
 * (open documents) and frozen copies (a scan's trees, frozen-tree.ts) both are one. Its
 * indices are UTF-16 code units of the document text in this binding.
 */
export interface Node {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly hasError: boolean;
  readonly parent: Node | null;
  readonly children: Node[];
  readonly namedChildren: Node[];
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly firstNamedChild: Node | null;
  readonly lastNamedChild: Node | null;
  readonly previousNamedSibling: Node | null;
  readonly tree: { readonly rootNode: Node };
  child(index: number): Node | null;
  namedChild(index: number): Node | null;
  childForFieldName(fieldName: string): Node | null;
  childrenForFieldName(fieldName: string): Node[];
  descendantsOfType(types: string | string[]): Node[];
}

/** The cursor moves the module index makes. */
export interface Cursor {
  readonly currentNode: Node;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoLastChild(): boolean;
  gotoParent(): boolean;
  gotoNextSibling(): boolean;
}

/** A Python parse tree: tree-sitter's, or its frozen copy. */
export interface PythonTree {
  readonly rootNode: Node;
  walk(): Cursor;
}

/**
 * The source a tree was parsed from. Node text is sliced from it (a JS substring) rather than
 * read through the native binding, which costs a call per node.
 */
export class Source {
  constructor(readonly text: string) {}

  of(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}

/** Whether a `string` node is an f-string (its prefix has an `f`), read from the source. */
export function isFString(node: Node, src: Source): boolean {
  for (let i = node.startIndex; i < node.endIndex; i++) {
    const ch = src.text.charCodeAt(i);
    if (ch === 34 /* " */ || ch === 39 /* ' */) return false;
    if (ch === 102 /* f */ || ch === 70 /* F */) return true;
  }
  return false;
}

/**
 * Whether two reads of a tree are the same node. Never `===`: tree-sitter's binding gives back
 * the object it made for a node only while V8 has not collected that object; once it has, and
 * until the collection's finalizers run (after the current task, so not during an analysis),
 * every read of the node makes a new object. Which reads get a new object thus depends on when
 * the collector ran. The same span and type is the same node.
 */
export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return a === b || (!!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type);
}

/** `(x)` → `x`, any depth. */
export function unwrapParens(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.firstNamedChild;
    if (!inner || inner.type === 'comment') return current;
    current = inner;
  }
  return current;
}

/**
 * The callee as written, dotted: `cursor.execute`, `sqlalchemy.text`. A receiver that is no
 * name keeps its shape without its text: `conn.cursor().execute`, `?.join` for `"".join`.
 * Undefined for calls of non-names (`fns[0]()`).
 */
export function dottedName(node: Node, src: Source): string | undefined {
  switch (node.type) {
    case 'identifier':
      return src.of(node);
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) return undefined;
      const base = object.type === 'call' ? callReceiverName(object, src) : dottedName(object, src) ?? '?';
      return `${base}.${src.of(attribute)}`;
    }
    default:
      return undefined;
  }
}

function callReceiverName(call: Node, src: Source): string {
  const fn = call.childForFieldName('function');
  return `${(fn && dottedName(fn, src)) ?? '?'}()`;
}

/** A call's arguments: positional ones in order, keywords by name, and whether it has splats. */
export interface CallArguments {
  list: Node | null;
  /** Every argument node (keywords and splats included), in order. */
  all: readonly Node[];
  positional: Node[];
  /** Keyword values by name. */
  keywords: ReadonlyMap<string, Node>;
  /** The `keyword_argument` nodes by name (members of `all`). */
  keywordNodes: ReadonlyMap<string, Node>;
  hasSplat: boolean;
}

/** The keywords of a call that passes none, shared (nothing writes to a call's arguments once read). */
const NO_KEYWORDS: ReadonlyMap<string, Node> = new Map();

export function callArguments(call: Node, src: Source): CallArguments {
  const list = call.childForFieldName('arguments');
  if (!list) return { list, all: [], positional: [], keywords: NO_KEYWORDS, keywordNodes: NO_KEYWORDS, hasSplat: false };
  // `f(x for x in xs)`: the generator is the only argument.
  if (list.type !== 'argument_list') return { list, all: [list], positional: [list], keywords: NO_KEYWORDS, keywordNodes: NO_KEYWORDS, hasSplat: false };
  const all = list.namedChildren;
  const positional: Node[] = [];
  let keywords: Map<string, Node> | undefined;
  let keywordNodes: Map<string, Node> | undefined;
  let hasSplat = false;
  for (const arg of all) {
    switch (arg.type) {
      case 'keyword_argument': {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) {
          (keywords ??= new Map()).set(src.of(name), value);
          (keywordNodes ??= new Map()).set(src.of(name), arg);
        }
        break;
      }
      case 'list_splat':
      case 'dictionary_splat':
        hasSplat = true;
        break;
      case 'comment':
        break;
      default:
        positional.push(arg);
    }
  }
  return { list, all, positional, keywords: keywords ?? NO_KEYWORDS, keywordNodes: keywordNodes ?? NO_KEYWORDS, hasSplat };
}

/** The last named child of a type (e.g. the `block` of an `except` clause, which has no field). */
export function lastChildOfType(node: Node, type: string): Node | undefined {
  const children = node.namedChildren;
  for (let i = children.length - 1; i >= 0; i--) if (children[i].type === type) return children[i];
  return undefined;
}

/** A `function_definition` and its decorators, from either it or its `decorated_definition`. */
export interface FunctionNode {
  /** The node that spans the decorators too: the unit cached and shifted as a whole. */
  outer: Node;
  definition: Node;
  decorators: Node[];
}

export function asFunction(node: Node): FunctionNode | undefined {
  if (node.type === 'function_definition') return { outer: node, definition: node, decorators: [] };
  if (node.type !== 'decorated_definition') return undefined;
  const definition = node.childForFieldName('definition');
  if (definition?.type !== 'function_definition') return undefined;
  return { outer: node, definition, decorators: node.namedChildren.filter((c) => c.type === 'decorator') };
}

/** A class body's `def`s (decorated or not). */
export function methodsOf(classNode: Node): FunctionNode[] {
  const definition = classNode.type === 'decorated_definition' ? classNode.childForFieldName('definition') : classNode;
  const body = definition?.type === 'class_definition' ? definition.childForFieldName('body') : null;
  const out: FunctionNode[] = [];
  for (const statement of body?.namedChildren ?? []) {
    const fn = asFunction(statement);
    if (fn) out.push(fn);
  }
  return out;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
/** Up to this many names, a search per name beats reading every identifier of the text. */
const SEARCH_PER_NAME_LIMIT = 8;

/**
 * Whether a text mentions one of these names as a whole word. Few names: an indexOf search
 * for each (the escape fix asks this of the whole file on every keystroke, for four names).
 * Many: one pass over the text's identifiers with a set lookup; a `\b(?:a|b|…)\b` regex of
 * a hundred sink names costs a hundred tries per character, and this runs on every function.
 */
export function mentionsAny(names: Iterable<string>): (text: string) => boolean {
  const wanted = new Set(names);
  if (wanted.size === 0) return () => false;
  if (wanted.size <= SEARCH_PER_NAME_LIMIT) return (text) => [...wanted].some((name) => mentionsWord(text, name));
  return (text) => {
    // exec on the shared regex rather than matchAll: no iterator and result object per identifier.
    IDENTIFIER.lastIndex = 0;
    for (let match = IDENTIFIER.exec(text); match; match = IDENTIFIER.exec(text)) {
      if (wanted.has(match[0])) return true;
    }
    return false;
  };
}

function mentionsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!isWordCharacter(text.charCodeAt(at - 1)) && !isWordCharacter(text.charCodeAt(at + word.length))) return true;
  }
  return false;
}

/** [A-Za-z0-9_]; NaN (outside the text) is not. */
function isWordCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
