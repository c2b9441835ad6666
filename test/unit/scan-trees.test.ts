// Parse trees shared within a scan (Engine.shareTrees, issue 21): each file is parsed once for
// its analysis and every summary its importers ask for, and the findings are those of parsing
// afresh each time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, languageOfPath } from '../../server/src/engine';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { pythonBackend } from '../../server/src/engine/python/backend';
import { ScanTrees } from '../../server/src/engine/scan-trees';
import { typescriptBackend } from '../../server/src/engine/typescript/backend';
import { WorkspaceModules } from '../../server/src/workspace/project-modules';
import { UNGUARDED } from '../helpers/modules';
import { REPO_ROOT, engine } from '../helpers/fixtures';

const PROJECTS = path.join(REPO_ROOT, 'test', 'fixtures', 'projects');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
      return languageOfPath(full) ? [full] : [];
    })
    .sort();
}

/** Scans `files` in order as the CLI does (one engine, one frozen provider), counting the parses by file. */
function scanAll(files: readonly string[], share: boolean): { findings: string[]; parses: Map<string, number> } {
  const parses = new Map<string, number>();
  const counting = <T>(backend: LanguageBackend<T>): LanguageBackend<T> => ({
    ...backend,
    parse(text, fileName, previous) {
      parses.set(fileName, (parses.get(fileName) ?? 0) + 1);
      return backend.parse(text, fileName, previous);
    },
    // Shared trees are frozen where the backend can (Python): the same files, the same findings.
    ...(backend.parseFrozen && {
      parseFrozen(text: string, fileName: string) {
        parses.set(fileName, (parses.get(fileName) ?? 0) + 1);
        return backend.parseFrozen!(text, fileName);
      },
    }),
  });
  const e = new Engine({ catalog: engine().catalog, backends: { python: counting(pythonBackend()), typescript: counting(typescriptBackend()) } });
  const modules = new WorkspaceModules({ engine: e, roots: [PROJECTS], fileOf: (p) => p, pathOf: (f) => f, frozen: true, limits: UNGUARDED });
  e.projectModules = modules;
  if (share) e.shareTrees(1_000_000);
  const findings: string[] = [];
  for (const file of files) {
    modules.startAnalysis({ rules: {} });
    const result = e.analyzeTextWith(file, fs.readFileSync(file, 'utf8'), { rules: {} });
    findings.push(`${file}: ${JSON.stringify(result.findings)} ${JSON.stringify(result.notices)}`);
  }
  return { findings, parses };
}

describe('scan: parse trees shared between analyses and summaries', () => {
  for (const project of fs.readdirSync(PROJECTS).sort()) {
    it(`${project}: the same findings, each file parsed once`, () => {
      const files = sourceFiles(path.join(PROJECTS, project));
      const fresh = scanAll(files, false);
      const shared = scanAll(files, true);
      assert.deepStrictEqual(shared.findings, fresh.findings);
      for (const [file, count] of shared.parses) assert.strictEqual(count, 1, `${file} parsed ${count} times`);
      assert.deepStrictEqual([...shared.parses.keys()].sort(), [...fresh.parses.keys()].sort(), 'the same files are read');
    });
  }

  it('the fixture projects summarize imported modules: without sharing some are parsed again', () => {
    const files = fs.readdirSync(PROJECTS).flatMap((project) => sourceFiles(path.join(PROJECTS, project)));
    const fresh = scanAll(files, false);
    assert.ok([...fresh.parses.values()].some((count) => count > 1), 'no file was parsed twice: the test above would prove nothing');
  });
});

describe('ScanTrees', () => {
  it('gives a kept tree back only for the same text, and drops the least recently used past its limit', () => {
    const trees = new ScanTrees(10);
    trees.add('a.py', 'aaaa', 'A');
    trees.add('b.py', 'bbbb', 'B');
    assert.strictEqual(trees.get('a.py', 'aaaa'), 'A');
    assert.strictEqual(trees.get('a.py', 'aaab'), undefined, 'another text of the same path');
    trees.add('c.py', 'cccc', 'C'); // 12 characters: b.py, the least recently used, goes
    assert.strictEqual(trees.get('b.py', 'bbbb'), undefined);
    assert.strictEqual(trees.get('a.py', 'aaaa'), 'A');
    assert.strictEqual(trees.get('c.py', 'cccc'), 'C');
    trees.add('a.py', 'aa', 'A2'); // replaces a.py's tree
    assert.strictEqual(trees.get('a.py', 'aaaa'), undefined);
    assert.strictEqual(trees.get('a.py', 'aa'), 'A2');
    assert.ok(trees.fits('x'.repeat(10)) && !trees.fits('x'.repeat(11)));
  });
});
