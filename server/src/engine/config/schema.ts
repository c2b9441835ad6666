import type { ErrorObject } from 'ajv';
import { findRulesDir } from '../rules/catalog';
import { schemaValidators } from '../rules/schemas';

/** A config schema violation: where in the document (JSON path) and what is wrong. */
export interface SchemaViolation {
  path: (string | number)[];
  /** Whether the violation is about the property name at `path` rather than its value. */
  atKey: boolean;
  message: string;
}

export type ConfigValidator = (data: unknown) => SchemaViolation | undefined;

const validators = new Map<string, ConfigValidator>();

/** The validator for rules/schema/config.schema.json (precompiled in the bundles, see rules/schemas.ts), once per rules folder. */
export function configValidator(rulesDir: string = findRulesDir()): ConfigValidator {
  let validator = validators.get(rulesDir);
  if (!validator) {
    const validate = schemaValidators(rulesDir).get('config');
    validator = (data) => (validate(data) ? undefined : mostSpecific(validate.errors ?? []));
    validators.set(rulesDir, validator);
  }
  return validator;
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
