import * as assert from 'assert';
import { dependencyDocsLanguage, dependencyFileKind, specLanguage } from '../../server/src/engine';
import type { Language } from '../../server/src/engine/types';
import type { SpecLanguage } from '../../server/src/engine/rules/spec-types';
import { DEPENDENCY_FILE, engine, ruleFixtures } from '../helpers/fixtures';

// One rule set for both languages: a rule names the languages it checks, has fixtures in each
// of them and matches nothing in another; a rule for one language only says why in its data.
describe('rule languages', () => {
  const catalog = () => engine().catalog;

  it('a rule for one language only gives its reason (oneLanguageReason)', () => {
    const missing = [...catalog().rules.values()].filter((r) => r.meta.languages.length === 1 && !(r.meta.oneLanguageReason ?? '').trim()).map((r) => r.meta.id);
    assert.deepStrictEqual(missing, [], 'rules for one language without a written reason');
  });

  it('a rule has fixtures in exactly the languages it lists', () => {
    const seen = new Map<string, Set<SpecLanguage>>();
    for (const f of ruleFixtures()) {
      const set = seen.get(f.ruleId) ?? new Set<SpecLanguage>();
      // A manifest or lockfile belongs to its ecosystem's language (requirements.txt: Python).
      const kind = f.languageId === DEPENDENCY_FILE ? dependencyFileKind(f.file) : undefined;
      set.add(kind ? dependencyDocsLanguage(kind, f.text) : specLanguage(f.languageId as Language));
      seen.set(f.ruleId, set);
    }
    for (const rule of catalog().rules.values()) {
      const fixtures = [...(seen.get(rule.meta.id) ?? [])].sort();
      assert.deepStrictEqual(fixtures, [...rule.meta.languages].sort(), `${rule.meta.id}: fixture languages differ from rule.json languages`);
    }
  });

  it('the sinks and patterns of a language belong to rules that list it', () => {
    const wrong: string[] = [];
    for (const [language, spec] of catalog().specs) {
      for (const sink of spec.sinks ?? []) if (!catalog().get(sink.rule)?.meta.languages.includes(language)) wrong.push(`${language} sink ${sink.id} -> ${sink.rule}`);
    }
    for (const [language, file] of catalog().patternFiles) {
      for (const p of file.patterns) if (!catalog().get(p.rule)?.meta.languages.includes(language)) wrong.push(`${language} pattern ${p.id} -> ${p.rule}`);
    }
    assert.deepStrictEqual(wrong, []);
  });
});
