import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dependencyDocsLanguage, dependencyFileKind, languageDocs, ruleText, specLanguage, type SpecLanguage } from '../../server/src/engine';
import { docsSection, hover } from '../../server/src/lsp/hover';
import type { PatternSpec } from '../../server/src/engine/rules/spec-types';
import { engine, fixturePath, REPO_ROOT, ruleFixtures } from '../helpers/fixtures';

// The rule data (rule.json fixTitle, per language), each rule's docs page and the fixes the
// engine really offers on the fixtures must tell the same story, language by language: the
// README rule table is generated from the data (readme.test.ts), so it agrees too.

const LANGUAGES: SpecLanguage[] = ['python', 'typescript'];
const NO_FIX = /no automatic|advice only|no (?:lightbulb )?rewrite/i;

/** Rewrite fix titles offered on the fixtures, by "<rule> <language>". */
function offeredFixes(): Map<string, Set<string>> {
  const offered = new Map<string, Set<string>>();
  for (const fixture of ruleFixtures()) {
    const dependencies = dependencyFileKind(fixture.file);
    const language = dependencies ? dependencyDocsLanguage(dependencies, fixture.text) : specLanguage(fixture.languageId as never);
    for (const finding of engine().analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId).findings) {
      for (const fix of finding.fixes.filter((f) => f.kind === 'rewrite')) {
        const key = `${finding.ruleId} ${language}`;
        if (!offered.has(key)) offered.set(key, new Set());
        offered.get(key)!.add(fix.title);
      }
    }
  }
  return offered;
}

/** The fix titles patterns carry themselves (`fix.title` in rules/patterns/<language>.json), by "<rule> <language>". */
function patternTitles(): Map<string, Set<string>> {
  const titles = new Map<string, Set<string>>();
  for (const language of LANGUAGES) {
    const data = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'rules', 'patterns', `${language}.json`), 'utf8')) as { patterns: PatternSpec[] };
    for (const pattern of data.patterns) {
      if (!pattern.fix?.title) continue;
      const key = `${pattern.rule} ${language}`;
      if (!titles.has(key)) titles.set(key, new Set());
      titles.get(key)!.add(pattern.fix.title);
    }
  }
  return titles;
}

describe('rule data, docs and fixes agree per language', () => {
  const offered = offeredFixes();
  const ownTitles = patternTitles();
  for (const rule of engine().catalog.rules.values()) {
    for (const language of rule.meta.languages) {
      it(`${rule.meta.id} (${language})`, () => {
        const title = ruleText(rule.meta, language, 'fixTitle');
        const fixDocs = docsSection(languageDocs(rule.docs, language), 'Fix') ?? '';
        const own = ownTitles.get(`${rule.meta.id} ${language}`) ?? new Set<string>();
        const titles = [...(offered.get(`${rule.meta.id} ${language}`) ?? [])].map((t) => t.replace(/ \(.*\)$/, ''));
        if (title) {
          // A fix may say more in its situation ("Add a Content-Security-Policy with helmet"), never something else
          // unless a pattern names its own fix ("Stop sending X-Powered-By"), which the docs then describe too.
          assert.ok(titles.length > 0 && titles.every((t) => t.startsWith(title) || own.has(t)), `rule.json says "${title}", the fixtures are offered ${JSON.stringify(titles)}`);
          for (const expected of [title, ...own]) assert.ok(fixDocs.includes(`**${expected}`), `the Fix section for ${language} does not describe **${expected}**:\n${fixDocs}`);
        } else {
          assert.deepStrictEqual(titles, [], 'rule.json names no fix, but one is offered');
          assert.match(fixDocs, NO_FIX, `the Fix section for ${language} should say there is no automatic fix:\n${fixDocs}`);
        }
        for (const other of LANGUAGES.filter((l) => l !== language)) {
          const otherTitle = ruleText(rule.meta, other, 'fixTitle');
          if (otherTitle && otherTitle !== title) assert.ok(!fixDocs.includes(otherTitle), `the ${language} docs describe the ${other} fix "${otherTitle}"`);
        }
      });
    }
  }
});

describe('hover guidance is the file language\'s', () => {
  function howToFix(file: string, languageId: string, code: string): string {
    const findings = engine().analyzeText(file, code, {}, languageId).findings.filter((f) => f.ruleId === 'xss');
    assert.ok(findings.length > 0, 'an xss finding');
    const value = (hover(findings, findings[0].range.start, engine().catalog, languageId as never)!.contents as { value: string }).value;
    return value.slice(value.indexOf('**How to fix**'));
  }

  it('TSX: the React advice, not the Python section', () => {
    const value = howToFix('app/notes/page.tsx', 'typescriptreact', "'use client';\nexport default function Note({ searchParams }: { searchParams: { html: string } }) {\n  return <div dangerouslySetInnerHTML={{ __html: searchParams.html }} />;\n}\n");
    assert.ok(value.includes('Let React escape it') && value.includes('DOMPurify.sanitize'), value);
    assert.ok(!value.includes('HTMLResponse') && !value.includes('html.escape') && !value.includes('### '), value);
  });

  it('Python: the Python advice, not React or Express', () => {
    const value = howToFix('api/pages.py', 'python', 'from fastapi import FastAPI\nfrom fastapi.responses import HTMLResponse\n\napp = FastAPI()\n\n\n@app.get("/hello")\ndef hello(name: str):\n    return HTMLResponse(f"<h1>{name}</h1>")\n');
    assert.ok(value.includes('html.escape') && value.includes('HTMLResponse'), value);
    assert.ok(!value.includes('React') && !value.includes('Express') && !value.includes('DOMPurify'), value);
  });
});
