import { ReceiverOrigins } from './receivers';
import type * as ts from 'typescript';
import { SyntaxKind, isAwaitExpression, isBlock, isCallExpression, isElementAccessExpression, isFunctionDeclaration, isFunctionExpression, isIdentifier, isPropertyAccessExpression, isNumericLiteral, isObjectBindingPattern, isOmittedExpression, isStringLiteral } from './compiler';
import type { BackendInput } from '../backend';
import type { CompiledHandler, CompiledTaintSpec } from '../rules/compiled-spec';
import { fillLabel } from '../rules/compiled-spec';
import { CLEAN, clearFor, isTainted, sourceTaint, union, weakenFor, withStep, type Taint, type TaintEnv } from '../taint/taint';
import type { Finding, Range, TaintStep } from '../types';
import { classMethod } from './class-methods';
import { ExpressionEvaluator } from './expressions';
import { readFileFacts, type FileFacts } from './file-facts';
import { Frame } from './frame';
import { FIELD_MARK, InstanceFields, fieldVariable, thisClass } from './instance-fields';
import { OTHER_POSITION, isModule, matchHandlers, paramSeeds, type HandlerFile, type HandlerPosition, type ParamSeed } from './handlers';
import { canonicalCallee, importedNames, type ImportedName } from './imports';
import { cleanWhen } from './narrowing';
import { memberOfSomeRoot, memberSource } from '../rules/spec-cache';
import { StatementWalker } from './statements';
import { ImportedFunctions } from './imported-functions';
import { FunctionSummaries, type ParamCallRecorder, type SinkRecorder } from './summaries';
import { READ_METHODS, hasDirective, isMethodCallee, skipOuter, topLevelStatement, type FunctionNode } from './syntax';
import { LineMover, StatementRecording, TAINT_CACHE, WalkDeps, fileContext, nameState, sameNameState, type NameState, type Span, type StatementEntry } from './taint-cache';
import { fileCaches } from './statement-cache';
import { unknownParameter } from './unknown-origin';
import { exportsOf } from './exports';
import { tierCoversFile } from '../taint/unknown-origin';

/** For a destructured property: its taint, or undefined to use the whole value's. */
export type MemberTaint = (property: string, node: ts.Node) => Taint | undefined;

const MAX_SOURCE_LABEL = 60;

/** A finding's key: rule and offset, apart for the unknown-origin tier (a traced finding at the place replaces it). */
const TIER_KEY = '~unknown:';
function findingKey(ruleId: string, start: number, tier: Finding['tier']): string {
  return `${ruleId}${tier ? TIER_KEY : ':'}${start}`;
}
/**
 * Request members that read request headers and cookies (`req.headers`, Express `req.get()` /
 * `req.header()`, `req.cookies`): Node's HTTP parser rejects CR/LF in header values, so they can
 * neither split a response header nor start a new log line.
 */
const HEADER_MEMBERS: ReadonlySet<string> = new Set(['headers', 'header', 'get', 'cookies']);
const LINE_BREAK_RULES = ['header-injection', 'log-injection'];
const MAX_LOOP_RUNS = 3;

/**
 * The flow-sensitive taint walk of one file: module statements in order, every function where
 * it is written (nested functions see the enclosing scope at that point), handler parameters
 * seeded from the spec, branches on forked environments joined afterwards, loop bodies twice.
 * Expressions are evaluated by ExpressionEvaluator; sink calls report through `sinks.ts`.
 */
export class TaintWalker {
  readonly sf: ts.SourceFile;
  readonly spec: CompiledTaintSpec;
  readonly facts: FileFacts;
  readonly expressions: ExpressionEvaluator;
  private readonly statementWalker: StatementWalker;
  readonly summaries: FunctionSummaries;
  /** The file's line break, for code the fixes insert. */
  readonly eol: string;
  /** False while computing a summary: nothing is reported then. */
  reporting = true;
  /** While a function's summary is computed: takes the values that reach a sink, to find its parameters among them. */
  sinkRecorder?: SinkRecorder;
  /** While a function's summary is computed: takes the calls of a parameter holding a function (`send(url)`), to find its parameters among the arguments. */
  paramCallRecorder?: ParamCallRecorder;
  frame: Frame;
  /**
   * Bumped whenever the walk's course may depend on which role a name has, not only on its
   * having one: a member read that some role makes a source or request-like, a role compared
   * or passed on. A summary's role walk that never bumped it is the same walk for every role
   * (FunctionSummaries.roleSources).
   */
  roleValueReads = 0;
  /** Bumped whenever a variable gains a source: a loop body is walked again while it is. */
  changes = 0;
  private readonly moduleFrame: Frame;
  /** The spec's handlers that apply to this file's path. */
  readonly handlers: CompiledHandler[];
  private readonly reanalyzed = new Set<FunctionNode>();
  private readonly findings = new Map<string, Finding>();
  /** The order findings were reported in, by key: a statement's recording tells older ones apart. */
  private readonly reportOrder = new Map<string, number>();
  /** The top-level statement being walked for the cache (see taint-cache.ts). */
  private recording?: StatementRecording;
  /** Where the walk's dependencies go: the statement's recording, then the summaries being computed inside it. */
  private readonly deps: WalkDeps[] = [];
  /** Above 0 while a summary is computed: it sees no module-level variables, so it is the same wherever it is first asked for. */
  private isolated = 0;
  /** Sources named after the code that reads them (`request.query`), which may be extended. */
  private readonly readableSources = new WeakSet<TaintStep>();
  /** What classes keep on `this` across their methods (not seen by summaries, which stay the same wherever asked for). */
  readonly fields = new InstanceFields();

  /**
   * What `this.field` holds at `node` when this function did not assign it: in a summary's walk a
   * marker (the caller's `this` decides), otherwise what the class's methods leave in it.
   */
  fieldValue(node: ts.Node, field: string): Taint {
    const own = this.frame.env.get(fieldVariable(field));
    if (own !== undefined) return own;
    if (this.inSummary) return sourceTaint(this.step(node, `${FIELD_MARK}${field}`));
    return this.fields.read(thisClass(node), field, this.frame.env, (label) => this.step(node, label)) ?? CLEAN;
  }

  /** Whether `this.field` (or a member of it) holds request data here, for the message. */
  isTaintedField(node: ts.Expression): boolean {
    let current = node;
    while ((isPropertyAccessExpression(current) || isElementAccessExpression(current)) && current.expression.kind !== SyntaxKind.ThisKeyword) current = current.expression;
    if (!isPropertyAccessExpression(current) || current.expression.kind !== SyntaxKind.ThisKeyword) return false;
    return isTainted(this.fields.peek(thisClass(current), current.name.text, this.frame.env));
  }

  /** Whether a summary is being computed (it sees no module variables nor class fields). */
  get inSummary(): boolean {
    return this.isolated > 0;
  }

  constructor(readonly input: BackendInput<ts.SourceFile>) {
    this.sf = input.tree;
    this.spec = input.spec;
    this.facts = readFileFacts(this.sf);
    this.eol = input.lines.eol;
    this.handlers = input.spec.handlers.filter((h) => h.appliesTo(input.path));
    this.moduleFrame = this.frame = new Frame();
    this.expressions = new ExpressionEvaluator(this);
    this.statementWalker = new StatementWalker(this);
    this.summaries = new FunctionSummaries(this);
  }

  /** Calls into other project modules; only asked when the embedder gave `input.modules`. */
  get importedFunctions(): ImportedFunctions {
    return (this.imported ??= new ImportedFunctions(this, this.input.modules!));
  }
  private imported?: ImportedFunctions;

  /**
   * The functions whose parameters are of unknown origin in that tier: those the module exports (other
   * modules call them; callers in this file are in view), in a file the tier covers. Empty when it is off.
   */
  get unknownOriginFunctions(): ReadonlySet<FunctionNode> {
    if (!this.tierFunctions) {
      const exported = tierCoversFile(this.spec, this.input.path, this.input.text) ? exportsOf(this.sf, this.facts).functions : new Map<string, FunctionNode>();
      this.tierFunctions = new Set(exported.values());
      this.tierSignature = [...exported.keys()].sort().join(',');
    }
    return this.tierFunctions;
  }
  private tierFunctions?: ReadonlySet<FunctionNode>;
  /** The exported names behind `unknownOriginFunctions`, for the statement cache's key. */
  private tierSignature = '';

  /** Which library the objects the file calls methods on come from (for sinks that name their library). */
  get receivers(): ReceiverOrigins {
    return (this.receiverOrigins ??= new ReceiverOrigins(this.sf, this.spec, this.input.modules && ((specifier) => this.input.modules!.resolve(this.input.path, specifier, 'typescript')?.summary.libraries)));
  }
  private receiverOrigins?: ReceiverOrigins;

  /** The SQL placeholder style of the file, from its imports. */
  get sqlDriver(): ReturnType<CompiledTaintSpec['sqlDriver']> {
    return (this.driver ??= this.spec.sqlDriver(this.facts.modules));
  }
  private driver?: ReturnType<CompiledTaintSpec['sqlDriver']>;

  /** The walk of the file; `cached`: top-level statements whose walk is stored (see taint-cache.ts) are replayed, the rest walked and stored. */
  run(cached = false): Finding[] {
    if (!cached) {
      this.statements(this.sf.statements);
      return this.results();
    }
    // What the walks read of the whole file: a change there drops every stored walk.
    // Which functions the unknown-origin tier seeds depends on the exports anywhere in the file.
    const tier = this.spec.unknownOrigin && this.unknownOriginFunctions.size ? `\nunknown-origin:${this.tierSignature}` : '';
    const stored = fileCaches(this.sf).statements<StatementEntry>(TAINT_CACHE, [this.spec, `${fileContext(this.input, this.facts)}\n${this.receivers.signature}${tier}`]);
    this.topLevel = new Set(this.sf.statements);
    for (const statement of this.sf.statements) {
      if (!HAS_FLOW.has(statement.kind)) continue;
      if (!this.replay(statement, stored)) this.record(statement, stored);
    }
    return this.results();
  }

  /** The findings; one of the unknown-origin tier gives way to a traced one at the same place (a function walked where it is written, then again as a handler). */
  private results(): Finding[] {
    const out: Finding[] = [];
    for (const [key, finding] of this.findings) if (!finding.tier || !this.findings.has(key.replace(TIER_KEY, ':'))) out.push(finding);
    return out;
  }

  // ---- the per-statement cache -------------------------------------------------------------

  private topLevel = new Set<ts.Statement>();

  private lineOf(node: ts.Node): number {
    return this.input.lines.positionAt(node.getStart(this.sf)).line;
  }

  private spanOf(node: ts.Node): Span {
    return [this.lineOf(node), this.input.lines.positionAt(node.getEnd()).line];
  }

  private moduleState(name: string): NameState {
    const frame = this.moduleFrame;
    return { taint: frame.env.get(name), role: frame.roles.get(name), declared: frame.declared.has(name) };
  }

  /** Walks a top-level statement, recording what it used and left, and stores that for the next analysis. */
  private record(statement: ts.Statement, stored: WeakMap<ts.Node, StatementEntry>): void {
    const frame = this.moduleFrame;
    const before = { env: frame.env.snapshot(), roles: new Map(frame.roles), declared: new Set(frame.declared) };
    const recording = new StatementRecording(this.reportOrder.size, before);
    this.recording = recording;
    this.deps.push(recording);
    try {
      this.statementWalker.statement(statement);
    } finally {
      this.recording = undefined;
      this.deps.pop();
    }
    recording.before = undefined; // not kept with the entry
    if (recording.uncacheable) return;
    const after = frame.env.snapshot();
    const changed = new Set<string>();
    for (const [name, taint] of after) if (before.env.get(name) !== taint) changed.add(name);
    for (const [name, role] of frame.roles) if (before.roles.get(name) !== role) changed.add(name);
    for (const name of before.roles.keys()) if (!frame.roles.has(name)) changed.add(name);
    for (const name of frame.declared) if (!before.declared.has(name)) changed.add(name);
    const [startLine, endLine] = this.spanOf(statement);
    stored.set(statement, {
      startLine,
      startCharacter: this.input.lines.positionAt(statement.getStart(this.sf)).character,
      endLine,
      deps: recording,
      bindings: [...changed].map((name) => [name, this.moduleState(name)]),
    });
  }

  /** Applies a stored walk of the statement when all it depended on still holds; false when it must be walked. */
  private replay(statement: ts.Statement, stored: WeakMap<ts.Node, StatementEntry>): boolean {
    const entry = stored.get(statement);
    if (!entry) return false;
    const start = this.input.lines.positionAt(statement.getStart(this.sf));
    const delta = start.line - entry.startLine;
    const { deps } = entry;
    if (start.character !== entry.startCharacter || (delta !== 0 && deps.linesInText)) return false;
    // The functions it used: the same nodes (so the same text), still in the file, moved as much as it did.
    for (const [used, [from]] of deps.statements) if (!this.topLevel.has(used) || this.lineOf(used) !== from + delta) return false;
    for (const [name, state] of deps.reads) if (!sameNameState(state, this.moduleState(name))) return false;
    for (const [fn, walked] of deps.reanalyzedBefore) if (this.reanalyzed.has(fn) !== walked) return false;
    for (const [id, on] of deps.rules) if (this.input.isRuleEnabled(id) !== on) return false;
    for (const { specifier, name, fn } of deps.imported.values()) if (this.importedFunctions.answer(specifier, name) !== fn) return false;
    const mover = new LineMover([[entry.startLine, entry.endLine], ...deps.statements.values()], delta);
    for (const { ruleId, at } of deps.reportedBefore) if (!this.findings.has(`${ruleId}:${this.input.lines.offsetAt(mover.position(at))}`)) return false;

    const moved = delta === 0 ? entry : movedEntry(entry, mover, delta);
    if (moved !== entry) stored.set(statement, moved);
    const frame = this.moduleFrame;
    for (const [name, state] of moved.bindings) {
      if (state.taint) frame.env.set(name, state.taint);
      if (state.role) frame.roles.set(name, state.role);
      else frame.roles.delete(name);
      if (state.declared) frame.declared.add(name);
    }
    for (const fn of moved.deps.reanalyzed) this.reanalyzed.add(fn);
    for (const finding of moved.deps.findings) this.insert(findingKey(finding.ruleId, this.input.lines.offsetAt(finding.range.start), finding.tier), finding);
    return true;
  }

  /** Where the current walk's dependencies go (none outside the cached walk). */
  private get dependencies(): WalkDeps | undefined {
    return this.deps[this.deps.length - 1];
  }

  /** A name read or written by the statement being recorded: a dependency when it is module-level (a summary's reads are not: it sees no module names). */
  private touch(name: string): void {
    if (this.recordsRead(name)) this.readName(name, this.frame.owner(name));
  }

  private recordsRead(name: string): boolean {
    const recording = this.recording;
    return !!recording?.before && this.isolated === 0 && !recording.reads.has(name);
  }

  /** Records `name`'s state before the statement unless a function inside it declares the name. */
  private readName(name: string, owner: Frame | undefined): void {
    const recording = this.recording!;
    if (!owner || owner === this.moduleFrame) recording.reads.set(name, nameState(recording.before!, name));
  }

  /** The walk used the top-level function `fn` (its summary, or walked it as a handler). */
  usesFunction(fn: ts.Node): void {
    const deps = this.dependencies;
    const statement = deps && topLevelStatement(fn);
    if (statement && !deps.statements.has(statement)) deps.statements.set(statement, this.spanOf(statement));
  }

  /** Starts recording a summary's dependencies (see FunctionSummaries). */
  beginSummary(): WalkDeps {
    const deps = new WalkDeps();
    this.deps.push(deps);
    this.isolated++;
    return deps;
  }

  endSummary(deps: WalkDeps): void {
    this.isolated--;
    this.deps.pop();
    this.usedSummary(deps);
  }

  /** A summary was applied: what it depends on, the current walk does. */
  usedSummary(deps: WalkDeps): void {
    this.dependencies?.merge(deps);
  }

  /** An answer of another module (see ImportedFunctions). */
  usedImport(specifier: string, name: string, fn: unknown): void {
    this.dependencies?.imported.set(`${name} ${specifier}`, { specifier, name, fn });
  }

  /** The walk produced text naming a line of this file: a stored copy is only good where nothing moved. */
  namesLine(): void {
    const deps = this.dependencies;
    if (deps) deps.linesInText = true;
  }

  /** The walk read code anywhere in the file (other top-level statements included): a stored copy could not tell when that changes, so none is kept. */
  readsWholeFile(): void {
    const deps = this.dependencies;
    if (deps) deps.uncacheable = true;
  }

  isRuleEnabled(id: string): boolean {
    const on = this.input.isRuleEnabled(id);
    this.dependencies?.rules.set(id, on);
    return on;
  }

  // ---- results -------------------------------------------------------------------------

  /** Whether sinks are checked: when reporting, or recording which parameters reach them. */
  get checksSinks(): boolean {
    return this.reporting || !!this.sinkRecorder;
  }

  /** Whether a finding of this rule at this offset is already reported (walks may pass a place twice). */
  isReported(ruleId: string, start: number): boolean {
    const key = `${ruleId}:${start}`;
    if (!this.findings.has(key)) return false;
    this.reportedEarlier(ruleId, key, start);
    return true;
  }

  report(finding: Finding, start: number): void {
    if (!this.reporting) return;
    const key = findingKey(finding.ruleId, start, finding.tier);
    if (this.findings.has(key)) return this.reportedEarlier(finding.ruleId, key, start);
    this.insert(key, finding);
    const recording = this.recording;
    if (!recording) return;
    recording.findings.push(finding);
    // A replay keys findings by their range's start.
    if (this.input.lines.offsetAt(finding.range.start) !== start) recording.uncacheable = true;
  }

  private insert(key: string, finding: Finding): void {
    if (this.findings.has(key)) return;
    this.findings.set(key, finding);
    this.reportOrder.set(key, this.reportOrder.size);
  }

  /** A finding the statement being recorded would report, had an earlier statement not: the replay needs that one there. */
  private reportedEarlier(ruleId: string, key: string, start: number): void {
    const recording = this.recording;
    if (recording && this.reportOrder.get(key)! < recording.firstReport) recording.reportedBefore.push({ ruleId, at: this.input.lines.positionAt(start) });
  }

  range(node: ts.Node): Range {
    return this.input.lines.rangeAt(node.getStart(this.sf), node.getEnd());
  }

  step(node: ts.Node, label: string): TaintStep {
    return { range: this.range(node), label };
  }

  text(node: ts.Node): string {
    return this.sf.text.slice(node.getStart(this.sf), node.getEnd());
  }

  // ---- variables -----------------------------------------------------------------------

  lookup(name: string): Taint {
    this.touch(name);
    return this.frame.env.get(name) ?? CLEAN;
  }

  roleOf(name: string): string | undefined {
    this.touch(name);
    return this.frame.roles.get(name);
  }

  /** The role of `name`, for a caller that uses which role it is (see roleValueReads). */
  roleValue(name: string): string | undefined {
    const role = this.roleOf(name);
    if (role !== undefined) this.roleValueReads++;
    return role;
  }

  /** `fs.writeFile` for `fileSystem.writeFile` when `fileSystem` is the imported `fs` (not shadowed here); undefined when not imported or the same. */
  importedCallee(dotted: string): string | undefined {
    const root = dotted.split('.', 1)[0];
    if (this.isLocal(root)) return undefined;
    const canonical = canonicalCallee(dotted, (this.importNames ??= importedNames(this.sf)));
    return canonical === dotted ? undefined : canonical;
  }

  /** The method of this file's classes that `receiver.method(...)` runs, if the receiver is known to be one (see class-methods.ts). */
  classMethod(callee: ts.PropertyAccessExpression): FunctionNode | undefined {
    if (!this.facts.classes.size) return undefined;
    return classMethod(callee, this.facts.classes, (name) => this.isLocal(name), (node) => this.usesFunction(node));
  }

  /** The role of a request-like member of a role's object (`ctx.request` of Koa), if the spec gives it one. */
  roleOfExpression(node: ts.Expression): string | undefined {
    if (!isPropertyAccessExpression(node)) return undefined;
    const base = node.expression;
    if (!isIdentifier(base)) return undefined;
    const role = this.roleOf(base.text);
    if (role && memberOfSomeRoot(this.spec, node.name.text)) this.roleValueReads++;
    return role && this.spec.memberRole(role, node.name.text);
  }

  /** The frame that declares `name`, undefined for globals and imports. */
  owner(name: string): Frame | undefined {
    const owner = this.frame.owner(name);
    if (this.recordsRead(name)) this.readName(name, owner);
    return owner;
  }

  declare(name: string, taint: Taint, role?: string): void {
    if (this.frame === this.moduleFrame) this.touch(name);
    this.frame.declared.add(name);
    if (role) this.frame.roles.set(name, role);
    else this.frame.roles.delete(name);
    this.set(this.frame, name, taint, false);
  }

  /** `name = …`: in the function that declares it; a closure's write to an outer variable may or may not happen, so it adds. */
  assign(name: string, taint: Taint): void {
    const owner = this.owner(name);
    if (!owner || owner === this.frame) this.set(this.frame, name, taint, false);
    else this.set(owner, name, taint, true);
  }

  /**
   * The function whose own parameter `name` (a plain identifier, not destructured) is here, if it is one:
   * a value the caller chose (`send` of `function withRetry(send, url)`), not the import or global of that name.
   */
  parameterOf(name: string): FunctionNode | undefined {
    const fn = this.owner(name)?.fn;
    return fn?.parameters.some((p) => isIdentifier(p.name) && p.name.text === name) ? fn : undefined;
  }

  /** Whether `name` is a local of some function here (so it hides a top-level function of that name). */
  isLocal(name: string): boolean {
    const owner = this.owner(name);
    return !!owner && owner !== this.moduleFrame;
  }

  /** Sets a variable's taint in `frame` (`weak`: adds to what it holds). */
  set(frame: Frame, name: string, taint: Taint, weak: boolean): void {
    if (frame === this.moduleFrame) this.touch(name);
    const before = frame.env.get(name);
    const after = weak ? union(before, taint) : taint;
    if (isTainted(after) && after.some((l) => !before?.some((b) => sameSource(b.source, l.source)))) this.changes++;
    frame.env.set(name, after);
  }

  /**
   * Binds a declaration or parameter name (with destructuring) to a value. `isSource`: the
   * binding is where the data enters (a handler parameter), not a step on its way.
   */
  bind(name: ts.BindingName, taint: Taint, member?: MemberTaint, role?: string, isSource = false): void {
    if (isIdentifier(name)) {
      const step = isTainted(taint) && !isSource;
      this.declare(name.text, step ? withStep(taint, this.step(name, `assigned to \`${name.text}\``)) : taint, role);
      return;
    }
    for (const element of name.elements) {
      if (isOmittedExpression(element)) continue;
      let value = taint;
      const property = isObjectBindingPattern(name) && !element.dotDotDotToken ? propertyName(element) : undefined;
      if (member && property !== undefined) value = member(property, element) ?? taint;
      if (element.initializer) value = union(value, this.expressions.expr(element.initializer));
      this.bind(element.name, value, undefined, undefined, isSource);
    }
  }

  // ---- functions -----------------------------------------------------------------------

  /** Walks a function where it is written; returns what it returns. */
  analyzeFunction(fn: FunctionNode, position: HandlerPosition = OTHER_POSITION, paramTaints?: readonly Taint[]): Taint {
    const handlers = this.handlers.length ? matchHandlers(fn, position, this.handlers, this.handlerFile) : [];
    return this.functionBody(fn, handlers.length ? paramSeeds(fn, handlers) : [], paramTaints);
  }

  /**
   * A top-level function named where a handler is expected (`app.get('/x', getOrder)`,
   * `export default handler`, `export { list as GET }`): walked again with its parameters seeded.
   */
  referencedFunction(name: string, position: HandlerPosition): void {
    const fn = this.facts.functions.get(name);
    if (!fn || !this.reporting || this.isLocal(name) || !this.handlers.length) return;
    this.usesFunction(fn);
    const recording = this.recording;
    if (recording && !recording.reanalyzedBefore.has(fn)) recording.reanalyzedBefore.set(fn, this.reanalyzed.has(fn));
    if (this.reanalyzed.has(fn)) return;
    const handlers = matchHandlers(fn, position, this.handlers, this.handlerFile);
    if (!handlers.length) return;
    this.reanalyzed.add(fn);
    recording?.reanalyzed.push(fn);
    this.inModuleScope(() => this.functionBody(fn, paramSeeds(fn, handlers)));
  }

  /**
   * Runs `work` as if at the top level of the file (where top-level functions are written);
   * `isolated`: in an empty module scope (a summary's walk, see beginSummary).
   */
  inModuleScope<T>(work: () => T, isolated = false): T {
    const saved = this.frame;
    this.frame = isolated ? new Frame() : this.moduleFrame;
    try {
      return work();
    } finally {
      this.frame = saved;
    }
  }

  /** `roleParam`: that parameter is a request-like object of the role (a summary of what a function returns of a request passed in). */
  functionBody(fn: FunctionNode, seeds: readonly ParamSeed[], paramTaints?: readonly Taint[], roleParam?: { index: number; role: string }): Taint {
    const saved = this.frame;
    const frame = (this.frame = new Frame(saved, fn));
    // A `break` in this function leaves only its own loops.
    const savedExits = this.loopExits;
    this.loopExits = [];
    try {
      // The unknown-origin tier: a function walked where it is written, no handler, its callers unknown.
      const unknown = this.reporting && !this.inSummary && !seeds.length && !roleParam && !paramTaints && this.unknownOriginFunctions.has(fn);
      fn.parameters.forEach((param, index) => {
        const seed = seeds.find((s) => s.param === param);
        if (seed) this.seed(seed);
        else if (roleParam?.index === index) this.bindRole(param.name, roleParam.role);
        else if (unknown) {
          const { taint, member } = unknownParameter(fn, param, this.sf, (node, label) => this.step(node, label));
          this.bind(param.name, union(taint, param.initializer && this.expressions.expr(param.initializer)), member, undefined, true);
        } else this.bind(param.name, union(paramTaints?.[index], param.initializer && this.expressions.expr(param.initializer)));
      });
      if (!fn.body) return CLEAN;
      if (isBlock(fn.body)) this.statements(fn.body.statements);
      else frame.returns = union(frame.returns, this.expressions.expr(fn.body));
      // A `function` has its own `this`; a method or an arrow function in a class writes the instance's fields.
      if (!this.inSummary && !isFunctionDeclaration(fn) && !isFunctionExpression(fn)) this.fields.leave(thisClass(fn), frame.env);
      return frame.returns;
    } finally {
      this.frame = saved;
      this.loopExits = savedExits;
    }
  }

  private seed({ param, spec, handler }: ParamSeed): void {
    const confidence = handler.spec.confidence ?? 'high';
    if (spec.role === 'user-value') {
      const source = (name: string, node: ts.Node) => sourceTaint(this.step(node, fillLabel(spec.label ?? '`{name}`', { name })), confidence);
      if (isIdentifier(param.name)) this.declare(param.name.text, source(param.name.text, param.name));
      else this.bind(param.name, CLEAN, (p, node) => (!spec.names || spec.names.includes(p) ? source(p, node) : CLEAN), undefined, true);
    } else if (this.spec.hasRoot(spec.role)) {
      this.bindRole(param.name, spec.role, spec.names);
    } else {
      this.bind(param.name, CLEAN);
    }
  }

  /** A request-like parameter: its name gets the role, or its destructured members (of `names`, if given) are the role's sources. */
  private bindRole(name: ts.BindingName, role: string, names?: readonly string[]): void {
    if (isIdentifier(name)) this.declare(name.text, CLEAN, role);
    else this.bind(name, CLEAN, (p, node) => (!names || names.includes(p) ? this.memberSource(role, p, node) : CLEAN), undefined, true);
  }

  /** `request.query`, `{ params }` of a route context: the member's source, or clean if the member is not user data. */
  memberSource(role: string, member: string, node: ts.Node): Taint {
    if (memberOfSomeRoot(this.spec, member)) this.roleValueReads++;
    const source = memberSource(this.spec, role, member);
    if (!source) return CLEAN;
    const step = this.step(node, source.label);
    this.readableSources.add(step);
    const taint = sourceTaint(step, source.confidence);
    const notFor = HEADER_MEMBERS.has(member) ? [...(source.spec.notFor ?? []), ...LINE_BREAK_RULES] : source.spec.notFor;
    return notFor ? clearFor(taint, notFor) : taint;
  }

  /**
   * `request.nextUrl` read on as `request.nextUrl.searchParams.get('q')`: the source is named
   * after the whole read, which says more in the message than the member it started at.
   */
  extendSource(taint: Taint, inner: ts.Node, outer: ts.Node): Taint {
    // A method other than a read (`.replace`, `.map`, `.slice(1)`) is no part of the source's name: `request.body.a`, not `request.body.a.replace`.
    if (isMethodCallee(outer) && !READ_METHODS.has(outer.name.text)) return taint;
    if (taint.length !== 1 || taint[0].steps.length || !this.readableSources.has(taint[0].source)) return taint;
    const label = taint[0];
    const range = label.source.range;
    const start = inner.getStart(this.sf);
    if (this.input.lines.offsetAt(range.start) !== start || this.input.lines.offsetAt(range.end) !== inner.getEnd()) return taint;
    const text = label.source.label + this.sf.text.slice(inner.getEnd(), outer.getEnd()).replace(/\s+/g, '');
    if (text.length > MAX_SOURCE_LABEL) return taint;
    const source = { range: this.input.lines.rangeAt(start, outer.getEnd()), label: text };
    this.readableSources.add(source);
    return [{ ...label, source }];
  }

  private readonly fileDirectives = new Map<string, boolean>();
  private importNames?: Map<string, ImportedName>;
  /** What handler matching asks of this file, each answer read once from its top-level statements. */
  private readonly handlerFile: HandlerFile = {
    directive: (directive) => {
      let found = this.fileDirectives.get(directive);
      if (found === undefined) this.fileDirectives.set(directive, (found = hasDirective(this.sf.statements, directive)));
      return found;
    },
    imported: (name) => (this.importNames ??= importedNames(this.sf)).get(name),
    importsAny: (modules) => this.facts.modules.some((imported) => modules.some((m) => isModule(imported, m))),
  };

  statements(list: readonly ts.Statement[]): void {
    this.statementWalker.walk(list);
  }

  // ---- control flow --------------------------------------------------------------------

  /** Walks `work` on a fork of the current environment and returns the fork (not yet joined). */
  branch(work: () => void): TaintEnv {
    const saved = this.frame.env;
    const fork = (this.frame.env = saved.fork());
    try {
      work();
    } finally {
      this.frame.env = saved;
    }
    return fork;
  }

  /** `assertPublicUrl(url);` (or awaited) of a same-file validator: past it, `url` is clean for what it validates. */
  validatedArgument(statement: ts.Expression): void {
    let call = skipOuter(statement);
    if (isAwaitExpression(call)) call = skipOuter(call.expression);
    if (!isCallExpression(call)) return;
    const callee = skipOuter(call.expression);
    const arg = call.arguments[0] && skipOuter(call.arguments[0]);
    const fn = isIdentifier(callee) && !this.isLocal(callee.text) ? this.facts.functions.get(callee.text) : undefined;
    if (!fn || !arg || !isIdentifier(arg)) return;
    const rules = this.summaries.of(fn).validates;
    if (rules) this.set(this.frame, arg.text, clearFor(this.lookup(arg.text), rules), false);
  }

  /** Variables proven clean on one side of a condition (`ALLOWED.includes(sort)`, `x === 'asc'`). */
  narrow(condition: ts.Expression, truthy: boolean): void {
    for (const { name, rules, path, weak } of cleanWhen(condition, truthy, this)) {
      // A member path counts only where the `if` seeded it (seedPaths): elsewhere a join would lose its source.
      if (path && this.frame.env.get(name) === undefined) continue;
      this.set(this.frame, name, weak ? weakenFor(this.lookup(name), weak) : rules ? clearFor(this.lookup(name), rules) : CLEAN, false);
    }
  }

  /**
   * Before the branches of `if (!ALLOWED.includes(req.params.file)) return …;`: the member paths
   * the condition checks hold their source's taint, so the branch that proves one can clean it
   * and the join keeps the source on the other.
   */
  seedPaths(condition: ts.Expression): void {
    for (const truthy of [true, false]) {
      for (const { name, path } of cleanWhen(condition, truthy, this)) {
        if (path && this.frame.env.get(name) === undefined) this.set(this.frame, name, this.expressions.expr(path), false);
      }
    }
  }

  /** The taint a member path (`req.params.file`) holds after a check seeded it, if one did. */
  pathValue(dotted: string): Taint | undefined {
    this.touch(dotted);
    return this.frame.env.get(dotted);
  }

  /**
   * A loop body may run zero times, once, or again with what the last run assigned: it is
   * walked again while a run gives some variable a new source (`a = b; b = req.body.x` needs
   * two runs), up to MAX_LOOP_RUNS.
   */
  loop(body: () => void): void {
    const left: TaintEnv[] = [];
    this.loopExits.push(left);
    try {
      const fork = this.branch(() => {
        for (let run = 0; run < MAX_LOOP_RUNS; run++) {
          const before = this.changes;
          body();
          if (this.changes === before) break;
        }
      });
      this.frame.env.join([fork, ...left]);
    } finally {
      this.loopExits.pop();
    }
  }

  /** A branch that leaves the innermost loop with `break`: what it holds reaches the code after the loop. */
  leaveLoop(branch: TaintEnv): void {
    this.loopExits[this.loopExits.length - 1]?.push(branch);
  }
  private loopExits: TaintEnv[][] = [];
}

/** Statements that may carry data: the rest (imports, types, interfaces) are neither walked nor stored. */
const HAS_FLOW = new Set([
  SyntaxKind.Block,
  SyntaxKind.ExpressionStatement,
  SyntaxKind.VariableStatement,
  SyntaxKind.ReturnStatement,
  SyntaxKind.IfStatement,
  SyntaxKind.SwitchStatement,
  SyntaxKind.TryStatement,
  SyntaxKind.ForStatement,
  SyntaxKind.ForOfStatement,
  SyntaxKind.ForInStatement,
  SyntaxKind.WhileStatement,
  SyntaxKind.DoStatement,
  SyntaxKind.LabeledStatement,
  SyntaxKind.ThrowStatement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.ExportAssignment,
  SyntaxKind.ExportDeclaration,
  SyntaxKind.ModuleDeclaration,
]);

/** A stored walk moved by `delta` lines (what lies in the statement and in the functions it used). */
function movedEntry(entry: StatementEntry, mover: LineMover, delta: number): StatementEntry {
  const deps = entry.deps;
  const moved = new StatementRecording(deps.firstReport);
  moved.merge(deps);
  moved.statements.clear();
  for (const [statement, [from, to]] of deps.statements) moved.statements.set(statement, [from + delta, to + delta]);
  for (const [name, state] of deps.reads) moved.reads.set(name, state);
  for (const [fn, walked] of deps.reanalyzedBefore) moved.reanalyzedBefore.set(fn, walked);
  moved.reanalyzed.push(...deps.reanalyzed);
  moved.reportedBefore.push(...deps.reportedBefore.map(({ ruleId, at }) => ({ ruleId, at: mover.position(at) })));
  moved.findings.push(...deps.findings.map((f) => mover.finding(f)));
  return {
    ...entry,
    startLine: entry.startLine + delta,
    endLine: entry.endLine + delta,
    deps: moved,
    bindings: entry.bindings.map(([name, state]) => [name, { ...state, taint: mover.taint(state.taint) }]),
  };
}

function propertyName(element: ts.BindingElement): string | undefined {
  const name = element.propertyName ?? element.name;
  if (isIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name)) return name.text;
  return undefined;
}

function sameSource(a: TaintStep, b: TaintStep): boolean {
  return a === b || (a.label === b.label && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character);
}
