#!/usr/bin/env python3
"""Writes test/bench/realworld/labels/<app>.json for the vulnerable applications from the facts
below, each transcribed from the application's own documentation (README, level notes, solutions,
expected-results file). Lines are looked up by a text fragment of the documented line so the labels
carry the exact line number and the hash of its trimmed text; run it again against a new commit of
an app to re-anchor (then review the diff). Usage: write-labels.py <realworld-root>

Production repositories' labels (reviewer verdicts) are written by hand, not by this script.
"""
import csv, hashlib, json, os, re, sys, subprocess

ROOT = sys.argv[1]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'labels')

def h(text):
    return hashlib.sha1(text.strip().encode()).hexdigest()[:12]

def commit(d):
    p = os.path.join(ROOT, d, '.vigil-bench-commit')
    return open(p).read().strip() if os.path.exists(p) else subprocess.run(['git', '-C', os.path.join(ROOT, d), 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()

def find(d, file, fragment, nth=1):
    lines = open(os.path.join(ROOT, d, file), encoding='utf8').read().split('\n')
    seen = 0
    for i, l in enumerate(lines):
        if fragment in l:
            seen += 1
            if seen == nth:
                return i + 1, l
    raise SystemExit(f'{d}/{file}: fragment not found: {fragment!r}')

def label(d, file, fragment, category, source, note, expected='finding', window=None, nth=1):
    line, text = find(d, file, fragment, nth)
    out = {'file': file, 'line': line, 'hash': h(text), 'category': category, 'expected': expected, 'source': source, 'note': note}
    if window is not None:
        out['window'] = window
    return out

def write(app, d, labels, unscored, scope=None):
    data = {'app': app, 'dir': d, 'kind': 'vulnerable', 'commit': commit(d)}
    if scope:
        data['scope'] = scope
    data['labels'] = labels
    data['unscored'] = unscored
    with open(os.path.join(OUT, d + '.json'), 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    print(d, len(labels), 'labels')

# --- snyk-labs/nodejs-goof: README "Vulnerabilities in code" ---------------------------------
D = 'snyk-labs__nodejs-goof'
SRC = 'README.md "Vulnerabilities in code"'
write('snyk-labs/nodejs-goof', D, [
    label(D, 'routes/index.js', 'User.find({ username: req.body.username, password: req.body.password }', ['nosql-injection'], SRC + ' / NoSQL injection (loginHandler, User.find)', 'POST /login NoSQL injection'),
    label(D, 'routes/index.js', 'return res.redirect(redirectPage)', ['open-redirect'], SRC + ' / Open redirect ("index.js:72": adminLoginSuccess)', 'open redirect after login', nth=2),
    label(D, 'routes/index.js', "return res.render('account.hbs', profile)", ['template-injection', 'path-traversal', 'code-injection'], SRC + ' / Code injection (req.body passed as-is to the Handlebars view: layout LFI)', 'account_details req.body to res.render', nth=2),
    label(D, 'routes/index.js', "exec('identify ' + url", ['command-injection'], SRC + ' / Command execution (todo content "identify" image url)', 'create todo: exec identify'),
    label(D, 'app.js', "secret: 'keyboard cat'", ['hardcoded-secret'], SRC + ' / Hardcoded values - session information (app.js:40)', 'session secret'),
    label(D, 'app.js', "cookie: { path: '/' }", ['insecure-cookie'], SRC + ' / Hardcoded values: no httpOnly flag on the session cookie (at this commit the cookie sets neither secure nor httpOnly)', 'session cookie without httpOnly'),
], [
    'XSS via <%- redirectPage %> in views/admin.ejs (template file, not scanned)',
    'marked/st/validator/handlebars dependency vulnerabilities (dependency rules, not code)',
    'ReDoS in validator.isEmail/rtrim (dependency)',
    'Security misconfiguration exposes server information; insecure HTTP communication',
    'Prototype pollution via _.merge(message, req.body.message) (exploits/prototype-pollution.sh; no Vigil rule)',
    'Shell injection / zip-slip documented in exploits/ beyond the README list',
])

# --- theowni/Damn-Vulnerable-RESTaurant-API-Game: tests/vulns/level_*.py notes ---------------
D = 'theowni__Damn-Vulnerable-RESTaurant-API-Game'
write('theowni/Damn-Vulnerable-RESTaurant-API-Game', D, [
    label(D, 'app/apis/menu/services/delete_menu_item_service.py', '@router.delete("/menu/{item_id}"', ['missing-auth'], 'app/tests/vulns/level_1_unrestricted_menu_item_deletion.py', 'Level 1: DELETE /menu/{item_id} without role check', window=4),
    label(D, 'app/apis/menu/utils.py', 'response = requests.get(image_url, stream=True)', ['ssrf'], 'app/tests/vulns/level_4_server_side_request_forgery.py (PUT /menu image_url)', 'Level 4: SSRF via menu image URL'),
    label(D, 'app/apis/admin/utils.py', 'result = subprocess.run(', ['command-injection'], 'app/tests/vulns/level_5_remote_code_execution.py ("parameters" concatenated into df command)', 'Level 5: RCE in /admin/stats/disk', window=4),
], [
    'Level 0: technology details exposed via X-Powered-By header (no Vigil rule)',
    'Level 2: IDOR in profile update; Level 3: privilege escalation via user role update (authorization logic, no Vigil rule)',
])

# --- Contrast-Security-OSS/vulnpy: one documented endpoint per trigger function --------------
D = 'Contrast-Security-OSS__vulnpy'
CAT = {
    'cmdi': ['command-injection'], 'deserialization': ['unsafe-deserialization', 'unsafe-yaml-load'],
    'hash': ['weak-password-hash', 'weak-cipher'], 'pt': ['path-traversal', 'code-injection'], 'rand': ['insecure-random'],
    'redos': ['redos'], 'sqli': ['sql-injection'], 'ssrf': ['ssrf'], 'unsafe_code_exec': ['code-injection'],
    'xpath': ['xpath-injection'], 'xss': ['xss'], 'xxe': ['xxe'],
}
labels = []
tdir = os.path.join(ROOT, D, 'src/vulnpy/trigger')
for mod in sorted(CAT):
    rel = f'src/vulnpy/trigger/{mod}.py'
    lines = open(os.path.join(tdir, mod + '.py')).read().split('\n')
    for i, l in enumerate(lines):
        m = re.match(r'def (do_\w+)\(', l)
        if not m:
            continue
        end = i + 1
        while end < len(lines) and (lines[end].strip() == '' or lines[end].startswith((' ', '\t'))):
            end += 1
        while end > i + 1 and lines[end - 1].strip() == '':
            end -= 1
        labels.append({'file': rel, 'line': i + 1, 'hash': h(l), 'category': CAT[mod], 'expected': 'finding',
                       'source': f'README (vulnerable endpoints /vulnpy/{mod}/<trigger>) + src/vulnpy/trigger/{mod}.py', 'note': f'{mod}/{m.group(1)[3:]}',
                       'window': end - (i + 1)})
for fw, file in [('aiohttp', 'src/vulnpy/aiohttp/vulnerable_routes.py'), ('bottle', 'src/vulnpy/bottle/vulnerable_routes.py'), ('django', 'src/vulnpy/django/vulnerable.py'),
                 ('falcon', 'src/vulnpy/falcon/vulnerable.py'), ('fastapi', 'src/vulnpy/fastapi/vulnerable.py'), ('flask', 'src/vulnpy/flask/blueprint.py'),
                 ('pyramid', 'src/vulnpy/pyramid/__init__.py'), ('quart', 'src/vulnpy/quart/__init__.py'), ('wsgi', 'src/vulnpy/wsgi/__init__.py')]:
    try:
        labels.append(label(D, file, '"<p>XSS: " + ', ['xss'], 'README: /vulnpy/xss/raw endpoint (raw reflected XSS)', f'{fw} xss/raw reflected into the HTML response'))
    except SystemExit as e:
        print('  (no xss/raw in', fw, ')', file=sys.stderr)
write('Contrast-Security-OSS/vulnpy', D, labels, ['parameter_pollution triggers (no Vigil rule)'], scope=['src'])

# --- fluidattacks/vulnerable_js_app: expected_results.csv, one route file per test case ------
D = 'fluidattacks__vulnerable_js_app'
CAT = {'cmdi': ['command-injection'], 'pathtraver': ['path-traversal'], 'sqli': ['sql-injection'], 'xss': ['xss'], 'xpathi': ['xpath-injection'],
       # crypto is CWE-310 (cryptographic issues) + 327: small keys (CWE-326) and weak hashes (CWE-328) are among its cases.
       'crypto': ['weak-cipher', 'weak-password-hash', 'insecure-random', 'tls-verification-disabled', 'small-crypto-key', 'weak-hash'], 'weakrand': ['insecure-random'], 'securecookie': ['insecure-cookie']}
labels = []
seen = set()
with open(os.path.join(ROOT, D, 'expected_results.csv')) as f:
    for row in csv.DictReader(f):
        n = row['testcase'].strip()
        if n in seen:
            continue
        seen.add(n)
        rel = f'server/routes/testcases/test{n}.js'
        path = os.path.join(ROOT, D, rel)
        if not os.path.exists(path):
            continue
        lines = open(path).read().split('\n')
        # The test case is the route handler: anchor on the route registration, the window covers the file.
        idx = next((i for i, l in enumerate(lines) if re.search(r'router\.(get|post|put|delete|all|use)\(', l)), 0)
        labels.append({'file': rel, 'line': idx + 1, 'hash': h(lines[idx]), 'category': CAT[row['category'].strip()],
                       'expected': 'finding' if row['vulnerable'].strip() == 'true' else 'clean',
                       'source': f'expected_results.csv test {n} ({row["category"].strip()}, CWE-{row["cwe"].strip()}, vulnerable={row["vulnerable"].strip()})',
                       'note': f'test{n} {row["category"].strip()}', 'window': len(lines)})
write('fluidattacks/vulnerable_js_app', D, labels, [], scope=['server'])

# --- globocom/secDevLabs: the Python and JS apps' READMEs (attack narratives) ---------------
D = 'globocom__secDevLabs'
A = 'owasp-top10-2021-apps/'
write('globocom/secDevLabs', D, [
    label(D, A + 'a3/gossip-world/app/routes.py', "render_template('gossips.html'", ['xss', 'template-injection'], 'a3/gossip-world/README.md: search field reflected unescaped (| safe)', 'gossip-world reflected XSS (search)', window=4),
    label(D, A + 'a3/gossip-world/app/routes.py', "render_template('gossip.html'", ['xss', 'template-injection'], 'a3/gossip-world/README.md: comment and post fields stored and rendered unescaped', 'gossip-world stored XSS (comment/post)', window=4),
    label(D, A + 'a3/mongection/src/db.js', 'User.find({$and: [ { email: email}, { password: password} ]})', ['nosql-injection'], 'a3/mongection/README.md: login body passed to find (NoSQL injection)', 'mongection login NoSQL injection'),
    label(D, A + 'a3/sstype/src/server.py', 't = tornado.template.Template(template_data)', ['template-injection'], 'a3/sstype/README.md: name argument in Tornado template (SSTI)', 'sstype SSTI', window=2),
    label(D, A + 'a3/comment-killer/app/src/Comment.js', 'eval(z);', ['code-injection', 'xss'], 'a3/comment-killer/README.md: comment content executed in the browser (XSS)', 'comment-killer eval of comment'),
    label(D, A + 'a8/amarelo-designs/app/app.py', 'cookie = pickle.loads(base64.b64decode(cookie))', ['unsafe-deserialization'], 'a8/amarelo-designs/README.md: pickled session cookie (blind RCE)', 'amarelo-designs pickle.loads of cookie'),
    label(D, A + 'a5/stegonography/app/index.js', 'var myobj = { username: "admin", password: "admin" };', ['hardcoded-secret'], 'a5/stegonography/README.md: default admin:admin credentials', 'stegonography default credentials'),
], [
    'a1/tictactoe broken access control; a7/saidajaula-monster unsigned base64 role cookie; a9/games-irados missing logging (no Vigil rule)',
    'a5/stegonography verbose error stack traces; a6/golden-hat outdated components (dependency/config, not code rules)',
    'Go/PHP/Java apps of the suite (languages Vigil does not scan)',
], scope=['owasp-top10-2021-apps/a1/tictactoe', 'owasp-top10-2021-apps/a3/comment-killer/app/src', 'owasp-top10-2021-apps/a3/gossip-world/app', 'owasp-top10-2021-apps/a3/mongection/src', 'owasp-top10-2021-apps/a3/sstype/src', 'owasp-top10-2021-apps/a5/stegonography/app', 'owasp-top10-2021-apps/a7/saidajaula-monster/app', 'owasp-top10-2021-apps/a8/amarelo-designs/app', 'owasp-top10-2021-apps/a9/games-irados/app'])
