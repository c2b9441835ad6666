import { pythonDependencyChange } from '../fixes/python-manifest';
import { jwtAlgorithm } from '../fixes/jwt-algorithm';
import type { RuleCatalog } from '../rules/catalog';
import { ruleText, type PatternFixSpec } from '../rules/spec-types';
import type { Fix } from '../types';
import { argumentNode, localValue } from './arguments';
import { ADVICE_SUFFIX, argon2WithVerify, VERIFY_SUFFIX } from './argon2-fix';
import type { ModuleFacts, PatternHit } from './context';
import { ensureImport, ensureModuleImport } from './ensure-import';
import { removeArgument, replaceNode, rewriteFix } from './fix-edits';
import type { Edit } from './sql-render';
import { callArguments, dottedName, unwrapParens, type Node } from './syntax';

/**
 * A pattern rule's rewrite (its `fix` in rules/patterns/python.json), titled by its own `title`
 * or the rule's `fixTitle`. Undefined when the matched code has a shape the rewrite cannot be sure about.
 */
export function patternFix(hit: PatternHit, facts: ModuleFacts, catalog: RuleCatalog): Fix | undefined {
  const spec = hit.pattern.spec.fix;
  const title = spec?.title ?? ruleText(catalog.get(hit.pattern.spec.rule)?.meta, 'python', 'fixTitle');
  if (!spec || !title) return undefined;
  if (spec.rewrite === 'argon2-password-hash') return argon2Fix(title, hit, facts);
  const edits = editsFor(spec, hit, facts);
  if (!edits) return undefined;
  // A fix that changes behaviour on purpose says so and is never applied in bulk.
  if (spec.changesBehaviour) return { ...rewriteFix(`${title} (${spec.changesBehaviour})`, edits, facts), isPreferred: false };
  // A fix that imports a package the app may not have lists it in the manifest, or says to.
  if (spec.replaceCallee?.startsWith('defusedxml.')) {
    const dependency = pythonDependencyChange(facts.files, facts.path, 'defusedxml', DEFUSEDXML_RANGE);
    return { ...rewriteFix(`${title}${dependency.note}`, edits, facts), ...(dependency.files ? { files: dependency.files } : {}) };
  }
  return rewriteFix(title, edits, facts);
}

/** The ranges the fixes add to requirements.txt / pyproject.toml. */
const DEFUSEDXML_RANGE = '>=0.7';
const ARGON2_CFFI_RANGE = '>=21.1';

/**
 * Hashing and verification rewritten together (preferred), or, when the comparisons of the hash
 * are out of this file's reach, the hashing alone as advice: applied by itself it would lock
 * every user out, so fix-all leaves it.
 */
function argon2Fix(title: string, hit: PatternHit, facts: ModuleFacts): Fix | undefined {
  if (hit.node.type !== 'call') return undefined;
  const hashed = argon2Hash(hit.node, facts);
  if (!hashed) return undefined;
  const both = argon2WithVerify(hashed.replaced, hashed.edits, facts);
  if (both) {
    const dependency = pythonDependencyChange(facts.files, facts.path, 'argon2-cffi', ARGON2_CFFI_RANGE);
    const notes = [dependency.note.trim().replace(/^\((.*)\)$/, '$1'), 'old hashes still verify'].filter(Boolean);
    return { ...rewriteFix(`${title}${VERIFY_SUFFIX} (${notes.join('; ')})`, both, facts), ...(dependency.files ? { files: dependency.files } : {}) };
  }
  return { ...rewriteFix(title + ADVICE_SUFFIX, hashed.edits, facts), isPreferred: false };
}

function editsFor(spec: PatternFixSpec, hit: PatternHit, facts: ModuleFacts): Edit[] | undefined {
  if (spec.setValue !== undefined) {
    // An assignment's value, or a call's flagged argument (`hashlib.new("md5", ...)` → `"sha256"`).
    const value = hit.node.type === 'call' ? hit.argument : hit.node.childForFieldName('right');
    // A value given by `**options` is not in the call to replace.
    if (!value || value.type === 'dictionary_splat') return undefined;
    const edits = [replaceNode(value, spec.setValue)];
    if (!spec.alsoSet) return edits;
    const also = alsoSet(hit.node, spec.alsoSet, facts);
    return also && [...edits, ...also];
  }
  if (spec.rewrite === 'hmac-compare-digest') return compareDigest(hit.node, facts);
  if (spec.rewrite === 'ssl-context-verify') return sslContextVerify(hit.node, facts);
  if (hit.node.type !== 'call') return undefined;
  if (spec.dropArgument && !spec.renameCall) return dropKeyword(hit.node, spec.dropArgument.keyword, facts);
  if (spec.setKeywords) return setKeywords(hit.node, spec.setKeywords, facts, spec.keepKeywords);
  if (spec.renameCall) return renameCall(hit, spec, facts);
  if (spec.replaceCallee) return replaceCallee(hit, spec.replaceCallee, facts);
  if (spec.rewrite === 'secrets-token') return secretsToken(hit.node, facts);
  if (spec.rewrite === 'jwt-verify') return jwtVerify(hit.node, facts);
  if (spec.rewrite === 'env-allowed-origins') return envAllowedOrigins(hit.node, facts);
  return undefined;
}

/**
 * `alsoSet`: what the flagged setting kept working keeps working (Django with DEBUG on allows
 * `.localhost`, `127.0.0.1` and `[::1]` when ALLOWED_HOSTS is empty; with DEBUG off it refuses every
 * request). The module's last top-level assignment to `target` is set when its value matches `when`
 * and left alone otherwise (the project chose its hosts); with none, the line goes after the flagged
 * statement, unless a star import may bring the setting in (`from .base import *`): then no fix.
 */
function alsoSet(assignment: Node, also: NonNullable<PatternFixSpec['alsoSet']>, facts: ModuleFacts): Edit[] | undefined {
  const statement = assignment.parent;
  const module = statement?.parent;
  if (statement?.type !== 'expression_statement' || module?.type !== 'module') return undefined;
  let current: Node | undefined;
  let starImport = false;
  for (const child of module.namedChildren) {
    if (child.type === 'import_from_statement' && child.namedChildren.some((c) => c.type === 'wildcard_import')) starImport = true;
    const inner = child.type === 'expression_statement' ? child.namedChildren[0] : undefined;
    const left = inner?.type === 'assignment' ? inner.childForFieldName('left') : null;
    if (left?.type === 'identifier' && facts.src.of(left) === also.target) current = inner!.childForFieldName('right') ?? undefined;
  }
  if (current) return new RegExp(also.when).test(facts.src.of(current)) ? [replaceNode(current, also.value)] : [];
  if (starImport) return undefined;
  return [{ start: statement.endIndex, end: statement.endIndex, text: `\n${also.target} = ${also.value}` }];
}

/** Client contexts: certificates checked against the system's CAs (or the ones given), as `urlopen` / `http.client` / `httpx` use them. */
const CLIENT_CONTEXT = /^(?:ssl\.)?(?:create_default_context|SSLContext)$/;
/** Calls that give a context the CAs to verify with (`ssl.SSLContext(...)` starts with none). */
const LOADS_CAS = ['load_verify_locations', 'load_default_certs', 'set_default_verify_paths'];

/** A client `ssl` context bound once, in the same block as the assignment and before it. */
interface ClientContext {
  name: string;
  block: Node;
  scope: Node;
  /** Whether it has CAs to verify with: `create_default_context()`, or one of LOADS_CAS called on it. */
  hasCas: boolean;
}

function clientContext(assignment: Node, facts: ModuleFacts): ClientContext | undefined {
  const left = assignment.childForFieldName('left');
  const object = left?.type === 'attribute' ? left.childForFieldName('object') : null;
  const statement = assignment.parent;
  const block = statement?.parent;
  if (!object || object.type !== 'identifier' || statement?.type !== 'expression_statement' || !block) return undefined;
  const name = facts.src.of(object);
  let scope: Node = block;
  while (scope.parent && scope.type !== 'module' && scope.type !== 'function_definition') scope = scope.parent;
  let made: Node | undefined;
  for (const other of scope.descendantsOfType('assignment')) {
    const target = other.childForFieldName('left');
    const value = other.childForFieldName('right');
    if (target?.type !== 'identifier' || facts.src.of(target) !== name || !value) continue;
    if (made || !inBlock(other, block) || other.startIndex > assignment.startIndex || !isClientContext(value, facts)) return undefined;
    made = value;
  }
  if (!made) return undefined;
  const fn = made.childForFieldName('function');
  let hasCas = !!fn && /create_default_context$/.test(facts.src.of(fn));
  for (const call of scope.descendantsOfType('call')) {
    const callee = call.childForFieldName('function');
    const written = callee && dottedName(callee, facts.src);
    if (written && LOADS_CAS.some((m) => written === `${name}.${m}`)) hasCas = true;
  }
  return { name, block, scope, hasCas };
}

/**
 * "Verify TLS certificates" on an `ssl` context's `check_hostname = False` and
 * `verify_mode = ssl.CERT_NONE`, only where the context is known to be a client one, made in the
 * same block before the line (`ssl.create_default_context()`, not `Purpose.CLIENT_AUTH`, a
 * server's; or `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`) and bound once. `CERT_REQUIRED` needs
 * CAs to verify with: a context from `SSLContext(...)` that loads none would refuse every server,
 * so there `verify_mode` gets no rewrite.
 */
function sslContextVerify(assignment: Node, facts: ModuleFacts): Edit[] | undefined {
  const left = assignment.childForFieldName('left');
  const attribute = left?.type === 'attribute' ? left.childForFieldName('attribute') : null;
  const right = assignment.childForFieldName('right');
  const context = right && attribute ? clientContext(assignment, facts) : undefined;
  if (!context || !right || !attribute) return undefined;
  if (facts.src.of(attribute) === 'check_hostname') return checkHostname(assignment, right, context, facts);
  if (facts.src.of(attribute) === 'verify_mode' && facts.src.of(right) === 'ssl.CERT_NONE' && context.hasCas) return [replaceNode(right, 'ssl.CERT_REQUIRED')];
  return undefined;
}

/**
 * `context.check_hostname = False` → `True`, and each `context.verify_mode = ssl.CERT_NONE` of the
 * same block → `ssl.CERT_REQUIRED`: with the host name checked, `CERT_NONE` raises `ValueError`
 * (and Python turns `CERT_NONE` into `CERT_REQUIRED` itself when `check_hostname` is set after it).
 * No rewrite when a `verify_mode = ...CERT_NONE` is elsewhere (another block, a branch: it would
 * raise there) or the context has no CAs to require a certificate with, or the context wraps a
 * socket without `server_hostname` (`check_hostname` needs one: a `ValueError`).
 */
function checkHostname(assignment: Node, right: Node, context: ClientContext, facts: ModuleFacts): Edit[] | undefined {
  const { name, block, scope } = context;
  const edits: Edit[] = [replaceNode(right, 'True')];
  for (const other of scope.descendantsOfType('assignment')) {
    const target = other.childForFieldName('left');
    const value = other.childForFieldName('right');
    if (target?.type !== 'attribute' || !value || facts.src.of(target).replace(/\s+/g, '') !== `${name}.verify_mode` || !/(?:^|\.)CERT_NONE$/.test(facts.src.of(value))) continue;
    if (!inBlock(other, block) || facts.src.of(value) !== 'ssl.CERT_NONE' || !context.hasCas) return undefined;
    edits.push(replaceNode(value, 'ssl.CERT_REQUIRED'));
  }
  for (const call of scope.descendantsOfType('call')) {
    const fn = call.childForFieldName('function');
    const callee = fn && dottedName(fn, facts.src);
    if ((callee === `${name}.wrap_socket` || callee === `${name}.wrap_bio`) && !callArguments(call, facts.src).keywords.has('server_hostname')) return undefined;
  }
  return edits;
}

/** An assignment that is a statement of `block` itself (not of a branch or loop inside it). */
function inBlock(assignment: Node, block: Node): boolean {
  const owner = assignment.parent?.type === 'expression_statement' ? assignment.parent.parent : null;
  return !!owner && owner.startIndex === block.startIndex && owner.endIndex === block.endIndex && owner.type === block.type;
}

/** `ssl.create_default_context(...)` for servers' certificates, or `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`. */
function isClientContext(value: Node, facts: ModuleFacts): boolean {
  if (value.type !== 'call') return false;
  const fn = value.childForFieldName('function');
  const callee = fn && dottedName(fn, facts.src);
  if (!callee || !CLIENT_CONTEXT.test(callee)) return false;
  const args = callArguments(value, facts.src);
  if (args.hasSplat) return false;
  const text = args.all.map((a) => facts.src.of(a)).join(',');
  if (callee.endsWith('SSLContext')) return args.positional.length === 1 && /(?:^|\.)PROTOCOL_TLS_CLIENT$/.test(facts.src.of(args.positional[0])) && args.all.length === 1;
  return !/CLIENT_AUTH/.test(text) && (args.positional.length === 0 || /(?:^|\.)SERVER_AUTH$/.test(facts.src.of(args.positional[0])));
}

/**
 * CORS with credentials for any origin → the origins listed in `ALLOWED_ORIGINS`
 * (`https://shop.example,https://admin.example`): `allow_origins=` for Starlette's
 * CORSMiddleware (a match-all `allow_origin_regex` gives way to it), `origins=` for flask-cors.
 * Unset, the list is `[""]`, which matches no origin: closed until configured.
 */
function envAllowedOrigins(call: Node, facts: ModuleFacts): Edit[] | undefined {
  const args = callArguments(call, facts.src);
  if (!args.list || args.list.type !== 'argument_list' || args.hasSplat) return undefined;
  const keyword = args.keywords.has('supports_credentials') ? 'origins' : 'allow_origins';
  const environ = ensureModuleImport(facts.imports, facts.lines.eol, 'os', 'environ');
  const value = `${environ.name}.get("ALLOWED_ORIGINS", "").split(",")`;
  const given = args.keywords.get(keyword);
  const regex = args.keywordNodes.get('allow_origin_regex');
  const edits: Edit[] = [];
  if (given) {
    // The app's own origins stay; only the wildcard gives way to the configured list.
    const listed = given.type === 'list' ? given.namedChildren.filter((n) => n.type === 'string' && !/^[rbuRBU]*["']\*["']$/.test(facts.src.of(n))).map((n) => facts.src.of(n)) : [];
    const others = given.type === 'list' && given.namedChildren.some((n) => n.type !== 'string' && n.type !== 'comment');
    edits.push(replaceNode(given, listed.length && !others ? `[${listed.join(', ')}, *${value}]` : value));
    const removal = regex && removeArgument(args, regex);
    if (removal) edits.push(removal);
    else if (regex) return undefined;
  } else if (regex) {
    edits.push(replaceNode(regex, `${keyword}=${value}`));
  } else {
    const last = args.all.filter((a) => a.type !== 'comment').pop();
    const at = last ? last.endIndex : args.list.endIndex - 1;
    edits.push({ start: at, end: at, text: `${last ? ', ' : ''}${keyword}=${value}` });
  }
  if (environ.edit) edits.push(environ.edit);
  return edits;
}

/**
 * `verify=False` → `verify=True`; a keyword not passed yet is added last (all added keywords
 * in one insertion, so they keep their order). A keyword whose value matches its `keep`
 * expression stays as it is (`samesite="strict"` is already stricter than the fix's `"lax"`).
 */
function setKeywords(call: Node, keywords: Record<string, string>, facts: ModuleFacts, keep: Record<string, string> = {}): Edit[] | undefined {
  const args = callArguments(call, facts.src);
  if (!args.list || args.list.type !== 'argument_list') return undefined;
  const edits: Edit[] = [];
  const added: string[] = [];
  for (const [name, value] of Object.entries(keywords)) {
    const given = args.keywords.get(name);
    if (!given) added.push(`${name}=${value}`);
    else if (!(keep[name] !== undefined && new RegExp(keep[name]).test(facts.src.of(given))) && facts.src.of(given) !== value) edits.push(replaceNode(given, value));
  }
  if (added.length > 0) {
    // `**options` may give the keyword already: adding it again would be a TypeError.
    if (args.hasSplat) return undefined;
    const last = args.all.filter((a) => a.type !== 'comment').pop();
    const at = last ? last.endIndex : args.list.endIndex - 1;
    edits.push({ start: at, end: at, text: `${last ? ', ' : ''}${added.join(', ')}` });
  }
  return edits.length > 0 ? edits : undefined;
}

/** `ET.fromstring(body)` → `defusedxml.ElementTree.fromstring(body)`, importing the module. */
function replaceCallee(hit: PatternHit, target: string, facts: ModuleFacts): Edit[] | undefined {
  const fn = hit.node.childForFieldName('function');
  const written = fn && dottedName(fn, facts.src);
  if (!fn || !written) return undefined;
  const dot = target.lastIndexOf('.');
  const module = target.slice(0, dot);
  const name = target.slice(dot + 1) === '*' ? written.slice(written.lastIndexOf('.') + 1) : target.slice(dot + 1);
  const imported = ensureModuleImport(facts.imports, facts.lines.eol, module, name);
  return imported.edit ? [replaceNode(fn, imported.name), imported.edit] : [replaceNode(fn, imported.name)];
}

/** The helper "Compare in constant time" adds once per module and calls at every comparison it rewrites. */
const EQUAL_HELPER = 'constant_time_equal';

/**
 * `password == user.password` → `constant_time_equal(password, user.password)` (`!=` → `not
 * constant_time_equal(...)`): the time it takes no longer tells how many leading characters matched.
 * A module-level helper, added once before the first statement that uses it, keeps what `==` did for
 * everything `hmac.compare_digest` refuses with a TypeError: str with non-ASCII characters is
 * compared as its UTF-8 bytes, and None (a missing header, an unset variable) or mixed types compare
 * as `==` did, so a request that got a 401 does not get a 500.
 */
function compareDigest(comparison: Node, facts: ModuleFacts): Edit[] | undefined {
  if (comparison.type !== 'comparison_operator' || comparison.namedChildCount !== 2) return undefined;
  const [left, right] = comparison.namedChildren;
  const operator = facts.src.text.slice(left.endIndex, right.startIndex).trim();
  if (operator !== '==' && operator !== '!=') return undefined;
  const call = `${EQUAL_HELPER}(${facts.src.of(left)}, ${facts.src.of(right)})`;
  const edits = [replaceNode(comparison, operator === '!=' ? `not ${call}` : call)];
  let statement: Node = comparison;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  if (!statement.parent) return undefined;
  const defined = new RegExp(`^def ${EQUAL_HELPER}\\(`, 'm').exec(facts.src.text);
  if (defined) return defined.index <= statement.startIndex ? edits : undefined;
  const eol = facts.lines.eol;
  const compare = ensureModuleImport(facts.imports, eol, 'hmac', 'compare_digest');
  const helper = [
    `def ${EQUAL_HELPER}(given, expected) -> bool:`,
    '    """`given == expected` in constant time; str of any characters compares as UTF-8, None and other types as `==` does."""',
    '    if isinstance(given, str) and isinstance(expected, str):',
    `        return ${compare.name}(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))`,
    '    if isinstance(given, (bytes, bytearray)) and isinstance(expected, (bytes, bytearray)):',
    `        return ${compare.name}(given, expected)`,
    '    return given == expected',
    '',
    '',
    '',
  ].join(eol);
  const at = statement.startIndex;
  if (compare.edit && compare.edit.start === at && compare.edit.end === at) edits.push({ start: at, end: at, text: compare.edit.text + helper });
  else {
    edits.push({ start: at, end: at, text: helper });
    if (compare.edit) edits.push(compare.edit);
  }
  return edits;
}

/**
 * A `random` call that makes a secret, by its `secrets` equivalent: `random.choice(x)` →
 * `secrets.choice(x)`, `random.getrandbits(n)` → `secrets.randbits(n)`, a string joined from
 * `random.choices(alphabet, k=n)` → `secrets.token_urlsafe(n)`, and any other (`randint`,
 * `random`, `sample`) on `secrets.SystemRandom()`, which draws from the OS's CSPRNG.
 */
function secretsToken(call: Node, facts: ModuleFacts): Edit[] | undefined {
  const fn = call.childForFieldName('function');
  const written = fn && dottedName(fn, facts.src);
  if (!fn || !written) return undefined;
  const method = written.slice(written.lastIndexOf('.') + 1);
  const args = callArguments(call, facts.src);
  const argsText = args.list ? facts.src.of(args.list) : '()';
  const secrets = (name: string) => ensureModuleImport(facts.imports, facts.lines.eol, 'secrets', name);
  const withImport = (target: Node, imported: { name: string; edit?: Edit }, rest: string): Edit[] =>
    imported.edit ? [replaceNode(target, `${imported.name}${rest}`), imported.edit] : [replaceNode(target, `${imported.name}${rest}`)];
  if (method === 'choice') return withImport(call, secrets('choice'), argsText);
  if (method === 'getrandbits') return withImport(call, secrets('randbits'), argsText);
  const join = joinedCall(call, facts);
  const length = args.keywords.get('k');
  if (method === 'choices' && join && length) return withImport(join, secrets('token_urlsafe'), `(${facts.src.of(length)})`);
  return withImport(call, secrets('SystemRandom'), `().${method}${argsText}`);
}

/** `"".join(<call>)`: the join call, when `call` is its only argument. */
function joinedCall(call: Node, facts: ModuleFacts): Node | undefined {
  const list = call.parent;
  const join = list?.parent;
  if (list?.type !== 'argument_list' || join?.type !== 'call' || list.namedChildCount !== 1) return undefined;
  const fn = join.childForFieldName('function');
  return fn?.type === 'attribute' && facts.src.of(fn.childForFieldName('attribute') ?? fn) === 'join' ? join : undefined;
}

/** Key names that hold a public key: RS256 is the algorithm to pin then, not HS256. */
/**
 * `jwt.decode(token, key, options={"verify_signature": False})` / `verify=False` /
 * `algorithms=["none"]` → `jwt.decode(token, key, algorithms=["HS256"])`: the signature is
 * checked again, against one pinned algorithm. Needs the key in the call: without one, turning
 * verification on cannot work, and there is no fix.
 */
function jwtVerify(call: Node, facts: ModuleFacts): Edit[] | undefined {
  const args = callArguments(call, facts.src);
  const key = args.keywords.get('key') ?? args.positional[1];
  if (!key || args.hasSplat) return undefined;
  const algorithm = jwtAlgorithm(facts.src.text, facts.src.of(key));
  const edits: Edit[] = [];
  const removed = new Set<Node>();
  const remove = (node: Node): boolean => {
    const removal = removeArgument(args, node);
    if (removal) edits.push(removal), removed.add(node);
    return !!removal;
  };
  const verify = args.keywordNodes.get('verify');
  if (verify && !remove(verify)) return undefined;
  // Options and algorithms held in a local name are read (and the options fixed) where they are written.
  const given = args.keywords.get('options');
  const options = given && localValue(given, facts.src);
  if (options && /verify_signature/.test(facts.src.of(options))) {
    if (options.type !== 'dictionary') return undefined;
    const pairs = options.namedChildren.filter((c) => c.type === 'pair');
    const off = pairs.find((p) => /^[rRuU]?["']verify_signature["']$/.test(facts.src.of(p.childForFieldName('key') ?? p)));
    const value = off?.childForFieldName('value');
    if (!off || !value) return undefined;
    if (pairs.length === 1 && options.namedChildCount === 1) {
      if (!remove(args.keywordNodes.get('options')!)) return undefined;
    } else edits.push(replaceNode(value, 'True'));
  }
  const algorithms = args.keywords.get('algorithms');
  if (algorithms) {
    if (/["'][Nn][Oo][Nn][Ee]["']/.test(facts.src.of(localValue(algorithms, facts.src)))) edits.push(replaceNode(algorithms, `["${algorithm}"]`));
  } else {
    const last = args.all.filter((a) => a.type !== 'comment' && !removed.has(a)).pop()!;
    edits.push({ start: last.endIndex, end: last.endIndex, text: `, algorithms=["${algorithm}"]` });
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

/**
 * The keyword argument removed, so the callee's default applies (aiohttp's `ssl=False` → the
 * default, which verifies in every version, where `ssl=True` verified nothing before aiohttp 3.9).
 */
function dropKeyword(call: Node, keyword: string | undefined, facts: ModuleFacts): Edit[] | undefined {
  const args = callArguments(call, facts.src);
  const node = keyword === undefined ? undefined : args.keywordNodes.get(keyword);
  const removal = node && removeArgument(args, node);
  return removal ? [removal] : undefined;
}

/** Digests whose result is the hash as text or bytes: `hashlib.sha256(pw).hexdigest()` is replaced as a whole. */
const DIGESTS = new Set(['hexdigest', 'digest']);

/**
 * `hashlib.sha256(password.encode()).hexdigest()` → `PasswordHasher().hash(password)`: a salted,
 * memory-hard hash (argon2-cffi), whose result carries its own parameters and salt; check it
 * later with `PasswordHasher().verify(stored, password)`.
 */
function argon2Hash(call: Node, facts: ModuleFacts): { edits: Edit[]; replaced: Node } | undefined {
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
  return { edits, replaced };
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
