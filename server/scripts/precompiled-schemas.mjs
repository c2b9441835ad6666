// rules/schema compiled at build time: ajv's standalone code for every schema, bundled in
// place of server/src/engine/rules/precompiled-schemas.ts. Compiling the schemas at run time
// cost ~0.25 s of the language server's cold start (and of every `vigil scan` thread). The
// bundle uses these validators only while the schema files beside it hash the same (see
// server/src/engine/rules/schemas.ts, which computes the same hash).
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCHEMA_SUFFIX = '.schema.json';

/** An esbuild plugin serving the precompiled validators of `rulesDir` as precompiled-schemas.ts. */
export function precompiledSchemasPlugin(rulesDir, resolveDir) {
  const contents = precompiledSchemasModule(rulesDir);
  return {
    name: 'precompiled-schemas',
    setup(build) {
      build.onLoad({ filter: /[\\/]engine[\\/]rules[\\/]precompiled-schemas\.ts$/ }, () => ({ contents, loader: 'js', resolveDir }));
    },
  };
}

/** An ES module exporting `precompiledSchemas` ({ hash, validators }, see schemas.ts). */
function precompiledSchemasModule(rulesDir) {
  const dir = path.join(rulesDir, 'schema');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(SCHEMA_SUFFIX)).sort().map((file) => ({ name: file.slice(0, -SCHEMA_SUFFIX.length), text: fs.readFileSync(path.join(dir, file), 'utf8') }));
  // The same options as schemas.ts's AJV_OPTIONS, plus code generation as an ES module.
  const ajv = new Ajv.default({ allErrors: true, strict: false, code: { source: true, esm: true } });
  const exports = {};
  for (const { name, text } of files) {
    const schema = JSON.parse(text);
    ajv.addSchema(schema, schema.$id);
    exports[name] = schema.$id;
  }
  const hash = createHash('sha256');
  for (const { name, text } of files) hash.update(`${name}\0${text}\0`);
  const names = Object.keys(exports);
  return `${standaloneCode.default(ajv, exports)}\nexport const precompiledSchemas = { hash: ${JSON.stringify(hash.digest('hex'))}, validators: { ${names.join(', ')} } };\n`;
}
