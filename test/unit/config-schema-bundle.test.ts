import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import { RuleCatalog } from '../../server/src/engine';
import { REPO_ROOT } from '../helpers/fixtures';

// The config schema VS Code gets through `jsonValidation` (built into dist/schemas): one file
// the editor can use offline, that accepts what the engine accepts and names every rule.
const schemaDir = path.join(REPO_ROOT, 'dist', 'schemas');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));

describe('bundled config schemas for the editor (dist/schemas)', () => {
  const config = read('vigil.config.schema.json');
  const packageJson = read('package.vigil.schema.json');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(config);
  const validatePackage = new Ajv({ allErrors: true, strict: false }).compile(packageJson);

  it('refers to no other file or URL (the editor must not download anything)', () => {
    for (const schema of [config, packageJson]) {
      assert.strictEqual(schema.$id, undefined);
      const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
      assert.ok(refs.length > 10);
      assert.deepStrictEqual(refs.filter((ref) => !ref.startsWith('"$ref":"#/')), []);
    }
  });

  it('lists every rule of the catalogue under "rules" with its title, for completion and hovers', () => {
    const catalog = RuleCatalog.load();
    const listed = config.properties.rules.properties as Record<string, { description: string }>;
    assert.deepStrictEqual(Object.keys(listed).sort(), [...catalog.rules.keys()].sort());
    for (const rule of catalog.rules.values()) assert.ok(listed[rule.meta.id].description.startsWith(rule.meta.title), rule.meta.id);
  });

  it("accepts the team config fixture (custom sinks and sanitizers included) and rejects what the engine rejects", () => {
    const acme = parseJsonc(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/config/acme-vigil-config/vigil.config.json'), 'utf8'));
    assert.ok(validate(acme), JSON.stringify(validate.errors));
    assert.ok(!validate({ rules: { 'sql-injection': 'loud' } }));
    assert.ok(!validate({ owaspEdition: '2019' }));
    assert.ok(!validate({ taint: { python: { sinks: [{ id: 'x', rule: 'sql-injection', calls: ['db raw'] }] } } }), 'a bad callee pattern');
  });

  it('validates the "vigil" key of package.json with the same schema', () => {
    assert.ok(validatePackage({ name: 'shop-web', vigil: { rules: { xss: 'error' } } }));
    assert.ok(!validatePackage({ name: 'shop-web', vigil: { rules: { xss: 'loud' } } }));
  });
});
