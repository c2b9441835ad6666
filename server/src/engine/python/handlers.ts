import { fillLabel, type CompiledHandler } from '../rules/compiled-spec';
import type { HandlerParamSpec } from '../rules/spec-types';
import { CLEAN, sourceTaint, type Taint } from '../taint/taint';
import { unknownOriginTaint, unknownParameterLabel } from '../taint/unknown-origin';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { ModuleFacts, Scope } from './context';
import type { ModuleImports } from './imports';
import { callArguments, dottedName, mentionsAny, type FunctionNode, type Node, type Source } from './syntax';

/** One parameter of a function: its name node, and what it holds on entry. */
export interface ParamBinding {
  name: string;
  node: Node;
  taint: Taint;
  /** A request object (`request: Request`): its members are sources, it is no value itself. */
  role?: string;
  /** Its annotation (`q: str`), if any. */
  type?: Node;
}

/** Generic containers whose element types decide whether a parameter is safe. */
export const WRAPPERS = new Set(['Optional', 'Union', 'List', 'list', 'Set', 'set', 'FrozenSet', 'frozenset', 'Sequence', 'Tuple', 'tuple']);

/**
 * The parameters of `fn`. For a route handler (recognized by its decorators, e.g.
 * `@router.get("/x")`), parameters are user values unless their type or default makes them
 * safe (`item_id: int`, `db: Session = Depends(get_db)`), or request objects by annotation.
 */
export function parameterBindings(fn: FunctionNode, scope: Scope): ParamBinding[] {
  const handler = handlerOf(fn, scope.facts);
  const out: ParamBinding[] = [];
  const parameters = fn.definition.childForFieldName('parameters');
  let position = 0;
  for (const param of parameters?.namedChildren ?? []) {
    const parts = paramParts(param);
    if (!parts) continue;
    const name = scope.text(parts.name);
    const binding: ParamBinding = { name, node: parts.name, taint: CLEAN, ...(parts.type && { type: parts.type }) };
    out.push(binding);
    const index = position++;
    if (!handler) {
      binding.taint = unknownOrigin(fn, index, name, parts, scope);
      continue;
    }
    if (parts.splat) continue;
    // A method's receiver (`self` of a class-based controller) is the framework's object, never request data,
    // unless the framework names it (a Tornado `RequestHandler`'s `self.get_argument()`).
    const receiver = index === 0 && (name === 'self' || name === 'cls') && isMethod(fn);
    if (receiver && !handler.spec.params.some((p) => p.names?.includes(name))) continue;
    const spec = matchParam(handler, index, name, parts.type ? coreTypeName(parts.type, scope) : undefined);
    if (!spec) continue;
    if (spec.role !== 'user-value') {
      binding.role = spec.role;
    } else if (!isSafe(handler, parts, scope) && !hasSafeConverter(fn, handler, name, scope)) {
      const label = fillLabel(spec.label ?? '`{name}`', { name });
      binding.taint = sourceTaint({ range: scope.range(parts.name), label }, handler.spec.confidence ?? 'high');
    }
  }
  return out;
}

/** Annotations of text, whose values can carry an injection (any other annotation names a value that is no query or command text). */
const TEXT_TYPES = new Set(['str', 'bytes', 'AnyStr', 'Any', 'object', 'Text']);

/**
 * With the unknown-origin tier on, in a walk that reports: a parameter of a function no framework
 * calls carries a label of unknown origin (its callers may be out of view). Not the method's
 * receiver, `*args`/`**kwargs` (what they hold is each caller's), nor one annotated with a type
 * other than text (`int`, `ZoneInfo`, a `Literal[...]` of fixed values).
 */
function unknownOrigin(fn: FunctionNode, index: number, name: string, parts: ParamParts, scope: Scope): Taint {
  if (!scope.hits || !scope.facts.unknownOriginCovered || parts.splat) return CLEAN;
  if (index === 0 && (name === 'self' || name === 'cls') && isMethod(fn)) return CLEAN;
  const fnName = publicName(fn, scope);
  if (fnName === undefined) return CLEAN;
  // `timezone: ZoneInfo`, `limit: int`, `statement: Select`: not text the caller wrote.
  const type = parts.type ? coreTypeName(parts.type, scope) : undefined;
  if (parts.type && (!type || !TEXT_TYPES.has(type))) return CLEAN;
  return unknownOriginTaint({ range: scope.range(parts.name), label: unknownParameterLabel(name, fnName) }, name);
}

/**
 * The name of a function other modules may call: a module-level function or a method of a
 * module-level class, neither `_private`. Nested and private functions are called where Vigil sees
 * the arguments (and follows request data through them).
 */
function publicName(fn: FunctionNode, scope: Scope): string | undefined {
  const nameNode = fn.definition.childForFieldName('name');
  const name = nameNode ? scope.text(nameNode) : '';
  if (!name || name.startsWith('_')) return undefined;
  const parent = fn.outer.parent;
  if (parent?.type === 'module') return name;
  const cls = parent?.type === 'block' ? parent.parent : null;
  const clsName = cls?.type === 'class_definition' ? cls.childForFieldName('name') : null;
  if (!cls || !clsName || scope.text(clsName).startsWith('_')) return undefined;
  const outer = cls.parent?.type === 'decorated_definition' ? cls.parent.parent : cls.parent;
  return outer?.type === 'module' ? name : undefined;
}

/** Whether a framework calls `fn` as a route handler (decorator, registration, view class, parameter convention). */
export function isHandler(fn: FunctionNode, facts: ModuleFacts): boolean {
  return handlerOf(fn, facts) !== undefined;
}

function isMethod(fn: FunctionNode): boolean {
  return fn.outer.parent?.type === 'block' && fn.outer.parent.parent?.type === 'class_definition';
}

function handlerOf(fn: FunctionNode, facts: ModuleFacts): CompiledHandler | undefined {
  const byDecorator = decoratedHandler(fn, facts);
  if (byDecorator) return byDecorator;
  const nameNode = fn.definition.childForFieldName('name');
  const fnName = nameNode ? facts.src.of(nameNode) : '';
  // Registered by name elsewhere in the file: `app.add_url_rule("/x", view_func=search)`, `path("x/", views.search)`.
  const registered = facts.registeredHandlers.get(fnName);
  if (registered) return registered;
  const method = isMethod(fn);
  if (method) {
    const byClass = classHandler(fn, fnName, facts);
    if (byClass) return byClass;
  }
  const first = fn.definition.childForFieldName('parameters')?.namedChildren.map(paramParts).find((p) => p);
  const firstName = first && facts.src.of(first.name);
  const topLevel = fn.outer.parent?.type === 'module';
  return facts.spec.handlers.find((h) => {
    const { match } = h.spec;
    if (match.decorators || match.classBases || match.registeredBy) return false;
    if (match.methods) return methodNamed(match.methods, fnName) && importsAny(facts.imports, match.imports);
    if (match.firstParam === undefined || match.firstParam !== firstName || method) return false;
    // Django views: any top-level function of a views module whose first parameter is `request`, or any function (nested ones too) of a module importing the framework.
    return match.imports ? importsAny(facts.imports, match.imports) && h.appliesTo(facts.path) : topLevel && h.appliesTo(facts.path);
  });
}

/** `on_get` in `["on_get"]`; `on_get_preview` in `["on_get_*"]` (a trailing `*` is a prefix: Falcon's suffixed responders, Graphene's `resolve_*`). */
function methodNamed(methods: readonly string[], name: string): boolean {
  return methods.some((m) => (m.endsWith('*') ? name.startsWith(m.slice(0, -1)) && name.length >= m.length : m === name));
}

function importsAny(imports: ModuleImports, modules: readonly string[] | undefined): boolean {
  return !modules || modules.some((m) => imports.modules.has(m));
}

/** A method of a class deriving from a framework's view class (`class Search(View): def get(self, request)`). */
function classHandler(fn: FunctionNode, fnName: string, facts: ModuleFacts): CompiledHandler | undefined {
  const classNode = fn.outer.parent?.parent;
  const bases = classNode?.childForFieldName('superclasses')?.namedChildren ?? [];
  if (bases.length === 0) return undefined;
  const names = bases.map((b) => dottedName(b, facts.src)).filter((n): n is string => !!n);
  return facts.spec.handlers.find(
    (h) =>
      (!h.spec.match.methods || methodNamed(h.spec.match.methods, fnName)) &&
      names.some((n) => h.classBases.matches(n) || h.classBases.matches(facts.imports.canonical(n))) &&
      h.appliesTo(facts.path) &&
      importsAny(facts.imports, h.spec.match.imports),
  );
}

/**
 * The functions a file registers as handlers by name (`app.router.add_get("/x", search)`,
 * `bp.add_url_rule("/x", view_func=search)`, `Route("/x", search)`): by the name's last segment.
 * Read once per analysis; only files that name a registration call pay for the look.
 */
export function registeredHandlers(root: Node, src: Source, spec: CompiledTaintSpec, imports: ModuleImports, path: string): Map<string, CompiledHandler> {
  const out = new Map<string, CompiledHandler>();
  const registering = spec.handlers.filter((h) => h.registrations.length > 0 && h.appliesTo(path) && importsAny(imports, h.spec.match.imports));
  const names = registering.flatMap((h) => h.spec.match.registeredBy!.flatMap((r) => r.calls.map((c) => c.slice(c.lastIndexOf('.') + 1))));
  if (names.length === 0 || !mentionsAny(names)(src.text)) return out;
  for (const call of root.descendantsOfType('call')) {
    const fn = call.childForFieldName('function');
    const written = fn && dottedName(fn, src);
    if (!written) continue;
    const canonical = imports.canonical(written);
    for (const handler of registering) {
      for (const registration of handler.registrations) {
        if (!registration.calls.matches(written) && !registration.calls.matches(canonical)) continue;
        const args = callArguments(call, src);
        const given = args.positional[registration.arg] ?? (registration.keyword !== undefined ? args.keywordNodes.get(registration.keyword) : undefined);
        const value = given?.type === 'keyword_argument' ? given.childForFieldName('value') : given;
        const dotted = value && dottedName(value, src);
        const name = dotted?.slice(dotted.lastIndexOf('.') + 1);
        if (name && !out.has(name)) out.set(name, handler);
      }
    }
  }
  return out;
}

/** What registered which function: part of the cache key (registering a view changes its walk). */
export function registrationSignature(registered: ReadonlyMap<string, CompiledHandler>): string {
  return [...registered].map(([name, h]) => `${name}=${h.spec.id}`).sort().join(',');
}

function decoratedHandler(fn: FunctionNode, facts: ModuleFacts): CompiledHandler | undefined {
  if (fn.decorators.length === 0) return undefined;
  for (const decorator of fn.decorators) {
    let expression = decorator.firstNamedChild;
    if (expression?.type === 'call') expression = expression.childForFieldName('function');
    if (!expression) continue;
    const written = dottedName(expression, facts.src);
    const canonical = facts.imports.canonical(written);
    const matching = facts.spec.handlers.filter((h) => (h.decorators.matches(written) || h.decorators.matches(canonical)) && h.appliesTo(facts.path) && importsAny(facts.imports, h.spec.match.imports));
    // A framework the file imports beats one matched by the decorator's shape alone: `@app.get` in a Flask module is Flask's, not FastAPI's.
    const handler = matching.find((h) => h.spec.match.imports) ?? matching[0];
    if (handler) return handler;
  }
  return undefined;
}

interface ParamParts {
  name: Node;
  type?: Node;
  value?: Node;
  splat: boolean;
}

function paramParts(param: Node): ParamParts | undefined {
  switch (param.type) {
    case 'identifier':
      return { name: param, splat: false };
    case 'typed_parameter': {
      const inner = param.firstNamedChild;
      if (!inner) return undefined;
      const splat = inner.type !== 'identifier';
      const name = splat ? inner.firstNamedChild : inner;
      return name ? { name, type: param.childForFieldName('type') ?? undefined, splat } : undefined;
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = param.childForFieldName('name');
      if (name?.type !== 'identifier') return undefined;
      return { name, type: param.childForFieldName('type') ?? undefined, value: param.childForFieldName('value') ?? undefined, splat: false };
    }
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const name = param.firstNamedChild;
      return name?.type === 'identifier' ? { name, splat: true } : undefined;
    }
    default:
      return undefined;
  }
}

function matchParam(handler: CompiledHandler, index: number, name: string, typeName: string | undefined): HandlerParamSpec | undefined {
  return handler.spec.params.find(
    (p) =>
      (p.index === undefined || p.index === '*' || p.index === index) &&
      (!p.annotations || (typeName !== undefined && p.annotations.includes(typeName))) &&
      (!p.names || p.names.includes(name)),
  );
}

/** `@app.route("/avatar/<int:user_id>")`: the placeholder named `name` in the decorator's route has a converter of the spec's `safeConverters`. */
function hasSafeConverter(fn: FunctionNode, handler: CompiledHandler, name: string, scope: Scope): boolean {
  const converters = handler.spec.safeConverters;
  if (!converters?.length) return false;
  const outer = fn.definition.parent;
  const decorators = fn.decorators.length > 0 ? fn.decorators : outer?.type === 'decorated_definition' ? outer.namedChildren.filter((c) => c.type === 'decorator') : [];
  for (const decorator of decorators) {
    const call = decorator.firstNamedChild;
    const route = call?.type === 'call' ? call.childForFieldName('arguments')?.namedChildren[0] : undefined;
    if (route?.type !== 'string') continue;
    for (const match of scope.text(route).matchAll(/<(\w+)(?:\([^)>]*\))?:(\w+)>/g)) {
      if (match[2] === name && converters.includes(match[1])) return true;
    }
  }
  return false;
}

function isSafe(handler: CompiledHandler, parts: ParamParts, scope: Scope): boolean {
  if (parts.value && isSafeDefault(handler, parts.value, scope)) return true;
  return !!parts.type && isSafeType(handler, parts.type, scope);
}

function isSafeDefault(handler: CompiledHandler, value: Node, scope: Scope): boolean {
  if (value.type !== 'call') return false;
  const fn = value.childForFieldName('function');
  const written = fn ? dottedName(fn, scope.facts.src) : undefined;
  return handler.safeDefaults.matches(written) || handler.safeDefaults.matches(scope.facts.imports.canonical(written));
}

/** `int`, `UUID | None`, `Optional[int]`, `list[int]`, `Annotated[str, Depends(f)]`, `Annotated[int, Path()]`. */
function isSafeType(handler: CompiledHandler, node: Node, scope: Scope): boolean {
  const type = node.type === 'type' ? node.firstNamedChild : node;
  if (!type) return false;
  switch (type.type) {
    case 'none':
      return true;
    case 'identifier':
    case 'attribute':
    case 'string': {
      const name = lastSegment(scope.text(type));
      // `user: CurrentUser` where `CurrentUser = Annotated[User, Depends(get_current_user)]`: FastAPI calls the dependency.
      if (type.type !== 'attribute' && (handler.spec.safeDefaults?.length ?? 0) > 0 && scope.facts.dependencyAliases.has(name)) return true;
      return handler.spec.safeAnnotations?.includes(name) ?? false;
    }
    case 'binary_operator': {
      const left = type.childForFieldName('left');
      const right = type.childForFieldName('right');
      return !!left && !!right && isSafeType(handler, left, scope) && isSafeType(handler, right, scope);
    }
    case 'generic_type': {
      const [head, args] = type.namedChildren;
      const name = head ? lastSegment(scope.text(head)) : '';
      const inner = args?.namedChildren ?? [];
      if (name === 'Annotated') {
        return (!!inner[0] && isSafeType(handler, inner[0], scope)) || inner.slice(1).some((meta) => isSafeDefault(handler, meta.firstNamedChild ?? meta, scope));
      }
      return WRAPPERS.has(name) && inner.length > 0 && inner.every((arg) => isSafeType(handler, arg, scope));
    }
    default:
      return false;
  }
}

/** `Request` for `Request`, `starlette.requests.Request`, `Annotated[Request, ...]`, `Optional[Request]`. */
function coreTypeName(node: Node, scope: Scope): string | undefined {
  const type = node.type === 'type' ? node.firstNamedChild : node;
  if (!type) return undefined;
  switch (type.type) {
    case 'identifier':
    case 'attribute':
      return lastSegment(scope.text(type));
    case 'string':
      return lastSegment(scope.text(type).replace(/^[a-zA-Z]*["']+|["']+$/g, ''));
    case 'generic_type': {
      const first = type.namedChildren[1]?.firstNamedChild;
      return first ? coreTypeName(first, scope) : undefined;
    }
    case 'binary_operator': {
      const left = type.childForFieldName('left');
      return left ? coreTypeName(left, scope) : undefined;
    }
    default:
      return undefined;
  }
}

function lastSegment(dotted: string): string {
  const trimmed = dotted.replace(/^["']|["']$/g, '');
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}
