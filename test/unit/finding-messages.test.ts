import * as assert from 'assert';
import type { Finding } from '../../server/src/engine';
import { redactValue } from '../../server/src/engine/text/redact';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, engine, fixturePath, ruleFixtures } from '../helpers/fixtures';

// Messages travel into SARIF, JSON, text reports and CI logs: they must not carry the secret
// they warn about, and must read as sentences (no holes left by a template or a label).

/** Rules whose fixtures flag secrets written as literals. */
const SECRET_RULES = new Set(['hardcoded-secret', 'insecure-compare']);
/** A Markdown code span: `x`, or `` x `` when the code has backticks itself (a template literal). */
const CODE_SPAN = /``.+?``|`[^`]*`/g;
const LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

function findingsOf(ruleIds: ReadonlySet<string>): { finding: Finding; lines: string[]; languageId: string }[] {
  return ruleFixtures()
    .filter((f) => ruleIds.has(f.ruleId))
    .flatMap((fixture) => {
      const result = engine().analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId);
      return result.findings.filter((f) => ruleIds.has(f.ruleId)).map((finding) => ({ finding, lines: fixture.text.split(/\r?\n/), languageId: fixture.languageId }));
    });
}

/** The example app's messages too: what the README shows a new user first. */
function examplesMessages(): string[] {
  const root = path.join(REPO_ROOT, 'examples');
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(py|tsx?|jsx?)$/.test(f) && !f.includes('node_modules'));
  return files.flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const relative = path.relative(REPO_ROOT, path.join(root, file)).split(path.sep).join('/');
    return engine().analyzeText(relative, text, {}).findings.map((f) => f.message);
  });
}

describe('finding messages', () => {
  it('redacts a value to its first and last 2 characters, and a short one entirely', () => {
    assert.strictEqual(redactValue('sk_live_51HqLyjWDarjtT1zdp7dcXlyw0'), 'sk…w0');
    assert.strictEqual(redactValue('q7Lw!x9Rt2'), '…');
  });

  it('hard-coded secrets are quoted redacted, with the variable named, in both languages', () => {
    const found = findingsOf(SECRET_RULES).filter(({ finding }) => finding.ruleId === 'hardcoded-secret');
    assert.ok(new Set(found.map((f) => f.languageId === 'python' ? 'python' : 'typescript')).size === 2, 'findings in both languages');
    for (const { finding, lines } of found) {
      const flagged = lines.slice(finding.range.start.line, finding.range.end.line + 1).join('\n');
      for (const [, , value] of flagged.matchAll(LITERAL)) {
        if (value.length < 8) continue;
        // No 7 characters in a row of the secret appear in the message (but for the variable's name: `reportsUrl = 'postgres://reports:…'`).
        for (let i = 0; i + 7 <= value.length; i++) {
          const piece = value.slice(i, i + 7);
          assert.ok(!finding.message.includes(piece) || finding.sink?.includes(piece), `${finding.message} quotes ${value}`);
        }
      }
    }
    const named = found.filter(({ finding }) => /^Hard-coded secret: `SECRET_KEY = "9f…2d"` in `SECRET_KEY`/.test(finding.message));
    assert.strictEqual(named.length, 1, found.map((f) => f.finding.message).join('\n'));
  });

  it('every rule fixture\'s messages read as sentences: no unfilled {holes}, no bare plural source before "reaches"', () => {
    const all = new Set(ruleFixtures().map((f) => f.ruleId));
    const messages = findingsOf(all).map(({ finding }) => finding.message);
    assert.ok(messages.length >= 100, `messages: ${messages.length}`);
    for (const message of messages) {
      // Code spans quote code (f-strings have braces); the words around them come from templates.
      assert.doesNotMatch(message.replace(CODE_SPAN, '`c`'), /\{[a-z]+\}|`c`\s*`c`|\bundefined\b/, `a template hole: ${message}`);
      // "route params reaches": outside code spans, the source must not be a bare plural.
      const source = /^[^:]+: (.*?) reaches /.exec(message)?.[1];
      if (source) assert.doesNotMatch(source.replace(CODE_SPAN, '`c`'), /(^|\s)(params|parameters|args|arguments)$/, message);
    }
  });

  it('a message names the value, not the call it is part of: no `x` … `x`, no `f(…)` in `f`, no method folded into a source or a value', () => {
    const all = new Set(ruleFixtures().map((f) => f.ruleId));
    const found = findingsOf(all).map(({ finding }) => finding.message);
    found.push(...examplesMessages());
    const holes: string[] = [];
    for (const message of new Set(found)) {
      // The source may be named as the variable (`formula` reaches `eval` through `formula`): only what follows it counts.
      // Only the first sentence: the advice after it may show the right call (`jwt.verify(token, key, ...)`).
      const spans = [...message.replace(/^[^:]+: .*? reaches /, '').split(/\.\s/)[0].matchAll(CODE_SPAN)].map(([span]) => span.replace(/^`+ ?| ?`+$/g, ''));
      const twice = spans.some((span, i) => spans.slice(i + 1).some((other) => other === span || other.startsWith(`${span}(`) || span.startsWith(`${other}(`)));
      // `request.body.a.replace reaches`, `through \`formula.replace\``: a method is what was done to the value, not its name.
      const source = /^[^:]+: (.*?) reaches /.exec(message)?.[1] ?? '';
      const methodSource = /\.(?:replace|map|slice|trim|split|startsWith|endsWith|includes|toLowerCase|toUpperCase|join)\b/.test(source.replace(CODE_SPAN, '`c`'));
      const through = / through (``.+?``|`[^`]*`)/.exec(message)?.[1] ?? '';
      const methodValue = /\.(?:replace|map|slice|trim|split|startsWith|endsWith|includes|get|getAll|join)`$/.test(through);
      if (twice || methodSource || methodValue) holes.push(message);
    }
    assert.deepStrictEqual(holes, []);
  });

  it('XML parsing messages say what is parsed, or which parser is made and how', () => {
    const messages = findingsOf(new Set(['xxe'])).map(({ finding }) => finding.message);
    const expected = [
      'Unsafe XML parsing: `ET.fromstring` parses `await request.body()` with a parser that expands entities',
      'Unsafe XML parsing: `minidom.parseString` parses `await upload.read()` with a parser that expands entities',
      'Unsafe XML parsing: `xml.sax.parse` parses `stream` with a parser that expands entities',
      'Unsafe XML parsing: `xml.sax.make_parser` makes a SAX parser that expands entities',
      'Unsafe XML parsing: `etree.XMLParser` with `resolve_entities=True` makes a parser that expands entities',
    ];
    for (const start of expected) assert.ok(messages.some((m) => m.startsWith(start)), `${start}\n${messages.join('\n')}`);
  });

  describe('one call with several tainted arguments is one finding, listing them', () => {
    // [fixture, the call as written, the values the message lists in order]
    const calls: [string, string, string[]][] = [
      ['command-injection/python/log_archive_router.py', 'return archive_logs(site, since)', ['site', 'since']],
      ['command-injection/typescript/server6/log-archive.ts', "archiveLogs(req.params.site, String(req.query.since))", ['req.params.site', 'req.query.since']],
      ['command-injection/typescript/server6/log-archive.ts', "spawn(req.query.tool as string, [req.params.site], { shell: true })", ['req.query.tool', 'req.params.site']],
      ['sql-injection/python/stock_search_flask.py', 'stock_rows(request.args["sku"], request.args["warehouse"])', ['request.args["sku"]', 'request.args["warehouse"]']],
      ['sql-injection/python/backoffice/views.py', 'Order.objects.extra(select={"value": column}', ['{"value": column}', '[f"region = \'{region}\'"]']],
      ['sql-injection/typescript/server2/stock.ts', 'stockRows(String(req.query.sku), String(req.query.warehouse))', ['req.query.sku', 'req.query.warehouse']],
    ];
    for (const [name, call, values] of calls) {
      it(`${name}: ${call}`, () => {
        const fixture = ruleFixtures().find((f) => f.name.split(/[\\/]/).join('/') === name);
        assert.ok(fixture, name);
        const line = fixture.text.split(/\r?\n/).findIndex((l) => l.includes(call));
        assert.ok(line >= 0, call);
        const result = engine().analyzeText(fixturePath(fixture), fixture.text, {}, fixture.languageId);
        const onLine = result.findings.filter((f) => f.ruleId === fixture.ruleId && f.range.start.line === line);
        assert.strictEqual(onLine.length, 1, onLine.map((f) => f.message).join('\n'));
        const [finding] = onLine;
        assert.ok(finding.message.includes(`through ${values.map((v) => `\`${v}\``).join(' and ')}.`), finding.message);
        // The path follows the first value and names each other one at its place in the call.
        const others = finding.path.slice(1).filter((step) => step.label.startsWith('also '));
        assert.deepStrictEqual(others.map((s) => s.label.replace(/, from .*/, '')), values.slice(1).map((v) => `also \`${v}\``));
        for (const step of others) assert.strictEqual(step.range.start.line, line);
      });
    }
  });
});
