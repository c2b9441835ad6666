import type { ModuleFacts } from './context';
import { ensureImport, ensureModuleImport } from './ensure-import';
import { replaceNode } from './fix-edits';
import type { Edit } from './sql-render';
import { callArguments, dottedName, sameNode, type Node } from './syntax';

/** The helper the fix adds once per module; a file that already has one gets no preferred fix. */
const HELPER = 'password_matches';

/**
 * "Hash with Argon2" changes two places or none: the hashing function's body
 * (`return hashlib.sha256(...).hexdigest()` → `return PasswordHasher().hash(password)`) AND
 * every comparison of its result in the file (`hash_password(pw) != stored`,
 * `hmac.compare_digest(hash_password(pw), stored)` → `password_matches(stored, pw)`), through a
 * helper that verifies Argon2 hashes with argon2-cffi and hashes stored before the switch the old
 * way, so existing users still sign in. Undefined (the caller offers the one-place rewrite as
 * advice only) when the file has no such comparison or a use of the hash it cannot rewrite.
 */
export function argon2WithVerify(digest: Node, hashEdits: Edit[], facts: ModuleFacts): Edit[] | undefined {
  const src = facts.src;
  const returned = digest.parent;
  if (returned?.type !== 'return_statement' || !/\.hexdigest\(\)$/.test(src.of(digest))) return undefined;
  const fn = enclosingTopLevelFunction(returned);
  const name = fn?.childForFieldName('name');
  const params = fn?.childForFieldName('parameters')?.namedChildren ?? [];
  if (!fn || !name || params.length !== 1 || src.text.includes(HELPER)) return undefined;
  const password = params[0].type === 'identifier' ? src.of(params[0]) : params[0].firstNamedChild && src.of(params[0].firstNamedChild);
  if (!password || !/^\w+$/.test(password)) return undefined;

  const compare = ensureModuleImport(facts.imports, facts.lines.eol, 'hmac', 'compare_digest');
  const edits: Edit[] = [];
  let comparisons = 0;
  for (const call of callsOf(fn.parent?.type === 'decorated_definition' ? fn.parent.parent! : fn.parent!, src.of(name), src)) {
    const args = callArguments(call, src);
    if (args.positional.length !== 1 || args.all.length !== 1) return undefined;
    const given = src.of(args.positional[0]);
    const use = outerExpression(call);
    const parent = use.parent;
    if (parent?.type === 'comparison_operator' && parent.namedChildCount === 2) {
      const [left, right] = parent.namedChildren;
      const operator = src.text.slice(left.endIndex, right.startIndex).trim();
      if (operator !== '==' && operator !== '!=') return undefined;
      const stored = src.of(sameNode(left, use) ? right : left);
      edits.push(replaceNode(parent, `${operator === '!=' ? 'not ' : ''}${HELPER}(${stored}, ${given})`));
      comparisons++;
    } else if (parent?.type === 'argument_list' && isCompareDigest(parent.parent, src)) {
      const pair = parent.namedChildren.filter((n) => n.type !== 'comment');
      if (pair.length !== 2) return undefined;
      const stored = src.of(sameNode(pair[0], use) ? pair[1] : pair[0]);
      edits.push(replaceNode(parent.parent!, `${HELPER}(${stored}, ${given})`));
      comparisons++;
    } else if ((parent?.type === 'assignment' && parent.childForFieldName('left')?.type === 'identifier') || parent?.type === 'return_statement') {
      return undefined; // the hash goes on to code this fix cannot follow: it may be compared there
    }
  }
  if (comparisons === 0) return undefined;

  const eol = facts.lines.eol;
  const hasher = ensureImport(facts.imports, eol, 'argon2', 'PasswordHasher');
  const mismatch = ensureImport(facts.imports, eol, 'argon2.exceptions', 'VerificationError');
  const invalid = ensureImport(facts.imports, eol, 'argon2.exceptions', 'InvalidHash');
  const helper = [
    '',
    '',
    `def ${HELPER}(stored: str, ${password}: str) -> bool:`,
    '    """Argon2 hashes verify with argon2-cffi; hashes stored before the switch to Argon2 still verify the old way."""',
    '    if not stored:',
    '        return False',
    '    if stored.startswith("$argon2"):',
    '        try:',
    `            return ${hasher.name}().verify(stored, ${password})`,
    `        except (${mismatch.name}, ${invalid.name}):`,
    '            return False',
    '    # vigil-ignore[weak-password-hash]: checks hashes stored before the switch to Argon2 until every user has a new one',
    `    legacy = ${src.of(digest)}`,
    `    return ${compare.name}(legacy.encode(), stored.encode())`,
  ].join(eol);
  const definition = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  edits.push({ start: definition.endIndex, end: definition.endIndex, text: helper });
  for (const imported of [hasher, mismatch, invalid, compare]) if (imported.edit && !hashEdits.some((e) => e.text === imported.edit!.text)) edits.push(imported.edit);
  return [...hashEdits, ...edits];
}

/** The function definition at module level that holds `node`. */
function enclosingTopLevelFunction(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current && current.type !== 'function_definition') current = current.parent;
  const holder = current?.parent?.type === 'decorated_definition' ? current.parent : current;
  return holder?.parent?.type === 'module' ? current ?? undefined : undefined;
}

/** Calls of `name` (a plain name) anywhere in `root`. */
function callsOf(root: Node, name: string, src: { of(n: Node): string }): Node[] {
  const out: Node[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'identifier' && src.of(fn) === name) out.push(node);
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(root);
  return out;
}

/** The expression a value is used as: `(x)` counts as `x`. */
function outerExpression(node: Node): Node {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  return current;
}

function isCompareDigest(call: Node | null | undefined, src: ModuleFacts['src']): boolean {
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const written = fn && dottedName(fn, src);
  return !!written && /(^|\.)compare_digest$/.test(written);
}

/** Titles: the two-place fix says what it adds; the one-place rewrite says what is left to do. */
export const ADVICE_SUFFIX = ' (advice: the login must then verify with PasswordHasher().verify; not applied by fix-all)';
export const VERIFY_SUFFIX = ' and verify with it';
