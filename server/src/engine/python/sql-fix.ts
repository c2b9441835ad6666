import { parameterize, type ParameterizedQuery } from '../fixes/parameterize';
import type { RuleCatalog } from '../rules/catalog';
import type { CompiledTaintSpec } from '../rules/compiled-spec';
import type { Fix } from '../types';
import { projectParamstyle } from './sql-driver';
import type { ModuleFacts, SinkHit } from './context';
import { ensureImport } from './ensure-import';
import type { ModuleImports } from './imports';
import { cutQuery, partsOf, type QueryReader, type QueryShape } from './query-shape';
import { enclosingScope, isBinding, queryAssignments } from './query-variable';
import { literalEdits, merge, renderParams, type Binding, type Edit } from './sql-render';
import { callArguments, sameNode, unwrapParens, type Node } from './syntax';
import { ruleText } from '../rules/spec-types';

/** Keyword names by which DB-API style `execute()`s take their parameters. */
const PARAMS_KEYWORDS = ['params', 'parameters', 'args', 'vars', 'multiparams'];
/** sqlite3's `executescript()` takes no parameters: nothing to bind to. */
const NO_PARAMS_METHODS = new Set(['executescript']);
/** Django's `raw()` / `RawSQL`, whose parameters are the argument after the query. */
const DJANGO_RAW_SINK = 'django-raw';
const SQLALCHEMY_TEXT = ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text'];

/**
 * "Parameterize this query": the query's literals become plain literals with placeholders,
 * the interpolated values become bound parameters. Only offered when the result is certain
 * to mean the same query; otherwise the finding keeps just its ignore fixes.
 */
export function sqlFix(hit: SinkHit, facts: ModuleFacts, catalog: RuleCatalog): Fix | undefined {
  const binding = bindingFor(hit, facts);
  if (!binding) return undefined;
  const query = bestQuery(hit, facts, binding);
  if (!query) return undefined;
  const edits = literalEdits(query.shapes, query.sql, facts);
  const params = renderParams(query.params, binding);
  if (!edits || params === undefined) return undefined;
  if (binding.kind === 'args') edits.push({ start: binding.at, end: binding.at, text: params });
  else {
    if (binding.wrap) {
      edits.push({ start: binding.wrap.start, end: binding.wrap.start, text: `${binding.wrap.textName}(` });
      if (binding.wrap.importEdit) edits.push(binding.wrap.importEdit);
    }
    edits.push({ start: binding.at, end: binding.at, text: `${binding.wrap ? ')' : ''}.bindparams(${params})` });
  }
  const title = ruleText(catalog.get(hit.sink.rule)?.meta, 'python', 'fixTitle') ?? 'Parameterize this query';
  return { title, kind: 'rewrite', isPreferred: true, edits: merge(edits).map((e) => ({ range: facts.lines.rangeAt(e.start, e.end), newText: e.text })) };
}

type Query = ParameterizedQuery & { shapes: QueryShape[]; inlined: string[] };

/**
 * Every value bound if SQL takes them all as values. Otherwise clean values stay as written
 * where SQL wants a name (`ORDER BY {column}`): first all of them, then each one that can be
 * bound after all is bound, left to right.
 */
function bestQuery(hit: SinkHit, facts: ModuleFacts, binding: Binding): Query | undefined {
  const all = parameterized(hit, facts, binding, () => false);
  if (all) return all;
  let best = parameterized(hit, facts, binding, () => true);
  for (const span of best?.inlined ?? []) {
    const keep = new Set(best!.inlined.filter((s) => s !== span));
    best = parameterized(hit, facts, binding, (s) => keep.has(s)) ?? best;
  }
  return best;
}

/** The query behind the sink's argument, cut and parameterized; undefined when that cannot be done faithfully. */
function parameterized(hit: SinkHit, facts: ModuleFacts, binding: Binding, keepClean: (span: string) => boolean): Query | undefined {
  const arg = unwrapParens(hit.arg);
  const reader = queryReader(facts, hit, keepClean);
  let shapes: QueryShape[];
  const direct = cutQuery(arg, reader);
  if (direct) shapes = [direct];
  else if (arg.type === 'identifier') {
    const assignments = queryAssignments(arg, hit.call, reader);
    if (!assignments) return undefined;
    if (binding.kind === 'bindparams' && binding.wrap && assignments.identifiers.some((id) => facts.src.of(id) === binding.wrap!.textName)) return undefined;
    shapes = assignments.shapes;
  } else return undefined;
  const result = parameterize(partsOf(shapes), binding.kind === 'args' ? binding.paramstyle : 'named');
  return result.ok ? { ...result.query, shapes, inlined: reader.inlined } : undefined;
}

/**
 * Which interpolations stay in the SQL as written: module string constants (unless the
 * function rebinds the name) and the values the walk did not find tainted that `keepClean`
 * picks (by span); those are listed in `inlined`.
 */
function queryReader(facts: ModuleFacts, hit: SinkHit, keepClean: (span: string) => boolean): QueryReader & { inlined: string[] } {
  const inlined: string[] = [];
  let locals: Set<string> | undefined;
  const isLocal = (name: string): boolean => {
    const scope = enclosingScope(hit.call);
    locals ??= new Set(scope.type === 'module' ? [] : scope.descendantsOfType('identifier').filter(isBinding).map((id) => facts.src.of(id)));
    return locals.has(name);
  };
  return {
    src: facts.src,
    inlined,
    inline(expression) {
      const value = expression.type === 'identifier' ? facts.constants.value(facts.src.of(expression)) : undefined;
      if (value !== undefined && !isLocal(facts.src.of(expression))) return value;
      const span = `${expression.startIndex}:${expression.endIndex}`;
      if (hit.tainted.has(span) || !keepClean(span)) return undefined;
      inlined.push(span);
      return '';
    },
  };
}

/**
 * Where the values go. SQLAlchemy's `text()` gets `.bindparams(name=value)`: it works wherever
 * the TextClause is used (`execute`, `from_statement`, pandas), whereas a dict for `execute`
 * depends on the call that runs it. DB-API `execute()`s take a sequence (or dict) as their
 * next argument, asyncpg takes the values as further arguments.
 */
function bindingFor(hit: SinkHit, facts: ModuleFacts): Binding | undefined {
  const { src, imports, spec } = facts;
  const call = hit.call;
  const args = callArguments(call, src);
  const arg = args.positional[hit.sink.arg];
  if (!arg || args.hasSplat) return undefined;
  const method = hit.callee.slice(hit.callee.lastIndexOf('.') + 1);
  const isMethodSink = hit.callee.includes('.') && !!hit.sink.methods?.includes(method);
  const target = imports.canonical(hit.callee) ?? hit.callee;
  if (hit.sink.id === DJANGO_RAW_SINK) {
    // `Model.objects.raw(sql, params)`, `RawSQL(sql, params)`: the parameters follow the query, `%s` in it.
    return args.positional.length === 1 && sameNode(args.positional[0], hit.arg) && !args.keywords.has('params') ? { kind: 'args', at: arg.endIndex, paramstyle: 'format' } : undefined;
  }
  if (!isMethodSink) {
    if (!(SQLALCHEMY_TEXT.includes(target) || target === 'text')) return undefined; // a team's own sink: its API is unknown
    const parent = call.parent;
    if (parent?.type === 'attribute' && src.of(parent.childForFieldName('attribute') ?? parent) === 'bindparams') return undefined;
    return { kind: 'bindparams', at: call.endIndex };
  }
  if (NO_PARAMS_METHODS.has(method) || args.positional.length > hit.sink.arg + 1 || PARAMS_KEYWORDS.some((k) => args.keywords.has(k))) return undefined;
  const { paramstyle: fileStyle, driver } = spec.sqlDriver(imports.modules);
  // No driver imported here (`from ..db import get_db`): the app's, from the modules it imports from.
  const paramstyle = driver ? fileStyle : (projectParamstyle(facts.path, imports, spec, facts.files) ?? fileStyle);
  if (paramstyle !== 'named' || driver?.module !== 'sqlalchemy') return { kind: 'args', at: arg.endIndex, paramstyle };
  // SQLAlchemy runs plain strings only through text(): wrap the query and bind there.
  const wrap = textWrap(facts, call);
  return wrap && { kind: 'bindparams', at: arg.endIndex, wrap: { start: arg.startIndex, ...wrap } };
}

/** The name to call SQLAlchemy's `text` by here, importing it when the file does not yet. */
function textWrap(facts: ModuleFacts, call: Node): { textName: string; importEdit?: Edit } | undefined {
  const { imports } = facts;
  for (const target of SQLALCHEMY_TEXT) {
    const local = imports.localNameOf(target);
    if (local) return { textName: local };
  }
  const module = imports.localNameOf('sqlalchemy');
  if (module) return { textName: `${module}.text` };
  if (!mayImportText(facts.spec, imports)) return undefined;
  const scope = enclosingScope(call);
  if (scope.descendantsOfType('identifier').some((id) => facts.src.of(id) === 'text')) return undefined;
  const imported = ensureImport(imports, facts.lines.eol, 'sqlalchemy', 'text');
  return { textName: imported.name, importEdit: imported.edit };
}

/**
 * Whether a fix in this file may add `from sqlalchemy import text` (after the last import):
 * then where that goes is part of what the fixes depend on.
 */
export function mayImportText(spec: CompiledTaintSpec, imports: ModuleImports): boolean {
  return (
    spec.sqlDriver(imports.modules).driver?.module === 'sqlalchemy' &&
    imports.insertAt > 0 &&
    imports.canonical('text') === undefined &&
    !imports.localNameOf('sqlalchemy') &&
    !SQLALCHEMY_TEXT.some((t) => imports.localNameOf(t))
  );
}
