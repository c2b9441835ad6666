import * as assert from 'assert';
import { Engine, LineIndex, applyTextEdits, type Finding } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

// The taint families beyond SQL, one construct at a time. `# ! rule-id` ends each line that
// must be reported for that rule; every other line must stay clean.

function analyze(code: string, path = 'api/routes.py'): Finding[] {
  const result = engine().analyzeText(path, code, {}, 'python');
  assert.deepStrictEqual(result.notices.filter((n) => n.kind === 'rule-error'), [], 'the analysis does not throw');
  return result.findings;
}

function check(code: string): void {
  const findings = analyze(code);
  const expected = code.split('\n').flatMap((line, i) => {
    const mark = /# ! ([a-z-]+)\s*$/.exec(line);
    return mark ? [`${i + 1}: ${mark[1]}`] : [];
  });
  const actual = findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`);
  assert.deepStrictEqual(actual, expected, `findings:\n${findings.map((f) => `  ${f.range.start.line + 1}: ${f.message}`).join('\n')}`);
}

/** The text after the finding's rewrite fix on `line`, or undefined when none is offered. */
function rewrite(code: string, line: number): string | undefined {
  const finding = analyze(code).find((f) => f.range.start.line + 1 === line);
  assert.ok(finding, `no finding on line ${line}`);
  const fix = finding.fixes.find((f) => f.kind === 'rewrite');
  return fix && applyTextEdits(code, fix.edits);
}

const HEAD = `import os
import shlex
import subprocess
import requests
from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from flask import url_for
router = APIRouter()
`;

describe('python: taint families beyond SQL', () => {
  it('subprocess: a shell, or one string naming the program, is a sink; a list without a shell is not', () => {
    check(`${HEAD}
@router.post("/run")
def run(name: str, n: int):
    subprocess.run(f"convert {name} out.png", shell=True)  # ! command-injection
    subprocess.run(args="convert " + name, shell=True)  # ! command-injection
    subprocess.run(["convert", name], shell=True)  # ! command-injection
    subprocess.Popen(name)  # ! command-injection
    subprocess.run(["convert", name, "out.png"])
    subprocess.run(("convert", name), shell=False)
    subprocess.run(f"convert {n} out.png", shell=True)
    subprocess.run("convert " + name, shell=False)  # ! command-injection
`);
  });

  it('sanitizers for one rule clear only that rule: shlex.quote, os.path.basename, url_for', () => {
    check(`${HEAD}
@router.get("/files")
def files(name: str, cursor=None):
    safe = shlex.quote(name)
    os.system("ls " + safe)
    cursor.execute("SELECT * FROM docs WHERE name = '" + safe + "'")  # ! sql-injection
    base = os.path.basename(name)
    open(os.path.join("/srv/docs", base))
    os.system("cat " + base)  # ! command-injection
    open(os.path.join("/srv/docs", name))  # ! path-traversal
    RedirectResponse(url_for("document", name=name))
    return RedirectResponse(os.path.basename(name))  # ! open-redirect
`);
  });

  it('outbound URLs and redirects: only data that can choose the host counts', () => {
    check(`${HEAD}
API = "https://api.sunline-solar.example"
BARE = "https://api.sunline-solar.example"

@router.get("/proxy")
def proxy(url: str, path: str, nxt: str):
    requests.get(url)  # ! ssrf
    requests.get(url=url)  # ! ssrf
    requests.request("GET", url)  # ! ssrf
    requests.get(f"{API}/quotes/{path}")
    requests.get(API + "/quotes/" + path)
    requests.get("https://api.sunline-solar.example/q/{}".format(path))
    requests.get(f"https://{path}/quotes")  # ! ssrf
    requests.get(f"{BARE}{path}")  # ! ssrf
    requests.get(f"//{path}/x")  # ! ssrf
    RedirectResponse(f"/orders?from={nxt}")
    return RedirectResponse(nxt)  # ! open-redirect
`);
  });

  it('an allow-list membership test clears the value where it held', () => {
    check(`${HEAD}
ALLOWED = {"/orders", "/account"}
PREFIX = "/orders"

@router.get("/go")
def go(nxt: str, other: str, host: str):
    if nxt in ALLOWED:
        RedirectResponse(nxt)
    else:
        RedirectResponse(nxt)  # ! open-redirect
    if other not in ("/a", "/b"):
        raise ValueError(other)
    RedirectResponse(other)
    if host not in ALLOWED:
        print(host)
    requests.get(host)  # ! ssrf
    if nxt in PREFIX:
        RedirectResponse(nxt)  # ! open-redirect
    if nxt in [host]:
        RedirectResponse(nxt)  # ! open-redirect
    return RedirectResponse(nxt)  # ! open-redirect
`);
  });

  it('"Run without a shell" on os.system imports subprocess, and is not offered when the status is used', () => {
    const code = `import os\nfrom flask import request\n\ndef go():\n    name = request.args["name"]\n    os.system("convert " + name + " out.png")\n    status = os.system("convert " + name)\n`;
    assert.strictEqual(rewrite(code, 6), code.replace('from flask import request', 'from flask import request\nimport subprocess').replace('os.system("convert " + name + " out.png")', 'subprocess.run(["convert", name, "out.png"])'));
    assert.strictEqual(rewrite(code, 7), undefined);
  });

  it('a cached function is re-checked when a constant its URL starts with changes', () => {
    const editor = new Engine({ catalog: engine().catalog });
    const uri = 'file:///shop/api/proxy.py';
    const text = `import requests\nfrom flask import request\nAPI = "https://api.sunline-solar.example/"\n\ndef quote():\n    return requests.get(API + request.args["id"])\n`;
    editor.open(uri, 'python', text, 1, 'api/proxy.py');
    assert.deepStrictEqual(editor.analyze(uri).findings.map((f) => f.ruleId), []);
    const start = text.indexOf('https://');
    const lines = new LineIndex(text);
    editor.change(uri, 2, [{ range: lines.rangeAt(start, start + 'https://api.sunline-solar.example/'.length), text: '' }]);
    assert.deepStrictEqual(editor.analyze(uri).findings.map((f) => f.ruleId), ['ssrf']);
  });

  it('eval, exec and compile take code; ast.literal_eval and re.compile do not (re.compile takes a pattern: redos)', () => {
    check(`import ast
import re
from flask import request

def pricing():
    formula = request.form["formula"]
    eval(formula)  # ! code-injection
    exec("total = " + formula)  # ! code-injection
    compile(formula, "<rule>", "eval")  # ! code-injection
    ast.literal_eval(formula)
    re.compile(formula)  # ! redos
`);
  });

  it('"Run without a shell" splits a command on spaces when each value is a whole word', () => {
    const code = `${HEAD}
@router.post("/t")
def t(name: str, size: str, order_id: int):
    subprocess.run(f"convert {name} -resize {size} {order_id}.png", shell=True, check=True)
    subprocess.run("convert " + name + " -resize 320x240 out.png", shell=True)
    subprocess.run(f"convert {name} out.png", shell=True)
    subprocess.run(f"cat {name} | gzip > out.gz", shell=True)
    subprocess.run(f"convert '{name}' out.png", shell=True)
    os.system(f"convert {name} out.png")
    subprocess.run(f"convert {name} {order_id} out.png", shell=True)
`;
    // The k-th call in the route, as the fix leaves it (undefined: no rewrite offered).
    const first = HEAD.split('\n').length + 3;
    // Counted from the route's `def` line: a fix may take an import it leaves unused (os) out above it.
    const call = (k: number) => {
      const lines = rewrite(code, first + k - 1)?.split('\n');
      return lines?.[lines.findIndex((line) => line.startsWith('def t(')) + k];
    };
    assert.strictEqual(call(1), undefined, '`{order_id}.png` is part of a word');
    assert.strictEqual(call(2), '    subprocess.run(["convert", name, "-resize", "320x240", "out.png"])');
    assert.strictEqual(call(3), '    subprocess.run(["convert", name, "out.png"])');
    assert.strictEqual(call(4), undefined, 'a pipe needs a shell');
    assert.strictEqual(call(5), undefined, 'quotes are shell syntax');
    assert.strictEqual(call(6), '    subprocess.run(["convert", name, "out.png"])', 'os.system as a statement: its status was not used');
    assert.strictEqual(call(7), '    subprocess.run(["convert", name, str(order_id), "out.png"])', 'clean values become text as the shell saw them');
  });
});
