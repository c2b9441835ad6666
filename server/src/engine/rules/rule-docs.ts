import type { SpecLanguage } from './spec-types';

// A rule's docs page (rules/<id>/README.md) is written for both languages; where the advice
// differs it has a `### Python` / `### TypeScript` subsection (or a `## Python` section), and
// code blocks are tagged with their language. languageDocs() keeps what applies to one
// language, so a TSX hover shows the React advice and a Python hover the Python advice.

const FENCE_LANGUAGES: Record<string, SpecLanguage> = {
  python: 'python', py: 'python',
  ts: 'typescript', typescript: 'typescript', tsx: 'typescript', js: 'typescript', javascript: 'typescript', jsx: 'typescript',
};

/** The language a heading is about: "Python", "TypeScript", "TypeScript / React", "JavaScript"… */
function headingLanguage(title: string): SpecLanguage | undefined {
  const text = title.trim().toLowerCase();
  if (/^python\b/.test(text)) return 'python';
  if (/^(typescript|javascript)\b/.test(text)) return 'typescript';
  return undefined;
}

/**
 * The docs page without the other language's sections and code blocks. A `###` heading of
 * this language is dropped too (its text reads as part of the section around it).
 */
export function languageDocs(docs: string, language: SpecLanguage): string {
  const out: string[] = [];
  let skipBelow: number | undefined;
  let fence: { skip: boolean } | undefined;
  for (const line of docs.split(/\r?\n/)) {
    if (fence) {
      if (skipBelow === undefined && !fence.skip) out.push(line);
      if (/^```\s*$/.test(line)) fence = undefined;
      continue;
    }
    const open = /^```(\w*)/.exec(line);
    if (open) {
      const tagged = FENCE_LANGUAGES[open[1].toLowerCase()];
      fence = { skip: tagged !== undefined && tagged !== language };
      if (skipBelow === undefined && !fence.skip) out.push(line);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      if (skipBelow !== undefined && level <= skipBelow) skipBelow = undefined;
      const about = skipBelow === undefined ? headingLanguage(heading[2]) : undefined;
      if (about && about !== language) {
        skipBelow = level;
        continue;
      }
      if (about === language && level >= 3) continue;
    }
    if (skipBelow === undefined) out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
