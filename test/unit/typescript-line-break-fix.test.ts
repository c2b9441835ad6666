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

// The log form: a message that is not text as written goes through Node's util.format (what
// console.log prints for it) rather than String() (`[object Object]`, `a,b`).
function fixedLog(code: string, file = '/app/server.ts'): string | undefined {
  const language = file.endsWith('.js') ? 'javascript' : file.endsWith('.tsx') ? 'typescriptreact' : 'typescript';
  const findings = (text: string) => engine().analyzeText(file, text, {}, language).findings.filter((f) => f.ruleId === 'log-injection');
  const [finding] = findings(code);
  assert.ok(finding, `no log-injection finding in:\n${code}`);
  const fix = finding.fixes.find((f) => f.kind === 'rewrite');
  if (!fix) return undefined;
  assert.strictEqual(fix.isPreferred, true);
  const fixed = applyTextEdits(code, fix.edits);
  assert.deepStrictEqual(findings(fixed), [], `the finding stays after the fix:\n${fixed}`);
  return fixed;
}

describe('TypeScript "Strip line breaks" on log messages: the value as the log call showed it', () => {
  const route = (line: string, head = "import express from 'express';\n") => `${head}const app = express();\napp.get('/t', (req, res) => {\n${line}\n  res.end();\n});\n`;

  it('a value that is not text: format(value) from node:util, imported once', () => {
    assert.strictEqual(
      fixedLog(route('  console.log(req.query.ref);')),
      route("  console.log(format(req.query.ref).replace(/[\\r\\n]/g, ''));", "import express from 'express';\nimport { format } from 'node:util';\n"),
    );
    assert.strictEqual(
      fixedLog(route('  logger.info({ user: 1 }, req.body);', "import express from 'express';\nimport { logger } from './log';\n")),
      route("  logger.info({ user: 1 }, format(req.body).replace(/[\\r\\n]/g, ''));", "import express from 'express';\nimport { logger } from './log';\nimport { format } from 'node:util';\n"),
    );
  });

  it("the file's own name for format or for the util module is used; CommonJS requires it", () => {
    const named = "import express from 'express';\nimport { format as fmt } from 'util';\n";
    assert.strictEqual(fixedLog(route('  console.log(req.query.ref);', named)), route("  console.log(fmt(req.query.ref).replace(/[\\r\\n]/g, ''));", named));
    const namespace = "import express from 'express';\nimport * as util from 'node:util';\n";
    assert.strictEqual(fixedLog(route('  console.log(req.query.ref);', namespace)), route("  console.log(util.format(req.query.ref).replace(/[\\r\\n]/g, ''));", namespace));
    const cjs = "const express = require('express');\n";
    assert.strictEqual(
      fixedLog(route('  console.log(req.query.ref);', cjs), '/app/server.js'),
      route("  console.log(format(req.query.ref).replace(/[\\r\\n]/g, ''));", "const express = require('express');\nconst { format } = require('node:util');\n"),
    );
  });

  it('text as written keeps the plain form, with no import', () => {
    assert.strictEqual(fixedLog(route('  console.log(`ref ${req.query.ref}`);')), route("  console.log(`ref ${req.query.ref}`.replace(/[\\r\\n]/g, ''));"));
    assert.strictEqual(fixedLog(route("  console.log('ref ' + req.query.ref);")), route("  console.log(('ref ' + req.query.ref).replace(/[\\r\\n]/g, ''));"));
  });

  it('no rewrite where format cannot be had: the name is taken, or Next.js middleware (Edge, no node:util)', () => {
    assert.strictEqual(fixedLog(route('  console.log(req.query.ref, format(new Date()));', "import express from 'express';\nimport { format } from 'date-fns';\n")), undefined);
    const middleware = "import { NextResponse, type NextRequest } from 'next/server';\nexport function middleware(request: NextRequest) {\n  console.log(request.nextUrl.searchParams.getAll('tag'));\n  return NextResponse.next();\n}\n";
    assert.strictEqual(fixedLog(middleware, '/app/middleware.ts'), undefined);
  });
});
