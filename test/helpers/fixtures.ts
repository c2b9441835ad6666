import './offline';
import * as fs from 'fs';
import * as path from 'path';
import { dependencyFileKind, Engine, languageOfPath } from '../../server/src/engine';
import { diskFiles } from '../../server/src/workspace/project-files';
import { fixtureAdvisories } from './advisories';

/** The repository root, from out/test/helpers (compiled) or test/helpers. */
export const REPO_ROOT = findRoot(__dirname);
export const RULE_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

function findRoot(dir: string): string {
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'rules'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

let sharedEngine: Engine | undefined;
/** One engine for all fixture tests: loading the catalog and parsers once keeps tests fast. */
export function engine(): Engine {
  // Project files (a manifest's lockfile, the package.json a rule reads versions from) are read from
  // the disk as the CLI reads them, but each rule/language folder is a project of its own: nothing
  // above it (the repository's own package.json) is part of a fixture.
  const disk = diskFiles((p) => path.resolve(REPO_ROOT, p));
  const insideFixtureProject = (p: string) => path.relative(RULE_FIXTURES, path.resolve(REPO_ROOT, p)).split(path.sep).length > 2 && !path.relative(RULE_FIXTURES, path.resolve(REPO_ROOT, p)).startsWith('..');
  // A lockfile's base revision (new-install-script) is the `<lockfile>.base` beside it; without one there is no base.
  const baseFiles = { read: (p: string) => (insideFixtureProject(p) ? disk.read(`${p}.base`) : undefined) };
  return (sharedEngine ??= new Engine({ advisories: fixtureAdvisories(), projectFiles: { read: (p) => (insideFixtureProject(p) ? disk.read(p) : undefined) }, baseFiles }));
}

export interface Annotation {
  kind: 'expect' | 'ok';
  ruleId: string;
  /** 0-based line of the code the annotation is about. */
  line: number;
  /** 0-based line of the annotation comment itself. */
  annotationLine: number;
}

// JSON has no comments: a package.json fixture annotates with npm's comment key, `"//": "expect: <rule-id>",`.
const ANNOTATION = /^\s*(?:#|\/\/|\{?\s*\/\*|"\/\/"\s*:\s*")\s*(expect|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
const COMMENT_ONLY = /^\s*(?:#|\/\/|"\/\/"\s*:|\{?\s*\/\*.*\*\/\s*\}?\s*$)/;

/**
 * `expect: <rule-id>` / `ok: <rule-id>` comment lines mark the next code line (skipping
 * blank and comment lines) as a finding of that rule / as clean for it.
 */
export function readAnnotations(text: string): Annotation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Annotation[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (!match) return;
    let target = index + 1;
    while (target < lines.length && (lines[target].trim() === '' || COMMENT_ONLY.test(lines[target]))) target++;
    for (const ruleId of match[2].split(',').map((s) => s.trim())) {
      out.push({ kind: match[1] as 'expect' | 'ok', ruleId, line: target, annotationLine: index });
    }
  });
  return out;
}

/** The language id fixtures give manifests and lockfiles (the engine reads them by file name). */
export const DEPENDENCY_FILE = 'dependencies';

export interface Fixture {
  ruleId: string;
  file: string;
  name: string;
  text: string;
  languageId: string;
}

/** Every fixture file under test/fixtures/rules/<rule-id>/, found by glob: a new file is a new test. */
export function ruleFixtures(): Fixture[] {
  const out: Fixture[] = [];
  if (!fs.existsSync(RULE_FIXTURES)) return out;
  for (const ruleId of fs.readdirSync(RULE_FIXTURES).sort()) {
    const dir = path.join(RULE_FIXTURES, ruleId);
    for (const file of walk(dir)) {
      // Manifests and lockfiles are analyzed by their name, whatever the language id.
      const languageId = languageOfPath(file) ?? (dependencyFileKind(file) ? DEPENDENCY_FILE : undefined);
      if (!languageId) continue;
      out.push({ ruleId, file, name: path.relative(RULE_FIXTURES, file), text: fs.readFileSync(file, 'utf8'), languageId });
    }
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** Path given to the engine: relative and `/`-separated, so handler `files` globs apply as in a project. */
export function fixturePath(fixture: Fixture): string {
  return path.relative(REPO_ROOT, fixture.file).split(path.sep).join('/');
}
