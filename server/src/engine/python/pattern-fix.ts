import type { RuleCatalog } from '../rules/catalog';
import type { PatternFixSpec } from '../rules/spec-types';
import type { Fix } from '../types';
import { argumentNode } from './arguments';
import type { ModuleFacts, PatternHit } from './context';
import { ensureImport } from './ensure-import';
import { removeArgument, replaceNode, rewriteFix } from './fix-edits';
import type { Edit } from './sql-render';
import { callArguments, unwrapParens, type Node } from './syntax';

/**
 * A pattern rule's rewrite (its `fix` in rules/patterns/python.json), titled by the rule's
 * `fixTitle`. Undefined when the matched code has a shape the rewrite cannot be sure about.
 */
export function patternFix(hit: PatternHit, facts: ModuleFacts, catalog: RuleCatalog): Fix | undefined {
  const spec = hit.pattern.spec.fix;
  const title = catalog.get(hit.pattern.spec.rule)?.meta.fixTitle;
  if (!spec || !title) return undefined;
  const edits = editsFor(spec, hit, facts);
  return edits && rewriteFix(title, edits, facts);
}

function editsFor(spec: PatternFixSpec, hit: PatternHit, facts: ModuleFacts): Edit[] | undefined {
  if (spec.setValue !== undefined) {
    const right = hit.node.childForFieldName('right');
    return right ? [replaceNode(right, spec.setValue)] : undefined;
  }
  if (hit.node.type !== 'call') return undefined;
  if (spec.setKeywords) return setKeywords(hit.node, spec.setKeywords, facts);
  if (spec.renameCall) return renameCall(hit, spec, facts);
  if (spec.rewrite === 'argon2-password-hash') return argon2Hash(hit.node, facts);
  return undefined;
}

/** `verify=False` → `verify=True`; a keyword not passed yet is added last. */
function setKeywords(call: Node, keywords: Record<string, string>, facts: ModuleFacts): Edit[] | undefined {
  const args = callArguments(call, facts.src);
  if (!args.list || args.list.type !== 'argument_list') return undefined;
  const edits: Edit[] = [];
  for (const [name, value] of Object.entries(keywords)) {
    const given = args.keywords.get(name);
    if (given) edits.push(replaceNode(given, value));
    else {
      const close = args.list.endIndex - 1;
      edits.push({ start: close, end: close, text: `${args.all.length > 0 ? ', ' : ''}${name}=${value}` });
    }
  }
  return edits;
}

/**
 * `yaml.load(data, Loader=yaml.Loader)` → `yaml.safe_load(data)`: the callee's last name
 * replaced (imported under the new name when the file called it by a bare imported name), the
 * argument the safe variant does not take removed.
 */
function renameCall(hit: PatternHit, spec: PatternFixSpec, facts: ModuleFacts): Edit[] | undefined {
  const fn = hit.node.childForFieldName('function');
  if (!fn) return undefined;
  const edits: Edit[] = [];
  if (fn.type === 'attribute') {
    const attribute = fn.childForFieldName('attribute');
    if (!attribute) return undefined;
    edits.push(replaceNode(attribute, spec.renameCall!));
  } else if (fn.type === 'identifier') {
    const target = facts.imports.canonical(facts.src.of(fn));
    if (!target || !target.includes('.')) return undefined;
    const imported = ensureImport(facts.imports, facts.lines.eol, target.slice(0, target.lastIndexOf('.')), spec.renameCall!);
    edits.push(replaceNode(fn, imported.name));
    if (imported.edit) edits.push(imported.edit);
  } else return undefined;
  if (spec.dropArgument) {
    const args = callArguments(hit.node, facts.src);
    const value = argumentNode(args, spec.dropArgument.arg, spec.dropArgument.keyword);
    const node = value && (args.all.includes(value) ? value : value.parent);
    if (node) {
      const removal = removeArgument(args, node);
      if (!removal) return undefined;
      edits.push(removal);
    }
  }
  return edits;
}

/** Digests whose result is the hash as text or bytes: `hashlib.sha256(pw).hexdigest()` is replaced as a whole. */
const DIGESTS = new Set(['hexdigest', 'digest']);

/**
 * `hashlib.sha256(password.encode()).hexdigest()` → `PasswordHasher().hash(password)`: a salted,
 * memory-hard hash (argon2-cffi), whose result carries its own parameters and salt; check it
 * later with `PasswordHasher().verify(stored, password)`.
 */
function argon2Hash(call: Node, facts: ModuleFacts): Edit[] | undefined {
  const args = callArguments(call, facts.src);
  if (args.all.length !== 1 || args.positional.length !== 1) return undefined;
  const value = plainText(args.positional[0], facts);
  let replaced = call;
  const parent = call.parent;
  const outer = parent?.parent;
  if (parent?.type === 'attribute' && outer?.type === 'call' && DIGESTS.has(facts.src.of(parent.childForFieldName('attribute') ?? parent))) {
    if (callArguments(outer, facts.src).all.length !== 0) return undefined;
    replaced = outer;
  } else if (parent?.type === 'attribute') {
    return undefined; // `.update(...)` and friends: a hashing object in use, not a one-shot hash
  }
  // `md5(pwd).hexdigest() == stored` checks a password: argon2 hashes are salted, so that needs
  // `PasswordHasher().verify`, which raises on a mismatch: the caller's logic changes, no rewrite.
  if (replaced.parent?.type === 'comparison_operator') return undefined;
  const hasher = ensureImport(facts.imports, facts.lines.eol, 'argon2', 'PasswordHasher');
  const edits = [replaceNode(replaced, `${hasher.name}().hash(${value})`)];
  if (hasher.edit) edits.push(hasher.edit);
  return edits;
}

/** `password.encode()` / `password.encode("utf-8")` → `password`: argon2 takes text as it is. */
function plainText(node: Node, facts: ModuleFacts): string {
  const value = unwrapParens(node);
  if (value.type === 'call') {
    const fn = value.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (object && facts.src.of(fn!.childForFieldName('attribute') ?? fn!) === 'encode') return facts.src.of(unwrapParens(object));
  }
  return facts.src.of(value);
}
