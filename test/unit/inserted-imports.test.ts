import * as assert from 'assert';
import { applyPreferredFixes, applyTextEdits, type Language } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

// Where a fix puts the import it adds, and which imports it takes away: an added import goes
// below what must open the file (a shebang, a 'use client' directive, a module docstring, the
// header comment), and an import the fix leaves unused goes, in single fixes and fix-all alike.

/** The text after the first rewrite fix of `rule` titled like `title`. */
export function fixed(path: string, language: Language | 'typescriptreact', rule: string, code: string, title?: RegExp): string {
  const finding = engine().analyzeText(path, code, {}, language).findings.find((f) => f.ruleId === rule);
  assert.ok(finding, `no ${rule} finding in:\n${code}`);
  const fix = finding.fixes.find((f) => f.kind === 'rewrite' && (!title || title.test(f.title)));
  assert.ok(fix, `no fix${title ? ` ${title}` : ''} among ${finding.fixes.map((f) => f.title).join(' | ')}`);
  return applyTextEdits(code, fix.edits);
}

describe('an import a fix adds goes below the file header', () => {
  it('TypeScript: below a shebang and the comment that opens the file', () => {
    const code = "#!/usr/bin/env node\n// Prints a reset token for the support desk.\nexport function resetToken(): string {\n  return Math.random().toString(36).slice(2);\n}\n";
    const out = fixed('/p/bin/token.ts', 'typescript', 'insecure-random', code);
    assert.ok(out.startsWith("#!/usr/bin/env node\n// Prints a reset token for the support desk.\nimport { randomUUID } from 'node:crypto';\nexport function"), out);
  });

  it("TSX: DOMPurify below 'use client' and the comment under it", () => {
    const code = "'use client';\n// Review preview: the review text as the customer typed it.\nexport default function Preview() {\n  const text = new URLSearchParams(window.location.search).get('text') ?? '';\n  return <div dangerouslySetInnerHTML={{ __html: text }} />;\n}\n";
    const out = fixed('/p/app/preview/preview.tsx', 'typescriptreact', 'xss', code, /DOMPurify/);
    assert.ok(out.startsWith("'use client';\n// Review preview: the review text as the customer typed it.\nimport DOMPurify from 'isomorphic-dompurify';\nexport default"), out);
  });

  it('TSX: DOMPurify below a header block comment, CRLF kept', () => {
    const code = "/**\r\n * Review preview: the review text as the customer typed it.\r\n */\r\n\r\nexport default async function Preview({ searchParams }: { searchParams: Promise<{ text?: string }> }) {\r\n  const { text = '' } = await searchParams;\r\n  return <div dangerouslySetInnerHTML={{ __html: text }} />;\r\n}\r\n";
    const out = fixed('/p/app/preview/page.tsx', 'typescriptreact', 'xss', code, /DOMPurify/);
    assert.ok(out.startsWith("/**\r\n * Review preview: the review text as the customer typed it.\r\n */\r\nimport DOMPurify from 'isomorphic-dompurify';\r\n\r\nexport default"), JSON.stringify(out));
  });

  it("near miss: a JSDoc comment right above the first statement is that statement's, and the import goes above it", () => {
    const code = "/** A reset token for the support desk. */\nexport function resetToken(): string {\n  return Math.random().toString(36).slice(2);\n}\n";
    const out = fixed('/p/lib/token.ts', 'typescript', 'insecure-random', code);
    assert.ok(out.startsWith("import { randomUUID } from 'node:crypto';\n/** A reset token for the support desk. */\nexport function"), out);
  });

  it('TypeScript: after the last import when there are imports', () => {
    const code = "// Tokens.\nimport { pool } from './db';\n\nexport function resetToken(): string {\n  void pool;\n  return Math.random().toString(36).slice(2);\n}\n";
    const out = fixed('/p/lib/token.ts', 'typescript', 'insecure-random', code);
    assert.ok(out.startsWith("// Tokens.\nimport { pool } from './db';\nimport { randomUUID } from 'node:crypto';\n\nexport"), out);
  });

  it('Python: below a shebang, a coding line and a header comment', () => {
    const code = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Support desk tool.\n\ndef reset_token():\n    return "".join(random.choices("abc", k=32))\n';
    const out = fixed('/p/tools/token.py', 'python', 'insecure-random', code);
    assert.ok(out.startsWith('#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Support desk tool.\nimport secrets\n\ndef reset_token():'), out);
  });

  it('Python: below the module docstring', () => {
    const code = '"""Support desk tool."""\n\n\ndef reset_token():\n    return "".join(random.choices("abc", k=32))\n';
    const out = fixed('/p/tools/token.py', 'python', 'insecure-random', code);
    assert.ok(out.startsWith('"""Support desk tool."""\nimport secrets\n\n\ndef reset_token():'), out);
  });
});

describe('a fix takes out the imports it leaves unused', () => {
  const ts = (body: string, head = "import { exec } from 'child_process';\nimport express from 'express';\n") =>
    `${head}\nconst app = express();\napp.get('/ping', (req, res) => {\n  exec(\`ping -c 1 \${req.query.host}\`, (err, out) => res.send(out));\n});\n${body}`;
  const py = (body: string, head = '"""Network tools."""\nimport os\n\nfrom flask import Flask, request\n') =>
    `${head}\napp = Flask(__name__)\n\n\n@app.route("/ping")\ndef ping():\n    os.system("ping -c 1 " + request.args["host"])\n    return "ok"\n${body}`;

  it('TypeScript: exec → execFile leaves `import { execFile }`', () => {
    const out = fixed('/p/server.ts', 'typescript', 'command-injection', ts(''));
    assert.ok(out.startsWith("import { execFile } from 'child_process';\nimport express from 'express';\n"), out);
    assert.match(out, /execFile\('ping'/);
  });

  it('TypeScript near miss: exec still used elsewhere stays imported', () => {
    const out = fixed('/p/server.ts', 'typescript', 'command-injection', ts("export const uptime = () => exec('uptime');\n"));
    assert.ok(out.startsWith("import { exec, execFile } from 'child_process';"), out);
  });

  it('JavaScript: the same for `const { exec } = require(...)`', () => {
    const out = fixed('/p/server.js', 'typescript', 'command-injection', ts('', "const { exec } = require('child_process');\nconst express = require('express');\n"));
    assert.ok(out.startsWith("const { execFile } = require('child_process');\nconst express = require('express');\n"), out);
  });

  it('Python: os.system → subprocess.run takes out `import os`, adds `import subprocess`', () => {
    const out = fixed('/p/app.py', 'python', 'command-injection', py(''));
    assert.ok(out.startsWith('"""Network tools."""\n\nfrom flask import Flask, request\nimport subprocess\n'), out);
    assert.doesNotMatch(out, /^import os$/m);
  });

  it('Python near miss: os still used elsewhere (os.environ) stays imported', () => {
    const out = fixed('/p/app.py', 'python', 'command-injection', py('\n\nHOST = os.environ.get("HOST", "127.0.0.1")\n'));
    assert.match(out, /^import os$/m);
    assert.match(out, /subprocess\.run\(/);
  });

  it('Python: one name of a from-import goes, the others stay', () => {
    const head = '"""Network tools."""\nfrom os import system, getcwd\n\nfrom flask import Flask, request\n';
    const code = py('\n\nHOME = getcwd()\n', head).replace('os.system(', 'system(');
    const out = fixed('/p/app.py', 'python', 'command-injection', code);
    assert.match(out, /^from os import getcwd$/m);
  });

  it('Python near miss: a name already unused before the fix is not the fix’s to take out', () => {
    const out = fixed('/p/app.py', 'python', 'command-injection', py('', '"""Network tools."""\nimport hashlib\nimport os\n\nfrom flask import Flask, request\n'));
    assert.match(out, /^import hashlib$/m);
    assert.doesNotMatch(out, /^import os$/m);
  });

  it('fix-all applies the same edits', () => {
    const code = ts('');
    const out = applyPreferredFixes(code, (text) => engine().analyzeText('/p/server.ts', text, {}, 'typescript').findings, (text) => engine().parses('typescript', text, '/p/server.ts')).text;
    assert.ok(out.startsWith("import { execFile } from 'child_process';"), out);
  });
});
