import { asFunction, methodsOf, type Cursor, type FunctionNode, type Node, type PythonTree, type Source } from './syntax';

/** A span of the top level whose node is read only when needed (reading nodes costs native calls). */
export interface Lazy<T> {
  type: string;
  start: number;
  end: number;
  /**
   * Whether it holds a syntax error. Error recovery depends on the code around, so such a
   * part may parse differently with the same text: its results are not cached.
   */
  hasError: boolean;
  /** A method's class header (`class Query(graphene.ObjectType):`): its bases decide whether it is a handler, so cached results depend on it. */
  owner?: string;
  node(): T | undefined;
}

/** A top-level function or a method: what the result cache works on. */
export type Unit = Lazy<FunctionNode>;

/** A file's top level: its functions and methods, its other statements, its functions by name. */
export interface ModuleIndex {
  units: Unit[];
  /** Top-level functions by name; a later `def` wins, as at run time. */
  functions: Map<string, Unit>;
  /** Everything else at the top level, in order: imports, constants, scripts. */
  statements: Lazy<Node>[];
  /** Methods of top-level classes by `Class.method` (DAO and service classes' summaries). */
  methods: Map<string, Unit>;
  /** Names of the top-level classes. */
  classes: Set<string>;
}

const DEF_NAME = /(?:async\s+)?def\s+([A-Za-z_]\w*)/y;
const CLASS_NAME = /class\s+([A-Za-z_]\w*)/y;

/**
 * Reads the top level with a tree cursor: types and offsets only, no node objects, which the
 * binding would keep and update on every later edit. Classes are read as nodes to find their
 * methods.
 */
export function indexModule(tree: PythonTree, src: Source): ModuleIndex {
  const index: ModuleIndex = { units: [], functions: new Map(), statements: [], methods: new Map(), classes: new Set() };
  const cursor = tree.walk();
  if (!cursor.gotoFirstChild()) return index;
  let root: Node | undefined;
  const nodeAt = (i: number) => () => (root ??= tree.rootNode).namedChild(i) ?? undefined;
  // Only a broken file pays for reading which parts are broken (node objects cost).
  const broken = tree.rootNode.hasError;
  // When recovery made the root itself an ERROR, results that look at a function's parent (a Django view is a module-level `def`) differ too.
  const rootBroken = broken && tree.rootNode.type !== 'module';
  let named = -1;
  do {
    if (!cursor.nodeIsNamed) continue;
    named++;
    const type = cursor.nodeType;
    if (type === 'comment') continue;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const definition = type === 'decorated_definition' ? definitionOf(cursor) : { type, start };
    const hasError = rootBroken || (broken && cursor.currentNode.hasError);
    if (definition.type === 'function_definition') {
      const node = nodeAt(named);
      const unit: Unit = { type, start, end, hasError, node: () => { const n = node(); return n && asFunction(n); } };
      index.units.push(unit);
      DEF_NAME.lastIndex = definition.start;
      const name = DEF_NAME.exec(src.text)?.[1];
      if (name) index.functions.set(name, unit);
    } else if (definition.type === 'class_definition') {
      CLASS_NAME.lastIndex = definition.start;
      const className = CLASS_NAME.exec(src.text)?.[1];
      if (className) index.classes.add(className);
      const classNode = cursor.currentNode;
      const header = classNode.type === 'decorated_definition' ? classNode.childForFieldName('definition') : classNode;
      const bodyStart = header?.childForFieldName('body')?.startIndex ?? definition.start;
      const owner = src.text.slice(definition.start, bodyStart);
      for (const method of methodsOf(classNode)) {
        const { startIndex, endIndex } = method.outer;
        const unit: Unit = { type: method.outer.type, start: startIndex, end: endIndex, hasError: hasError && method.outer.hasError, owner, node: () => method };
        index.units.push(unit);
        const name = method.definition.childForFieldName('name');
        if (className && name) index.methods.set(`${className}.${src.of(name)}`, unit);
      }
      // Its other statements (`SECRET_KEY = "..."` in a settings class) are walked with the top level.
      index.statements.push({ type, start, end, hasError, node: nodeAt(named) });
    } else {
      index.statements.push({ type, start, end, hasError, node: nodeAt(named) });
    }
  } while (cursor.gotoNextSibling());
  return index;
}

/** The type and start of a `decorated_definition`'s definition (its last child), cursor left in place. */
function definitionOf(cursor: Cursor): { type: string; start: number } {
  if (!cursor.gotoLastChild()) return { type: '', start: cursor.startIndex };
  const out = { type: cursor.nodeType, start: cursor.startIndex };
  cursor.gotoParent();
  return out;
}
