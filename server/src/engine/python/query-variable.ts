import { cutQuery, type QueryReader, type QueryShape } from './query-shape';
import type { Node, Source } from './syntax';

/** Parents under which an identifier is (part of) an assignment target or another binding. */
const BINDING_PARENTS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'as_pattern_target', 'for_in_clause',
  'parameters', 'lambda_parameters', 'typed_parameter', 'default_parameter', 'typed_default_parameter',
  'global_statement', 'nonlocal_statement', 'dotted_name', 'aliased_import', 'function_definition', 'class_definition', 'delete_statement',
]);

/** The statements that build a query variable, and their query shapes, first one first. */
export interface QueryAssignments {
  shapes: QueryShape[];
  /** Every identifier of the scope (for further checks such as free names). */
  identifiers: Node[];
}

/**
 * The query behind `cursor.execute(query)`: one `query = <query expression>` and optionally
 * `query += <query expression>` after it, all statements of one block, before the call, and
 * `query` used nowhere else in the function. Then the fix can rewrite those expressions and
 * bind their values at the call. Undefined when that is not certain.
 */
export function queryAssignments(variable: Node, call: Node, reader: QueryReader): QueryAssignments | undefined {
  const { src } = reader;
  const name = src.of(variable);
  const scope = enclosingScope(call);
  const identifiers = scope.descendantsOfType('identifier');
  const statements: Node[] = [];
  for (const id of identifiers) {
    if (src.of(id) !== name || id.startIndex === variable.startIndex) continue;
    const parent = id.parent;
    if (!parent) return undefined;
    if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex) continue;
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === id.startIndex) continue;
    const isTarget = (parent.type === 'assignment' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.startIndex === id.startIndex;
    // Any other read or binding of the name: rewriting its query could change that use.
    if (!isTarget || parent.parent?.type !== 'expression_statement') return undefined;
    statements.push(parent);
  }
  statements.sort((a, b) => a.startIndex - b.startIndex);
  if (statements.length === 0 || statements[0].type !== 'assignment' || statements.slice(1).some((s) => s.type !== 'augmented_assignment')) return undefined;

  // One straight line: the statements are siblings, and the call comes after them in their block.
  const block = statements[0].parent!.parent;
  const last = statements[statements.length - 1];
  if (!block || statements.some((s) => s.parent!.parent?.startIndex !== block.startIndex) || call.startIndex < last.endIndex || call.endIndex > block.endIndex) return undefined;

  const shapes: QueryShape[] = [];
  for (const statement of statements) {
    const right = statement.childForFieldName('right');
    const shape = right && cutQuery(right, reader);
    if (!shape) return undefined;
    shapes.push(shape);
  }
  if (reboundBetween(shapes, identifiers, statements[0].endIndex, call.startIndex, src)) return undefined;
  return { shapes, identifiers };
}

/** The function (or module) whose names a call sees. */
export function enclosingScope(node: Node): Node {
  let current = node.parent;
  while (current && current.type !== 'function_definition' && current.type !== 'module') current = current.parent;
  return current ?? node.tree.rootNode;
}

/**
 * Whether a name the bound values read is assigned again between the query's assignment and
 * the call: moving the values to the call would then bind the newer value.
 */
function reboundBetween(shapes: readonly QueryShape[], identifiers: readonly Node[], start: number, end: number, src: Source): boolean {
  const names = new Set<string>();
  for (const value of shapes.flatMap((s) => s.values)) {
    if (value.type === 'identifier') names.add(src.of(value));
    for (const id of value.descendantsOfType('identifier')) names.add(src.of(id));
  }
  return identifiers.some((id) => id.startIndex > start && id.startIndex < end && names.has(src.of(id)) && isBinding(id));
}

/** Whether an identifier is (in) the target of an assignment, a parameter or another binding. */
export function isBinding(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (BINDING_PARENTS.has(parent.type)) return true;
  if (parent.type === 'assignment' || parent.type === 'augmented_assignment') return parent.childForFieldName('left')?.startIndex === id.startIndex;
  if (parent.type === 'named_expression' || parent.type === 'for_statement') return (parent.childForFieldName(parent.type === 'for_statement' ? 'left' : 'name')?.startIndex ?? -1) === id.startIndex;
  return false;
}
