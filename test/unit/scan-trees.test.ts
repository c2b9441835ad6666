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
function scanAll(files: readonly string[], share: boolean | { maxCharacters: number; maxCompactCharacters: number }): { findings: string[]; parses: Map<string, number> } {
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
  if (share === true) e.shareTrees(1_000_000);
  else if (share) e.shareTrees(share.maxCharacters, share.maxCompactCharacters);
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

  it('trees kept compacted (Python) once no analysis reads them: the same findings, each Python file parsed once', () => {
    const files = fs.readdirSync(PROJECTS).flatMap((project) => sourceFiles(path.join(PROJECTS, project)));
    const fresh = scanAll(files, false);
    // No room for a tree as read: every Python tree is compacted as soon as its use ends, and read again from the arrays.
    const compacted = scanAll(files, { maxCharacters: 1, maxCompactCharacters: 1_000_000 });
    assert.deepStrictEqual(compacted.findings, fresh.findings);
    const python = [...compacted.parses].filter(([file]) => file.endsWith('.py'));
    assert.ok(python.length > 10);
    for (const [file, count] of python) assert.strictEqual(count, 1, `${file} parsed ${count} times`);
    assert.ok(python.some(([file]) => (fresh.parses.get(file) ?? 0) > 1), 'no Python file was parsed twice without sharing: this test would prove nothing');
  });

  it('the fixture projects summarize imported modules: without sharing some are parsed again', () => {
    const files = fs.readdirSync(PROJECTS).flatMap((project) => sourceFiles(path.join(PROJECTS, project)));
    const fresh = scanAll(files, false);
    assert.ok([...fresh.parses.values()].some((count) => count > 1), 'no file was parsed twice: the test above would prove nothing');
  });
});

describe('ScanTrees', () => {
  it('gives a kept tree back only for the same text, and drops the least recently used not in use past its limit', () => {
    const trees = new ScanTrees(10);
    trees.add('a.py', 'aaaa', 'A');
    trees.release('a.py', 'A');
    trees.add('b.py', 'bbbb', 'B');
    trees.release('b.py', 'B');
    assert.strictEqual(trees.take('a.py', 'aaaa'), 'A');
    trees.release('a.py', 'A');
    trees.add('c.py', 'cccc', 'C'); // 12 characters: b.py, the least recently used, goes
    trees.release('c.py', 'C');
    assert.strictEqual(trees.take('b.py', 'bbbb'), undefined);
    assert.strictEqual(trees.take('a.py', 'aaaa'), 'A');
    trees.release('a.py', 'A');
    assert.strictEqual(trees.take('c.py', 'cccc'), 'C');
    trees.release('c.py', 'C');
    trees.add('a.py', 'aa', 'A2'); // replaces a.py's tree
    trees.release('a.py', 'A2');
    assert.strictEqual(trees.take('a.py', 'aaaa'), undefined, 'another text of the same path');
    assert.ok(trees.fits('x'.repeat(10)) && !trees.fits('x'.repeat(11)));
  });

  it('keeps a tree in use past the limit until it is released', () => {
    const trees = new ScanTrees(10);
    trees.add('a.py', 'aaaaaa', 'A'); // in use: an analysis reads it
    trees.add('b.py', 'bbbbbb', 'B'); // a summary inside that analysis: 12 characters, both in use
    trees.release('b.py', 'B');
    // b.py, the most recently used, is dropped before a.py, which is still in use.
    assert.strictEqual(trees.take('a.py', 'aaaaaa'), 'A');
    trees.release('a.py', 'A');
    trees.release('a.py', 'A'); // the analysis's own release: now a.py may go
    trees.add('c.py', 'cccccc', 'C');
    trees.release('c.py', 'C');
    assert.strictEqual(trees.take('a.py', 'aaaaaa'), undefined);
    assert.strictEqual(trees.take('c.py', 'cccccc'), 'C');
  });

  it('compacts what its backend can compact instead of dropping it, within a second budget', () => {
    const trees = new ScanTrees(8, 8);
    const compacted: string[] = [];
    const add = (path: string, text: string, tree: string) => {
      trees.add(path, text, tree, () => compacted.push(tree));
      trees.release(path, tree);
    };
    add('a.py', 'aaaa', 'A');
    add('b.py', 'bbbb', 'B');
    assert.deepStrictEqual(compacted, []);
    add('c.py', 'cccc', 'C'); // a.py is compacted, not dropped
    assert.deepStrictEqual(compacted, ['A']);
    assert.strictEqual(trees.take('a.py', 'aaaa'), 'A', 'a compacted tree is taken back (and read afresh)');
    trees.release('a.py', 'A');
    assert.deepStrictEqual(compacted, ['A', 'B'], 'taking a.py back pushed b.py out of the read budget');
    add('d.py', 'dddd', 'D');
    add('e.py', 'eeee', 'E');
    // Read: d, e. Compacted, oldest first: b, c, a — 12 characters, past 8: b goes.
    assert.strictEqual(trees.take('b.py', 'bbbb'), undefined, 'past the compact budget the least recently used compacted tree is dropped');
    for (const [path, text, tree] of [['c.py', 'cccc', 'C'], ['a.py', 'aaaa', 'A'], ['d.py', 'dddd', 'D'], ['e.py', 'eeee', 'E']]) {
      assert.strictEqual(trees.take(path, text), tree, path);
      trees.release(path, tree);
    }
    // A tree no backend can compact is dropped as before.
    trees.add('f.ts', 'ffff', 'F');
    trees.release('f.ts', 'F');
    trees.add('g.ts', 'gggggggg', 'G');
    trees.release('g.ts', 'G');
    assert.strictEqual(trees.take('f.ts', 'ffff'), undefined);
  });
});
