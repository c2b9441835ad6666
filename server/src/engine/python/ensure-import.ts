import type { ModuleImports } from './imports';
import type { Edit } from './sql-render';

/**
 * How a fix calls `module.name`: by the name the file already binds it to, or by `name` after
 * adding `from module import name` below the last top-level import (or below the module
 * docstring and `__future__` imports, or below the comment lines that open the file — a shebang,
 * a coding line, a licence header — when the file imports nothing).
 */
export function ensureImport(imports: ModuleImports, eol: string, module: string, name: string): { name: string; edit?: Edit } {
  const bound = imports.nameFor(module, name);
  return bound ? { name: bound } : { name, edit: importLine(imports, eol, `from ${module} import ${name}`) };
}

/** How a fix reaches `module.name` when it prefers the module itself imported (`import subprocess`). */
export function ensureModuleImport(imports: ModuleImports, eol: string, module: string, name: string): { name: string; edit?: Edit } {
  const bound = imports.nameFor(module, name);
  return bound ? { name: bound } : { name: `${module}.${name}`, edit: importLine(imports, eol, `import ${module}`) };
}

function importLine(imports: ModuleImports, eol: string, line: string): Edit {
  const at = importOffset(imports);
  // Below an import or the docstring the new line follows a statement; below the opening comments (or at the top) it starts a line.
  return { start: at, end: at, text: imports.insertAt || imports.headerEnd ? `${eol}${line}` : `${line}${eol}` };
}

/** Where `ensureImport` inserts: what cached fixes depend on. */
export function importOffset(imports: ModuleImports): number {
  return imports.insertAt || imports.headerEnd || imports.commentEnd;
}
