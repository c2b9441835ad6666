import * as assert from 'assert';
import { applyTextEdits, type Finding } from '../../server/src/engine';
import { engine } from '../helpers/fixtures';

// Exact texts of the Python fixes for LDAP, XPath, log and header injection, Django raw SQL,
// permissive CORS and session fixation: the fix tests prove the finding goes away, these prove
// the code is what a reviewer would write (imports included) and when no rewrite is offered.

function analyze(code: string, file: string): Finding[] {
  return engine().analyzeText(file, code, {}, 'python').findings;
}

/** The file after the rewrite of the rule's first finding; undefined when it has none. */
function fixed(code: string, ruleId: string, file = 'api/routes.py'): string | undefined {
  const finding = analyze(code, file).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} finding`);
  const fix = finding.fixes.find((f) => f.kind === 'rewrite');
  return fix && applyTextEdits(code, fix.edits);
}

const FASTAPI = 'from fastapi import APIRouter\nrouter = APIRouter()\n';

describe('Python injection fixes: exact rewrites', () => {
  it('LDAP: escape_filter_chars around the value, imported from ldap3 or python-ldap as the file uses', () => {
    const ldap3 = `from ldap3 import Connection\n${FASTAPI}\n@router.get("/u")\ndef u(name: str):\n    conn.search(BASE, "(cn=" + name + ")")\n`;
    assert.strictEqual(
      fixed(ldap3, 'ldap-injection'),
      `from ldap3 import Connection\nfrom fastapi import APIRouter\nfrom ldap3.utils.conv import escape_filter_chars\nrouter = APIRouter()\n\n@router.get("/u")\ndef u(name: str):\n    conn.search(BASE, "(cn=" + escape_filter_chars(name) + ")")\n`,
    );
    const pythonLdap = `import ldap\n${FASTAPI}\n@router.get("/u")\ndef u(uid: str):\n    return l.search_s(BASE, ldap.SCOPE_SUBTREE, f"(uid={uid})")\n`;
    assert.match(fixed(pythonLdap, 'ldap-injection')!, /^from ldap\.filter import escape_filter_chars$[\s\S]*f"\(uid=\{escape_filter_chars\(uid\)\}\)"/m);
  });

  it('XPath: quoted values become variables passed by keyword; clean values stay; no rewrite for etree.XPath', () => {
    const code = `${FASTAPI}\n@router.get("/i")\ndef i(email: str, region: str):\n    return tree.xpath(f"//i[@email='{email}' and @region=\\"{region}\\" and @kind='{KIND}']", smart_strings=False)\n`;
    assert.strictEqual(fixed(code, 'xpath-injection'), undefined, 'an escaped quote around the value: no rewrite');
    const two = `${FASTAPI}\n@router.get("/i")\ndef i(email: str, region: str):\n    return tree.xpath(f"//i[@email='{email}' and @region='{region}' and @kind='{KIND}']", smart_strings=False)\n`;
    assert.strictEqual(
      fixed(two, 'xpath-injection')!.split('\n')[5],
      `    return tree.xpath(f"//i[@email=$email and @region=$region and @kind='{KIND}']", smart_strings=False, email=email, region=region)`,
    );
    const unquoted = `${FASTAPI}\n@router.get("/i")\ndef i(n: str):\n    return tree.xpath(f"//i[position()={n}]")\n`;
    assert.strictEqual(fixed(unquoted, 'xpath-injection'), undefined);
    const compiled = `from lxml import etree\n${FASTAPI}\n@router.get("/i")\ndef i(n: str):\n    find = etree.XPath(f"//i[@n='{n}']")\n    return find(tree)\n`;
    assert.strictEqual(fixed(compiled, 'xpath-injection'), undefined);
  });

  it('log and header injection: CR/LF stripped from the whole value, outside any f-string', () => {
    const code = `import logging\nfrom fastapi import Response\n${FASTAPI}\n@router.get("/l")\ndef l(q: str, response: Response):\n    logging.info(f"search {q!r:>10}")\n    response.headers["X-Q"] = q\n`;
    assert.strictEqual(fixed(code, 'log-injection')!.split('\n')[7], '    logging.info(f"search {q!r:>10}".replace("\\r", "").replace("\\n", ""))');
    assert.strictEqual(fixed(code, 'header-injection')!.split('\n')[8], '    response.headers["X-Q"] = q.replace("\\r", "").replace("\\n", "")', 'a str parameter needs no str()');
    const untyped = code.replace('q: str,', 'q,');
    assert.strictEqual(fixed(untyped, 'header-injection')!.split('\n')[8], '    response.headers["X-Q"] = str(q).replace("\\r", "").replace("\\n", "")');
    // Starlette refuses None (AttributeError, a 500): str() would send the text "None" instead. Advice only.
    for (const optional of ['q: str | None = None,', 'q: Optional[str] = None,']) {
      assert.strictEqual(fixed(code.replace('q: str,', optional), 'header-injection'), undefined, optional);
    }
    assert.match(fixed(code.replace('q: str,', 'q: str | None = None,'), 'log-injection')!, /logging\.info\(f"search \{q!r:>10\}"\.replace/, 'a log line may say None');
  });

  it('Django raw(): %s placeholders and a params tuple; not when params are passed already', () => {
    const code = `def search(request):\n    name = request.GET["name"]\n    return Shop.objects.raw("SELECT * FROM shop WHERE name = '" + name + "' AND city LIKE 'Ber%'")\n`;
    assert.strictEqual(
      fixed(code, 'sql-injection', 'shop/views.py')!.split('\n')[2],
      `    return Shop.objects.raw("SELECT * FROM shop WHERE name = %s AND city LIKE 'Ber%%'", (name,))`,
    );
    const withParams = `def search(request):\n    name = request.GET["name"]\n    return Shop.objects.raw(f"SELECT * FROM shop WHERE name = '{name}' AND id = %s", [1])\n`;
    assert.strictEqual(fixed(withParams, 'sql-injection', 'shop/views.py'), undefined);
  });

  it('CORS: origins from ALLOWED_ORIGINS; a match-all regex gives way; os imported once', () => {
    const starlette = 'from starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\n\nm = [Middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)]\n';
    assert.strictEqual(
      fixed(starlette, 'cors-misconfiguration', 'api/main.py'),
      'from starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\nimport os\n\nm = [Middleware(CORSMiddleware, allow_origins=os.environ.get("ALLOWED_ORIGINS", "").split(","), allow_credentials=True)]\n',
    );
    const flask = 'import os\nfrom flask_cors import cross_origin\n\n@app.route("/w")\n@cross_origin(origins="*", supports_credentials=True)\ndef w():\n    pass\n';
    assert.strictEqual(fixed(flask, 'cors-misconfiguration', 'api/main.py')!.split('\n')[4], '@cross_origin(origins=os.environ.get("ALLOWED_ORIGINS", "").split(","), supports_credentials=True)');
  });

  it('behaviour changed on purpose (CORS fails closed, bind address): never preferred, the title says what changes; the app\'s own origins stay', () => {
    const app = 'import uvicorn\nfrom fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=["https://shop.example", "*"], allow_credentials=True)\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8000)\n';
    const findings = analyze(app, 'api/main.py');
    const cors = findings.find((f) => f.ruleId === 'cors-misconfiguration')!.fixes.find((f) => f.kind === 'rewrite')!;
    assert.strictEqual(cors.title, 'Allow only the origins in ALLOWED_ORIGINS (fails closed until it is set)');
    assert.strictEqual(cors.isPreferred, false);
    assert.strictEqual(
      applyTextEdits(app, cors.edits).split('\n')[6],
      'app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example", *os.environ.get("ALLOWED_ORIGINS", "").split(",")], allow_credentials=True)',
    );
    const bind = findings.find((f) => f.ruleId === 'insecure-configuration')!.fixes.find((f) => f.kind === 'rewrite')!;
    assert.match(bind.title, /\(listens on this machine only: unreachable from outside a container\)$/);
    assert.strictEqual(bind.isPreferred, false);
  });

  it('session fixation: the reset goes above the session writes of the block; Django cycles the key', () => {
    const flask = 'from flask import session\n\ndef login():\n    if check_password(pw):\n        session.permanent = True\n        session["user_id"] = uid\n';
    assert.strictEqual(fixed(flask, 'session-fixation'), 'from flask import session\n\ndef login():\n    if check_password(pw):\n        session.clear()\n        session.permanent = True\n        session["user_id"] = uid\n');
    const read = 'from flask import session\n\ndef login():\n    session.permanent = True\n    next_url = session.pop("next", "/")\n    session["user_id"] = uid\n';
    assert.strictEqual(fixed(read, 'session-fixation')!.split('\n').slice(3, 7).join('\n'), '    session.permanent = True\n    next_url = session.pop("next", "/")\n    session.clear()\n    session["user_id"] = uid', 'a statement in between ends the run of writes');
    const django = 'from django.shortcuts import redirect\n\ndef pin_login(request):\n    request.session["staff_id"] = staff.pk; return redirect("/")\n';
    assert.strictEqual(fixed(django, 'session-fixation', 'staff/views.py'), 'from django.shortcuts import redirect\n\ndef pin_login(request):\n    request.session.cycle_key()\n    request.session["staff_id"] = staff.pk; return redirect("/")\n');
    const inline = 'from flask import session\n\ndef login():\n    if check_password(pw): session["user_id"] = uid\n';
    assert.strictEqual(fixed(inline, 'session-fixation'), undefined, 'after `if ...:` on its line: no rewrite');
    const aliased = 'from django.contrib import auth\n\ndef sign_in(request):\n    auth.login(request, user)\n    request.session["user_role"] = "staff"\n';
    assert.deepStrictEqual(analyze(aliased, 'staff/views.py').filter((f) => f.ruleId === 'session-fixation'), [], 'django.contrib.auth.login cycles the key');
  });
});
