import type { RuleCatalog } from '../rules/catalog';
import type { Fix } from '../types';
import type { ModuleFacts, SinkHit } from './context';
import { ensureModuleImport } from './ensure-import';
import type { ModuleImports } from './imports';
import { removeArgument, replaceNode, rewriteFix } from './fix-edits';
import { decodeLiteralText, encodeLiteral, literalStyle } from './literals';
import { callArguments, isFString, sameNode, unwrapParens, type Node } from './syntax';
import { ruleText } from '../rules/spec-types';

/** subprocess functions that take the command as a list when no shell is asked for. */
const SUBPROCESS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
/** Shell-only calls whose result a statement ignores: the same command runs as `subprocess.run([...])`. */
const SHELL_ONLY = new Set(['os.system']);

/**
 * Whether a shell fix in this text may add `import subprocess`: cached fixes then depend on
 * where imports go. Asks the imports as the fix does (a line `import subprocess` inside a
 * string or a broken statement binds nothing).
 */
export function shellFixMayImport(imports: ModuleImports, text: string): boolean {
  return /\bos\b/.test(text) && imports.nameFor('subprocess', 'run') === undefined;
}
/** Characters the shell would give a meaning: a command using them needs more than splitting on spaces. */
const SHELL_SPECIAL = /[|&;<>()$`\\"'*?[\]{}~#!\n\r]/;

/** A piece of the command: literal text, or an interpolated value (a whole word of its own). */
type Part = { text: string } | { value: Node };

/**
 * "Run without a shell, arguments as a list": `subprocess.run(f"convert {name} out.png", shell=True)`
 * → `subprocess.run(["convert", name, "out.png"])`. Offered when the command is written in
 * place as a literal, f-string or `+` concatenation whose literal text has no shell syntax
 * and whose values are whole words: then the list runs the same program with the arguments
 * the author meant, and a value can no longer become several arguments or a second command.
 * `os.system(...)` as a statement of its own becomes `subprocess.run([...])` (its exit status
 * was not used), importing subprocess when needed.
 */
export function shellFix(hit: SinkHit, facts: ModuleFacts, catalog: RuleCatalog): Fix | undefined {
  const target = facts.imports.canonical(hit.callee) ?? hit.callee;
  const shellOnly = SHELL_ONLY.has(target);
  if (!SUBPROCESS.has(target) && !(shellOnly && hit.call.parent?.type === 'expression_statement')) return undefined;
  const args = callArguments(hit.call, facts.src);
  if (args.hasSplat || !sameNode(args.positional[0], hit.arg) || (shellOnly && args.all.length !== 1)) return undefined;
  const parts = partsOf(unwrapParens(hit.arg), facts);
  const words = parts && wordsOf(parts, hit, facts);
  if (!words || words.length === 0) return undefined;
  const edits = [replaceNode(hit.arg, `[${words.join(', ')}]`)];
  if (shellOnly) {
    const fn = hit.call.childForFieldName('function');
    if (!fn) return undefined;
    const run = ensureModuleImport(facts.imports, facts.lines.eol, 'subprocess', 'run');
    edits.push(replaceNode(fn, run.name));
    if (run.edit) edits.push(run.edit);
  }
  const shell = args.keywordNodes.get('shell');
  if (shell) {
    const removal = removeArgument(args, shell);
    if (!removal) return undefined;
    edits.push(removal);
  }
  const title = ruleText(catalog.get(hit.sink.rule)?.meta, 'python', 'fixTitle');
  return title ? rewriteFix(title, edits, facts) : undefined;
}

function partsOf(node: Node, facts: ModuleFacts): Part[] | undefined {
  switch (node.type) {
    case 'string':
      return stringParts(node, facts);
    case 'concatenated_string': {
      const out: Part[] = [];
      for (const child of node.namedChildren) {
        const parts = child.type === 'string' ? stringParts(child, facts) : undefined;
        if (!parts) return undefined;
        out.push(...parts);
      }
      return out;
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator');
      if (!left || !right || operator?.type !== '+') return undefined;
      const a = operandParts(left, facts);
      const b = a && operandParts(right, facts);
      return a && b ? [...a, ...b] : undefined;
    }
    default:
      return undefined;
  }
}

/** An operand of `+`: more string pieces, or a value. */
function operandParts(node: Node, facts: ModuleFacts): Part[] | undefined {
  const inner = unwrapParens(node);
  return inner.type === 'string' || inner.type === 'concatenated_string' || inner.type === 'binary_operator' ? partsOf(inner, facts) : [{ value: inner }];
}

/** A literal or f-string: its text pieces decoded, its `{value}`s (no conversion or format spec). */
function stringParts(node: Node, facts: ModuleFacts): Part[] | undefined {
  const children = node.namedChildren;
  const start = children[0];
  const end = children[children.length - 1];
  if (start?.type !== 'string_start' || end?.type !== 'string_end') return undefined;
  const style = literalStyle(facts.src.of(start));
  const out: Part[] = [];
  let from = start.endIndex;
  const literal = (to: number): boolean => {
    const text = decodeLiteralText(facts.src.text.slice(from, to), style);
    if (text === undefined) return false;
    out.push({ text });
    return true;
  };
  for (const child of isFString(node, facts.src) ? children : []) {
    if (child.type !== 'interpolation') continue;
    const expression = child.childForFieldName('expression');
    if (!expression || child.namedChildCount !== 1 || !literal(child.startIndex)) return undefined;
    out.push({ value: expression });
    from = child.endIndex;
  }
  return literal(end.startIndex) ? out : undefined;
}

/** The list's items as Python source; undefined when a value is not a whole word or the text has shell syntax. */
function wordsOf(parts: Part[], hit: SinkHit, facts: ModuleFacts): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let afterValue = false;
  for (const part of parts) {
    if ('value' in part) {
      if (word !== '' || afterValue) return undefined;
      const text = facts.src.of(part.value);
      // Request values are text already; other values (an order id) become text as the shell saw them.
      words.push(hit.tainted.has(`${part.value.startIndex}:${part.value.endIndex}`) ? text : `str(${text})`);
      afterValue = true;
      continue;
    }
    if (SHELL_SPECIAL.test(part.text)) return undefined;
    for (const ch of part.text) {
      if (ch === ' ' || ch === '\t') {
        if (word !== '') words.push(encodeLiteral(word, '"'));
        word = '';
        afterValue = false;
      } else {
        if (afterValue) return undefined;
        word += ch;
      }
    }
  }
  if (word !== '') words.push(encodeLiteral(word, '"'));
  return words;
}
