import type { ImportStatement, ImportSyntax } from '../fixes/unused-imports';
import { createParser } from './parser';

// Python's import statements for fixes/unused-imports.ts: `import os, hashlib as h`,
// `from m import a, b as c` (parenthesized too), read by tree-sitter. Names bound by
// `import a.b` (`a`), star imports and `__future__` imports are never removed.

let parser: ReturnType<typeof createParser> | undefined;

/** Top-level (column 0) `import`/`from` statements, through parentheses and backslash continuations. */
function spans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const start = /^(?:import|from)[ \t]/gm;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    let end = m.index;
    let depth = 0;
    for (;;) {
      const lineEnd = text.indexOf('\n', end);
      const line = text.slice(end, lineEnd < 0 ? text.length : lineEnd).replace(/#.*$/, '');
      for (const c of line) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      end = lineEnd < 0 ? text.length : lineEnd;
      if (lineEnd < 0 || (depth <= 0 && !/\\\r?$/.test(line))) break;
      end = lineEnd + 1;
    }
    out.push({ start: m.index, end: text[end - 1] === '\r' ? end - 1 : end });
    start.lastIndex = end;
  }
  return out;
}

function parse(statement: string): ImportStatement | undefined {
  const tree = (parser ??= createParser()).parse(statement);
  const root = tree.rootNode;
  if (root.hasError || root.namedChildCount !== 1) return undefined;
  const node = root.namedChildren[0];
  if (node.type !== 'import_statement' && node.type !== 'import_from_statement') return undefined;
  const items: { local: string; text: string }[] = [];
  for (const name of node.childrenForFieldName('name')) {
    if (name.type === 'aliased_import') items.push({ local: name.childForFieldName('alias')!.text, text: name.text });
    // `import a.b` binds `a`, and other code may use `a.c` through it: kept.
    else if (node.type === 'import_from_statement' || !name.text.includes('.')) items.push({ local: name.text, text: name.text });
    else items.push({ local: '', text: name.text });
  }
  const head = node.type === 'import_statement' ? 'import' : `from ${node.childForFieldName('module_name')!.text} import`;
  const parenthesized = node.type === 'import_from_statement' && /import\s*\(/.test(statement);
  return {
    names: items.map((i) => i.local).filter((n) => n),
    without(drop) {
      const kept = items.filter((i) => !drop.has(i.local)).map((i) => i.text);
      if (!kept.length) return undefined;
      return parenthesized ? `${head} (${kept.join(', ')})` : `${head} ${kept.join(', ')}`;
    },
  };
}

export const pythonImports: ImportSyntax = { spans, parse };
