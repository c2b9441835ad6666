import { Minimatch } from 'minimatch';
import { CalleeMatcher } from '../taint/callee-pattern';
import type { ArgCondition, LiteralValue, PatternFile, PatternSpec, ValueKind } from './spec-types';

/** An argument as a language backend sees it: enough to test conditions without knowing the syntax tree. */
export interface ArgValue {
  kind: ValueKind;
  /** The value of a literal (`string`, `number`, `bool`, `none`); undefined for anything else. */
  literal?: LiteralValue;
  /** The argument's source text. */
  text: string;
  /** Names the argument mentions: variables, attributes, keywords (read on demand). */
  names(): readonly string[];
}

/** Finds a call's argument by position and/or keyword; undefined when the call does not pass it. */
export type ArgLookup = (arg: number | undefined, keyword: string | undefined) => ArgValue | undefined;

/** One argument condition with its regexes compiled (see `argCondition` in pattern.schema.json). */
export class CompiledCondition {
  private readonly text?: RegExp;
  private readonly notText?: RegExp;
  private readonly mentions?: RegExp;

  constructor(readonly spec: ArgCondition) {
    if (spec.text !== undefined) this.text = new RegExp(spec.text);
    if (spec.notText !== undefined) this.notText = new RegExp(spec.notText);
    if (spec.mentions !== undefined) this.mentions = new RegExp(spec.mentions);
  }

  holds(lookup: ArgLookup): boolean {
    const { spec } = this;
    const value = lookup(spec.arg, spec.keyword);
    if (spec.present !== undefined && spec.present !== !!value) return false;
    if (spec.equals !== undefined && !(value && sameLiteral(value, spec.equals))) return false;
    if (spec.notEquals !== undefined && value && sameLiteral(value, spec.notEquals)) return false;
    if (spec.kind && !(value && spec.kind.includes(value.kind))) return false;
    if (spec.notKind && value && spec.notKind.includes(value.kind)) return false;
    if (this.text && !(value && this.text.test(value.text))) return false;
    if (this.notText && value && this.notText.test(value.text)) return false;
    if (this.mentions && !(value && value.names().some((n) => this.mentions!.test(n)))) return false;
    return true;
  }
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
  return (conditions ?? []).flatMap((c) => [c.text, c.notText, c.mentions]);
}

export function allHold(conditions: readonly CompiledCondition[], lookup: ArgLookup): boolean {
  return conditions.every((c) => c.holds(lookup));
}

export interface CompiledPattern {
  spec: PatternSpec;
  where: CompiledCondition[];
  appliesTo(path: string): boolean;
  /** `unlessFile`: whether the file's text lets the pattern hold. */
  holdsIn(text: string): boolean;
  /** `assignedTo`: the name the call's value goes to must match this. */
  assignedTo?: RegExp;
}

interface CallPattern extends CompiledPattern {
  calls: CalleeMatcher;
  methods: Set<string>;
}

interface AssignmentPattern extends CompiledPattern {
  target: RegExp;
  text?: RegExp;
  notText?: RegExp;
}

/** A `literal` pattern: string contents matching `text` (and not `notText`). */
export interface LiteralPattern extends CompiledPattern {
  text: RegExp;
  notText?: RegExp;
}

/** A `comparison` pattern: a secret-named value compared with `===` and friends. */
export interface ComparisonPattern extends CompiledPattern {
  mentions: RegExp;
  notMentions?: RegExp;
}

/**
 * A language's pattern rules, indexed for the analyzers: call patterns by callee, assignment
 * patterns by target. Built once per catalog.
 */
export class CompiledPatterns {
  private readonly calls: CallPattern[] = [];
  private readonly assignments: AssignmentPattern[] = [];
  readonly literals: LiteralPattern[] = [];
  readonly comparisons: ComparisonPattern[] = [];
  /** Every call pattern's callees and methods at once: most calls match none, and are rejected with one test. */
  private readonly anyCall: CalleeMatcher;
  private readonly anyMethod: Set<string>;
  /**
   * The last named segment of each callee (`load` for `yaml.load`, `requests` for `requests.*`)
   * and the method names: a text without any of them (or an import alias) has no call to match.
   */
  readonly callNames: readonly string[];
  /** Whether a text names a module whose calls get fixes that may add an import (`hashlib`, `yaml`). */
  private readonly importingModules: RegExp | undefined;

  constructor(readonly file: PatternFile) {
    for (const spec of file.patterns) {
      const unless = spec.unlessFile !== undefined ? new RegExp(spec.unlessFile) : undefined;
      const base: CompiledPattern = {
        spec,
        where: compileConditions(spec.where),
        appliesTo: pathFilter(spec),
        holdsIn: (text) => !unless || !unless.test(text),
        assignedTo: spec.assignedTo !== undefined ? new RegExp(spec.assignedTo) : undefined,
      };
      const optional = (source: string | undefined) => (source !== undefined ? new RegExp(source) : undefined);
      if (spec.assignment) this.assignments.push({ ...base, target: new RegExp(spec.assignment.target), text: optional(spec.assignment.text), notText: optional(spec.assignment.notText) });
      else if (spec.literal) this.literals.push({ ...base, text: new RegExp(spec.literal.text), notText: optional(spec.literal.notText) });
      else if (spec.comparison) this.comparisons.push({ ...base, mentions: new RegExp(spec.comparison.mentions), notMentions: optional(spec.comparison.notMentions) });
      else this.calls.push({ ...base, calls: new CalleeMatcher(spec.calls ?? []), methods: new Set(spec.methods ?? []) });
    }
    const lastName = (callee: string) => callee.split('.').filter((s) => !s.includes('*')).pop();
    const names = this.calls.flatMap((p) => [...(p.spec.calls ?? []).map(lastName), ...p.methods]);
    this.callNames = [...new Set(names.filter((n): n is string => !!n))];
    this.anyCall = new CalleeMatcher(this.calls.flatMap((p) => p.spec.calls ?? []));
    this.anyMethod = new Set(this.calls.flatMap((p) => [...p.methods]));
    const modules = this.calls
      .filter((p) => p.spec.fix?.rewrite || p.spec.fix?.renameCall)
      .flatMap((p) => (p.spec.calls ?? []).map((c) => c.split('.')[0]))
      .filter((m) => !m.includes('*'));
    this.importingModules = modules.length ? new RegExp(`\\b(?:${[...new Set(modules)].join('|')})\\b`) : undefined;
  }

  /** Whether a fix in this file may add an import: then where imports go is part of what cached fixes depend on. */
  mayImportIn(text: string): boolean {
    return !!this.importingModules?.test(text);
  }

  /** Whether some call pattern names this callee (an import target such as `yaml.load`). */
  matchesCallee(callee: string): boolean {
    return this.anyCall.matches(callee);
  }

  get hasAssignments(): boolean {
    return this.assignments.length > 0;
  }

  /** Every assignment pattern's target at once: most assignments match none, and are rejected with one test. */
  private anyTarget?: RegExp;
  mayMatchTarget(target: string): boolean {
    this.anyTarget ??= new RegExp(this.assignments.map((p) => `(?:${p.spec.assignment!.target})`).join('|') || '$^');
    return this.anyTarget.test(target);
  }

  /** Every literal pattern's text at once, for the same reason. */
  private anyLiteral?: RegExp;
  mayMatchLiteral(value: string): boolean {
    this.anyLiteral ??= new RegExp(this.literals.map((p) => `(?:${p.spec.literal!.text})`).join('|') || '$^');
    return this.anyLiteral.test(value);
  }

  /** Call patterns whose callee matches (as written or resolved through imports) and whose conditions hold; with `text` (the file's), `unlessFile` is checked too. */
  matchCall(written: string | undefined, canonical: string | undefined, method: string | undefined, path: string, lookup: ArgLookup, text?: string): CompiledPattern[] {
    if (!(method !== undefined && this.anyMethod.has(method)) && !this.anyCall.matches(written) && !this.anyCall.matches(canonical)) return [];
    return this.calls.filter(
      (p) =>
        ((method !== undefined && p.methods.has(method)) || p.calls.matches(written) || p.calls.matches(canonical)) &&
        allHold(p.where, lookup) &&
        p.appliesTo(path) &&
        (text === undefined || p.holdsIn(text)),
    );
  }

  /** Assignment patterns for `target = value`. */
  matchAssignment(target: string, value: ArgValue, moduleLevel: boolean, path: string, text?: string): CompiledPattern[] {
    return this.assignments.filter((p) => {
      const a = p.spec.assignment!;
      return (
        p.target.test(target) &&
        (!a.moduleLevel || moduleLevel) &&
        (a.equals === undefined || sameLiteral(value, a.equals)) &&
        (!a.kind || a.kind.includes(value.kind)) &&
        (!p.text || p.text.test(value.text)) &&
        !p.notText?.test(value.text) &&
        p.appliesTo(path) &&
        (text === undefined || p.holdsIn(text))
      );
    });
  }
}

/** The pattern's `files` / `excludeFiles` globs, compiled once. */
function pathFilter(spec: PatternSpec): (path: string) => boolean {
  const compile = (globs: string[] | undefined) => globs?.map((g) => new Minimatch(g, { dot: true }));
  const files = compile(spec.files);
  const excluded = compile(spec.excludeFiles);
  return (path) => {
    const file = path.replace(/\\/g, '/');
    return (!files || files.some((m) => m.match(file))) && !(excluded && excluded.some((m) => m.match(file)));
  };
}

