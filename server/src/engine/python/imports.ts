import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { Lazy } from './module-index';
import type { Node, Source } from './syntax';

/**
 * What a file's imports bind: local name → dotted path (`sa` → `sqlalchemy`, `text` →
 * `sqlalchemy.text`, `request` → `flask.request`), the modules imported (for the SQL driver's
 * placeholder style), and which names are import roots of sources (`flask.request`).
 * Top-level imports count, and those in top-level `if`/`try` blocks.
 */
export class ModuleImports {
  private readonly aliases = new Map<string, string>();
  /** Names bound by relative imports (`from .search import q` → `q` → `.search.q`): the project's own modules. */
  private readonly relative = new Map<string, string>();
  readonly modules = new Set<string>();
  private readonly roots: Set<string>;
  private readonly fromBindings = new Map<string, [string, string]>();
  /** Offset where a new top-level import goes: after the last top-level import. */
  insertAt = 0;
  /** End of the module docstring and `from __future__` imports that open the file (0 when none). */
  headerEnd = 0;
  /** End of the comment lines that open the file (a shebang, `# -*- coding -*-`, a licence header): a new import goes below them. */
  commentEnd = 0;

  private constructor(
    /** The import statements' text: part of the cache key of every function. */
    readonly signature: string,
    readonly spec: CompiledTaintSpec,
    nodes: readonly Node[],
    src: Source,
  ) {
    this.roots = new Set(spec.importRoots);
    for (const node of nodes) {
      if (node.type === 'import_statement') this.addImport(node, src);
      else this.addFromImport(node, src);
    }
  }

  /** The imports of a file's top level; `previous` is reused when the import statements did not change. */
  static of(statements: readonly Lazy<Node>[], src: Source, spec: CompiledTaintSpec, previous?: ModuleImports): ModuleImports {
    const texts: string[] = [];
    const nodes: (() => Node[])[] = [];
    let insertAt = 0;
    let headerEnd = 0;
    for (const statement of statements) {
      if (isHeader(statement, src) && /^(?:\s|#[^\n]*)*$/.test(src.text.slice(headerEnd, statement.start))) headerEnd = statement.end;
      if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
        texts.push(src.text.slice(statement.start, statement.end));
        nodes.push(() => [statement.node()!]);
        insertAt = statement.end;
      } else if ((statement.type === 'if_statement' || statement.type === 'try_statement') && src.text.slice(statement.start, statement.end).includes('import')) {
        const nested = statement.node()?.descendantsOfType(['import_statement', 'import_from_statement']) ?? [];
        texts.push(...nested.map((n) => src.of(n)));
        nodes.push(() => nested);
      }
    }
    const signature = texts.join('\n');
    const imports = previous?.signature === signature && previous.spec === spec ? previous : new ModuleImports(signature, spec, nodes.flatMap((n) => n()), src);
    imports.insertAt = insertAt;
    imports.headerEnd = headerEnd;
    imports.commentEnd = /^(?:#[^\n]*\n)*/.exec(src.text)![0].length;
    return imports;
  }

  /** `sa.text` → `sqlalchemy.text` when `sa` is an imported name; undefined when it is not. */
  canonical(dotted: string | undefined): string | undefined {
    if (!dotted) return undefined;
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const target = this.aliases.get(head);
    return target === undefined ? undefined : dot < 0 ? target : target + dotted.slice(dot);
  }

  /**
   * The dotted path a name refers to through any import, relative ones included (`q` →
   * `.search.q`, `search.q` → `app.search.q`): where cross-module taint looks for a function.
   */
  target(dotted: string | undefined): string | undefined {
    const canonical = this.canonical(dotted);
    if (canonical !== undefined || !dotted || this.relative.size === 0) return canonical;
    const dot = dotted.indexOf('.');
    const target = this.relative.get(dot < 0 ? dotted : dotted.slice(0, dot));
    return target === undefined ? undefined : dot < 0 ? target : target + dotted.slice(dot);
  }

  /** The project modules the file imports names from by relative imports (`from ..db import get_db` → `..db`). */
  get relativeModules(): string[] {
    return [...new Set([...this.fromBindings.values()].map(([module]) => module).filter((m) => m.startsWith('.')))];
  }

  /** Every `from M import n [as a]` binding, relative ones included: local name → [M, n] (what a package `__init__` re-exports). */
  fromImports(): [string, [string, string]][] {
    return [...this.fromBindings];
  }

  /** Whether the import root `flask.request` is bound (canonical dotted name expected). */
  isRoot(canonical: string | undefined): canonical is string {
    return !!canonical && this.roots.has(canonical);
  }

  /** Local names through which an import root is reached: `request`, or `flask` for `flask.request`. */
  rootNames(): string[] {
    const out: string[] = [];
    for (const [name, target] of this.aliases) {
      for (const root of this.roots) if (root === target || root.startsWith(`${target}.`)) out.push(name);
    }
    return out;
  }

  /** Local names whose import target satisfies `test` (e.g. aliases of a sink: `sql_text` for `sqlalchemy.text`). */
  localNamesWhere(test: (target: string) => boolean): string[] {
    return [...this.aliases].filter(([, target]) => test(target)).map(([name]) => name);
  }

  /** The local name bound to a dotted path, e.g. `text` for `sqlalchemy.text`. */
  localNameOf(target: string): string | undefined {
    for (const [name, value] of this.aliases) if (value === target) return name;
    return undefined;
  }

  /** The local name `module.name` is bound to (`from m import name` or `import m`), if any. */
  nameFor(module: string, name: string): string | undefined {
    const direct = this.localNameOf(`${module}.${name}`);
    if (direct) return direct;
    const moduleName = this.localNameOf(module);
    return moduleName ? `${moduleName}.${name}` : undefined;
  }

  private addImport(statement: Node, src: Source): void {
    for (const name of statement.childrenForFieldName('name')) {
      if (name.type === 'aliased_import') {
        const module = name.childForFieldName('name');
        const alias = name.childForFieldName('alias');
        if (!module || !alias) continue;
        this.addModule(src.of(module));
        this.aliases.set(src.of(alias), src.of(module));
      } else if (name.type === 'dotted_name') {
        const module = src.of(name);
        this.addModule(module);
        const head = module.split('.')[0];
        this.aliases.set(head, head);
      }
    }
  }

  private addFromImport(statement: Node, src: Source): void {
    const moduleNode = statement.childForFieldName('module_name');
    if (!moduleNode) return;
    if (moduleNode.type === 'relative_import') return this.addRelativeImport(statement, src.of(moduleNode), src);
    const module = src.of(moduleNode);
    this.addModule(module);
    if (statement.namedChildren.some((c) => c.type === 'wildcard_import')) {
      // `from flask import *` binds `request` too.
      for (const root of this.roots) {
        if (root.startsWith(`${module}.`) && !root.slice(module.length + 1).includes('.')) this.aliases.set(root.slice(module.length + 1), root);
      }
      return;
    }
    for (const name of statement.childrenForFieldName('name')) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (!imported || !local) continue;
      const target = `${module}.${src.of(imported)}`;
      this.modules.add(target); // `from mysql import connector` imports a module
      this.aliases.set(src.of(local), target);
      this.fromBindings.set(src.of(local), [module, src.of(imported)]);
    }
  }

  /** `from .search import q`, `from .. import views`: kept apart, so no rule mistakes them for a package's names. */
  private addRelativeImport(statement: Node, module: string, src: Source): void {
    for (const name of statement.childrenForFieldName('name')) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (!imported || !local) continue;
      this.relative.set(src.of(local), `${module}${module.endsWith('.') ? '' : '.'}${src.of(imported)}`);
      this.fromBindings.set(src.of(local), [module, src.of(imported)]);
    }
  }

  private addModule(module: string): void {
    const segments = module.split('.');
    for (let i = 1; i <= segments.length; i++) this.modules.add(segments.slice(0, i).join('.'));
  }
}

/** A module docstring or `from __future__ import ...`: what must stay first in a file. */
function isHeader(statement: Lazy<Node>, src: Source): boolean {
  if (statement.type === 'future_import_statement') return true;
  return statement.type === 'expression_statement' && /^[rRuU]?(?:"|')/.test(src.text.slice(statement.start, statement.start + 2));
}
