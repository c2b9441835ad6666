// Replaced when bundling (server/scripts/precompiled-schemas.mjs) by ajv's standalone code for
// rules/schema, generated at build time. Compiled sources (out/) have none: see schemas.ts.
import type { PrecompiledSchemas } from './schemas';

export const precompiledSchemas: PrecompiledSchemas | undefined = undefined;
