// A scan reads frozen copies of its Python trees (python/frozen-tree.ts, issue 21): every read
// the analysis makes must answer as tree-sitter's native node does, on every Python file the
// tests have (rule fixtures, projects, the example app) and on broken text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type Parser = require('tree-sitter');
import { FrozenTree } from '../../server/src/engine/python/frozen-tree';
import { nativeFreezer } from '../../server/src/engine/python/native-freeze';
import { createParser } from '../../server/src/engine/python/parser';
import type { Node } from '../../server/src/engine/python/syntax';
import { REPO_ROOT } from '../helpers/fixtures';

function pythonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : pythonFiles(full);
    return entry.name.endsWith('.py') ? [full] : [];
  });
}

/** Every field name of the grammar (its node-types), asked of every node: absent fields must be absent in both. */
function fieldNames(parser: Parser): string[] {
  const language = parser.getLanguage() as unknown as { nodeTypeInfo?: { fields?: Record<string, unknown> }[] };
  const fields = [...new Set((language.nodeTypeInfo ?? []).flatMap((info) => Object.keys(info.fields ?? {})))].sort();
  assert.ok(fields.includes('function') && fields.includes('body'), 'the grammar lists its fields');
  return fields;
}

const at = (node: Node | null): string => (node ? `${node.type}@${node.startIndex}-${node.endIndex}` : 'null');
const all = (nodes: readonly Node[]): string => nodes.map(at).join(' ');

/** Compares `frozen` with `native` node by node, recursively; returns the nodes compared. */
function compare(native: Node, frozen: Node, fields: readonly string[], where: string): number {
  const here = `${where} ${at(native)}`;
  assert.strictEqual(at(frozen), at(native), here);
  assert.strictEqual(frozen.text, native.text, `${here}: text`);
  assert.strictEqual(frozen.hasError, native.hasError, `${here}: hasError`);
  assert.strictEqual(at(frozen.parent), at(native.parent), `${here}: parent`);
  assert.strictEqual(all(frozen.children), all(native.children), `${here}: children`);
  assert.strictEqual(all(frozen.namedChildren), all(native.namedChildren), `${here}: namedChildren`);
  assert.strictEqual(frozen.childCount, native.childCount, `${here}: childCount`);
  assert.strictEqual(frozen.namedChildCount, native.namedChildCount, `${here}: namedChildCount`);
  assert.strictEqual(at(frozen.firstNamedChild), at(native.firstNamedChild), `${here}: firstNamedChild`);
  assert.strictEqual(at(frozen.lastNamedChild), at(native.lastNamedChild), `${here}: lastNamedChild`);
  assert.strictEqual(at(frozen.previousNamedSibling), at(native.previousNamedSibling), `${here}: previousNamedSibling`);
  for (const field of fields) {
    assert.strictEqual(at(frozen.childForFieldName(field)), at(native.childForFieldName(field)), `${here}: field ${field}`);
    assert.strictEqual(all(frozen.childrenForFieldName(field)), all(native.childrenForFieldName(field)), `${here}: fields ${field}`);
  }
  let count = 1;
  const nativeChildren = native.children;
  const frozenChildren = frozen.children;
  for (let i = 0; i < nativeChildren.length; i++) {
    assert.strictEqual(at(frozen.child(i)), at(native.child(i)), `${here}: child(${i})`);
    count += compare(nativeChildren[i], frozenChildren[i], fields, where);
  }
  return count;
}

const DESCENDANT_TYPES: (string | string[])[] = ['call', 'identifier', ['import_statement', 'import_from_statement'], ['assignment', 'augmented_assignment'], 'ERROR', 'module'];

const ARRAYS = ['typeIds', 'starts', 'ends', 'fieldIds', 'parents', 'nexts', 'prevs', 'lastChildren', 'errors'] as const;

function check(parser: Parser, text: string, fields: readonly string[], where: string): number {
  const native = parser.parse(text, undefined, { bufferSize: text.length + 1 });
  const walked = new FrozenTree(parser.parse(text, undefined, { bufferSize: text.length + 1 }), text);
  const freezer = nativeFreezer();
  if (!freezer) return checkFrozen(native, walked, fields, where);
  // The addon's copy is the cursor walk's, array for array; both read as the native tree.
  const copied = new FrozenTree(freezer.parse(text), text);
  assert.strictEqual(copied.size, walked.size, `${where}: nodes`);
  for (const name of ARRAYS) assert.deepStrictEqual(copied[name] && [...copied[name]], walked[name] && [...walked[name]], `${where}: ${name}`);
  return checkFrozen(native, walked, fields, where) + checkFrozen(native, copied, fields, `${where} (native freezer)`);
}

function checkFrozen(native: Parser.Tree, frozen: FrozenTree, fields: readonly string[], where: string): number {
  const count = compare(native.rootNode, frozen.rootNode, fields, where);
  for (const types of DESCENDANT_TYPES) {
    assert.strictEqual(all(frozen.rootNode.descendantsOfType(types)), all(native.rootNode.descendantsOfType(types)), `${where}: descendantsOfType(${String(types)})`);
  }
  // The module index's cursor moves over the top level.
  const a = native.walk();
  const b = frozen.walk();
  let more = a.gotoFirstChild();
  assert.strictEqual(b.gotoFirstChild(), more, where);
  while (more) {
    assert.deepStrictEqual([b.nodeType, b.nodeIsNamed, b.startIndex, b.endIndex, at(b.currentNode)], [a.nodeType, a.nodeIsNamed, a.startIndex, a.endIndex, at(a.currentNode)], where);
    const down = a.gotoLastChild();
    assert.strictEqual(b.gotoLastChild(), down, where);
    if (down) {
      assert.strictEqual(b.nodeType, a.nodeType, where);
      assert.strictEqual(b.gotoParent(), a.gotoParent(), where);
    }
    more = a.gotoNextSibling();
    assert.strictEqual(b.gotoNextSibling(), more, where);
  }
  return count;
}

describe('python: frozen trees read as native ones', () => {
  const parser = createParser();
  const fields = fieldNames(parser);

  it('are copied by the native freezer, which npm install builds', () => {
    assert.ok(nativeFreezer(), 'server/native/python-frozen is not built: run `npm run build:native` (npm install runs it)');
  });

  it('every Python file of the tests and the example app', function () {
    this.timeout(120_000);
    const files = [...pythonFiles(path.join(REPO_ROOT, 'test', 'fixtures')), ...pythonFiles(path.join(REPO_ROOT, 'examples'))];
    assert.ok(files.length > 100, `only ${files.length} Python files found`);
    let nodes = 0;
    for (const file of files) nodes += check(parser, fs.readFileSync(file, 'utf8'), fields, path.relative(REPO_ROOT, file));
    assert.ok(nodes > 50_000, `${nodes} nodes compared`);
  });

  it('broken, empty and unusual text', () => {
    const texts = [
      '',
      '\n',
      '# only a comment\n',
      'def f(:\n    return 1\n',
      'x = (1,\n',
      'if x\n    y = 1\nelse:\n  z = 2\n',
      'class A(\n    def m(self): pass\n',
      'print "py2"\nexec "x"\n',
      'f(a, # comment\n  b=c, *d, **e)\n',
      'x = f"{a!r:>{w}}" + rb"\\x00" + u"é😀"\n',
      '@decorator\nasync def g(a, /, b: int = 1, *, c, **k) -> None:\n    async with x as y, z:\n        yield from w\n',
      'match cmd:\n    case [x, *rest] if x > 0:\n        pass\n    case {"k": v, **kw}:\n        pass\n',
      'lambda: (yield)\n)))\n',
      '\u0000\u0001 def',
    ];
    for (const [i, text] of texts.entries()) check(parser, text, fields, `text ${i}`);
  });
});
