import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { dependencyFileKind, LineIndex, parseDependencyFile, type Finding, type PackageFileKind } from '../../server/src/engine';
import { engine, REPO_ROOT, ruleFixtures } from '../helpers/fixtures';
import { prng } from '../helpers/random';

// The JSON lockfiles cannot carry `expect:` comments: their findings are checked here, each
// expected line found by searching the text (not through the parser under test).
const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'dependencies');

function read(relative: string): { file: string; text: string } {
  return { file: `test/fixtures/dependencies/${relative}`, text: fs.readFileSync(path.join(DIR, relative), 'utf8') };
}

/** 1-based line of the first occurrence of `needle` (after `after`, when given). */
function lineOf(text: string, needle: string, after = ''): number {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} is in the fixture`);
  return text.slice(0, at).split('\n').length;
}

function findingLines(file: string, text: string): { line: number; ruleId: string; message: string }[] {
  return engine()
    .analyzeText(file, text)
    .findings.map((f: Finding) => ({ line: f.range.start.line + 1, ruleId: f.ruleId, message: f.message }));
}

describe('dependency files: JSON lockfiles', () => {
  it('package-lock v1: the nested tree; the vulnerable transitive handlebars and the direct dependency that brings it', () => {
    const { file, text } = read('lock-v1/package-lock.json');
    const parsed = parseDependencyFile('package-lock', text, new LineIndex(text));
    assert.deepStrictEqual(
      parsed.dependencies.map((d) => `${d.name}@${d.version ?? d.source?.kind}`),
      ['express-handlebars@3.0.2', 'glob@7.1.6', 'handlebars@4.0.5', 'source-map@0.4.4', 'lodash@4.17.21', 'report-kit@git'],
    );
    const findings = findingLines(file, text);
    assert.deepStrictEqual(
      findings.map((f) => f.line),
      [lineOf(text, '"express-handlebars": {'), lineOf(text, '"handlebars": {', '"glob"')],
    );
    assert.match(findings[0].message, /express-handlebars brings vulnerable package: express-handlebars > handlebars@4\.0\.5 \(NSWG-ECO-519\)/);
    assert.match(findings[1].message, /^handlebars 4\.0\.5 has a known vulnerability: NSWG-ECO-519.*First fixed version: 4\.6\.0/);
  });

  it('package-lock v2: `packages` is read (not the duplicate v1 section); lodash 4.17.4 at its install path', () => {
    const { file, text } = read('lock-v2/package-lock.json');
    const findings = findingLines(file, text);
    assert.deepStrictEqual(findings.map((f) => f.line), [lineOf(text, '"node_modules/lodash"')]);
    assert.match(findings[0].message, /lodash 4\.17\.4 has 2 known vulnerabilities: NSWG-ECO-368.*NSWG-ECO-493, CVE-2018-16487.*First fixed version: 4\.17\.11/);
    // A lockfile entry gets no bump: the manifest is what to change.
    assert.deepStrictEqual(engine().analyzeText(file, text).findings[0].fixes.filter((f) => f.kind === 'rewrite'), []);
  });

  it('package-lock v3: a nested install path, the chain from the direct dependency, links skipped', () => {
    const { file, text } = read('lock-v3/package-lock.json');
    const parsed = parseDependencyFile('package-lock', text, new LineIndex(text));
    assert.deepStrictEqual(parsed.dependencies.map((d) => `${d.name} ${d.direct ? 'direct' : 'transitive'}`), ['express-handlebars direct', 'handlebars transitive', 'local-theme direct']);
    const findings = findingLines(file, text);
    assert.deepStrictEqual(findings.map((f) => f.line), [lineOf(text, '"node_modules/express-handlebars"'), lineOf(text, '"node_modules/express-handlebars/node_modules/handlebars"')]);
  });

  it('npm-shrinkwrap.json is read as a package-lock', () => {
    const { file, text } = read('shrinkwrap/npm-shrinkwrap.json');
    assert.strictEqual(dependencyFileKind(file), 'package-lock');
    assert.deepStrictEqual(findingLines(file, text).map((f) => f.line), [lineOf(text, '"node_modules/jquery"')]);
  });

  it('Pipfile.lock: default and develop, `==` pins; path sources are not version-checked', () => {
    const { file, text } = read('pipenv/Pipfile.lock');
    const parsed = parseDependencyFile('pipfile-lock', text, new LineIndex(text));
    assert.deepStrictEqual(parsed.dependencies.map((d) => `${d.name}@${d.version ?? d.source?.kind}`), ['django@2.2.0', 'sqlparse@0.5.1', 'billing-client@file', 'pyyaml@5.4.1']);
    const findings = findingLines(file, text);
    assert.deepStrictEqual(findings.map((f) => f.line), [lineOf(text, '"django": {')]);
    assert.match(findings[0].message, /^django 2\.2\.0 has \d+ known vulnerabilities: PYSEC-/);
  });
});

describe('dependency files: positions of the version a bump replaces', () => {
  const cases: [string, string, string][] = [
    ['package.json', '{\n  "dependencies": {\n    "lodash": "^4.17.4"\n  }\n}\n', '^4.17.4'],
    ['package.json', '{\n  "dependencies": {\n    "db": "npm:mysql@2.0.0"\n  }\n}\n', '2.0.0'],
    ['requirements.txt', 'PyYAML == 3.13  # config loader\n', '== 3.13'],
    ['requirements.txt', 'jinja2[i18n] (>=2.10, <3) ; python_version >= "3.8"\n', '>=2.10, <3'],
    ['pyproject.toml', '[project]\nname = "x"\ndependencies = [\n  "fastapi==0.65.1",\n]\n', '==0.65.1'],
    ['pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.11"\ndjango = { version = "^2.2.0", extras = ["argon2"] }\n', '^2.2.0'],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\n\npackages:\n\n  lodash@4.17.4:\n    resolution: {integrity: sha1-x}\n", '4.17.4'],
    ['poetry.lock', '[[package]]\nname = "flask"\nversion = "0.12"\ndescription = "x"\n', '0.12'],
  ];
  for (const [name, text, written] of cases) {
    it(`${name}: ${JSON.stringify(written)}`, () => {
      const kind = dependencyFileKind(name) as PackageFileKind;
      const lines = new LineIndex(text);
      const [dependency] = parseDependencyFile(kind, text, lines).dependencies;
      assert.ok(dependency?.versionRange, 'a version range');
      assert.strictEqual(text.slice(lines.offsetAt(dependency.versionRange.start), lines.offsetAt(dependency.versionRange.end)), written);
    });
  }
});

describe('dependency files: broken input', () => {
  it('a truncated lockfile of each format gives one finding on the file saying why, and a parse-error notice', () => {
    const broken: [string, string][] = [
      ['package-lock.json', read('lock-v2/package-lock.json').text.slice(0, 400)],
      ['Pipfile.lock', read('pipenv/Pipfile.lock').text.slice(0, 300)],
      ['package.json', '{\n  "dependencies": {\n    "lodash": "4.17.4",\n'],
      ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  lodash@4.17.4: {resolution: {integrity: x}\n  - broken\n"],
      ['poetry.lock', '[[package]]\nname = "flask"\nversion = "0.12\n'],
      ['uv.lock', 'version = 1\n[[package]\nname = "x"\n'],
      ['pyproject.toml', '[project\ndependencies = ["fastapi==0.65.1"]\n'],
      ['yarn.lock', '# yarn lockfile v1\n\nlodash@^4.17.4:\n  version "4.17.4\n  resolved: [\n'],
    ];
    for (const [name, text] of broken) {
      const result = engine().analyzeText(name, text);
      assert.strictEqual(result.findings.length, 1, `${name}: ${JSON.stringify(result.findings.map((f) => f.message))}`);
      assert.match(result.findings[0].message, /^Dependencies not checked: /, name);
      assert.ok(result.notices.some((n) => n.kind === 'parse-error'), name);
    }
  });

  it('fuzz: cut and scrambled manifests and lockfiles never throw, and a file that cannot be read gives exactly one finding', () => {
    const files = [
      // A workflow is known by its folder; the other formats by their name.
      ...ruleFixtures().filter((f) => dependencyFileKind(f.file)).map((f) => ({ name: dependencyFileKind(f.file) === 'github-workflow' ? `.github/workflows/${path.basename(f.file)}` : path.basename(f.file), text: f.text })),
      ...['lock-v1/package-lock.json', 'lock-v2/package-lock.json', 'lock-v3/package-lock.json', 'pipenv/Pipfile.lock'].map((f) => ({ name: path.basename(f), text: read(f).text })),
    ];
    assert.ok(files.length >= 15, 'every format has a fixture');
    const random = prng(19);
    const junk = ['', '"', '{', '}', '[', ']', ':', '\n', '\\', '#', '\0', '@', '=', ' ', '\t', '\uFFFD', '💥'];
    let unreadable = 0;
    for (const { name, text } of files) {
      for (let round = 0; round < 40; round++) {
        let mutated = text;
        const edits = 1 + random(4);
        for (let i = 0; i < edits; i++) {
          const at = random(mutated.length + 1);
          const cut = random(3) === 0 ? random(40) : 0;
          mutated = mutated.slice(0, at) + junk[random(junk.length)] + mutated.slice(at + cut);
        }
        if (random(5) === 0) mutated = mutated.slice(0, random(mutated.length + 1));
        const result = engine().analyzeText(name, mutated);
        if (result.notices.some((n) => n.kind === 'parse-error')) {
          unreadable++;
          assert.strictEqual(result.findings.length, 1, `${name} round ${round}: one finding for an unreadable file`);
        }
        assert.ok(!result.notices.some((n) => n.kind === 'rule-error'), `${name} round ${round}: ${result.notices.map((n) => n.message).join('\n')}`);
      }
    }
    assert.ok(unreadable > 50, `the mutations break files (${unreadable} unreadable)`);
  });
});
