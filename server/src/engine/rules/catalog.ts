import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { CompiledTaintSpec } from './compiled-spec';
import { RuleLoadError } from './errors';
import type { RuleMeta, SpecLanguage, TaintSpec } from './spec-types';

/** Where each rule's docs page is published; the one place this address is written. */
export const DOCS_BASE_URL = 'https://vigil.dev/rules';

export interface Rule {
  meta: RuleMeta;
  /** The rule's docs page (rules/<id>/README.md), Markdown. */
  docs: string;
  docsUrl: string;
}

/**
 * The built-in rules and taint specs from rules/, validated against their JSON Schemas.
 * A rule is a folder: rule.json (metadata) + README.md (docs page). Taint specs are
 * rules/taint/<language>.json.
 */
export class RuleCatalog {
  private readonly compiled = new Map<SpecLanguage, CompiledTaintSpec>();

  private constructor(
    readonly rules: ReadonlyMap<string, Rule>,
    readonly specs: ReadonlyMap<SpecLanguage, TaintSpec>,
  ) {}

  static load(rulesDir: string = findRulesDir()): RuleCatalog {
    const validators = new SchemaValidators(rulesDir);
    const rules = new Map<string, Rule>();
    for (const entry of fs.readdirSync(rulesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory()) continue;
      const ruleFile = path.join(rulesDir, entry.name, 'rule.json');
      if (!fs.existsSync(ruleFile)) continue;
      const meta = validators.rule(readJson(ruleFile), ruleFile) as RuleMeta;
      if (meta.id !== entry.name) throw new RuleLoadError(ruleFile, [`id "${meta.id}" must equal its folder name "${entry.name}"`]);
      const docsFile = path.join(rulesDir, entry.name, 'README.md');
      if (!fs.existsSync(docsFile)) throw new RuleLoadError(ruleFile, ['missing docs page README.md beside rule.json']);
      rules.set(meta.id, { meta, docs: fs.readFileSync(docsFile, 'utf8'), docsUrl: `${DOCS_BASE_URL}/${meta.id}` });
    }
    const specs = new Map<SpecLanguage, TaintSpec>();
    const taintDir = path.join(rulesDir, 'taint');
    for (const file of fs.readdirSync(taintDir).filter((f) => f.endsWith('.json')).sort()) {
      const full = path.join(taintDir, file);
      const spec = validators.taint(readJson(full), full) as TaintSpec;
      for (const sink of spec.sinks ?? []) {
        if (!rules.has(sink.rule)) throw new RuleLoadError(full, [`sink "${sink.id}" names unknown rule "${sink.rule}"`]);
      }
      specs.set(spec.language, spec);
    }
    return new RuleCatalog(rules, specs);
  }

  get(ruleId: string): Rule | undefined {
    return this.rules.get(ruleId);
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

/** Compiles the schemas in rules/schema once and turns ajv errors into RuleLoadErrors. */
class SchemaValidators {
  private readonly ruleValidator: ValidateFunction;
  private readonly taintValidator: ValidateFunction;

  constructor(rulesDir: string) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    this.ruleValidator = ajv.compile(readJson(path.join(rulesDir, 'schema', 'rule.schema.json')) as object);
    this.taintValidator = ajv.compile(readJson(path.join(rulesDir, 'schema', 'taint.schema.json')) as object);
  }

  rule(data: unknown, file: string): unknown {
    return check(this.ruleValidator, data, file);
  }

  taint(data: unknown, file: string): unknown {
    return check(this.taintValidator, data, file);
  }
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
