import * as assert from 'assert';
import { applyTextEdits, type Finding } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

// Exact texts of the TypeScript "Strip line breaks" fix for header injection: each value of a
// writeHead object (never the object), and Node's setHeader keeping an undefined value an error.

function analyze(code: string): Finding[] {
  return engine().analyzeText('/app/server.js', code, {}, 'javascript').findings.filter((f) => f.ruleId === 'header-injection');
}

/** The route's last line after the rewrite of its finding; undefined when only advice is offered. */
function fixedLine(route: string): string | undefined {
  const code = `const express = require('express');\nconst app = express();\napp.get('/t', (req, res) => {\n${route}\n  res.end();\n});\n`;
  const [finding] = analyze(code);
  assert.ok(finding, `no header-injection finding in ${route}`);
  const fix = finding.fixes.find((f) => f.kind === 'rewrite');
  if (!fix) return undefined;
  const fixed = applyTextEdits(code, fix.edits);
  assert.deepStrictEqual(analyze(fixed), [], `the finding stays after the fix:\n${fixed}`);
  return fixed.split('\n')[2 + route.split('\n').length];
}

describe('TypeScript "Strip line breaks" on headers: exact rewrites', () => {
  it('writeHead(status, { ... }): each value with user data, the object and its other headers stay', () => {
    assert.strictEqual(
      fixedLine("  res.writeHead(200, { 'X-Campaign': `c-${req.query.c}`, 'Content-Type': 'text/plain', 'X-Ref': String(req.query.r) });"),
      "  res.writeHead(200, { 'X-Campaign': `c-${req.query.c}`.replace(/[\\r\\n]/g, ''), 'Content-Type': 'text/plain', 'X-Ref': String(req.query.r).replace(/[\\r\\n]/g, '') });",
    );
      assert.strictEqual(
      fixedLine('  const campaign = req.query.c;\n  res.writeHead(200, { campaign });'),
      "  res.writeHead(200, { campaign: campaign === undefined ? campaign : String(campaign).replace(/[\\r\\n]/g, '') });",
    );
    assert.strictEqual(fixedLine('  res.writeHead(200, { ...req.query });'), undefined, 'a spread: no one value to strip');
  });

  it("Node's setHeader: an undefined value stays undefined (an error as before, not the text \"undefined\")", () => {
    const code = `const express = require('express');\nconst app = express();\napp.get('/t', (req, res) => {\n  const lang = req.query.lang;\n  res.setHeader('Content-Language', lang);\n  res.writeHead(200, { campaign: lang });\n  res.end();\n});\n`;
    const [first] = analyze(code);
    const fixed = applyTextEdits(code, first.fixes.find((f) => f.kind === 'rewrite')!.edits);
    assert.strictEqual(fixed.split('\n')[4], "  res.setHeader('Content-Language', lang === undefined ? lang : String(lang).replace(/[\\r\\n]/g, ''));");
    assert.strictEqual(fixedLine("  res.setHeader('Content-Language', req.query.lang);"), undefined, 'a member read is not narrowed by the check: advice only');
    assert.strictEqual(fixedLine("  res.setHeader('Content-Language', `${req.query.lang}`);"), "  res.setHeader('Content-Language', `${req.query.lang}`.replace(/[\\r\\n]/g, ''));");
  });

  it("Express's res.set writes String(value) itself: String() keeps what it sends", () => {
    assert.strictEqual(fixedLine("  res.set('Content-Language', req.query.lang);"), "  res.set('Content-Language', String(req.query.lang).replace(/[\\r\\n]/g, ''));");
    assert.strictEqual(fixedLine("  res.set('Content-Language', String(req.query.lang));"), "  res.set('Content-Language', String(req.query.lang).replace(/[\\r\\n]/g, ''));");
  });
});
