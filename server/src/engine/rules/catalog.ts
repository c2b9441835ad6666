import type { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { CompiledPatterns, conditionRegexes, regexProblems } from './compiled-patterns';
import { CompiledTaintSpec } from './compiled-spec';
import { RuleLoadError } from './errors';
import { schemaValidators, type SchemaValidators } from './schemas';
import type { FrameworkInfo, PatternFile, RuleMeta, SpecLanguage, TaintSpec } from './spec-types';

export interface Rule {
  meta: RuleMeta;
  /** The rule's docs page (rules/<id>/README.md), Markdown. */
  docs: string;
  /**
   * Absolute path of that page as shipped (in the .vsix and the CLI package): the docs always
   * exist there, whereas a web address exists only where a team publishes them (see docs-links.ts).
   */
  docsFile: string;
}

/**
 * The built-in rules and taint specs from rules/, validated against their JSON Schemas.
 * A rule is a folder: rule.json (metadata) + README.md (docs page). Taint specs are
 * rules/taint/<language>.json; pattern rules' matchers are rules/patterns/<language>.json.
 */
export class RuleCatalog {
  private readonly compiled = new Map<SpecLanguage, CompiledTaintSpec>();
  private readonly compiledPatterns = new Map<SpecLanguage, CompiledPatterns>();

  private constructor(
    readonly rules: ReadonlyMap<string, Rule>,
    readonly specs: ReadonlyMap<SpecLanguage, TaintSpec>,
    readonly patternFiles: ReadonlyMap<SpecLanguage, PatternFile> = new Map(),
    private readonly frameworkFiles: ReadonlyMap<SpecLanguage, TaintSpec[]> = new Map(),
  ) {}

  static load(rulesDir: string = findRulesDir()): RuleCatalog {
    const validators = schemaValidators(rulesDir);
    const rules = new Map<string, Rule>();
    for (const entry of fs.readdirSync(rulesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const ruleFile = path.join(rulesDir, entry.name, 'rule.json');
      if (!fs.existsSync(ruleFile)) continue;
      const meta = check(validators.get('rule'), readJson(ruleFile), ruleFile) as RuleMeta;
      if (meta.id !== entry.name) throw new RuleLoadError(ruleFile, [`id "${meta.id}" must equal its folder name "${entry.name}"`]);
      const docsFile = path.join(rulesDir, entry.name, 'README.md');
      if (!fs.existsSync(docsFile)) throw new RuleLoadError(ruleFile, ['missing docs page README.md beside rule.json']);
      rules.set(meta.id, { meta, docs: fs.readFileSync(docsFile, 'utf8'), docsFile });
    }
    const specs = new Map<SpecLanguage, TaintSpec>();
    const taintDir = path.join(rulesDir, 'taint');
    for (const file of fs.readdirSync(taintDir).filter((f) => f.endsWith('.json')).sort()) {
      const full = path.join(taintDir, file);
      const spec = check(validators.get('taint'), readJson(full), full) as TaintSpec;
      checkSinks(spec, full, rules);
      specs.set(spec.language, spec);
    }
    const frameworks = loadFrameworks(rulesDir, rules, validators);
    for (const [language, files] of frameworks) specs.set(language, mergeFrameworks(specs.get(language) ?? { language }, files));
    return new RuleCatalog(rules, specs, loadPatterns(rulesDir, rules, validators), frameworks);
  }

  /** The frameworks a language's spec was merged from, in the order their handlers are tried. */
  frameworksOf(language: SpecLanguage): readonly FrameworkInfo[] {
    return (this.frameworkFiles.get(language) ?? []).map((f) => f.framework as FrameworkInfo);
  }

  get(ruleId: string): Rule | undefined {
    return this.rules.get(ruleId);
  }

  /** The compiled pattern rules of a language (built on first use). */
  patterns(language: SpecLanguage): CompiledPatterns {
    let compiled = this.compiledPatterns.get(language);
    if (!compiled) {
      compiled = new CompiledPatterns(this.patternFiles.get(language) ?? { language, patterns: [] });
      this.compiledPatterns.set(language, compiled);
    }
    return compiled;
  }

  /** The compiled taint spec of a language (built on first use). */
  taint(language: SpecLanguage): CompiledTaintSpec {
    let compiled = this.compiled.get(language);
    if (!compiled) {
      compiled = new CompiledTaintSpec(this.specs.get(language) ?? { language });
      this.compiled.set(language, compiled);
    }
    return compiled;
  }
}

function checkSinks(spec: TaintSpec, file: string, rules: ReadonlyMap<string, Rule>): void {
  for (const sink of spec.sinks ?? []) {
    if (!rules.has(sink.rule)) throw new RuleLoadError(file, [`sink "${sink.id}" names unknown rule "${sink.rule}"`]);
    const problems = regexProblems(conditionRegexes(sink.when));
    if (problems.length > 0) throw new RuleLoadError(file, problems.map((p) => `sink "${sink.id}": ${p}`));
  }
}

const DEFAULT_PRECEDENCE = 100;

/**
 * rules/frameworks/<language>/<id>.json (optional): one framework each, with the taint schema and a
 * `framework` block; sorted by precedence then id, which is the order their handlers are tried in.
 */
function loadFrameworks(rulesDir: string, rules: ReadonlyMap<string, Rule>, validators: SchemaValidators): Map<SpecLanguage, TaintSpec[]> {
  const out = new Map<SpecLanguage, TaintSpec[]>();
  const dir = path.join(rulesDir, 'frameworks');
  if (!fs.existsSync(dir)) return out;
  for (const language of fs.readdirSync(dir).sort()) {
    const languageDir = path.join(dir, language);
    if (!fs.statSync(languageDir).isDirectory()) continue;
    const files: TaintSpec[] = [];
    for (const file of fs.readdirSync(languageDir).filter((f) => f.endsWith('.json')).sort()) {
      const full = path.join(languageDir, file);
      const spec = check(validators.get('taint'), readJson(full), full) as TaintSpec;
      if (spec.language !== language) throw new RuleLoadError(full, [`language "${spec.language}" must equal its folder name "${language}"`]);
      if (!spec.framework) throw new RuleLoadError(full, ['a framework file needs its `framework` block (id, name, packages)']);
      if (spec.framework.id !== file.replace(/\.json$/, '')) throw new RuleLoadError(full, [`framework id "${spec.framework.id}" must equal its file name`]);
      checkSinks(spec, full, rules);
      const routeAuth = spec.framework.routeAuth;
      const problems = regexProblems([routeAuth?.authenticatorNames, routeAuth?.middleware?.sessionNames]);
      if (problems.length > 0) throw new RuleLoadError(full, problems.map((p) => `routeAuth: ${p}`));
      files.push(spec);
    }
    files.sort((a, b) => precedence(a) - precedence(b) || a.framework!.id.localeCompare(b.framework!.id));
    out.set(language as SpecLanguage, files);
  }
  return out;
}

function precedence(spec: TaintSpec): number {
  return spec.framework?.precedence ?? DEFAULT_PRECEDENCE;
}

type MergedList = 'handlers' | 'sources' | 'sanitizers' | 'validators' | 'propagators' | 'exits' | 'sinks' | 'libraries' | 'sqlDrivers';
const MERGED_LISTS: readonly MergedList[] = ['handlers', 'sources', 'sanitizers', 'validators', 'propagators', 'exits', 'sinks', 'libraries', 'sqlDrivers'];

/** The language's core spec with every framework file's entries appended, in precedence order. */
function mergeFrameworks(core: TaintSpec, files: readonly TaintSpec[]): TaintSpec {
  const merged: TaintSpec = { ...core };
  for (const list of MERGED_LISTS) {
    const fromFrameworks = files.flatMap((f) => (f[list] ?? []) as unknown[]);
    if (fromFrameworks.length === 0) continue;
    (merged as unknown as Record<MergedList, unknown[]>)[list] = [...((core[list] ?? []) as unknown[]), ...fromFrameworks];
  }
  for (const list of MERGED_LISTS) {
    const seen = new Set<string>();
    for (const entry of (merged[list] ?? []) as Array<{ id?: string }>) {
      if (!entry.id) continue;
      if (seen.has(entry.id)) throw new RuleLoadError(path.join('rules', 'frameworks', core.language), [`${list} id "${entry.id}" is declared twice`]);
      seen.add(entry.id);
    }
  }
  return merged;
}

/**
 * rules/patterns/<language>.json (optional): validated, every pattern naming a pattern rule,
 * every regular expression compiling.
 */
function loadPatterns(rulesDir: string, rules: ReadonlyMap<string, Rule>, validators: SchemaValidators): Map<SpecLanguage, PatternFile> {
  const out = new Map<SpecLanguage, PatternFile>();
  const dir = path.join(rulesDir, 'patterns');
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const full = path.join(dir, file);
    const patterns = check(validators.get('pattern'), readJson(full), full) as PatternFile;
    const problems: string[] = [];
    for (const pattern of patterns.patterns) {
      const rule = rules.get(pattern.rule);
      if (!rule) problems.push(`pattern "${pattern.id}" names unknown rule "${pattern.rule}"`);
      else if (rule.meta.kind !== 'pattern') problems.push(`pattern "${pattern.id}" names "${pattern.rule}", which is no pattern rule`);
      const regexes = [
        pattern.assignment?.target, pattern.assertion?.mentions, pattern.assignment?.text, pattern.assignment?.notText, pattern.assignedTo, pattern.unlessFile, pattern.unlessDependency?.argText, pattern.onlyIfFile, pattern.developmentEntryPoints?.functions, pattern.prefilter,
        pattern.comparison?.operands, pattern.comparison?.notOperands, pattern.literal?.text, pattern.literal?.notText, ...Object.values(pattern.fix?.keepKeywords ?? {}),
        ...conditionRegexes(pattern.where), ...conditionRegexes(pattern.whereAny), ...conditionRegexes(pattern.fix?.dropArgument && [pattern.fix.dropArgument]),
      ];
      problems.push(...regexProblems(regexes).map((p) => `pattern "${pattern.id}": ${p}`));
    }
    const missingAuth = patterns.missingAuth;
    if (missingAuth && rules.get(missingAuth.rule)?.meta.kind !== 'pattern') problems.push(`missingAuth names "${missingAuth.rule}", which is no pattern rule`);
    problems.push(...regexProblems([missingAuth?.mutationSql, missingAuth?.refusal, missingAuth?.publicRoutes]).map((p) => `missingAuth: ${p}`));
    if (problems.length > 0) throw new RuleLoadError(full, problems);
    out.set(patterns.language, patterns);
  }
  return out;
}

function check(validate: ValidateFunction, data: unknown, file: string): unknown {
  if (!validate(data)) throw new RuleLoadError(file, (validate.errors ?? []).map(describeError));
  return data;
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RuleLoadError(file, [(e as Error).message]);
  }
}

/**
 * The rules/ folder: next to the bundle in the .vsix and npm package (dist/../rules), or at
 * the repository root when running from compiled sources (out/server/src/engine/rules).
 */
export function findRulesDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'rules');
    if (fs.existsSync(path.join(candidate, 'schema', 'rule.schema.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new RuleLoadError(from, ['cannot find the rules/ folder above this file']);
    dir = parent;
  }
}
