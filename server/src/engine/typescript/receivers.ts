import type * as ts from 'typescript';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { ReceiverOrigin } from '../taint/libraries';
import {
  SyntaxKind,
  forEachChild,
  isAwaitExpression,
  isCallExpression,
  isClassDeclaration,
  isElementAccessExpression,
  isIdentifier,
  isNewExpression,
  isPropertyAccessExpression,
  isPropertyDeclaration,
  isTypeReferenceNode,
  isVariableDeclaration,
} from './compiler';
import { importedNames, type ImportedName } from './imports';
import { skipOuter } from './syntax';

/** The origin of objects of the file's own classes. */
const PROJECT: ReceiverOrigin = { library: '(project)', hinted: false };

/**
 * Which library the objects a file calls methods on come from (`Staff` imported from
 * `./models`, `users` after `const users = client.db().collection('users')`, `this.userModel:
 * Model<User>`), so that a sink named by a library matches only calls on that library's
 * objects. Names are the file's, not per scope: a name bound to two libraries is left unknown.
 */
export class ReceiverOrigins {
  private readonly imports: Map<string, ImportedName>;
  private readonly bound = new Map<string, ReceiverOrigin | null>();
  private readonly imported = new Set<string>();
  /** The bindings found, as text: part of the file's cache context. */
  readonly signature: string;

  constructor(
    sf: ts.SourceFile,
    private readonly spec: CompiledTaintSpec,
    /** The libraries a project module imports (from its summary), when the embedder resolves project modules. */
    private readonly projectLibraries?: (specifier: string) => readonly string[] | undefined,
  ) {
    this.imports = importedNames(sf);
    let anyLibrary = false;
    for (const { module } of this.imports.values()) {
      const origin = spec.libraries.ofModule(module);
      if (origin) anyLibrary = true;
      if (origin && !origin.hinted) this.imported.add(origin.library);
    }
    // Only a file that imports a library (or a wrapper of one) can bind names to it.
    if (!anyLibrary) {
      this.signature = '';
      return;
    }
    const bindings: ts.Node[] = [];
    const visit = (node: ts.Node): void => {
      // An object of a class the file defines is the project's own (`new ItemRepository().deleteOne`), no library's.
      if (isClassDeclaration(node) && node.name) this.bound.set(node.name.text, PROJECT);
      if (isVariableDeclaration(node) || node.kind === SyntaxKind.Parameter || isPropertyDeclaration(node)) bindings.push(node);
      forEachChild(node, visit);
    };
    visit(sf);
    for (let pass = 0; pass < 2; pass++) for (const node of bindings) this.bind(node as ts.VariableDeclaration | ts.ParameterDeclaration | ts.PropertyDeclaration);
    this.signature = [...this.bound].map(([k, v]) => `${k}=${v ? `${v.library}${v.hinted ? '?' : ''}` : '-'}`).join(',');
  }

  /** The libraries the file imports itself. */
  get importedLibraries(): string[] {
    return [...this.imported];
  }

  fileImports(library: string): boolean {
    return this.imported.has(library);
  }

  /** The library a receiver expression (`db.collection('x')`, `Staff`, `this.users`) comes from, if known. */
  originOf(node: ts.Expression): ReceiverOrigin | undefined {
    const key = chainKey(node);
    if (!key) return undefined;
    const bound = this.bound.get(key);
    if (bound !== undefined) return bound ?? undefined;
    const imported = this.imports.get(key);
    return imported && (this.spec.libraries.ofModule(imported.module) ?? this.projectOrigin(imported.module));
  }

  /** A name imported from a project module that imports a library (`reviews` from `@/lib/reviews`, which imports `mongodb`). */
  private projectOrigin(specifier: string): ReceiverOrigin | undefined {
    const libraries = this.projectLibraries?.(specifier);
    return libraries?.length ? { library: libraries[0], hinted: true, alternatives: libraries.slice(1) } : undefined;
  }

  private bind(node: ts.VariableDeclaration | ts.ParameterDeclaration | ts.PropertyDeclaration): void {
    if (!isIdentifier(node.name)) return;
    // A class property or a constructor parameter property is read as `this.name`.
    const isMember = isPropertyDeclaration(node) || (node.kind === SyntaxKind.Parameter && (node.modifiers?.length ?? 0) > 0);
    const key = isMember ? `this.${node.name.text}` : node.name.text;
    const origin = (node.type && this.typeOrigin(node.type)) || (node.initializer && this.originOf(node.initializer));
    if (!origin) return;
    const known = this.bound.get(key);
    if (known === undefined) this.bound.set(key, origin);
    else if (known && known.library !== origin.library) this.bound.set(key, null);
  }

  /** `Collection<User>`, `Model<UserDocument>`, `PrismaClient`: a type imported from a library. */
  private typeOrigin(type: ts.TypeNode): ReceiverOrigin | undefined {
    if (!isTypeReferenceNode(type)) return undefined;
    let name: ts.EntityName = type.typeName;
    while (name.kind === SyntaxKind.QualifiedName) name = name.left;
    const imported = this.imports.get(name.text);
    return imported && this.spec.libraries.ofModule(imported.module);
  }
}

/** The name a receiver chain starts from: `db` for `db.collection('x')`, `mongoose` for `mongoose.model(...)`, `this.users` for `this.users.find`. */
function chainKey(node: ts.Expression): string | undefined {
  let current = skipOuter(node);
  for (;;) {
    if (isIdentifier(current)) return current.text;
    if (isPropertyAccessExpression(current) && current.expression.kind === SyntaxKind.ThisKeyword) return `this.${current.name.text}`;
    if (isPropertyAccessExpression(current) || isElementAccessExpression(current) || isCallExpression(current) || isNewExpression(current) || isAwaitExpression(current)) current = skipOuter(current.expression);
    else return undefined;
  }
}
