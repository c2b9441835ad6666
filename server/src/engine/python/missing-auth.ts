import type { RuleCatalog } from '../rules/catalog';
import { patternFinding } from '../rules/pattern-finding';
import type { Finding } from '../types';
import type { ModuleFacts } from './context';
import { rewriteFix } from './fix-edits';
import type { Lazy, Unit } from './module-index';
import { callArguments, dottedName, type Node, type Source } from './syntax';
import type { ModuleSummary, ProjectModules } from '../modules';
import type { ModuleImports } from './imports';
import { ruleText } from '../rules/spec-types';
import { NO_ALIASES, dependencyName, joinModule, type DependencyAliases } from './dependency-aliases';

// missing-auth (A01): a FastAPI route that changes state but has no authentication dependency,
// in a module whose other routes on the same router have one. Needs the whole module, so it
// runs after the per-function walk; cheap, because only files naming an auth dependency pay.

export const MISSING_AUTH_RULE = 'missing-auth';

/** Dependencies that authenticate by their name: `Depends(get_current_user)`, `Security(oauth2_scheme)`. */
const AUTH_DEPENDENCY = /\b(?:Depends|Security)\(\s*[\w.]*(?:auth|current_?user|user|login|token|verify|require|admin|permission|role|api_?key|scope|oauth|guard|polic)/i;
/** Routes that are public by design: logging in, signing up, resetting passwords, webhooks, health checks. */
const PUBLIC_ROUTE = /subscribe|log_?in|log_?out|sign_?in|sign_?up|register|token|password|reset|forgot|verify|webhook|callback|health|public|oauth|auth/i;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'api_route']);
const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/** A route decorator of a function, by offsets relative to the function's start (cached by its text). */
interface Route {
  router: string;
  method: string;
  /** The function's name. */
  nameStart: number;
  nameEnd: number;
  /** The decorator's text (`router.delete("/orders/{id}")`), checked for public paths. */
  decorator: string;
  /** Where the fix inserts `dependencies=[...]`; undefined when the decorator already passes some. */
  insertAt?: number;
  /** Whether an argument comes before the insertion point (then it starts with a comma). */
  afterArgument: boolean;
  /** The authenticating dependency as written (`Depends(get_current_user)`), when the route has one. */
  auth?: string;
  /** The handler refuses callers itself (`raise HTTPException(403)`): checked, but no dependency to copy. */
  checksInHandler: boolean;
}

/** A refusal in the handler's body: `raise HTTPException(status_code=403)`, `raise HTTPException(401, ...)`, `raise PermissionDenied`. */
const REFUSAL = /\braise\s+[\w.]+\s*\([^)]*?(?:\b40[13]\b|HTTP_40[13]_)|\braise\s+[\w.]*(?:Unauthori[sz]ed|Forbidden|PermissionDenied|NotAuthenticated|AuthenticationFailed)\b/;

/** The handler says it is public on purpose: "This endpoint doesn't require authentication". */
const PUBLIC_INTENT = /\b(?:does\s*n[o']t|do\s*n[o']t|no)\s+(?:require|need)s?\s+(?:any\s+)?(?:authentication|auth\b|login|a\s+session)/i;

/** Routes by function text: a keystroke changes one function, the others are read from here. */
const routeCache = new Map<string, Route[]>();
const ROUTE_CACHE_LIMIT = 5000;

/** A dependency that authenticates by its name (`get_current_user`), as an alias calls it. */
const AUTH_NAME = /(?:auth|current_?user|user|login|token|verify|require|admin|permission|role|api_?key|scope|oauth|guard|polic)/i;

/** Whether the file can hold a finding at all: it names an authenticating dependency, or has an alias of one. */
export function mayMissAuth(text: string, aliases: DependencyAliases = NO_ALIASES): boolean {
  return AUTH_DEPENDENCY.test(text) || authAliases(aliases).size > 0;
}

/** Aliases whose dependency authenticates: `CurrentUser` → `Depends(get_current_user)`. */
function authAliases(aliases: DependencyAliases): Map<string, string> {
  const out = new Map<string, string>();
  // `_OrdersWrite (Authenticator)`: the factory's name tells, the call names the instance.
  for (const [alias, dependency] of aliases) if (dependency && AUTH_NAME.test(dependency)) out.set(alias, `Depends(${dependencyName(dependency)})`);
  return out;
}

export function missingAuthFindings(functions: Iterable<Unit>, statements: readonly Lazy<Node>[], facts: ModuleFacts, catalog: RuleCatalog, modules?: ProjectModules): Finding[] {
  if (!catalog.get(MISSING_AUTH_RULE) || !mayMissAuth(facts.src.text, facts.dependencyAliases)) return [];
  const aliases = authAliases(facts.dependencyAliases);
  const routes = [...functions].flatMap((unit) => cachedRoutes(unit, facts, aliases).map((r) => ({ ...r, offset: unit.start })));
  if (!routes.some((r) => STATE_CHANGING.has(r.method) && !r.auth)) return [];
  const guardedRouters = routersWithAuth(statements, facts.src);
  for (const router of routersIncludedWithAuth(facts.path, modules)) guardedRouters.add(router);
  const protectedRouters = new Map<string, string>();
  for (const route of routes) if (route.auth && !protectedRouters.has(route.router)) protectedRouters.set(route.router, route.auth);
  const out: Finding[] = [];
  for (const route of routes) {
    const dependency = protectedRouters.get(route.router);
    if (route.auth || route.checksInHandler || !dependency || guardedRouters.has(route.router) || !STATE_CHANGING.has(route.method)) continue;
    const name = facts.src.text.slice(route.offset + route.nameStart, route.offset + route.nameEnd);
    if (PUBLIC_ROUTE.test(name) || PUBLIC_ROUTE.test(route.decorator)) continue;
    const title = ruleText(catalog.get(MISSING_AUTH_RULE)?.meta, 'python', 'fixTitle');
    // The dependency must be a name this file has (an alias's dependency may live in another module only).
    const at = route.insertAt === undefined || !bindsCallee(dependency, facts) ? undefined : route.offset + route.insertAt;
    const fix = title && at !== undefined ? rewriteFix(title, [{ start: at, end: at, text: `${route.afterArgument ? ', ' : ''}dependencies=[${dependency}]` }], facts) : undefined;
    out.push(
      patternFinding(catalog, {
        ruleId: MISSING_AUTH_RULE,
        language: 'python',
        range: facts.lines.rangeAt(route.offset + route.nameStart, route.offset + route.nameEnd),
        callee: `${route.router}.${route.method}`,
        code: dependency,
        fixes: fix ? [fix] : [],
      }),
    );
  }
  return out;
}

function cachedRoutes(unit: Unit, facts: ModuleFacts, aliases: ReadonlyMap<string, string>): Route[] {
  if (unit.type !== 'decorated_definition') return [];
  // The aliases in effect are part of the key: `user: CurrentUser` authenticates only while CurrentUser does.
  const text = `${aliases.size > 0 ? `${[...aliases].map(([alias, dependency]) => `${alias}=${dependency}`).join(',')}\n` : ''}${facts.src.text.slice(unit.start, unit.end)}`;
  let routes = routeCache.get(text);
  if (!routes) {
    routes = routesOf(unit, facts, aliases);
    if (routeCache.size >= ROUTE_CACHE_LIMIT) routeCache.clear();
    if (!unit.hasError) routeCache.set(text, routes);
  }
  return routes;
}

/** A top-level function's route decorators (`@router.post("/orders")`), with its auth dependency if any. */
function routesOf(unit: Unit, facts: ModuleFacts, aliases: ReadonlyMap<string, string>): Route[] {
  const fn = unit.node();
  const name = fn?.definition.childForFieldName('name');
  if (!fn || !name) return [];
  const parameters = fn.definition.childForFieldName('parameters');
  const instances = instanceAuth(aliases);
  const authIn = (text: string) => AUTH_DEPENDENCY.exec(text) ?? instances?.exec(text) ?? null;
  const paramAuth = parameters ? (authIn(facts.src.of(parameters)) ?? aliasAuth(parameters, facts, aliases)) : null;
  const body = fn.definition.childForFieldName('body');
  // A handler that refuses callers itself, or whose docstring says it is public on purpose.
  const checksInHandler = !!body && (REFUSAL.test(facts.src.of(body)) || PUBLIC_INTENT.test(facts.src.of(body)));
  const out: Route[] = [];
  for (const decorator of fn.decorators) {
    const call = decorator.firstNamedChild;
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    const written = callee?.type === 'attribute' ? dottedName(callee, facts.src) : undefined;
    if (!call || !written) continue;
    const dot = written.lastIndexOf('.');
    const method = written.slice(dot + 1);
    if (!ROUTE_METHODS.has(method)) continue;
    const dependencies = callArguments(call, facts.src).keywords.get('dependencies');
    const decoratorAuth = dependencies ? authIn(facts.src.of(dependencies)) : null;
    const auth = decoratorAuth ?? paramAuth;
    const args = callArguments(call, facts.src);
    const last = args.all.filter((a) => a.type !== 'comment').pop();
    const insertAt = !args.list || args.list.type !== 'argument_list' || dependencies ? undefined : (last ? last.endIndex : args.list.endIndex - 1) - unit.start;
    out.push({
      router: written.slice(0, dot),
      method: method === 'api_route' ? apiRouteMethod(call, facts) : method,
      nameStart: name.startIndex - unit.start,
      nameEnd: name.endIndex - unit.start,
      decorator: facts.src.of(call),
      insertAt,
      afterArgument: !!last,
      auth: auth ? dependencyCall(auth) : undefined,
      checksInHandler,
    });
  }
  return out;
}

/** `Depends(_OrdersWrite)` written directly, where `_OrdersWrite` is the authenticating instance an alias calls (`_OrdersWrite = Authenticator(...)`). */
function instanceAuth(aliases: ReadonlyMap<string, string>): RegExp | undefined {
  const names = new Set<string>();
  for (const dependency of aliases.values()) {
    const name = /^Depends\(([\w.]+)\)$/.exec(dependency)?.[1];
    if (name && !AUTH_NAME.test(name)) names.add(name.replace(/\./g, '\\.'));
  }
  return names.size > 0 ? new RegExp(`\\b(?:Depends|Security)\\(\\s*(?:${[...names].join('|')})\\b`) : undefined;
}

/** A parameter typed with an authenticating alias (`user: CurrentUser`), as a match of its dependency call. */
function aliasAuth(parameters: Node, facts: ModuleFacts, aliases: ReadonlyMap<string, string>): RegExpExecArray | null {
  if (aliases.size === 0) return null;
  for (const param of parameters.namedChildren) {
    if (param.type !== 'typed_parameter' && param.type !== 'typed_default_parameter') continue;
    const type = param.childForFieldName('type');
    const written = type ? facts.src.of(type).replace(/^["']|["']$/g, '') : '';
    const dependency = aliases.get(written);
    // The alias authenticates (authAliases): match its call whatever the dependency's own name (`Depends(_OrdersWrite)`).
    if (dependency) return /\bDepends\(/.exec(dependency);
  }
  return null;
}

/** Whether `Depends(get_current_user)`'s callee is a name of this file (imported or defined at its top level). */
function bindsCallee(dependency: string, facts: ModuleFacts): boolean {
  const callee = /\(\s*([\w.]+)/.exec(dependency)?.[1];
  if (!callee) return false;
  const head = callee.split('.')[0];
  return facts.imports.target(head) !== undefined || new RegExp(`^(?:async\\s+)?def\\s+${head}\\b|^${head}\\s*=`, 'm').test(facts.src.text);
}

/** `@router.api_route("/x", methods=["POST"])`: the first state-changing method listed, or `get`. */
function apiRouteMethod(call: Node, facts: ModuleFacts): string {
  const methods = callArguments(call, facts.src).keywords.get('methods');
  const listed = methods ? facts.src.of(methods).toLowerCase() : '';
  return [...STATE_CHANGING].find((m) => listed.includes(`"${m}"`) || listed.includes(`'${m}'`)) ?? 'get';
}

/** `Depends(get_current_user)` from the match `Depends(get_current_user` (up to its closing parenthesis). */
function dependencyCall(match: RegExpExecArray): string {
  const rest = match.input.slice(match.index);
  const close = rest.indexOf(')');
  return close < 0 ? match[0] : rest.slice(0, close + 1).replace(/\s+/g, ' ');
}

/** Routers created with an auth dependency for all their routes: `router = APIRouter(dependencies=[Depends(require_staff)])`. */
function routersWithAuth(statements: readonly Lazy<Node>[], src: Source): Set<string> {
  const out = new Set<string>();
  for (const statement of statements) {
    const text = src.text.slice(statement.start, statement.end);
    if (!/Router\(|FastAPI\(/.test(text) || !AUTH_DEPENDENCY.test(text)) continue;
    const assignment = statement.node()?.firstNamedChild;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    if (left?.type === 'identifier') out.add(src.of(left));
  }
  return out;
}

/**
 * The routers a module includes behind authentication, as [module specifier, router name]
 * (see ModuleSummary.guardedIncludes): `app.include_router(orders_router, dependencies=[Depends(get_admin)])`,
 * or `app.include_router(orders.router)` where `app = FastAPI(dependencies=[Depends(get_admin)])`.
 */
function guardedIncludes(statements: readonly Lazy<Node>[], src: Source, imports: ModuleImports): [string, string][] {
  if (!src.text.includes('include_router')) return [];
  const guarded = routersWithAuth(statements, src);
  const bindings = new Map(imports.fromImports());
  const out: [string, string][] = [];
  for (const statement of statements) {
    if (!src.text.slice(statement.start, statement.end).includes('include_router')) continue;
    for (const call of statement.node()?.descendantsOfType('call') ?? []) {
      const fn = call.childForFieldName('function');
      const receiver = fn?.type === 'attribute' && src.of(fn.childForFieldName('attribute')!) === 'include_router' ? fn.childForFieldName('object') : undefined;
      if (!receiver) continue;
      const args = callArguments(call, src);
      const dependencies = args.keywords.get('dependencies');
      if (!guarded.has(src.of(receiver)) && !(dependencies && AUTH_DEPENDENCY.test(src.of(dependencies)))) continue;
      const router = args.positional[0];
      if (router?.type === 'identifier') {
        const binding = bindings.get(src.of(router));
        if (binding) out.push(binding);
      } else if (router?.type === 'attribute' && router.childForFieldName('object')?.type === 'identifier') {
        // `from . import orders` then `orders.router`: the router `router` of module `.orders`.
        const binding = bindings.get(src.of(router.childForFieldName('object')!));
        if (binding) out.push([joinModule(binding[0], binding[1]), src.of(router.childForFieldName('attribute')!)]);
      }
    }
  }
  return out;
}

/** What importers and included modules need: the routers this module includes behind authentication. */
export function exportedGuardedIncludes(summary: ModuleSummary, statements: readonly Lazy<Node>[], src: Source, imports: ModuleImports): ModuleSummary {
  const includes = guardedIncludes(statements, src, imports);
  if (includes.length > 0) summary.guardedIncludes = includes;
  return summary;
}

/** How many enclosing packages (`__init__.py` of `.`, `..`, ...) are asked whether they include a router of the file. */
const MAX_PACKAGE_LEVELS = 3;

/**
 * The routers of the file at `path` that an enclosing package includes behind authentication
 * (`backoffice/__init__.py`: `app = FastAPI(dependencies=[Depends(get_admin)])` and
 * `app.include_router(router)` of `.organizations.endpoints`), from the packages' summaries.
 */
function routersIncludedWithAuth(path: string, modules: ProjectModules | undefined): Set<string> {
  const out = new Set<string>();
  if (!modules) return out;
  const file = path.replace(/\\/g, '/');
  for (let level = 1; level <= MAX_PACKAGE_LEVELS; level++) {
    const pkg = modules.resolve(path, '.'.repeat(level), 'python');
    const includes = pkg?.summary.guardedIncludes;
    if (!pkg || !includes) continue;
    const folder = pkg.path.replace(/\\/g, '/').replace(/\/[^/]*$/, '');
    if (!file.startsWith(`${folder}/`)) continue;
    // The file's module relative to the package: `organizations/endpoints.py` → `organizations.endpoints`.
    const dotted = file.slice(folder.length + 1).replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
    for (const [specifier, router] of includes) {
      if (specifier === `.${dotted}` || (!specifier.startsWith('.') && (specifier === dotted || specifier.endsWith(`.${dotted}`)))) out.add(router);
    }
  }
  return out;
}
