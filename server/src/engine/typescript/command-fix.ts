import type * as ts from 'typescript';
import {
  isBindingElement,
  isIdentifier,
  isImportDeclaration,
  isNamedImports,
  isObjectBindingPattern,
  isPropertyAccessExpression,
  isStringLiteral,
  isVariableStatement,
} from './compiler';
import { ruleText, type SinkSpec } from '../rules/spec-types';
import type { Fix, TextEdit } from '../types';
import { cutQuery, stringLiteral } from './query-text';
import { skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/** exec → execFile, execSync → execFileSync: the same options and callback, no shell. */
const WITHOUT_SHELL: Record<string, string> = { exec: 'execFile', execSync: 'execFileSync' };
const CHILD_PROCESS = new Set(['child_process', 'node:child_process']);
/** Text the shell would treat as syntax (quotes, pipes, globs, variables...): then the command is no plain word list. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~{}!\n]/;

/**
 * "Run without a shell, arguments as a list": `exec(`convert ${file} out.png`)` becomes
 * `execFile('convert', [String(file), 'out.png'])` when the command splits on spaces into words and
 * every value is a whole word (so it stays one argument). The `execFile` import is added next
 * to the `exec` one; a `cp.exec` call just changes its method.
 */
export function commandFixes(w: TaintWalker, call: ts.CallExpression, arg: ts.Expression, sink: SinkSpec): Fix[] {
  if (sink.arg !== 0 || sink.when) return []; // `spawn(cmd, { shell: true })`: the shell option is the user's to drop
  const callee = skipOuter(call.expression);
  const name = isIdentifier(callee) ? callee : isPropertyAccessExpression(callee) && isIdentifier(callee.name) ? callee.name : undefined;
  const replacement = name && WITHOUT_SHELL[name.text];
  if (!name || !replacement) return [];
  const words = commandWords(arg, w.sf);
  if (!words || words.length === 0 || words[0].kind !== 'text') return [];

  const q = w.facts.quote;
  // A template turned any value into text; an argument list takes only strings (tsc --strict
  // and Node both refuse others), so each value keeps that conversion.
  const code = (word: Word) => (word.kind === 'text' ? stringLiteral(word.text, q, w.eol) : /^String\([^]*\)$/.test(word.code) ? word.code : `String(${word.code})`);
  const edits: TextEdit[] = [
    { range: w.range(name), newText: replacement },
    { range: w.range(arg), newText: `${code(words[0])}, [${words.slice(1).map(code).join(', ')}]` },
  ];
  if (isIdentifier(callee)) {
    const imported = importEdit(w, callee.text, replacement);
    if (!imported) return [];
    edits.push(...imported);
  }
  const title = ruleText(w.input.catalog.get(sink.rule)?.meta, 'typescript', 'fixTitle') ?? 'Run without a shell, arguments as a list';
  return [{ title, kind: 'rewrite', isPreferred: true, edits }];
}

type Word = { kind: 'text'; text: string } | { kind: 'value'; code: string };

/** The command as words, or undefined when it is not a plain list (shell syntax, a value glued to text). */
function commandWords(arg: ts.Expression, sf: ts.SourceFile): Word[] | undefined {
  const cut = cutQuery(arg, sf);
  if (!cut) return undefined;
  const words: Word[] = [];
  let glued = false; // the previous piece ended without a space: the next one would join its word
  for (const part of cut.parts) {
    if (part.kind === 'value') {
      if (glued) return undefined;
      words.push({ kind: 'value', code: part.code });
      glued = true;
      continue;
    }
    if (SHELL_SYNTAX.test(part.text)) return undefined;
    if (part.text === '') continue;
    if (glued && !/^\s/.test(part.text)) return undefined;
    const pieces = part.text.split(/\s+/).filter((p) => p !== '');
    for (const piece of pieces) words.push({ kind: 'text', text: piece });
    glued = pieces.length > 0 && !/\s$/.test(part.text);
  }
  return words;
}

/** Adds `execFile` to the `import { exec } from 'child_process'` or `const { exec } = require(...)` that brought `exec`. */
function importEdit(w: TaintWalker, local: string, wanted: string): TextEdit[] | undefined {
  for (const statement of w.sf.statements) {
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier) && CHILD_PROCESS.has(statement.moduleSpecifier.text)) {
      const named = statement.importClause?.namedBindings;
      if (!named || !isNamedImports(named)) continue;
      if (!named.elements.some((e) => e.name.text === local && (e.propertyName ?? e.name).getText(w.sf) === local)) continue;
      if (named.elements.some((e) => e.name.text === wanted)) return [];
      const last = named.elements[named.elements.length - 1];
      return [{ range: w.input.lines.rangeAt(last.getEnd(), last.getEnd()), newText: `, ${wanted}` }];
    }
    if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && skipOuter(declaration.initializer);
        if (!init || !isObjectBindingPattern(declaration.name) || !w.text(init).match(/^require\(\s*['"](?:node:)?child_process['"]\s*\)$/)) continue;
        const elements = declaration.name.elements;
        if (!elements.some((e) => isBindingElement(e) && isIdentifier(e.name) && e.name.text === local && !e.propertyName)) continue;
        if (elements.some((e) => isIdentifier(e.name) && e.name.text === wanted)) return [];
        const last = elements[elements.length - 1];
        return [{ range: w.input.lines.rangeAt(last.getEnd(), last.getEnd()), newText: `, ${wanted}` }];
      }
    }
  }
  return undefined;
}
