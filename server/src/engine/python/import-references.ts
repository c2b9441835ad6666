import type { ImportReference } from '../import-references';
import { Source, type Node } from './syntax';

const IMPORT_TYPES = ['import_statement', 'import_from_statement'];

/**
 * Every module a Python tree imports, anywhere in the file (top level, `try`/`if` blocks,
 * function bodies): `import a.b as c` → `a.b`; `from .x import (y, z)` → `.x` with names y, z
 * (each may be a submodule: `from . import orders`). A wildcard import has no names.
 */
export function pythonImportReferences(root: Node, text: string): ImportReference[] {
  const src = new Source(text);
  const out: ImportReference[] = [];
  for (const statement of root.descendantsOfType(IMPORT_TYPES)) {
    if (statement.type === 'import_statement') {
      for (const name of statement.childrenForFieldName('name')) {
        const module = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (module?.type === 'dotted_name') out.push({ specifier: compact(src.of(module)) });
      }
      continue;
    }
    const module = statement.childForFieldName('module_name');
    if (!module) continue;
    const names: string[] = [];
    for (const name of statement.childrenForFieldName('name')) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (imported) names.push(compact(src.of(imported)));
    }
    out.push({ specifier: compact(src.of(module)), names });
  }
  return out;
}

/** `a . b` (legal Python, and a line continuation inside) as `a.b`. */
function compact(dotted: string): string {
  return dotted.replace(/\s|\\/g, '');
}
