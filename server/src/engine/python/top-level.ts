import { TaintEnv, isTainted, type Taint } from '../taint/taint';
import type { Finding } from '../types';
import { UNCACHED, shiftStatement, taintSignature, type FileCache, type StatementResult } from './cache';
import { Scope, isCallSinkHit, isPatternHit, type Hit, type ModuleFacts } from './context';
import type { Lazy } from './module-index';
import { enclosingScope } from './query-variable';
import { fixReadsFile } from './fix-reuse';
import { walkStatement } from './statements';
import { dependencies } from './summaries';
import { mentionsAny, type Node } from './syntax';

/** What the top-level walk shares with the analysis of the file's functions. */
export interface TopLevelRun {
  facts: ModuleFacts;
  cache: FileCache;
  /** The cache key part every statement and function shares (the imports). */
  baseContext: string;
  depsValid(deps: readonly (readonly [string, string])[]): boolean;
  /** Findings of the hits, and the string constants their fixes read (cache dependencies). */
  findingsOf(hits: Map<string, Hit>): [Finding[], [string, string][]];
  /** Whether results are kept for the next analysis of the file (not for a scan's one-shot analysis). */
  keep: boolean;
}

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/**
 * The top-level statements in order, on one env that the functions then read. Each
 * statement's result (findings, and the names it bound) is cached like a function's.
 * Returns the cache key maker for the functions too (see moduleNames).
 */
export function walkTopLevel(
  statements: readonly Lazy<Node>[],
  functions: ReadonlyMap<string, unknown>,
  run: TopLevelRun,
): { findings: Finding[]; env: TaintEnv; contextFor(text: string): string } {
  const { facts, cache } = run;
  const env = new TaintEnv();
  const tainted = new Map<string, string>();
  const names = moduleNames(run.baseContext, tainted, cache);
  const mayMatter = relevance(facts, functions);
  const findings: Finding[] = [];
  for (const statement of statements) {
    if (IMPORTS.has(statement.type)) continue;
    const text = facts.src.text.slice(statement.start, statement.end);
    if (!mayMatter(text) && !names.mentionsTainted(text)) continue;
    const context = statement.hasError ? UNCACHED : names.key(text);
    const range = facts.lines.rangeAt(statement.start, statement.end);
    let result = cache.statements.get(text, context, range.start, run.depsValid, shiftStatement);
    if (result) {
      for (const [name, taint] of result.bindings) env.set(name, taint);
    } else {
      const node = statement.node();
      if (!node) continue;
      const walked = walkOne(node, env, run);
      result = { findings: walked.findings, bindings: walked.bindings };
      if (run.keep && !walked.readsModule && !walked.findings.some(fixReadsFile)) cache.statements.set(text, context, range, { value: result, deps: walked.deps });
    }
    findings.push(...result.findings);
    for (const [name, taint] of result.bindings) {
      if (isTainted(taint)) tainted.set(name, taintSignature(taint));
      else tainted.delete(name);
    }
  }
  return { findings, env, contextFor: names.key };
}

function walkOne(node: Node, env: TaintEnv, run: TopLevelRun): StatementResult & { deps: [string, string][]; readsModule: boolean } {
  const hits = new Map<string, Hit>();
  const scope = new Scope(run.facts, new Map(), hits);
  const [, walkRead] = run.facts.constants.tracked(() => walkStatement(node, env, scope));
  // Names bound only in a nested scope (a comprehension's) are not the module's.
  const bindings = [...scope.assigned].flatMap((name): [string, Taint][] => {
    const taint = env.get(name);
    return taint === undefined ? [] : [[name, taint]];
  });
  const [findings, constantsRead] = run.findingsOf(hits);
  // A sink's fix reads its scope, here the whole module (the query's assignments and other uses may be other statements): not cached.
  const readsModule = [...hits.values()].some((hit) => !isPatternHit(hit) && !isCallSinkHit(hit) && enclosingScope(hit.call).type === 'module');
  return { findings, bindings, deps: [...dependencies(scope, run.facts), ...walkRead, ...constantsRead], readsModule };
}

/**
 * Whether a top-level statement can matter at all: request data at the top level can only
 * come from a source call (`input()`), an import root (`request.args`), a same-file function
 * or a definition nested in the statement (names already holding it are checked by the
 * caller); a pattern rule needs one of its callees named, or an assignment. Most top-level
 * statements (`router = APIRouter()`) have none of these.
 */
function relevance(facts: ModuleFacts, functions: ReadonlyMap<string, unknown>): (text: string) => boolean {
  const { spec, imports, patterns } = facts;
  const callNames = (spec.spec.sources ?? []).flatMap((s) => s.calls ?? []).map((c) => c.slice(c.lastIndexOf('.') + 1));
  callNames.push(...patterns.callNames, ...imports.localNamesWhere((target) => patterns.matchesCallee(target)));
  if (callNames.some((n) => n.includes('*'))) return () => true;
  const mentioned = mentionsAny(['def', 'class', ...callNames, ...imports.rootNames(), ...functions.keys()]);
  const assigns = patterns.hasAssignments ? /(^|[^=!<>])=($|[^=])/ : undefined;
  return (text) => mentioned(text) || (!!assigns && assigns.test(text)) || ((patterns.hasComparisons || patterns.hasLiterals || patterns.hasAssertions) && patterns.mayMatchWithoutCallee(text));
}

/**
 * The cache key of a statement or function: the shared part, plus the module names holding
 * request data that it mentions, with where the data came from. Keyed by mention, an edit
 * elsewhere does not invalidate it. `tainted` grows and shrinks during the top-level walk.
 */
function moduleNames(base: string, tainted: ReadonlyMap<string, string>, cache: FileCache) {
  let pattern: RegExp | undefined;
  let patternNames = '';
  const mentioned = (text: string): string[] => {
    if (tainted.size === 0) return [];
    const names = [...tainted.keys()].join('|');
    if (!pattern || names !== patternNames) {
      pattern = new RegExp(`\\b(?:${names.replace(/\./g, '\\.')})\\b`, 'g');
      patternNames = names;
    }
    return [...new Set([...text.matchAll(pattern)].map((m) => m[0]))].sort();
  };
  return {
    key(text: string): string {
      const used = mentioned(text);
      return used.length === 0 ? base : cache.intern(`${base}\n${used.map((name) => `${name}=${tainted.get(name)}`).join('\n')}`);
    },
    mentionsTainted: (text: string): boolean => mentioned(text).length > 0,
  };
}
