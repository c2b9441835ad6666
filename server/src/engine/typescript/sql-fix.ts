import type * as ts from 'typescript';
import {
  SyntaxKind,
  isBinaryExpression,
  isBindingElement,
  isBlock,
  isCaseClause,
  isIdentifier,
  isJsxAttribute,
  isObjectLiteralExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isPropertySignature,
  isQualifiedName,
  isSourceFile,
  isTemplateExpression,
  isTypeReferenceNode,
  isVariableDeclaration,
} from './compiler';
import { parameterize, placeholder, type BoundParam } from '../fixes/parameterize';
import { ruleText, type Paramstyle, type SinkSpec } from '../rules/spec-types';
import type { Fix, TextEdit } from '../types';
import { boundValueCode, cutQuery, splitAtPlaceholders, stringLiteral, templateText } from './query-text';
import { enclosingContainer, forEachDescendant, isFunctionNode, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/** Prisma's raw methods: `$queryRawUnsafe(text)` has a tagged-template twin `$queryRaw` that binds. */
const PRISMA_UNSAFE = /^\$\w+RawUnsafe$/;

/**
 * "Parameterize this query" on a SQL sink call: the query (written in the call, or in a
 * `const` used only there) becomes SQL with placeholders of the file's driver, and the values
 * go to the call as an array (Sequelize: `{ replacements: [...] }` in its options). Prisma's `$queryRawUnsafe(`...`)` becomes the `$queryRaw`
 * tagged template instead. No fix when the query cannot be cut safely (a value where SQL
 * expects a name, an `IN (...)` list) or the call already passes values.
 */
export function sqlFixes(w: TaintWalker, call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec): Fix[] {
  // Method sinks take the query then its values (`query`, `execute`, Knex `raw`/`whereRaw`); call
  // sinks (`Sequelize.literal`, a TypeORM `where` with `:named` values) have no values to move to.
  if (!sink.methods) return [];
  const title = ruleText(w.input.catalog.get(sink.rule)?.meta, 'typescript', 'fixTitle') ?? 'Parameterize this query';
  if (isPropertyAccessExpression(call.expression) && PRISMA_UNSAFE.test(call.expression.name.text)) {
    return prismaFix(w, call, call.expression.name, arg, title);
  }
  const { paramstyle, driver } = w.sqlDriver;
  // Sequelize takes values in its options object (`{ replacements: [...] }`); other drivers as the next argument.
  const inOptions = driver?.values === 'replacements' && sink.methods?.includes('query');
  const options = inOptions ? call.arguments[sink.arg + 1] : undefined;
  if (call.arguments.length > sink.arg + (options && takesReplacements(options) ? 2 : 1)) return [];
  const query = queryOf(w, call, arg);
  const cut = query && cutQuery(query.expression, w.sf);
  if (!query || !cut) return [];
  if (paramstyle === 'named') return []; // would need an object of values; no TS driver in the spec binds by name
  const result = parameterize(cut.parts, paramstyle);
  if (!result.ok) return [];
  if (query.declaration && reassignedAfter(cut.values, query.declaration, call)) return [];

  const eol = w.eol;
  const sql = stringLiteral(result.query.sql, w.facts.quote, eol);
  const values = `[${result.query.params.map((p) => boundValueCode(p.value, eol)).join(', ')}]`;
  const edits: TextEdit[] = [];
  if (query.declaration) edits.push({ range: w.range(query.expression), newText: sql });
  if (inOptions) {
    if (!query.declaration) edits.push({ range: w.range(arg), newText: sql });
    const object = options && skipOuter(options);
    if (object && isObjectLiteralExpression(object)) {
      const open = object.getStart(w.sf) + 1;
      edits.push({ range: w.input.lines.rangeAt(open, open), newText: ` replacements: ${values},${object.properties.length ? '' : ' '}` });
    } else {
      edits.push({ range: w.input.lines.rangeAt(arg.getEnd(), arg.getEnd()), newText: `, { replacements: ${values} }` });
    }
  } else if (query.declaration) {
    edits.push({ range: w.input.lines.rangeAt(arg.getEnd(), arg.getEnd()), newText: `, ${values}` });
  } else {
    edits.push({ range: w.range(arg), newText: `${sql}, ${values}` });
  }
  // Without a known driver import the placeholder style is a guess: the title says which.
  return [{ title: driver ? title : `${title} (${placeholders(paramstyle)} placeholders)`, kind: 'rewrite', isPreferred: true, edits }];
}

/** A Sequelize options object literal that binds nothing yet (`{ type: QueryTypes.SELECT }`). */
function takesReplacements(options: ts.Expression): boolean {
  const object = skipOuter(options);
  return isObjectLiteralExpression(object) && !object.properties.some((p) => p.name && isIdentifier(p.name) && (p.name.text === 'replacements' || p.name.text === 'bind'));
}

function placeholders(paramstyle: Paramstyle): string {
  return `${placeholder(paramstyle, 1, 'name')}, ${placeholder(paramstyle, 2, 'name')}`.replace(/^(\?|%s), \1$/, '$1');
}

/** `prisma.$queryRawUnsafe(`...${x}`)` → `prisma.$queryRaw`...${x}`` (values moved out of SQL quotes). */
function prismaFix(w: TaintWalker, call: ts.CallExpression, name: ts.MemberName, arg: ts.Expression, title: string): Fix[] {
  const template = skipOuter(arg);
  if (call.arguments.length !== 1 || !isTemplateExpression(template)) return [];
  const cut = cutQuery(template, w.sf);
  const result = cut && parameterize(cut.parts, 'qmark');
  if (!result || !result.ok) return [];
  const params: BoundParam[] = result.query.params;
  const texts = splitAtPlaceholders(result.query.sql);
  if (texts.length !== params.length + 1) return [];
  const eol = w.eol;
  const body = texts.map((text, i) => templateText(text, eol) + (i < params.length ? `\${${boundValueCode(params[i].value, eol)}}` : '')).join('');
  const tagged = name.text.replace(/Unsafe$/, '');
  const paren = w.sf.text.indexOf('(', call.typeArguments?.end ?? call.expression.getEnd());
  if (paren < 0 || paren > arg.getStart(w.sf)) return [];
  return [
    {
      title: `${title} (Prisma \`${tagged}\` tagged template)`,
      kind: 'rewrite',
      isPreferred: true,
      edits: [
        { range: w.range(name), newText: tagged },
        { range: w.input.lines.rangeAt(paren, call.getEnd()), newText: `\`${body}\`` },
      ],
    },
  ];
}

/**
 * The expression that builds the query: the argument itself, or the initializer of the one
 * `const`/`let` declaration of the argument's variable in the same function when nothing
 * else reads or writes that variable (then rewriting the declaration changes nothing else).
 */
function queryOf(w: TaintWalker, call: ts.CallExpression, arg: ts.Expression): { expression: ts.Expression; declaration?: ts.VariableDeclaration } | undefined {
  const node = skipOuter(arg);
  if (!isIdentifier(node)) return { expression: arg };
  const container = enclosingContainer(call);
  // At the top level the declaration and the other uses may be in other statements: the fix reads them all.
  if (isSourceFile(container)) w.readsWholeFile();
  let declaration: ts.VariableDeclaration | undefined;
  let sole = true;
  forEachDescendant(container, (n) => {
    if (isIdentifier(n) && n !== node && n.text === node.text && isReference(n)) {
      if (isVariableDeclaration(n.parent) && n.parent.name === n && !declaration) declaration = n.parent;
      else sole = false;
    }
    return sole;
  });
  if (!sole || !declaration?.initializer || declaration.getEnd() > call.getStart(w.sf)) return undefined;
  if (enclosingContainer(declaration) !== container || !inScopeOf(declaration, call)) return undefined;
  return { expression: declaration.initializer, declaration };
}

/** Whether `id` names a variable here (not a property name, a member, or a type). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((isPropertyAccessExpression(p) && p.name === id) || (isQualifiedName(p) && p.right === id)) return false;
  if ((isPropertyAssignment(p) || isPropertyDeclaration(p) || isPropertySignature(p) || isJsxAttribute(p) || isFunctionNode(p)) && p.name === id) return false;
  if (isBindingElement(p) && p.propertyName === id) return false;
  return !isTypeReferenceNode(p);
}

/** Whether the call is inside the block that holds the declaration. */
function inScopeOf(declaration: ts.VariableDeclaration, call: ts.Node): boolean {
  let scope: ts.Node = declaration.parent;
  while (scope.parent && !isBlock(scope) && !isSourceFile(scope) && !isCaseClause(scope)) scope = scope.parent;
  return scope.pos <= call.pos && call.end <= scope.end;
}

/**
 * Whether a variable the values read is written after the declaration (before the call, or
 * after it when the call runs again in a loop): the call would then bind other values than
 * the query text had.
 */
function reassignedAfter(values: readonly ts.Expression[], declaration: ts.VariableDeclaration, call: ts.Node): boolean {
  const names = new Set<string>();
  for (const value of values) {
    if (isIdentifier(value)) names.add(value.text);
    forEachDescendant(value, (n) => {
      if (isIdentifier(n) && isReference(n)) names.add(n.text);
    });
  }
  if (!names.size) return false;
  let written = false;
  forEachDescendant(enclosingContainer(call), (n) => {
    if (written || n.end < declaration.end) return false;
    if (n.pos >= declaration.end && writes(n, names)) written = true;
    return !written;
  });
  return written;
}

function writes(n: ts.Node, names: ReadonlySet<string>): boolean {
  const target = (e: ts.Expression) => {
    const t = skipOuter(e);
    return isIdentifier(t) && names.has(t.text);
  };
  if (isBinaryExpression(n)) {
    const op = n.operatorToken.kind;
    return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment && target(n.left);
  }
  if (isPrefixUnaryExpression(n) || isPostfixUnaryExpression(n)) {
    return (n.operator === SyntaxKind.PlusPlusToken || n.operator === SyntaxKind.MinusMinusToken) && target(n.operand);
  }
  return false;
}
