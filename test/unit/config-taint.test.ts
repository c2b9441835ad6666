import * as assert from 'assert';
import * as path from 'path';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { unsafeRegexReason } from '../../server/src/engine/config/regex-safety';
import type { CompiledTaintSpec } from '../../server/src/engine/rules/compiled-spec';
import { ConfigError, ConfigResolver, Engine, RuleCatalog, type AnalysisSettings, type Finding } from '../../server/src/engine';
import { removeProjects, tempProject } from '../cli/helpers';
import { TEAM_ROUTES_PY as PY, TEAM_ROUTES_TS as TS } from '../helpers/config';

// A team config's own sinks and sanitizers change what the real analyzers find, in both
// languages; its compiled spec is built once per config; its regexes cannot backtrack badly.
const engine = new Engine();

const TEAM: AnalysisSettings = {
  rules: {},
  taint: {
    python: {
      sinks: [{ id: 'raw-sql', rule: 'sql-injection', calls: ['db.raw_sql'], arg: 0 }],
      sanitizers: [{ id: 'sanitize-id', calls: ['sanitize_id'], rules: ['sql-injection'] }],
    },
    typescript: {
      sinks: [{ id: 'raw-sql', rule: 'sql-injection', calls: ['db.rawSql'], arg: 0 }],
      sanitizers: [{ id: 'sanitize-id', calls: ['sanitizeId'], rules: ['sql-injection'] }],
    },
  },
};

const lines = (findings: Finding[]) => findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`);

describe('engine config: custom sources, sinks and sanitizers', () => {
  after(removeProjects);

  it('Python: a custom sink adds a finding, a custom sanitizer removes one', () => {
    assert.deepStrictEqual(lines(engine.analyzeText('api/routes.py', PY).findings), ['sql-injection:17']);
    const team = engine.analyzeTextWith('api/routes.py', PY, TEAM).findings;
    assert.deepStrictEqual(lines(team), ['sql-injection:12']);
    assert.match(team[0].message, /email/);
  });

  it('TypeScript: a custom sink adds a finding, a custom sanitizer removes one', () => {
    assert.deepStrictEqual(lines(engine.analyzeText('src/server.ts', TS).findings), ['sql-injection:7']);
    assert.deepStrictEqual(lines(engine.analyzeTextWith('src/server.ts', TS, TEAM).findings), ['sql-injection:6']);
  });

  it('the same works for an open document, and a config without taint entries changes nothing', () => {
    const e = new Engine();
    e.open('file:///a.py', 'python', PY, 1, 'api/a.py');
    assert.deepStrictEqual(lines(e.analyzeWith('file:///a.py', TEAM).findings), ['sql-injection:12']);
    assert.deepStrictEqual(lines(e.analyzeWith('file:///a.py', { rules: {} }).findings), ['sql-injection:17']);
  });

  it('compiles the extended spec once per config object, not per analysis', () => {
    const specs: CompiledTaintSpec[] = [];
    const python: LanguageBackend<string> = {
      language: 'python',
      comment: '#',
      parse: (text) => text,
      hasSyntaxErrors: () => false,
      analyze: ({ spec }) => (specs.push(spec), []),
    };
    const e = new Engine({ backends: { python } });
    e.open('file:///a.py', 'python', 'x = 1\n');
    e.analyzeWith('file:///a.py', TEAM);
    e.change('file:///a.py', 2, [{ text: 'x = 2\n' }]);
    e.analyzeWith('file:///a.py', { ...TEAM });
    e.analyzeWith('file:///a.py', { rules: {}, taint: { python: { ...TEAM.taint!.python } } });
    e.analyzeWith('file:///a.py', { rules: {} });
    assert.strictEqual(specs[0], specs[1], 'same taint object: same compiled spec');
    assert.notStrictEqual(specs[1], specs[2], 'a changed config: a new spec');
    assert.strictEqual(specs[3], e.catalog.taint('python'), 'no additions: the built-in spec');
    assert.ok(specs[0].sinksFor('db.raw_sql', 'raw_sql').length === 1 && specs[3].sinksFor('db.raw_sql', 'raw_sql').length === 0);
  });

  it('minConfidence drops findings the analysis is less sure of', () => {
    const python: LanguageBackend<string> = {
      language: 'python',
      comment: '#',
      parse: (text) => text,
      hasSyntaxErrors: () => false,
      analyze: () =>
        (['high', 'medium', 'low'] as const).map((confidence, line) => ({
          ruleId: 'sql-injection',
          message: confidence,
          range: { start: { line, character: 0 }, end: { line, character: 1 } },
          severity: 'error',
          confidence,
          path: [],
          fixes: [],
        })),
    };
    const e = new Engine({ backends: { python } });
    const kept = (minConfidence?: 'high' | 'medium' | 'low') => e.analyzeTextWith('a.py', 'a\nb\nc\n', { rules: {}, minConfidence }).findings.map((f) => f.confidence);
    assert.deepStrictEqual(kept(), ['high', 'medium', 'low']);
    assert.deepStrictEqual(kept('low'), ['high', 'medium', 'low']);
    assert.deepStrictEqual(kept('medium'), ['high', 'medium']);
    assert.deepStrictEqual(kept('high'), ['high']);
  });

  describe('checks on the config file', () => {
    const catalog = RuleCatalog.load();
    function errorOf(config: unknown): ConfigError {
      const root = tempProject({ 'vigil.config.json': JSON.stringify(config, null, 2) });
      try {
        new ConfigResolver(catalog).configFor(path.join(root, 'a.py'));
      } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
      }
      return assert.fail('expected a ConfigError');
    }
    const sink = (extra: object) => ({ taint: { python: { sinks: [{ id: 's', rule: 'sql-injection', calls: ['db.raw_sql'], arg: 0, ...extra }] } } });

    it('rejects a sink naming an unknown rule, at the rule', () => {
      const error = errorOf(sink({ rule: 'sql-injektion' }));
      assert.match(error.detail, /unknown rule "sql-injektion"/);
      assert.deepStrictEqual([error.line, error.column], [7, 19]);
    });

    it('rejects entries that do not match the taint schema', () => {
      assert.match(errorOf(sink({ calls: ['db raw sql'] })).detail, /"taint\.python\.sinks\.0\.calls\.0" must match pattern/);
      assert.match(errorOf({ taint: { java: {} } }).detail, /unknown property "java" in "taint"/);
      assert.match(errorOf({ taint: { python: { sanitizers: [{ id: 'x', calls: ['clean'], rules: ['nope'] }] } } }).detail, /unknown rule "nope"/);
    });

    it('rejects a regex that backtracks catastrophically (ReDoS), at the regex', () => {
      const error = errorOf(sink({ when: [{ arg: 0, text: '^(\\w+\\s?)+$' }] }));
      assert.match(error.detail, /"\^\(\\w\+\\s\?\)\+\$": a repeated group that itself contains a repetition/);
      assert.deepStrictEqual([error.line, error.column], [15, 23]);
      assert.match(errorOf(sink({ when: [{ arg: 0, mentions: '(' }] })).detail, /not a valid regular expression/);
    });

    it('accepts the same condition with a safe regex', () => {
      const root = tempProject({ 'vigil.config.json': JSON.stringify(sink({ when: [{ arg: 0, text: '^SELECT\\b[^;]*$' }] })) });
      assert.strictEqual(new ConfigResolver(catalog).configFor(path.join(root, 'a.py')).taint?.python?.sinks?.length, 1);
    });
  });

  describe('unsafeRegexReason', () => {
    for (const bad of ['(a+)+', '(a*)*b', '(?:x|y+){2,}', '((ab)*c)+', '(\\w+\\s?)*$', '([a-z]+)*@', '(a{1,5})+']) {
      it(`rejects ${bad}`, () => assert.ok(unsafeRegexReason(bad), bad));
    }
    for (const good of ['^password$', 'secret|token', '(ab)+', '[(a+)+]', '\\(a+\\)+', 'a+b*c?', '(a|b)?x+', '(?:api_)?key\\d{2,}']) {
      it(`accepts ${good}`, () => assert.strictEqual(unsafeRegexReason(good), undefined));
    }
  });
});
