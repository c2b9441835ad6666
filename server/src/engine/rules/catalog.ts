import type { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { CompiledPatterns, conditionRegexes, regexProblems } from './compiled-patterns';
import { CompiledTaintSpec } from './compiled-spec';
import { RuleLoadError } from './errors';
import { schemaValidators, type SchemaValidators } from './schemas';
import type { PatternFile, RuleMeta, SpecLanguage, TaintSpec } from './spec-types';

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
      for (const sink of spec.sinks ?? []) {
        if (!rules.has(sink.rule)) throw new RuleLoadError(full, [`sink "${sink.id}" names unknown rule "${sink.rule}"`]);
        const problems = regexProblems(conditionRegexes(sink.when));
        if (problems.length > 0) throw new RuleLoadError(full, problems.map((p) => `sink "${sink.id}": ${p}`));
      }
      specs.set(spec.language, spec);
    }
    return new RuleCatalog(rules, specs, loadPatterns(rulesDir, rules, validators));
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
        pattern.assignment?.target, pattern.assignment?.text, pattern.assignment?.notText, pattern.assignedTo, pattern.unlessFile, pattern.onlyIfFile, pattern.developmentEntryPoints?.functions, pattern.prefilter,
        pattern.comparison?.operands, pattern.comparison?.notOperands, pattern.literal?.text, pattern.literal?.notText, ...Object.values(pattern.fix?.keepKeywords ?? {}),
        ...conditionRegexes(pattern.where), ...conditionRegexes(pattern.whereAny), ...conditionRegexes(pattern.fix?.dropArgument && [pattern.fix.dropArgument]),
      ];
      problems.push(...regexProblems(regexes).map((p) => `pattern "${pattern.id}": ${p}`));
    }
    const missingAuth = patterns.missingAuth;
    if (missingAuth && rules.get(missingAuth.rule)?.meta.kind !== 'pattern') problems.push(`missingAuth names "${missingAuth.rule}", which is no pattern rule`);
    problems.push(...regexProblems([missingAuth?.mutationSql]).map((p) => `missingAuth: ${p}`));
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
