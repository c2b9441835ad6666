// The config's JSON Schema as VS Code's JSON language service wants it (contributed through
// `jsonValidation`): one self-contained file with no reference to another file or URL (the
// source schema's `$id` is an https address and it `$ref`s taint.schema.json, which the
// editor would try to download), and the catalogue's rule ids listed under `rules` so that
// completion and hovers name every rule with its title.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function bundleConfigSchemas(rulesDir) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(rulesDir, 'schema', file), 'utf8'));
  const bundled = inline(read('config.schema.json'), '');
  // Every schema file it refers to (taint → pattern ...) moves into definitions["<file>"].
  const pending = [...referencedFiles(bundled)];
  const embedded = {};
  while (pending.length > 0) {
    const file = pending.pop();
    if (embedded[file]) continue;
    const { $id, $schema, ...schema } = read(file);
    embedded[file] = inline(schema, `/definitions/${escapePointer(file)}`);
    pending.push(...referencedFiles(embedded[file]));
  }
  for (const schema of [bundled, ...Object.values(embedded)]) rewriteFileRefs(schema);
  delete bundled.$id;
  bundled.definitions = { ...bundled.definitions, ...embedded };
  bundled.properties.rules.properties = ruleProperties(rulesDir);
  const external = JSON.stringify(bundled).match(/"\$ref":"(?!#)[^"]*"/);
  if (external) throw new Error(`config schema still references another file: ${external[0]}`);
  // package.json: the same schema under its "vigil" key (definitions stay at the root).
  const { definitions, $schema, ...configBody } = bundled;
  const packageJson = { $schema, type: 'object', definitions, properties: { vigil: { ...configBody, description: 'Vigil security linter config (the same as vigil.config.json).' } } };
  return { config: bundled, packageJson };
}

/** A schema whose local refs ("#/x") are re-rooted at `base` (where it will sit in the bundle). */
function inline(schema, base) {
  return mapRefs(schema, (ref) => (ref.startsWith('#/') && base ? `#${base}/${ref.slice(2)}` : ref));
}

function referencedFiles(schema) {
  const files = new Set();
  mapRefs(schema, (ref) => {
    if (!ref.startsWith('#')) files.add(ref.split('#')[0]);
    return ref;
  });
  return files;
}

/** "taint.schema.json#/properties/sinks" → "#/definitions/taint.schema.json/properties/sinks". */
function rewriteFileRefs(schema) {
  const rewritten = mapRefs(schema, (ref) => {
    if (ref.startsWith('#')) return ref;
    const [file, pointer = ''] = ref.split('#');
    return `#/definitions/${escapePointer(file)}${pointer}`;
  });
  Object.assign(schema, rewritten);
}

function escapePointer(segment) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every rule of the catalogue, so the editor completes rule ids and shows what each one is. */
function ruleProperties(rulesDir) {
  const properties = {};
  for (const entry of fs.readdirSync(rulesDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(rulesDir, entry.name, 'rule.json');
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    const rule = JSON.parse(fs.readFileSync(file, 'utf8'));
    properties[rule.id] = {
      $ref: '#/definitions/ruleSetting',
      description: `${rule.title} (default: ${rule.severity}; ${rule.owasp['2021'].split('-')[0]} / ${rule.owasp['2025'].split('-')[0]}). ${rule.summary}`,
    };
  }
  return properties;
}

function mapRefs(value, rewrite) {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, rewrite));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' ? rewrite(item) : mapRefs(item, rewrite)]));
}
