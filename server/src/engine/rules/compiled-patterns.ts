import { backtracking, type RegexPattern } from './backtracking';
import { pathFilter } from './path-filter';
import { CalleeMatcher } from '../taint/callee-pattern';
import type { ArgCondition, LiteralValue, PatternFile, PatternSpec, ValueKind } from './spec-types';

/** An argument as a language backend sees it: enough to test conditions without knowing the syntax tree. */
export interface ArgValue {
  kind: ValueKind;
  /** The value of a literal (`string`, `number`, `bool`, `none`); undefined for anything else. */
  literal?: LiteralValue;
  /** The argument's source text (of the literal it names, when read through a name). */
  text: string;
  /** Names the argument mentions: variables, attributes, keywords (read on demand). */
  names(): readonly string[];
  /**
   * The regular expression the value is, when it is a fixed one the language front end can
   * read (a regex literal, `new RegExp("…")`, a `re` pattern string, a name bound to one of
   * those), in that language's syntax; undefined otherwise. Read on demand.
   */
  regex?(): RegexPattern | undefined;
}

/**
 * Finds a call's argument by position and/or keyword; undefined when the call does not pass it.
 * With `receiver`, the object a method is called on instead (`RE` of `RE.test(s)`), where the
 * language front end knows it.
 */
export type ArgLookup = (arg: number | undefined, keyword: string | undefined, receiver?: boolean) => ArgValue | undefined;

/** A call a value is passed to: its callee as written and as resolved through imports, and where the value goes. */
export interface PassedTo {
  written?: string;
  canonical?: string;
  /** Positional index, or undefined when passed by keyword. */
  arg?: number;
  keyword?: string;
}

/** Whether the value goes where the pattern's `orPassedTo` names (the argument by position or keyword). */
function passedToHolds(p: CompiledPattern, passedTo: (() => readonly PassedTo[]) | undefined): boolean {
  const target = p.spec.orPassedTo;
  if (!target || !p.passedTo || !passedTo) return false;
  return passedTo().some((use) => (use.arg === target.arg || (target.keyword !== undefined && use.keyword === target.keyword)) && (p.passedTo!.matches(use.written) || p.passedTo!.matches(use.canonical)));
}

/** One argument condition with its regexes compiled (see `argCondition` in pattern.schema.json). */
export class CompiledCondition {
  private readonly text?: RegExp;
  private readonly notText?: RegExp;
  private readonly mentions?: RegExp;
  private readonly notMentions?: RegExp;

  constructor(readonly spec: ArgCondition) {
    if (spec.text !== undefined) this.text = new RegExp(spec.text);
    if (spec.notText !== undefined) this.notText = new RegExp(spec.notText);
    if (spec.mentions !== undefined) this.mentions = new RegExp(spec.mentions);
    if (spec.notMentions !== undefined) this.notMentions = new RegExp(spec.notMentions);
  }

  holds(lookup: ArgLookup): boolean {
    const { spec } = this;
    const value = spec.receiver ? lookup(undefined, undefined, true) : lookup(spec.arg, spec.keyword);
    if (spec.present !== undefined && spec.present !== !!value) return false;
    if (spec.equals !== undefined && !(value && sameLiteral(value, spec.equals))) return false;
    if (spec.notEquals !== undefined && value && sameLiteral(value, spec.notEquals)) return false;
    if (spec.kind && !(value && spec.kind.includes(value.kind))) return false;
    if (spec.notKind && value && spec.notKind.includes(value.kind)) return false;
    if (this.text && !(value && this.text.test(value.text))) return false;
    if (this.notText && value && this.notText.test(value.text)) return false;
    if (this.mentions && !(value && value.names().some((n) => this.mentions!.test(n)))) return false;
    if (this.notMentions && value && value.names().some((n) => this.notMentions!.test(n))) return false;
    if (spec.secret !== undefined && spec.secret !== !!(value && isSecretLiteral(value))) return false;
    if (spec.backtracking !== undefined && !backtrackingHolds(value, spec.backtracking)) return false;
    return true;
  }
}

/**
 * The `backtracking` condition (see backtracking.ts): `"exponential"` holds for a fixed regular
 * expression that backtracks exponentially, `true` for one that backtracks exponentially or
 * polynomially, `false` for any other value.
 */
function backtrackingHolds(value: ArgValue | undefined, wanted: boolean | 'exponential'): boolean {
  const pattern = value?.regex?.();
  const found = pattern ? backtracking(pattern) : 'linear';
  return wanted === 'exponential' ? found === 'exponential' : wanted === (found !== 'linear');
}

function isSecretLiteral(value: ArgValue): boolean {
  return value.kind === 'string' && typeof value.literal === 'string' && looksLikeSecret(value.literal);
}

/** A plural name (`tokens`, `resetCodes`, `PINS`), not one ending in a double s (`pass`). */
const PLURAL = /[^sS][sS]$/;

/** Values that stand in for a credential in samples, docs and tests: no secret leaks through them. */
const PLACEHOLDER = /^(?:change[-_ ]?me|changeit|secret|password|passw0rd|example|dummy|test|testing|fake|sample|placeholder|redacted|todo|tbd|none|null|default|admin|root|xxx+|\*+|\.+|-+)$|your[-_ ]|<[^>]*>|\$\{|\{\{|%\(|%s|xxxx|example|placeholder|change[-_ ]?me|dummy|insert[-_ ]|replace[-_ ]?me|not[-_ ]?a[-_ ]?secret|abc123|123456789|qwerty/i;

/**
 * Whether a string literal looks like a real credential rather than a placeholder, a name or a
 * message: 8+ characters without spaces, not a placeholder (`changeme`, `<your-key>`, `${X}`),
 * not an environment-variable, field or settings name (`DB_PASSWORD`, `reset_token`, `settings.SECRET`), not a URL or
 * path, and varied enough (not `aaaaaaaa` or `12345678`).
 */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 8 || /\s/.test(value) || PLACEHOLDER.test(value)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value) || /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(value) || /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$/i.test(value)) return false;
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\.\/|~\/)/i.test(value)) return false;
  return shannonEntropy(value) >= 2.5;
}

/** Bits per character of a string's character distribution. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function sameLiteral(value: ArgValue, literal: LiteralValue): boolean {
  if (literal === null) return value.kind === 'none';
  return value.literal !== undefined && value.literal === literal;
}

const compiledConditions = new WeakMap<readonly ArgCondition[], CompiledCondition[]>();

/** Conditions compiled once per spec array (sinks' `when`, patterns' `where`). */
export function compileConditions(conditions: readonly ArgCondition[] | undefined): CompiledCondition[] {
  if (!conditions) return [];
  let compiled = compiledConditions.get(conditions);
  if (!compiled) {
    compiled = conditions.map((c) => new CompiledCondition(c));
    compiledConditions.set(conditions, compiled);
  }
  return compiled;
}

/** What is wrong with conditions' regular expressions (load-time checks of rule files and team configs). */
export function regexProblems(sources: readonly (string | undefined)[]): string[] {
  const problems: string[] = [];
  for (const source of sources) {
    if (source === undefined) continue;
    try {
      new RegExp(source);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

/** The regular expressions of argument conditions. */
export function conditionRegexes(conditions: readonly ArgCondition[] | undefined): (string | undefined)[] {
  return (conditions ?? []).flatMap((c) => [c.text, c.notText, c.mentions, c.notMentions]);
}

export function allHold(conditions: readonly CompiledCondition[], lookup: ArgLookup): boolean {
  return conditions.every((c) => c.holds(lookup));
}

export interface CompiledPattern {
  spec: PatternSpec;
  where: CompiledCondition[];
  whereAny: CompiledCondition[];
  appliesTo(path: string): boolean;
  /** `unlessFile` / `onlyIfFile`: whether the file's text lets the pattern hold. */
  holdsIn(text: string): boolean;
  /** `assignedTo`: the name the call's value goes to must match this. */
  assignedTo?: RegExp;
  /** `orPassedTo`: the calls whose argument the value may be instead. */
  passedTo?: CalleeMatcher;
}

interface CallPattern extends CompiledPattern {
  calls: CalleeMatcher;
  methods: Set<string>;
  /** Keywords the call must give for the conditions to hold (see keywordsNeeded): all of `all`, one of `any`. */
  keywords: { all: readonly string[]; any: readonly string[] | undefined };
}

/**
 * What a pattern's conditions need of a call's keywords: every keyword-only condition of
 * `where` that holds only for a value given needs its keyword, and `whereAny` needs one of
 * its keywords when all its conditions are such (`credential-keyword`: `password=`, `token=`,
 * ...). A call giving none of them, and no `**options`, is not tried: most calls are matched
 * against the patterns that name any callee (`**`), and their conditions are a dozen look-ups.
 */
function keywordsNeeded(spec: PatternSpec): CallPattern['keywords'] {
  const keywordOf = (c: ArgCondition) => (c.keyword !== undefined && c.arg === undefined && !c.receiver && needsValue(c) ? c.keyword : undefined);
  const all = (spec.where ?? []).map(keywordOf).filter((k): k is string => k !== undefined);
  const anyOf = (spec.whereAny ?? []).map(keywordOf);
  const any = anyOf.length > 0 && anyOf.every((k) => k !== undefined) ? (anyOf as string[]) : undefined;
  return { all, any };
}

/** Whether a condition holds only for an argument given (not for one absent). */
function needsValue(c: ArgCondition): boolean {
  return c.present === true || c.equals !== undefined || c.kind !== undefined || c.text !== undefined || c.mentions !== undefined || c.secret === true || (c.backtracking !== undefined && c.backtracking !== false);
}

interface AssignmentPattern extends CompiledPattern {
  target: RegExp;
  /** The value's conditions (`text`, `notText`, `secret`), read as one argument condition. */
  value: CompiledCondition;
}

/** A `comparison` pattern: a secret-named value compared with `==` / `===` and friends. */
export interface ComparisonPattern extends CompiledPattern {
  prefilter?: RegExp;
  operands: RegExp;
  notOperands?: RegExp;
}

/**
 * One side of a `==` comparison as the comparison patterns see it, built by each language's
 * front end from its syntax so both languages decide alike.
 */
export interface ComparedOperand {
  /** A literal (`None`, `""`, a number; in TS/JS also `typeof`, arithmetic): a check of presence or shape, not of a secret. */
  constant: boolean;
  /**
   * A member read from a class or enum (`UserSession.token`, `TokenType.Access`): a query's
   * column expression or a constant, never the secret's value compared in Python/JS.
   */
  classMember: boolean;
  /**
   * The names the value itself is known by: a variable, the last name of a member read
   * (`session.token` → token, not session), a subscript's string key, a call's function name
   * and its receiver's names (`user.password.encode()` → encode, password) — never the names
   * of a call's arguments (`is_live_key(api_key)` yields a bool).
   */
  names: readonly string[];
}

/** A class or enum name (`OAuth2Token`, `TokenType`), as opposed to a variable or an ALL_CAPS constant. */
export function isClassName(name: string): boolean {
  return /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(name);
}

/** An `assertion` pattern: an `assert` whose condition mentions a name matching `mentions`. */
export interface AssertionPattern extends CompiledPattern {
  mentions: RegExp;
}

/** A `literal` pattern: string contents matching `text` (and not `notText`), not an argument of `notIn`. */
export interface LiteralPattern extends CompiledPattern {
  prefilter?: RegExp;
  text: RegExp;
  notText?: RegExp;
  notIn: CalleeMatcher;
}

/**
 * A language's pattern rules, indexed for the analyzers: call patterns by callee, assignment
 * patterns by target. Built once per catalog.
 */
export class CompiledPatterns {
  private readonly calls: CallPattern[] = [];
  private readonly assignments: AssignmentPattern[] = [];
  /** Read directly by the TypeScript walk, which tests operands by their syntax itself. */
  readonly comparisons: ComparisonPattern[] = [];
  readonly literals: LiteralPattern[] = [];
  readonly assertions: AssertionPattern[] = [];
  /**
   * What a text must contain for a pattern that names no callee to match in it: each such
   * pattern's `prefilter`, or the literal its assignment looks for. `undefined` when some
   * pattern can match in any text.
   */
  readonly textPrefilters: readonly RegExp[] | undefined;
  /** Every call pattern's callees and methods at once: most calls match none, and are rejected with one test. */
  private readonly anyCall: CalleeMatcher;
  private readonly anyMethod: Set<string>;
  private readonly anyCallee: CallPattern[];
  private readonly candidatesByCallee = new Map<string, CallPattern[]>();
  /**
   * The last named segment of each callee (`load` for `yaml.load`, `requests` for `requests.*`)
   * and the method names: a text without any of them (or an import alias) has no call to match.
   */
  readonly callNames: readonly string[];
  /** Whether a text names a module whose calls get fixes that may add an import (`hashlib`, `yaml`). */
  private readonly importingModules: RegExp | undefined;
  /** What a text must contain for a pattern that names no callee to match with a rewrite that may add an import. */
  private readonly importingWithoutCallee: readonly RegExp[];

  constructor(readonly file: PatternFile) {
    const prefilters: RegExp[] = [];
    let unfiltered = false;
    for (const spec of file.patterns) {
      const name = (source: string) => new RegExp(source, spec.ignoreCase ? 'i' : '');
      const unless = spec.unlessFile !== undefined ? new RegExp(spec.unlessFile) : undefined;
      const onlyIf = spec.onlyIfFile !== undefined ? new RegExp(spec.onlyIfFile) : undefined;
      const base: CompiledPattern = {
        spec,
        where: compileConditions(spec.where),
        whereAny: compileConditions(spec.whereAny),
        appliesTo: pathFilter(spec.files, spec.excludeFiles),
        holdsIn: unless || onlyIf ? (text) => !unless?.test(text) && (!onlyIf || onlyIf.test(text)) : () => true,
        assignedTo: spec.assignedTo !== undefined ? name(spec.assignedTo) : undefined,
        passedTo: spec.orPassedTo ? new CalleeMatcher(spec.orPassedTo.calls) : undefined,
      };
      const prefilter = spec.prefilter !== undefined ? name(spec.prefilter) : undefined;
      if (spec.assignment) {
        const { text, notText, secret } = spec.assignment;
        this.assignments.push({ ...base, target: name(spec.assignment.target), value: new CompiledCondition({ arg: 0, text, notText, secret }) });
      } else if (spec.comparison) {
        const { operands, notOperands } = spec.comparison;
        this.comparisons.push({ ...base, prefilter, operands: name(operands), notOperands: notOperands !== undefined ? name(notOperands) : undefined });
      } else if (spec.assertion) {
        this.assertions.push({ ...base, mentions: name(spec.assertion.mentions) });
        // No pattern of this kind without an `assert` in the text.
        prefilters.push(prefilter ?? /\bassert\b/);
        continue;
      } else if (spec.literal) {
        const { text, notText, notIn } = spec.literal;
        this.literals.push({ ...base, prefilter, text: new RegExp(text), notText: notText !== undefined ? new RegExp(notText) : undefined, notIn: new CalleeMatcher(notIn ?? []) });
      } else {
        this.calls.push({ ...base, calls: new CalleeMatcher(spec.calls ?? []), methods: new Set(spec.methods ?? []), keywords: keywordsNeeded(spec) });
        // A call pattern naming no callee (`**` with keyword conditions) needs its own pre-check.
        if (prefilter) prefilters.push(prefilter);
        continue;
      }
      const literal = spec.assignment?.equals === null ? 'None' : spec.assignment?.equals === true ? 'True' : spec.assignment?.equals === false ? 'False' : undefined;
      if (prefilter) prefilters.push(prefilter);
      else if (literal) prefilters.push(new RegExp(`\\b${literal}\\b`));
      else unfiltered = true;
    }
    this.textPrefilters = unfiltered ? undefined : prefilters;
    const lastName = (callee: string) => callee.split('.').filter((s) => !s.includes('*')).pop();
    const names = this.calls.flatMap((p) => [...(p.spec.calls ?? []).map(lastName), ...p.methods]);
    this.callNames = [...new Set(names.filter((n): n is string => !!n))];
    // `**` matches every callee: such patterns (keyword checks on any call) are tried on their own.
    this.anyCallee = this.calls.filter((p) => p.spec.calls?.includes('**'));
    this.anyCall = new CalleeMatcher(this.calls.flatMap((p) => (p.spec.calls ?? []).filter((c) => c !== '**')));
    this.anyMethod = new Set(this.calls.flatMap((p) => [...p.methods]));
    const modules = this.calls
      .filter((p) => p.spec.fix?.rewrite || p.spec.fix?.renameCall || p.spec.fix?.replaceCallee)
      .flatMap((p) => [...(p.spec.calls ?? []).map((c) => c.split('.')[0]), ...p.methods]) // `app.add_middleware(...)`: by the method's name
      .filter((m) => !m.includes('*'));
    this.importingModules = modules.length ? new RegExp(`\\b(?:${[...new Set(modules)].join('|')})\\b`) : undefined;
    // A comparison, assignment or literal pattern's rewrite may import too (`hmac.compare_digest`): wherever the pattern may match.
    const uncalled = [...this.comparisons, ...this.literals, ...this.assignments].filter((p) => p.spec.fix?.rewrite);
    this.importingWithoutCallee = uncalled.map((p) => ('prefilter' in p && p.prefilter) || /(?:)/);
  }

  /** Whether a fix in this file may add an import: then where imports go is part of what cached fixes depend on. */
  mayImportIn(text: string): boolean {
    return !!this.importingModules?.test(text) || this.importingWithoutCallee.some((p) => p.test(text));
  }

  /** Whether some call pattern names this callee (an import target such as `yaml.load`). */
  matchesCallee(callee: string): boolean {
    return this.anyCall.matches(callee);
  }

  get hasAssignments(): boolean {
    return this.assignments.length > 0;
  }

  get hasComparisons(): boolean {
    return this.comparisons.length > 0;
  }

  get hasAssertions(): boolean {
    return this.assertions.length > 0;
  }

  /** Assertion patterns an `assert` matches, given the names its condition mentions. */
  matchAssertion(names: readonly string[], path: string): CompiledPattern[] {
    return this.assertions.filter((p) => names.some((n) => p.mentions.test(n)) && p.appliesTo(path));
  }

  get hasLiterals(): boolean {
    return this.literals.length > 0;
  }

  /** Whether a text may hold a match of an assignment, comparison or literal pattern. */
  mayMatchWithoutCallee(text: string): boolean {
    return !this.textPrefilters || this.textPrefilters.some((p) => p.test(text));
  }

  /** Every assignment pattern's target at once: most assignments match none, and are rejected with one test. */
  private anyTarget?: RegExp;
  mayMatchTarget(target: string): boolean {
    this.anyTarget ??= anyOf(this.assignments.map((p) => p.target));
    return this.anyTarget.test(target);
  }

  /** Every literal pattern's text at once, for the same reason. */
  private anyLiteral?: RegExp;
  mayMatchLiteral(value: string): boolean {
    this.anyLiteral ??= anyOf(this.literals.map((p) => p.text));
    return this.anyLiteral.test(value);
  }

  /**
   * Call patterns whose callee matches (as written or resolved through imports) and whose
   * conditions hold; with `text` (the file's), `unlessFile` is checked too.
   */
  matchCall(
    written: string | undefined,
    canonical: string | undefined,
    method: string | undefined,
    path: string,
    lookup: ArgLookup,
    /** The name the call's value goes to (see `assignedTo`), read only when a pattern asks. */
    receiverName?: () => string | undefined,
    text?: string,
    /** The calls the value is passed to as an argument (see `orPassedTo`), read only when a pattern asks. */
    passedTo?: () => readonly PassedTo[],
    /** Whether the value reaches that name inside a collection (a list, a comprehension, a callback's results), read only when a pattern asks. */
    intoCollection?: () => boolean,
    /** Whether the call may give a keyword argument (by name, or through `**options`); when absent, any keyword may be given. */
    mayGive?: (keyword: string) => boolean,
  ): CompiledPattern[] {
    const candidates = this.candidates(written, canonical, method);
    if (candidates.length === 0) return candidates;
    return candidates.filter((p) => {
      if (mayGive && (!p.keywords.all.every(mayGive) || (p.keywords.any && !p.keywords.any.some(mayGive)))) return false;
      if (!allHold(p.where, lookup) || (p.whereAny.length > 0 && !p.whereAny.some((c) => c.holds(lookup)))) return false;
      if (p.assignedTo || p.passedTo) {
        const name = p.assignedTo && receiverName?.();
        const named = name !== undefined && !!p.assignedTo?.test(name) && !(p.spec.countsAs === 'number' && PLURAL.test(name) && !intoCollection?.());
        if (!named && !passedToHolds(p, passedTo)) return false;
      }
      return p.appliesTo(path) && (text === undefined || p.holdsIn(text));
    });
  }

  /**
   * The call patterns whose callee or method matches, before their conditions: remembered per
   * callee, since the same few (`cursor.execute`, `logger.info`) are called all over a project
   * and each test runs a regex per pattern.
   */
  private candidates(written: string | undefined, canonical: string | undefined, method: string | undefined): CallPattern[] {
    const key = `${written}\u0000${canonical}\u0000${method}`;
    let found = this.candidatesByCallee.get(key);
    if (!found) {
      const named = (method !== undefined && this.anyMethod.has(method)) || this.anyCall.matches(written) || this.anyCall.matches(canonical);
      found = !named
        ? this.anyCallee
        : this.calls.filter((p) => (method !== undefined && p.methods.has(method)) || p.calls.matches(written) || p.calls.matches(canonical));
      if (this.candidatesByCallee.size >= 10_000) this.candidatesByCallee.clear();
      this.candidatesByCallee.set(key, found);
    }
    return found;
  }

  /** Whether a comparison or literal, by its source text, may match a pattern of that kind (their `prefilter`s). */
  mayMatch(kind: 'comparison' | 'literal', text: string): boolean {
    const patterns = kind === 'comparison' ? this.comparisons : this.literals;
    return patterns.some((p) => !p.prefilter || p.prefilter.test(text));
  }

  /** Comparison patterns for `left == right`, given the names each operand mentions. */
  matchComparison(left: ComparedOperand, right: ComparedOperand, path: string): CompiledPattern[] {
    if (left.constant || right.constant || left.classMember || right.classMember) return [];
    const names = [...left.names, ...right.names];
    return this.comparisons.filter(
      (p) => names.some((n) => p.operands.test(n)) && !(p.notOperands && names.some((n) => p.notOperands!.test(n))) && p.appliesTo(path),
    );
  }

  /** Literal patterns for a string literal's value, `call` being the callee it is an argument of. */
  matchLiteral(value: string, call: string | undefined, path: string): CompiledPattern[] {
    return this.literals.filter((p) => p.text.test(value) && !p.notText?.test(value) && !p.notIn.matches(call) && p.appliesTo(path));
  }

  /** Assignment patterns for `target = value` (the value, or a function that reads it); with `text` (the file's), `unlessFile` is checked too. */
  matchAssignment(target: string, assigned: ArgValue | (() => ArgValue), moduleLevel: boolean, path: string, text?: string): CompiledPattern[] {
    // The value is read only for an assignment whose target matches (reading it costs syntax-tree calls).
    let value: ArgValue | undefined = typeof assigned === 'function' ? undefined : assigned;
    return this.assignments.filter((p) => {
      const a = p.spec.assignment!;
      if (!p.target.test(target) || (a.moduleLevel && !moduleLevel)) return false;
      value ??= (assigned as () => ArgValue)();
      return (
        (a.equals === undefined || sameLiteral(value, a.equals)) &&
        (!a.kind || a.kind.includes(value.kind)) &&
        p.value.holds(() => value) &&
        p.appliesTo(path) &&
        (text === undefined || p.holdsIn(text))
      );
    });
  }
}

/** One regex matching what any of `regexes` matches (case-insensitively if any of them is); never matches when empty. */
function anyOf(regexes: readonly RegExp[]): RegExp {
  if (regexes.length === 0) return /$^/;
  return new RegExp(regexes.map((r) => `(?:${r.source})`).join('|'), regexes.some((r) => r.ignoreCase) ? 'i' : '');
}

/** The pattern's `files` / `excludeFiles` globs, compiled once. */

