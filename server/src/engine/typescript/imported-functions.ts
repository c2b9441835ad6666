import type * as ts from 'typescript';
import { receiverOf } from './class-methods';
import {
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isExternalModuleReference,
  isNamedImports,
  isNamespaceImport,
  isObjectBindingPattern,
  isPropertyAccessExpression,
  isStringLiteral,
  isVariableStatement,
} from './compiler';
import { exportedFunction, type ExportedFunction, type ExportedSource, type ImportedModule, type ProjectModules } from '../modules';
import { CLEAN, clearFor, isTainted, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import { requireOf } from './imports';
import { checkCallSinks, checkParamCalls } from './sinks';
import { argumentFlows, argumentRole } from './summaries';
import { skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';

/** A top-level name bound to another module: `name` is the export it stands for, `*` for the module itself (`import * as db`, `const db = require('./db')`). */
interface ModuleBinding {
  specifier: string;
  name: string;
}

/** What a callee names in another module: the names its summary may have it under, in order. */
interface Target {
  specifier: string;
  names: string[];
}

/** An exported function found for a call, and the module (file) that defines it. */
interface Found {
  fn: ExportedFunction;
  path: string;
}

/** Re-export chains longer than this (barrel of barrels of ...) are not followed. */
const MAX_HOPS = 6;

/**
 * Calls to functions of other project modules (cross-module taint): `getSearchTerm(req)` with
 * `import { getSearchTerm } from '@/lib/request'`, `db.buildQuery(q)` with `import * as db`
 * or `const db = require('./db')`. The embedder's ProjectModules resolves the import and
 * summarizes the module; its summary applies like a same-file function's.
 */
export class ImportedFunctions {
  private bindings?: Map<string, ModuleBinding>;
  // Per walk of the file, so the embedder is asked once per module and name (null: nothing there).
  private readonly found = new Map<string, Found | null>();
  private readonly resolved = new Map<string, ImportedModule | null>();

  constructor(
    private readonly w: TaintWalker,
    private readonly modules: ProjectModules,
  ) {}

  /** The taint of a call to an imported project function, or undefined when the callee is not one (or is unknown). */
  call(callee: ts.Expression, node: ts.CallExpression, args: readonly Taint[]): Taint | undefined {
    const target = this.target(callee);
    if (!target) return undefined;
    let hit: Found | undefined;
    for (const name of target.names) if ((hit = this.lookup(target.specifier, name))) break;
    if (!hit) return undefined;
    const w = this.w;
    const { fn } = hit;
    const written = w.text(callee).replace(/\s+/g, '');
    const where = displayPath(w.input.path, hit.path);
    if (fn.sinks) checkCallSinks(w, node, written, fn.sinks, args, hit.path);
    if (fn.paramCalls) checkParamCalls(w, node, written, fn.paramCalls, args, hit.path);
    const flowing = union(...argumentFlows(fn.params, args));
    const out: Taint[] = [isTainted(flowing) ? withStep(flowing, w.step(node, `returned by \`${written}()\` (${where})`)) : CLEAN];
    for (const param of fn.params) {
      const role = param.rest ? undefined : argumentRole(w, node, param.index);
      if (role && param.roles?.[role]) out.push(...param.roles[role].map((s) => this.sourceAt(node, written, where, s)));
    }
    out.push(...fn.sources.map((s) => this.sourceAt(node, written, where, s)));
    return union(...out);
  }

  /** A source read in the other module: named as there, placed at the call, with a step that says where it was read. */
  private sourceAt(node: ts.CallExpression, written: string, where: string, s: ExportedSource): Taint {
    const w = this.w;
    const taint = sourceTaint(w.step(node, s.label), s.lowConfidence ? 'low' : 'high');
    const step = withStep(taint, w.step(node, `returned by \`${written}()\` (${where} line ${s.line} reads ${s.label})`));
    return s.cleared?.length ? clearFor(step, s.cleared) : step;
  }

  /**
   * Which module and export a callee names: `f` imported by name or as a default; `ns.f` of a
   * namespace or CommonJS module object; `queries.f` of an imported object or class.
   */
  private target(callee: ts.Expression): Target | undefined {
    const w = this.w;
    if (isIdentifier(callee)) {
      const binding = !w.isLocal(callee.text) ? this.bindingsOf().get(callee.text) : undefined;
      // Calling a whole CommonJS module: its `module.exports = function`, summarized as `default`.
      return binding && { specifier: binding.specifier, names: [binding.name === '*' ? 'default' : binding.name] };
    }
    if (isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && isIdentifier(callee.name)) {
      const base = callee.expression.text;
      const binding = !w.isLocal(base) ? this.bindingsOf().get(base) : undefined;
      const member = callee.name.text;
      if (!binding) return this.instanceTarget(callee, member);
      // A default import is an ESM `export default { f }` or a CommonJS module's exports object.
      const names = binding.name === '*' ? [member] : binding.name === 'default' ? [`default.${member}`, member] : [`${binding.name}.${member}`];
      return { specifier: binding.specifier, names };
    }
    // `this.dao.find(q)` with an injected `dao: UsersDao`.
    if (isPropertyAccessExpression(callee) && isIdentifier(callee.name)) return this.instanceTarget(callee, callee.name.text);
    return undefined;
  }

  /** `dao.find(q)` with `const dao = new UsersDao()` (or an injected `this.dao: UsersDao`) of an imported class: its instance method. */
  private instanceTarget(callee: ts.PropertyAccessExpression, member: string): Target | undefined {
    const w = this.w;
    const receiver = receiverOf(callee, (name) => w.isLocal(name), (node) => w.usesFunction(node));
    if (!receiver || !('className' in receiver) || !receiver.instance) return undefined;
    const binding = !w.isLocal(receiver.className) ? this.bindingsOf().get(receiver.className) : undefined;
    if (!binding) return undefined;
    const owner = binding.name === '*' ? 'default' : binding.name;
    return { specifier: binding.specifier, names: [`${owner}.prototype.${member}`] };
  }

  private bindingsOf(): Map<string, ModuleBinding> {
    return (this.bindings ??= moduleBindings(this.w.sf));
  }

  private lookup(specifier: string, name: string): Found | undefined {
    const found = this.answerOf(specifier, name);
    this.w.usedImport(specifier, name, found?.fn);
    return found;
  }

  /** What the embedder's modules give for `name` of `specifier`: the exported function (compared by identity), or undefined. */
  answer(specifier: string, name: string): unknown {
    return this.answerOf(specifier, name)?.fn;
  }

  private answerOf(specifier: string, name: string): Found | undefined {
    const key = `${name} ${specifier}`;
    let found = this.found.get(key);
    if (found === undefined) {
      found = this.find(this.w.input.path, specifier, name, 0, new Set()) ?? null;
      this.found.set(key, found);
    }
    return found ?? undefined;
  }

  /** `name` exported by the module `specifier` names, following re-exports (`export { q } from`, `export * from`). */
  private find(fromPath: string, specifier: string, name: string, hops: number, seen: Set<string>): Found | undefined {
    if (hops > MAX_HOPS) return undefined;
    const module = this.resolve(fromPath, specifier);
    if (!module || seen.has(module.path)) return undefined;
    seen.add(module.path);
    const { reexports } = module.summary;
    const fn = exportedFunction(module, name);
    if (fn) return { fn, path: module.path };
    if (!reexports) return undefined;
    // `queries.byName` of `export { queries } from './db'` is `queries.byName` there.
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const named = Object.prototype.hasOwnProperty.call(reexports, head) && !head.startsWith('*') ? reexports[head] : undefined;
    if (named) return this.find(module.path, named[0], named[1] + name.slice(head.length), hops + 1, seen);
    if (head === 'default') return undefined; // `export *` does not re-export a default
    for (const [key, [from, there]] of Object.entries(reexports)) {
      if (!key.startsWith('*') || there !== '*') continue;
      const found = this.find(module.path, from, name, hops + 1, seen);
      if (found) return found;
    }
    return undefined;
  }

  /** The embedder's answer, asked once per walk; an embedder that throws is treated as not knowing the module. */
  private resolve(fromPath: string, specifier: string): ImportedModule | undefined {
    const key = `${fromPath}\0${specifier}`;
    let module = this.resolved.get(key);
    if (module === undefined) {
      try {
        module = this.modules.resolve(fromPath, specifier, 'typescript') ?? null;
      } catch {
        module = null;
      }
      this.resolved.set(key, module);
    }
    return module ?? undefined;
  }
}

/**
 * Top-level names bound to other modules: `import f from`, `import { f as g } from`,
 * `import * as m from`, `import m = require()`, `const m = require()`, `const { f } = require()`,
 * `const f = require().f`.
 */
function moduleBindings(sf: ts.SourceFile): Map<string, ModuleBinding> {
  const out = new Map<string, ModuleBinding>();
  for (const statement of sf.statements) {
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier) && statement.importClause && !statement.importClause.isTypeOnly) {
      const specifier = statement.moduleSpecifier.text;
      const { name, namedBindings } = statement.importClause;
      if (name) out.set(name.text, { specifier, name: 'default' });
      if (namedBindings && isNamespaceImport(namedBindings)) out.set(namedBindings.name.text, { specifier, name: '*' });
      if (namedBindings && isNamedImports(namedBindings)) {
        for (const element of namedBindings.elements) if (!element.isTypeOnly) out.set(element.name.text, { specifier, name: (element.propertyName ?? element.name).text });
      }
    } else if (isImportEqualsDeclaration(statement) && isExternalModuleReference(statement.moduleReference) && isStringLiteral(statement.moduleReference.expression)) {
      out.set(statement.name.text, { specifier: statement.moduleReference.expression.text, name: '*' });
    } else if (isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && skipOuter(declaration.initializer);
        if (!init) continue;
        const whole = requireOf(init);
        if (whole !== undefined) {
          if (isIdentifier(declaration.name)) out.set(declaration.name.text, { specifier: whole, name: '*' });
          else if (isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              const member = element.propertyName ?? element.name;
              if (isIdentifier(element.name) && isIdentifier(member) && !element.dotDotDotToken) out.set(element.name.text, { specifier: whole, name: member.text });
            }
          }
        } else if (isPropertyAccessExpression(init) && isIdentifier(declaration.name) && isIdentifier(init.name)) {
          const module = requireOf(init.expression);
          if (module !== undefined) out.set(declaration.name.text, { specifier: module, name: init.name.text });
        }
      }
    }
  }
  return out;
}

/**
 * How the trace names the other module: as the embedder spells it when relative; for two
 * absolute paths, from their common folder (`lib/request.ts` for `/app/lib/request.ts` seen
 * from `/app/app/api/search/route.ts`), which reads like the project's own paths.
 */
export function displayPath(fromPath: string, modulePath: string): string {
  const to = modulePath.replace(/\\/g, '/');
  const from = fromPath.replace(/\\/g, '/');
  const absolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:\//.test(p);
  if (!absolute(to) || !absolute(from)) return to;
  const a = from.split('/');
  const b = to.split('/');
  let common = 0;
  while (common < a.length - 1 && common < b.length - 1 && a[common] === b[common]) common++;
  return common > 0 ? b.slice(common).join('/') : to;
}
