import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { Fix } from '../types';
import type { ModuleFacts, SinkHit } from './context';
import { ensureImport, ensureModuleImport } from './ensure-import';
import type { ModuleImports } from './imports';
import { replaceNode, rewriteFix } from './fix-edits';
import type { Edit } from './sql-render';
import { isFString, mentionsAny, unwrapParens, type Node } from './syntax';

export const XSS_RULE = 'xss';
const LDAP_RULE = 'ldap-injection';
/** Python's title, as `byLanguage.python.fixTitle` in rules/xss/rule.json says (test/unit/rule-docs-consistency keeps them equal). */
const TITLE = 'Escape with html.escape';

/**
 * User data written as HTML (`HTMLResponse(f"<h1>{name}</h1>")`, `Markup(bio)`) escaped with
 * `html.escape`, adding `import html`: in an f-string or a `+` chain only the tainted parts, so
 * the markup around them stays markup; otherwise the whole value.
 */
export function escapeFix(hit: SinkHit, facts: ModuleFacts): Fix | undefined {
  return wrapTaintedFix(TITLE, hit, facts, ensureModuleImport(facts.imports, facts.lines.eol, 'html', 'escape'));
}

/**
 * The sink's tainted parts (or its whole value) passed through `escape`, a function the file
 * calls by `escape.name`, whose import `escape.edit` adds.
 */
export function wrapTaintedFix(title: string, hit: SinkHit, facts: ModuleFacts, escape: { name: string; edit?: Edit }): Fix {
  const wrap = (text: string) => `${escape.name}(${text})`;
  const tainted = (node: Node) => hit.tainted.has(`${node.startIndex}:${node.endIndex}`);
  const edits: Edit[] = [];
  for (const part of taintedParts(unwrapParens(hit.arg), facts)) if (tainted(part)) edits.push(replaceNode(part, wrap(facts.src.of(part))));
  if (edits.length === 0) edits.push(replaceNode(hit.arg, wrap(facts.src.of(hit.arg))));
  if (escape.edit) edits.push(escape.edit);
  return rewriteFix(title, edits, facts);
}

/** The values an HTML string is built from: an f-string's `{...}` expressions, the operands of a `+` chain. */
function taintedParts(value: Node, facts: ModuleFacts): Node[] {
  if (value.type === 'string' && isFString(value, facts.src)) {
    return value.namedChildren.flatMap((part) => (part.type === 'interpolation' ? [part.childForFieldName('expression')].filter((e): e is Node => !!e) : []));
  }
  if (value.type === 'binary_operator' && facts.src.of(value.childForFieldName('operator') ?? value) === '+') {
    return value.namedChildren.flatMap((operand) => (operand.type === 'string' ? [] : operand.type === 'binary_operator' ? taintedParts(operand, facts) : [operand]));
  }
  return [];
}

/** LDAP filters: python-ldap's and ldap3's escaper (the same function in both). */
const LDAP_ESCAPERS = ['ldap3.utils.conv', 'ldap.filter'];

/**
 * `conn.search(BASE, f"(uid={username})")` → `f"(uid={escape_filter_chars(username)})"`, by
 * the escaper the file imports already, else ldap3's when the file uses ldap3, else
 * python-ldap's: `*`, `(`, `)`, `\` and NUL then match themselves only.
 */
export function ldapEscapeFix(title: string, hit: SinkHit, facts: ModuleFacts): Fix | undefined {
  const { imports } = facts;
  const bound = ldapEscaperName(imports);
  const module = imports.modules.has('ldap3') ? LDAP_ESCAPERS[0] : LDAP_ESCAPERS[1];
  return wrapTaintedFix(title, hit, facts, bound ? { name: bound } : ensureImport(imports, facts.lines.eol, module, 'escape_filter_chars'));
}

/** The name the file's imports bind an LDAP escaper to, if any. */
function ldapEscaperName(imports: ModuleImports): string | undefined {
  return LDAP_ESCAPERS.map((m) => imports.nameFor(m, 'escape_filter_chars')).find((n) => n !== undefined);
}

/**
 * Whether the file's imports already bind what an escape fix calls: exactly the test the fixes
 * make, so a fix never adds an import this says is there (the text merely naming the escaper,
 * e.g. in a function body or a broken import line, does not count).
 */
const ESCAPER_IMPORTED: Record<string, (imports: ModuleImports) => boolean> = {
  [XSS_RULE]: (imports) => imports.nameFor('html', 'escape') !== undefined,
  [LDAP_RULE]: (imports) => ldapEscaperName(imports) !== undefined,
};
const sinkNames = new WeakMap<CompiledTaintSpec, Map<string, (text: string) => boolean>>();

/** Whether an escape fix may add an import to this text: it names an XSS or LDAP sink and its imports lack the escaper. */
export function escapeFixMayImport(spec: CompiledTaintSpec, imports: ModuleImports, text: string): boolean {
  let byRule = sinkNames.get(spec);
  if (!byRule) {
    byRule = new Map();
    for (const rule of Object.keys(ESCAPER_IMPORTED)) {
      const sinks = (spec.spec.sinks ?? []).filter((s) => s.rule === rule);
      byRule.set(rule, mentionsAny(sinks.flatMap((s) => [...(s.methods ?? []), ...(s.calls ?? []).map((c) => c.slice(c.lastIndexOf('.') + 1))])));
    }
    sinkNames.set(spec, byRule);
  }
  return [...byRule].some(([rule, mentioned]) => mentioned(text) && !ESCAPER_IMPORTED[rule](imports));
}
