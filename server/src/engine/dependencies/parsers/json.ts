import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { DependencyParseError } from '../types';

/** The JSON tree of a manifest or lockfile, or a DependencyParseError at the first syntax error. */
export function jsonTree(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    throw new DependencyParseError(first ? `invalid JSON: ${printParseErrorCode(first.error)}` : 'invalid JSON: the file is empty', first?.offset ?? 0);
  }
  if (root.type !== 'object') throw new DependencyParseError('expected a JSON object at the top', root.offset);
  return root;
}

/** The properties of the object at `path` (key node, value node), in file order. */
export function properties(root: Node, path: (string | number)[]): { key: Node; value: Node; name: string }[] {
  const node = path.length === 0 ? root : findNodeAtLocation(root, path);
  if (!node || node.type !== 'object') return [];
  const out: { key: Node; value: Node; name: string }[] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value && typeof key.value === 'string') out.push({ key, value, name: key.value });
  }
  return out;
}

/** The string property `name` of an object node. */
export function stringProperty(object: Node, name: string): Node | undefined {
  const node = findNodeAtLocation(object, [name]);
  return node?.type === 'string' ? node : undefined;
}

/** Whether the object node has `name: true`. */
export function isTrue(object: Node, name: string): boolean {
  return findNodeAtLocation(object, [name])?.value === true;
}

/** Offsets of a string node's content (inside the quotes). */
export function stringContent(node: Node): [number, number] {
  return [node.offset + 1, node.offset + node.length - 1];
}
