import type { BackendInput } from '../backend';
import type { ModuleSummarizer, ModuleSummary } from '../modules';
import type { CompiledPatterns } from '../rules/compiled-patterns';
import type { CompiledHandler, CompiledTaintSpec } from '../rules/compiled-spec';
import { patternFinding } from '../rules/pattern-finding';
import { ruleText } from '../rules/spec-types';
import { CalleeMatcher } from '../taint/callee-pattern';
import { taintFinding } from '../taint/finding';
import { withStep } from '../taint/taint';
import { tierCoversFile } from '../taint/unknown-origin';
import type { Finding, Fix } from '../types';
import { UNCACHED, shiftFindings, type FileCache } from './cache';
import { Scope, isCallSinkHit, isPatternHit, type CallSinkHit, type Hit, type ModuleFacts, type PatternHit, type SinkHit } from './context';
import { ModuleConstants } from './constants';
import { aliasSignature, exportedAliases, localAliases, moduleAliases, type DependencyAliases } from './dependency-aliases';
import { importOffset } from './ensure-import';
import { ModuleImports } from './imports';
import { exportedGuardedIncludes, missingAuthFindings } from './missing-auth';
import { exported, exportedOf, importedClassReachesSink, importedSummary, moduleSummary } from './imported';
import { computeClassFields, type ClassFields } from './fields';
import { registeredHandlers, registrationSignature } from './handlers';
import { indexModule, type Unit } from './module-index';
import { XSS_RULE, escapeFix, escapeFixMayImport, ldapEscapeFix } from './escape-fix';
import { lineBreakFix } from './line-break-fix';
import { xpathVariableFix } from './xpath-fix';
import { patternFix } from './pattern-fix';
import { sessionFixationFindings } from './session-fixation';
import { shellFix, shellFixMayImport } from './shell-fix';
import { mayImportText, sqlFix } from './sql-fix';
import { ReceiverOrigins } from './receivers';
import { walkFunction } from './statements';
import { computeSummary, dependencies, dependencySignature, shiftSummary, type Summary } from './summaries';
import { Source, mentionsAny, type Node, type PythonTree } from './syntax';
import { FrozenTree } from './frozen-tree';
import { walkTopLevel, type TopLevelRun } from './top-level';
import { fixReadsFile, READS_FILE } from './fix-reuse';

/** The rules whose taint findings get a rewrite: "Parameterize this query", "Run without a shell". */
const SQL_RULE = 'sql-injection';
const COMMAND_RULE = 'command-injection';

/**
 * One file. Its top-level statements are walked in order, then each function and method on
 * its own. Every one of them is looked up in the file's cache first: a keystroke changes one
 * of them, and the others' results only move with the text.
 */
export function analyzeModule(input: BackendInput<PythonTree>, cache: FileCache, sibling?: FileCache): Finding[] {
  const src = new Source(input.text);
  const { units, functions, statements, methods, classes } = indexModule(input.tree, src);
  const imports = (cache.imports = ModuleImports.of(statements, src, input.spec, cache.imports));
  const receivers = receiverOriginsOf(input, src, imports);
  const aliases = moduleAliases(localAliases(statements, src, input.spec), input.text, imports, input.modules, input.path);
  const registered = registeredHandlers(input.tree.rootNode, src, input.spec, imports, input.path);
  // What the file's names are bound to decides which library sinks match, its dependency aliases and registrations which parameters are request data: a change re-walks everything.
  // Whether the unknown-origin tier covers the file depends on text outside a function (a `__main__` guard): a change re-walks everything.
  const tier = tierCoversFile(input.spec, input.path, input.text) ? 'unknown-origin' : '';
  const importsKey = cache.intern([imports.signature, receivers.signature, aliasSignature(aliases), registrationSignature(registered), tier].filter((part) => part).join('\n'));
  // Fixes write line breaks, and may insert an import: where (by line, so typing on other lines keeps the cache).
  const patterns = input.catalog.patterns('python');
  const mayImport = mayImportText(input.spec, imports) || patterns.mayImportIn(input.text) || shellFixMayImport(imports, input.text) || escapeFixMayImport(input.spec, imports, input.text);
  const importEnd = mayImport ? input.lines.positionAt(importOffset(imports)) : undefined;
  const baseContext = cache.intern(`${importsKey}\n${JSON.stringify(input.lines.eol)}${importEnd ? `@${importEnd.line}:${importEnd.character}` : ''}`);
  const constants = new ModuleConstants(statements, src);
  const { facts, depsValid } = moduleFacts(input, src, { functions, methods, classes }, imports, constants, receivers, aliases, registered, { cache, key: importsKey, sibling });
  const findingsOf = (hits: Map<string, Hit>) => constants.tracked(() => toFindings(hits, facts, input));
  // A scan's shared tree is analyzed once: its results are not kept for a next analysis of the same text (their keys are copies of it).
  const keep = !(input.tree instanceof FrozenTree);
  const run: TopLevelRun = { facts, cache, baseContext, depsValid, findingsOf, keep };

  const { findings, env, contextFor } = walkTopLevel(statements, functions, run);
  const namesSink = sinkNames(input.spec, patterns, imports);
  const callsSink = callsFunctionWithSinks(functions, methods, facts);
  const mayReachSink = (text: string) => namesSink(text) || callsSink(text);
  for (const unit of units) {
    const text = input.text.slice(unit.start, unit.end);
    const context = unit.hasError ? UNCACHED : unit.owner === undefined ? contextFor(text) : cache.intern(`${contextFor(text)}\n${unit.owner}`);
    const range = input.lines.rangeAt(unit.start, unit.end);
    let unitFindings = cache.units.get(text, context, range.start, depsValid, shiftFindings);
    if (!unitFindings && !mayReachSink(text)) unitFindings = []; // no sink named in it: nothing to report
    const fn = unitFindings ? undefined : unit.node();
    if (fn) {
      const hits = new Map<string, Hit>();
      const scope = new Scope(facts, new Map(), hits);
      // Sinks read module constants too (`f"{API_BASE}/x/{id}"` has a fixed origin): dependencies as well.
      const [, walkRead] = constants.tracked(() => walkFunction(fn, env.child(), scope));
      const [found, constantsRead] = findingsOf(hits);
      unitFindings = found;
      // A fix that reads other functions (Argon2 rewrites the comparisons elsewhere in the file) is rebuilt on every analysis.
      const reusable = !found.some(fixReadsFile);
      if (keep) cache.units.set(text, reusable ? context : UNCACHED, range, { value: found, deps: [...dependencies(scope, facts), ...walkRead, ...constantsRead] });
    }
    findings.push(...(unitFindings ?? []));
  }
  findings.push(...missingAuthFindings(functions.values(), statements, facts, input.catalog, input.modules));
  findings.push(...sessionFixationFindings(units, facts, input.catalog));
  cache.commit();
  return findings.filter((f) => input.isRuleEnabled(f.ruleId));
}

/**
 * What importers of this file need (cross-module taint): its top-level functions' summaries
 * and the names it imports from other modules (re-exports). `cache` is the file's summaries
 * cache, apart from its analysis's: the embedder asks for a module's summary again at
 * another import depth (and after an imported module changes), and a function whose text,
 * context and callees' summaries are the same gets its summary back instead of a walk
 * (issue 21: a scan of Netflix/dispatch computed 3,441 summaries of 1,550 functions).
 * `sibling`, the file's analysis cache, and the analysis's `sibling`, this one, lend each
 * other summaries computed in the same context (the same imports, aliases and registrations).
 */
export function summarizeModule(input: BackendInput<PythonTree>, cache: FileCache, sibling?: FileCache): ModuleSummary {
  const module = summaryWalks(input, cache, sibling);
  const summary = module.summary(module.names.map((name) => [name, module.facts.summaryOf(name), module.lineOf(name)]));
  cache.commit();
  return summary;
}

/**
 * The same summary a function at a time, as importers ask (ModuleSummarizer). A function's
 * summary is what summarizeModule gives it, except where the order the functions are walked
 * in shows: a recursion met (the function in progress has no summary yet) or a class's fields
 * read while being computed. Then the whole module is summarized in its own order, as
 * summarizeModule does, and answers from there on.
 */
export function moduleSummarizer(input: BackendInput<PythonTree>, cache: FileCache, sibling?: FileCache): ModuleSummarizer {
  const order = { met: false };
  const module = summaryWalks(input, cache, sibling, order);
  let whole: ModuleSummary | undefined;
  return {
    head: module.summary(module.names.map((name) => [name, undefined, 0])),
    names: module.names,
    function(name) {
      if (!whole) {
        if (!module.defines(name)) return undefined;
        const summary = module.facts.summaryOf(name);
        if (!order.met) return summary && exported(summary) ? exportedOf(summary, module.lineOf(name)) : undefined;
        whole = summarizeModule(input, cache, sibling);
      }
      return Object.hasOwn(whole.functions, name) ? whole.functions[name] : undefined;
    },
    release: () => cache.commit(),
  };
}

/** What summarizing a module's functions shares: the facts, the functions' names in the module's order, and the summary around them. */
function summaryWalks(input: BackendInput<PythonTree>, cache: FileCache, sibling?: FileCache, order?: { met: boolean }) {
  const src = new Source(input.text);
  const { functions, statements, methods, classes } = indexModule(input.tree, src);
  const imports = ModuleImports.of(statements, src, input.spec);
  const receivers = receiverOriginsOf(input, src, imports);
  const aliases = localAliases(statements, src, input.spec);
  const registered = registeredHandlers(input.tree.rootNode, src, input.spec, imports, input.path);
  const tier = tierCoversFile(input.spec, input.path, input.text) ? 'unknown-origin' : '';
  const key = cache.intern([imports.signature, receivers.signature, aliasSignature(aliases), registrationSignature(registered), tier].filter((part) => part).join('\n'));
  const { facts } = moduleFacts(input, src, { functions, methods, classes }, imports, new ModuleConstants(statements, src), receivers, aliases, registered, { cache, key, sibling }, order);
  const unitOf = (name: string) => functions.get(name) ?? methods.get(name);
  return {
    facts,
    names: [...functions.keys(), ...methods.keys()],
    defines: (name: string) => unitOf(name) !== undefined,
    lineOf: (name: string) => input.lines.positionAt(unitOf(name)!.start).line + 1,
    summary: (summaries: Iterable<[string, Summary | undefined, number]>) => exportedGuardedIncludes(exportedAliases(moduleSummary(summaries, imports), aliases), statements, src, imports),
  };
}

/**
 * The facts a file's walks share. `summaryOf` gives a same-file function's summary (from the
 * cache when given, computed on first use) or, with the embedder's project modules, an
 * imported one's; `depsValid` tells whether a cache entry's dependencies still hold.
 */
function moduleFacts(
  input: BackendInput<PythonTree>,
  src: Source,
  { functions, methods, classes }: { functions: ReadonlyMap<string, Unit>; methods: ReadonlyMap<string, Unit>; classes: ReadonlySet<string> },
  imports: ModuleImports,
  constants: ModuleConstants,
  receivers: ReceiverOrigins,
  dependencyAliases: DependencyAliases,
  registered: ReadonlyMap<string, CompiledHandler>,
  cached?: { cache: FileCache; key: string; sibling?: FileCache },
  order?: { met: boolean },
): { facts: ModuleFacts; depsValid: (deps: readonly (readonly [string, string])[]) => boolean } {
  const summaries = new Map<string, Summary | undefined>();
  const importedClasses = new Map<string, boolean>();
  const inProgress = new Set<string>();
  const fields = new Map<string, ClassFields>();
  const computingFields = new Set<string>();
  const { modules } = input;
  const facts: ModuleFacts = {
    src,
    lines: input.lines,
    spec: input.spec,
    patterns: input.catalog.patterns('python'),
    imports,
    receivers,
    constants,
    dependencyAliases,
    registeredHandlers: registered,
    classes,
    path: input.path,
    importsProjectModules: !!modules,
    modules,
    unknownOriginCovered: tierCoversFile(input.spec, input.path, input.text),
    files: input.files,
    importedClassReachesSink(name) {
      let known = importedClasses.get(name);
      if (known === undefined) importedClasses.set(name, (known = !!modules && importedClassReachesSink(name, imports, modules, input.path)));
      return known;
    },
    fieldsOf(cls) {
      let known = fields.get(cls);
      if (known) {
        if (order && computingFields.has(cls)) order.met = true;
        return known;
      }
      // While they are computed, reads see none (then the first pass's): no recursion.
      fields.set(cls, { tainted: new Map(), signature: '' });
      computingFields.add(cls);
      known = computeClassFields(cls, methods, facts, (partial) => fields.set(cls, partial));
      computingFields.delete(cls);
      fields.set(cls, known);
      return known;
    },
    summaryOf(name) {
      if (summaries.has(name)) return summaries.get(name);
      const unit = functions.get(name) ?? methods.get(name);
      if (!unit) {
        // Not this file's: maybe another project module's (one look-up per name and analysis).
        const imported = modules ? importedSummary(name, imports, modules, input.path) : undefined;
        summaries.set(name, imported);
        return imported;
      }
      if (inProgress.has(name)) {
        if (order) order.met = true;
        return undefined; // recursion: no summary yet
      }
      inProgress.add(name);
      const text = input.text.slice(unit.start, unit.end);
      const range = input.lines.rangeAt(unit.start, unit.end);
      const context = unit.hasError || !cached ? UNCACHED : unit.owner === undefined ? cached.key : cached.cache.intern(`${cached.key}\n${unit.owner}`);
      let summary = cached?.cache.summaries.get(text, context, range.start, depsValid, shiftSummary);
      // The file's other cache (its analysis's, or its module summary's) may have walked it in the same context.
      const sibling = summary ? undefined : cached?.sibling?.summaries.get(text, context, range.start, depsValid, shiftSummary);
      if (sibling) cached?.cache.summaries.set(text, context, range, { value: (summary = sibling), deps: sibling.deps });
      const fn = summary ? undefined : unit.node();
      if (fn) {
        summary = computeSummary(name, fn, facts);
        cached?.cache.summaries.set(text, context, range, { value: summary, deps: summary.deps });
      }
      inProgress.delete(name);
      summaries.set(name, summary);
      return summary;
    },
  };
  const depsValid = (deps: readonly (readonly [string, string])[]): boolean =>
    deps.every(([name, signature]) => constants.holds(name, signature) ?? dependencySignature(name, facts) === signature);
  return { facts, depsValid };
}

/**
 * Whether a function's text names a sink or a pattern rule's callee at all (`execute`, `text`,
 * `load`, or an alias of one), or what an assignment, comparison or literal pattern needs (`True`, `password`): most
 * functions do not, and are then not walked for findings.
 */
function sinkNames(spec: CompiledTaintSpec, patterns: CompiledPatterns, imports: ModuleImports): (text: string) => boolean {
  const names = [...specSinkNames(spec, patterns)];
  // A view's returned text is a sink in files importing Flask, Bottle or Quart.
  if ((spec.spec.sinks ?? []).some((s) => s.returnedBy?.imports.some((m) => imports.modules.has(m)))) names.push('return');
  // Assignment, comparison and literal patterns name no callee: their own pre-checks decide.
  if (!patterns.textPrefilters || names.some((n) => n.includes('*'))) return () => true;
  names.push(...imports.localNamesWhere((target) => spec.sinksFor(target, undefined).length > 0 || patterns.matchesCallee(target)));
  const mentioned = mentionsAny(names);
  return (text) => mentioned(text) || patterns.mayMatchWithoutCallee(text);
}

/**
 * A scan's shared (frozen) tree is analyzed once and summarized at each import depth it is
 * asked at, each time under the same spec: its receivers' origins are found once (they read
 * only the text and its imports). An open document's tree changes with every keystroke.
 */
const receiversOfTree = new WeakMap<FrozenTree, WeakMap<CompiledTaintSpec, ReceiverOrigins>>();

function receiverOriginsOf(input: BackendInput<PythonTree>, src: Source, imports: ModuleImports): ReceiverOrigins {
  const { tree, spec } = input;
  if (!(tree instanceof FrozenTree)) return new ReceiverOrigins(tree.rootNode, src, imports, spec);
  let bySpec = receiversOfTree.get(tree);
  if (!bySpec) receiversOfTree.set(tree, (bySpec = new WeakMap()));
  let receivers = bySpec.get(spec);
  if (!receivers) bySpec.set(spec, (receivers = new ReceiverOrigins(tree.rootNode, src, imports, spec)));
  return receivers;
}

/** The spec's sink names and the patterns' callee names, as sinkNames starts from (made once per spec, not per file). */
const sinkNamesOfSpec = new WeakMap<CompiledTaintSpec, WeakMap<CompiledPatterns, readonly string[]>>();

function specSinkNames(spec: CompiledTaintSpec, patterns: CompiledPatterns): readonly string[] {
  let byPatterns = sinkNamesOfSpec.get(spec);
  if (!byPatterns) sinkNamesOfSpec.set(spec, (byPatterns = new WeakMap()));
  let names = byPatterns.get(patterns);
  if (!names) {
    names = [...(spec.spec.sinks ?? []).flatMap((s) => [...(s.methods ?? []), ...(s.properties ?? []), ...(s.calls ?? []).map((c) => c.slice(c.lastIndexOf('.') + 1))]), ...patterns.callNames];
    byPatterns.set(patterns, names);
  }
  return names;
}

/** A call of a function looked up at run time (dynamic-dispatch.ts). */
const DYNAMIC_CALL = /\bgetattr\s*\(|\]\s*\(|\.get\s*\([^()]*\)\s*\(/;

/** Dotted names as written (`find_products`, `db.find_products`): what a function's text may call. */
const DOTTED = /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g;

/**
 * Whether a function's text names a same-file or imported function whose parameters reach a
 * sink (`find_products(q)`): its arguments may then be findings, even with no sink in sight.
 */
function callsFunctionWithSinks(functions: ReadonlyMap<string, Unit>, methods: ReadonlyMap<string, Unit>, facts: ModuleFacts): (text: string) => boolean {
  const reachesSink = (name: string) => {
    const summary = facts.summaryOf(name);
    return !!summary && (summary.sinks.length > 0 || (summary.callableSinks?.length ?? 0) > 0);
  };
  // `dao.find(q)`, `self.repo.save(q)`: a same-file class's method by its name.
  const byMethod = new Map<string, string[]>();
  for (const key of methods.keys()) {
    const method = key.slice(key.indexOf('.') + 1);
    byMethod.set(method, [...(byMethod.get(method) ?? []), key]);
  }
  return (text) => {
    // `getattr(module, name)(q)`, `HANDLERS[kind](q)`: a dynamic look-up's candidates, found in the walk.
    if (DYNAMIC_CALL.test(text)) return true;
    for (const [written] of text.matchAll(DOTTED)) {
      const candidate = functions.has(written) || (facts.importsProjectModules && facts.imports.target(written) !== undefined);
      if (candidate && reachesSink(written)) return true;
      const dot = written.lastIndexOf('.');
      if (dot > 0 && byMethod.get(written.slice(dot + 1))?.some(reachesSink)) return true;
      // An instance of an imported class (`UserDao(conn).find(q)`): its methods are another module's, looked up in the walk.
      if (dot < 0 && facts.importsProjectModules && /^[A-Z]/.test(written) && facts.importedClassReachesSink(written)) return true;
    }
    return false;
  };
}

function toFindings(hits: Map<string, Hit>, facts: ModuleFacts, input: BackendInput<PythonTree>): Finding[] {
  const out: Finding[] = [];
  const groups = bySinkCall(hits);
  for (const hit of hits.values()) {
    if (!isPatternHit(hit)) {
      // A call's taint hits make one finding, where its first hit was.
      const group = groups.get(hit);
      const finding = group && (isCallSinkHit(group[0]) ? callSinkFinding(group as CallSinkHit[], facts, input) : sinkFinding(group as SinkHit[], facts, input));
      if (finding) out.push(finding);
      continue;
    }
    if (coveredByAnother(hit, hits)) continue;
    const dev = hit.pattern.spec.developmentEntryPoints;
    const inDev = dev && isDevelopmentEntryPoint(hit.node, dev.functions, facts.src);
    if (inDev && dev.severity === 'off') continue;
    // `SECRET: str = "dev-value"` in a pydantic-settings class (the environment's value wins), a legacy Django password hasher.
    const inside = hit.pattern.spec.insideClasses;
    const reread = inside && insideClass(hit.node, inside.bases, inside.methods === true, facts) ? { severity: inside.severity, confidence: 'medium' as const, message: inside.message } : undefined;
    const finding = patternFindingOf(hit, facts, input, reread);
    if (inDev) {
      // A dev server started from `if __name__ == "__main__":` or a `develop` command never serves production traffic.
      finding.severity = 'info';
      finding.message += ' Reported as info: it is in a development entry point.';
    }
    out.push(finding);
  }
  return out;
}

/**
 * The taint hits grouped by sink call, arguments in order: `Order.objects.extra(select=..., where=...)`
 * with user data in both is one injection, one finding (the same for a function called with two
 * arguments that reach one sink inside it).
 */
function bySinkCall(hits: Map<string, Hit>): Map<Hit, SinkHit[] | CallSinkHit[]> {
  const groups = new Map<string, (SinkHit | CallSinkHit)[]>();
  for (const hit of hits.values()) {
    if (isPatternHit(hit)) continue;
    const key = isCallSinkHit(hit)
      ? `${hit.reached.ruleId}@${hit.call.startIndex}>${hit.reached.path ?? ''}:${hit.reached.line}:${hit.reached.sink}`
      : `${hit.sink.rule}@${hit.call.startIndex}`;
    const group = groups.get(key);
    if (group) group.push(hit);
    else groups.set(key, [hit]);
  }
  // Keyed by the group's first hit in walk order.
  const byFirst = new Map<Hit, SinkHit[] | CallSinkHit[]>();
  for (const group of groups.values()) byFirst.set(group[0], [...group].sort((a, b) => a.arg.startIndex - b.arg.startIndex) as SinkHit[] | CallSinkHit[]);
  return byFirst;
}

/** The call's other tainted arguments, for the finding of its first one. */
function alsoTainted(group: readonly (SinkHit | CallSinkHit)[], facts: ModuleFacts) {
  return group.slice(1).map((hit) => ({ range: facts.lines.rangeAt(hit.arg.startIndex, hit.arg.endIndex), variable: facts.src.of(hit.arg), taint: hit.taint }));
}

function sinkFinding(group: SinkHit[], facts: ModuleFacts, input: BackendInput<PythonTree>): Finding | undefined {
  const [hit] = group;
  const fixes: Fix[] = [];
  const fix = safely(() => taintFix(hit, facts, input));
  if (fix) fixes.push(fix);
  const finding = taintFinding(input.catalog, {
    sinkSpec: hit.sink,
    policy: input.spec.unknownOrigin,
    ruleId: hit.sink.rule,
    language: 'python',
    range: facts.lines.rangeAt(hit.arg.startIndex, hit.arg.endIndex),
    sink: hit.callee,
    variable: facts.src.of(hit.arg),
    taint: hit.taint,
    alsoTainted: alsoTainted(group, facts),
    fixes,
  });
  if (!finding) return undefined;
  // A receiver not traced to the sink's library: the call may be another library's.
  if (group.every((h) => h.confidence === 'low')) finding.confidence = 'low';
  // In the unknown-origin tier that may fall below the level the config reports.
  if (finding.tier && finding.confidence === 'low' && input.spec.unknownOrigin?.report !== 'low') return undefined;
  return finding;
}

/**
 * Request data passed to a function whose parameter reaches a sink: reported at the argument
 * (the file analyzed is the caller's), the path ending in the call and the sink. The fix
 * belongs at the sink, so none is offered here.
 */
function callSinkFinding(group: CallSinkHit[], facts: ModuleFacts, input: BackendInput<PythonTree>): Finding | undefined {
  const [hit] = group;
  const { reached } = hit;
  const range = facts.lines.rangeAt(hit.arg.startIndex, hit.arg.endIndex);
  const where = `${reached.path === undefined ? '' : `${reached.path} `}line ${reached.line}`;
  const inside = `${reached.sink} inside \`${hit.callee}()\` (${where})`;
  // The path ends at the sink itself (reports point there), in this file or the other one.
  const taint = withStep(hit.taint, { range, label: `passed to \`${hit.callee}()\` parameter \`${reached.name}\`` });
  return taintFinding(input.catalog, {
    ruleId: reached.ruleId,
    language: 'python',
    range,
    sink: reached.sink.replace(/^`|`$/g, ''),
    sinkText: inside,
    sinkLocation: { ...(reached.path !== undefined && { path: reached.path }), line: reached.line },
    variable: facts.src.of(hit.arg),
    taint,
    alsoTainted: alsoTainted(group, facts),
    fixes: [],
    ...(reached.message !== undefined && { message: reached.message }),
  });
}

/**
 * Whether another match of the same rule spans this one (`AWS_KEY = "AKIA..."` is a
 * credential-named assignment and a key-shaped literal): one finding, for the outer code.
 */
function coveredByAnother(hit: PatternHit, hits: Map<string, Hit>): boolean {
  for (const other of hits.values()) {
    if (other === hit || !isPatternHit(other) || other.pattern.spec.rule !== hit.pattern.spec.rule) continue;
    const inside = other.at.startIndex <= hit.at.startIndex && hit.at.endIndex <= other.at.endIndex;
    if (inside && (other.at.startIndex !== hit.at.startIndex || other.at.endIndex !== hit.at.endIndex)) return true;
  }
  return false;
}

function taintFix(hit: SinkHit, facts: ModuleFacts, input: BackendInput<PythonTree>): Fix | undefined {
  if (hit.sink.rule === SQL_RULE) return sqlFix(hit, facts, input.catalog);
  if (hit.sink.rule === COMMAND_RULE) return shellFix(hit, facts, input.catalog);
  // A view returning a name (`return page`): escaping the whole page would escape its markup too; the hover advises.
  if (hit.sink.rule === XSS_RULE) return hit.sink.returnedBy && hit.arg.type === 'identifier' ? undefined : escapeFix(hit, facts);
  const rewrite = TITLED_FIXES[hit.sink.rule];
  const title = rewrite && ruleText(input.catalog.get(hit.sink.rule)?.meta, 'python', 'fixTitle');
  return title ? rewrite(title, hit, facts) : undefined;
}

/** Taint fixes titled by their rule's `fixTitle`. */
const TITLED_FIXES: Partial<Record<string, (title: string, hit: SinkHit, facts: ModuleFacts) => Fix | undefined>> = {
  'ldap-injection': ldapEscapeFix,
  'xpath-injection': xpathVariableFix,
  'log-injection': lineBreakFix,
  'header-injection': lineBreakFix,
};

function patternFindingOf(hit: PatternHit, facts: ModuleFacts, input: BackendInput<PythonTree>, override?: Pick<Finding, 'severity' | 'confidence'> & { message: string }): Finding {
  const fix = safely(() => patternFix(hit, facts, input.catalog));
  const finding = patternFinding(input.catalog, {
    ruleId: hit.pattern.spec.rule,
    language: 'python',
    range: facts.lines.rangeAt(hit.at.startIndex, hit.at.endIndex),
    callee: hit.callee,
    code: hit.subject ?? facts.src.of(hit.argument ?? hit.at),
    ...(hit.pattern.spec.message !== undefined && { message: hit.pattern.spec.message }),
    ...(hit.pattern.spec.severity !== undefined && { severity: hit.pattern.spec.severity }),
    ...(hit.pattern.spec.confidence !== undefined && { confidence: hit.pattern.spec.confidence }),
    ...override,
    fixes: fix ? [{ ...fix, variant: hit.pattern.spec.id }] : [],
  });
  if (hit.pattern.spec.fix?.alsoSet) READS_FILE.add(finding);
  return finding;
}

/** Whether `node` is in the body (or, with `methods`, a method) of a class derived from one of `bases` (by canonical name). */
function insideClass(node: Node, bases: readonly string[], methods: boolean, facts: ModuleFacts): boolean {
  const matcher = new CalleeMatcher(bases);
  let functions = 0;
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' && (!methods || ++functions > 1)) return false;
    if (n.type !== 'class_definition') continue;
    const superclasses = n.childForFieldName('superclasses')?.namedChildren ?? [];
    return superclasses.some((base) => matcher.matches(facts.imports.canonical(facts.src.of(base))) || matcher.matches(facts.src.of(base)));
  }
  return false;
}

/** Whether `node` runs only from `if __name__ == "__main__":` or a function named as development-only (`develop`). */
function isDevelopmentEntryPoint(node: Node, functions: string | undefined, src: Source): boolean {
  const names = functions ? new RegExp(functions) : undefined;
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'if_statement') {
      const condition = n.childForFieldName('condition');
      if (condition && /^__name__\s*==\s*['"]__main__['"]$/.test(src.of(condition))) return true;
    } else if (n.type === 'function_definition') {
      const name = n.childForFieldName('name');
      if (names && name && names.test(src.of(name))) return true;
    }
  }
  return false;
}

/** A fix that cannot be computed must not cost the file its findings: the finding goes out without it. */
function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
