import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dependencyFileKind, Engine, languageOfPath } from '../../server/src/engine';
import { fixtureAdvisories } from '../helpers/advisories';
import { REPO_ROOT } from '../helpers/fixtures';

// Docs that cannot lie: every code block of a rule page's "Example" is a file the rule reports,
// and every block of its "Use instead" a file the rule leaves clean. A block is analyzed as a
// file of its fence's language; the fence may name the file (```ts app/api/login/route.ts) where
// the path matters (a Next.js route, a package.json, a workflow). Prose-only fences (text, sh)
// and data fences without a file name are not code and are not run.

const DEFAULT_FILE: Record<string, string> = {
  python: 'app/main.py', py: 'app/main.py',
  ts: 'src/server.ts', typescript: 'src/server.ts', tsx: 'src/Page.tsx', js: 'src/server.js', javascript: 'src/server.js', jsx: 'src/Page.jsx',
};

export interface DocBlock { rule: string; section: 'Example' | 'Use instead'; file: string; code: string; line: number }

/** The runnable code blocks of one section of a rule's docs page, with the file each stands for. */
export function docBlocks(rule: string, docs: string): DocBlock[] {
  const out: DocBlock[] = [];
  let section: string | undefined;
  let open: { file: string | undefined; line: number; lines: string[] } | undefined;
  docs.split(/\r?\n/).forEach((line, index) => {
    if (open) {
      if (/^```\s*$/.test(line)) {
        if (open.file && (section === 'Example' || section === 'Use instead')) out.push({ rule, section, file: open.file, code: open.lines.join('\n') + '\n', line: open.line + 1 });
        open = undefined;
      } else open.lines.push(line);
      return;
    }
    const fence = /^```(\w*)\s*(\S*)/.exec(line);
    if (fence) {
      const named = fence[2] || undefined;
      open = { file: named ?? DEFAULT_FILE[fence[1].toLowerCase()], line: index, lines: [] };
      return;
    }
    const heading = /^##\s+(.*?)\s*$/.exec(line);
    if (heading) section = heading[1];
  });
  return out;
}

describe('rule docs: every Example is reported and every "Use instead" is clean', () => {
  // An engine of its own: a block's project is the block itself (no fixture folder, no repository manifest).
  const docsEngine = new Engine({ advisories: fixtureAdvisories(), projectFiles: { read: () => undefined } });
  const rulesDir = path.join(REPO_ROOT, 'rules');
  for (const rule of fs.readdirSync(rulesDir).sort()) {
    const readme = path.join(rulesDir, rule, 'README.md');
    if (!fs.existsSync(path.join(rulesDir, rule, 'rule.json')) || !fs.existsSync(readme)) continue;
    for (const block of docBlocks(rule, fs.readFileSync(readme, 'utf8'))) {
      it(`${rule}: ${block.section} at README.md:${block.line} (${block.file})`, () => {
        const languageId = languageOfPath(block.file) ?? (dependencyFileKind(block.file) ? 'dependencies' : undefined);
        assert.ok(languageId, `no language for ${block.file}`);
        const findings = docsEngine.analyzeText(block.file, block.code, {}, languageId).findings.filter((f) => f.ruleId === rule);
        if (block.section === 'Example') assert.ok(findings.length > 0, `the Example is not reported as ${rule}:\n${block.code}`);
        else assert.deepStrictEqual(findings.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], `the "Use instead" is reported:\n${block.code}`);
      });
    }
  }
});
