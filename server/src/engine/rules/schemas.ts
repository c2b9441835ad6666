// The JSON Schemas of rules/schema as validate functions. Compiling them with ajv cost a third
// of the language server's cold start (~0.25 s: code generation for four schemas and the
// draft-07 meta-schema), so the bundles carry them precompiled (ajv's standalone code, see
// server/scripts/precompiled-schemas.mjs). The precompiled functions are used only while the
// schema files on disk are the ones they were generated from; otherwise (compiled sources in
// out/, an edited schema) ajv compiles the files here, as before. Either way the data is
// validated by the same schemas with the same ajv options, so the errors are the same.
import type { ValidateFunction } from 'ajv';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { RuleLoadError } from './errors';
import { precompiledSchemas } from './precompiled-schemas';

/** rules/schema/<name>.schema.json */
export type SchemaName = 'rule' | 'taint' | 'pattern' | 'config';

/** The validate function of each schema (ajv's: `errors` holds the last call's errors). */
export interface SchemaValidators {
  get(name: SchemaName): ValidateFunction;
}

/** What the bundles carry: the validators and the hash of the schema files they come from. */
export interface PrecompiledSchemas {
  hash: string;
  validators: Record<SchemaName, ValidateFunction>;
}

/** The ajv options of every validator, precompiled or not (they shape the error messages). */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

const SCHEMA_SUFFIX = '.schema.json';

interface SchemaFile {
  name: string;
  file: string;
  text: string;
}

const compiledByHash = new Map<string, SchemaValidators>();

/** The validators of `rulesDir`'s schemas (each compiled on first use, once per schema text). */
export function schemaValidators(rulesDir: string, precompiled: PrecompiledSchemas | undefined = precompiledSchemas): SchemaValidators {
  const files = schemaFiles(rulesDir);
  const hash = schemasHash(files);
  if (precompiled?.hash === hash) return { get: (name) => precompiled.validators[name] };
  let validators = compiledByHash.get(hash);
  if (!validators) {
    validators = new CompiledSchemas(files);
    compiledByHash.set(hash, validators);
  }
  return validators;
}

/**
 * The schema files' identity: sha256 over each file's name and text, in name order.
 * server/scripts/precompiled-schemas.mjs computes the same for the bundles (a test checks).
 */
export function schemasHash(files: readonly { name: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const { name, text } of files) hash.update(`${name}\0${text}\0`);
  return hash.digest('hex');
}

/** rules/schema/*.schema.json, in name order. */
export function schemaFiles(rulesDir: string): SchemaFile[] {
  const dir = path.join(rulesDir, 'schema');
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith(SCHEMA_SUFFIX)).sort();
  } catch (e) {
    throw new RuleLoadError(dir, [(e as Error).message]);
  }
  return names.map((file) => ({ name: file.slice(0, -SCHEMA_SUFFIX.length), file: path.join(dir, file), text: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

/**
 * One ajv instance holding every schema (the taint schema refers to the pattern schema, the
 * config schema to both), each compiled when first asked for. ajv is loaded only here: the
 * bundles need it only when their schemas are not the ones on disk.
 */
class CompiledSchemas implements SchemaValidators {
  private readonly ajv: import('ajv').default;
  private readonly ids = new Map<string, { id: string; file: string }>();

  constructor(private readonly files: readonly SchemaFile[]) {
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    this.ajv = new Ajv(AJV_OPTIONS);
    for (const { name, file, text } of files) {
      try {
        const schema = JSON.parse(text) as { $id?: string };
        const id = schema.$id ?? file;
        this.ajv.addSchema(schema, id);
        this.ids.set(name, { id, file });
      } catch (e) {
        throw new RuleLoadError(file, [(e as Error).message]);
      }
    }
  }

  get(name: SchemaName): ValidateFunction {
    const schema = this.ids.get(name);
    if (!schema) throw new RuleLoadError(`${name}${SCHEMA_SUFFIX}`, [`no such schema beside ${this.files.map((f) => path.basename(f.file)).join(', ')}`]);
    try {
      return this.ajv.getSchema(schema.id)!;
    } catch (e) {
      throw new RuleLoadError(schema.file, [(e as Error).message]);
    }
  }
}
