import type { Lazy } from './module-index';
import { literalValue } from './query-shape';
import { unwrapParens, type Node, type Source } from './syntax';

/** Dependency names of constants; `:` keeps them apart from function names. */
const CONSTANT_DEP = 'constant:';
/** Dependency names of any module-level name's assignments (a dispatch table, `open_url = urlopen`). */
const BINDING_DEP = 'binding:';
/** `NAME = "..."` / `NAME: str = '...'` at the start of a top-level statement. */
const STRING_ASSIGNMENT = /^([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*\(?\s*[rRuU]?["']/;
/** Any assignment to a name at the start of a top-level statement. */
const ASSIGNMENT = /^([A-Za-z_]\w*)\s*(?::[^=\n]*)?(?:[-+*/%|&^@]|\/\/|<<|>>|\*\*)?=(?!=)/;

/**
 * Module-level string constants (`CUSTOMER_COLUMNS = "id, name, email"`): names assigned once
 * at the top level, to a plain string literal. A query that interpolates one keeps it as SQL
 * text when parameterized, since it is the author's SQL, not data.
 */
export class ModuleConstants {
  /** Names assigned a string literal at the top level (whether assigned once is read later). */
  private readonly candidates = new Set<string>();
  private values?: Map<string, string>;
  private reads?: Map<string, string>;
  private bindings?: Map<string, string>;

  constructor(
    private readonly statements: readonly Lazy<Node>[],
    private readonly src: Source,
  ) {
    for (const statement of statements) {
      if (statement.type !== 'expression_statement') continue;
      const text = src.text.slice(statement.start, statement.end);
      const name = STRING_ASSIGNMENT.exec(text)?.[1];
      if (name) this.candidates.add(name);
    }
  }

  value(name: string): string | undefined {
    this.values ??= this.read();
    const value = this.values.get(name);
    this.reads?.set(name, value ?? '');
    return value;
  }

  /**
   * Runs `compute` and returns the constants it read, as cache dependencies: a function's
   * fixes depend on the constants its queries use, not on every constant of the file.
   */
  tracked<T>(compute: () => T): [T, [string, string][]] {
    const outer = this.reads;
    this.reads = new Map();
    try {
      const value = compute();
      return [value, [...this.reads].map(([name, text]) => [`${CONSTANT_DEP}${name}`, text])];
    } finally {
      this.reads = outer;
    }
  }

  /** Whether a dependency from tracked() still holds; undefined when `dep` is no constant's. */
  holds(dep: string, text: string): boolean | undefined {
    return dep.startsWith(CONSTANT_DEP) ? (this.value(dep.slice(CONSTANT_DEP.length)) ?? '') === text : undefined;
  }

  /** The dependency on what the module assigns to `name`, for a caller's `calledFunctions` (see bindingDependency). */
  static bindingDep(name: string): string {
    return `${BINDING_DEP}${name}`;
  }

  /**
   * A dependency on a module-level name's assignments: the text of every top-level statement
   * assigning it (a function whose findings follow `ACTIONS[action](x)` into the table must be
   * analyzed again when the table changes); undefined when `dep` is no binding's.
   */
  bindingDependency(dep: string): string | undefined {
    if (!dep.startsWith(BINDING_DEP)) return undefined;
    this.bindings ??= this.readBindings();
    return this.bindings.get(dep.slice(BINDING_DEP.length)) ?? '';
  }

  private readBindings(): Map<string, string> {
    const out = new Map<string, string>();
    for (const statement of this.statements) {
      if (statement.type !== 'expression_statement') continue;
      const text = this.src.text.slice(statement.start, statement.end);
      const name = ASSIGNMENT.exec(text)?.[1];
      if (name) out.set(name, out.has(name) ? `${out.get(name)}\n${text}` : text);
    }
    return out;
  }

  private read(): Map<string, string> {
    const out = new Map<string, string>();
    if (this.candidates.size === 0) return out;
    const assigned = new Map<string, number>();
    for (const statement of this.statements) {
      if (statement.type !== 'expression_statement') continue;
      const text = this.src.text.slice(statement.start, statement.end);
      const name = ASSIGNMENT.exec(text)?.[1];
      if (!name) continue;
      assigned.set(name, (assigned.get(name) ?? 0) + 1);
      if (!STRING_ASSIGNMENT.test(text)) continue;
      const right = statement.node()?.firstNamedChild?.childForFieldName('right');
      const value = right ? literalValue(unwrapParens(right), { src: this.src, inline: () => undefined }) : undefined;
      if (value != null) out.set(name, value);
    }
    for (const [name, count] of assigned) if (count > 1) out.delete(name);
    return out;
  }
}
