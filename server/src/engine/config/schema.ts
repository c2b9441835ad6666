import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { findRulesDir } from '../rules/catalog';
import { RuleLoadError } from '../rules/errors';

/** A config schema violation: where in the document (JSON path) and what is wrong. */
export interface SchemaViolation {
  path: (string | number)[];
  /** Whether the violation is about the property name at `path` rather than its value. */
  atKey: boolean;
  message: string;
}

export type ConfigValidator = (data: unknown) => SchemaViolation | undefined;

const validators = new Map<string, ConfigValidator>();

/** The validator for rules/schema/config.schema.json, compiled once per rules folder. */
export function configValidator(rulesDir: string = findRulesDir()): ConfigValidator {
  let validator = validators.get(rulesDir);
  if (!validator) {
    validator = compile(path.join(rulesDir, 'schema', 'config.schema.json'));
    validators.set(rulesDir, validator);
  }
  return validator;
}

function compile(schemaFile: string): ConfigValidator {
  let validate: ValidateFunction;
  try {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // The config's custom taint entries reuse the built-in specs' schemas (taint, pattern, …).
    const dir = path.dirname(schemaFile);
    for (const other of fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json') && f !== path.basename(schemaFile))) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, other), 'utf8')) as object);
    }
    validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
  } catch (e) {
    throw new RuleLoadError(schemaFile, [(e as Error).message]);
  }
  return (data) => (validate(data) ? undefined : mostSpecific(validate.errors ?? []));
}

/**
 * One violation to report: the deepest one, since `oneOf` failures also report every
 * branch that did not match and the branch closest to the data explains the problem best.
 */
function mostSpecific(errors: readonly ErrorObject[]): SchemaViolation | undefined {
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const candidates = useful.length > 0 ? useful : errors;
  const best = candidates.reduce<ErrorObject | undefined>((a, b) => (!a || depth(b) > depth(a) ? b : a), undefined);
  return best && describe(best);
}

function depth(error: ErrorObject): number {
  return pointerSegments(error.instancePath).length + (error.keyword === 'additionalProperties' || error.propertyName !== undefined ? 1 : 0);
}

function describe(error: ErrorObject): SchemaViolation {
  const at = pointerSegments(error.instancePath);
  const where = at.length > 0 ? `"${at.join('.')}"` : 'the config';
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    // A `propertyNames` violation: the name itself is wrong (only rule ids are constrained).
    return { path: [...at, error.propertyName], atKey: true, message: `"${error.propertyName}" is not a valid rule id (lowercase words joined by "-")` };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return { path: [...at, name], atKey: true, message: `unknown property "${name}" in ${where}` };
    }
    case 'enum':
      return { path: at, atKey: false, message: `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path: at, atKey: false, message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
