// The labelled comparison set (test/labelled/<language>/): its annotations, its categories, and how
// each tool's findings map to those categories. Shared by the well-formedness test
// (test/unit/labelled-set.test.ts) and the side-by-side run (test/bench/labelled.bench.ts).
//
// A case is a comment line `# expect: <category>` / `// expect: <category>` (a weakness is there) or
// `ok: <category>` (a near miss: code that looks like that weakness but is safe) directly above the
// code it labels. It labels the next line; `expect: <category> (N lines)` labels the next N lines, for
// the shapes where a value is built on one line and used on the next (tools report either line).
// Categories are OWASP/CWE-level, not any tool's rule ids, so every tool is judged on the same terms.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './fixtures';

export const LABELLED_ROOT = path.join(REPO_ROOT, 'test', 'labelled');
export type LabelledLanguage = 'python' | 'typescript';
export const LABELLED_LANGUAGES: readonly LabelledLanguage[] = ['python', 'typescript'];
/** The acceptance minimum per language (issue 20). */
export const MIN_POSITIVES = 150;
export const MIN_NEAR_MISSES = 100;

/** Every category a case may name, with the CWE it stands for. */
export const CATEGORIES: Readonly<Record<string, string>> = {
  'sql-injection': 'CWE-89',
  'nosql-injection': 'CWE-943',
  'command-injection': 'CWE-78',
  'code-injection': 'CWE-94/95',
  'template-injection': 'CWE-1336',
  'ldap-injection': 'CWE-90',
  'xpath-injection': 'CWE-643',
  'header-injection': 'CWE-113',
  'log-injection': 'CWE-117',
  deserialization: 'CWE-502',
  'path-traversal': 'CWE-22',
  ssrf: 'CWE-918',
  xss: 'CWE-79',
  'open-redirect': 'CWE-601',
  'weak-crypto': 'CWE-327/328/326',
  'weak-random': 'CWE-330/338',
  'insecure-compare': 'CWE-208',
  'hardcoded-secret': 'CWE-798',
  tls: 'CWE-295',
  cleartext: 'CWE-319',
  xxe: 'CWE-611',
  redos: 'CWE-1333',
  'insecure-temp-file': 'CWE-377',
  'file-permissions': 'CWE-732',
  'insecure-configuration': 'CWE-16',
  debug: 'CWE-489',
  'insecure-cookie': 'CWE-614/1004',
  cors: 'CWE-942',
  jwt: 'CWE-347',
  'prototype-pollution': 'CWE-1321',
  'postmessage-origin': 'CWE-346',
  'token-in-web-storage': 'CWE-922',
  'session-fixation': 'CWE-384',
  'assert-access-check': 'CWE-617',
};

export interface LabelledCase {
  kind: 'expect' | 'ok';
  category: string;
  /** Path relative to the language folder. */
  file: string;
  /** 1-based line of the annotation. */
  annotationLine: number;
  /** 1-based lines the case covers (the code below the annotation). */
  lines: number[];
}

export interface AnnotationProblem {
  file: string;
  line: number;
  problem: string;
}

const ANNOTATION = /^\s*(?:#|\/\/)\s*(expect|ok):\s*([a-z0-9-]+)\s*(?:\((\d+) lines\))?\s*$/;
/** Anything that looks like an annotation, well-formed or not (to catch typos). */
const ANNOTATION_LIKE = /^\s*(?:#|\/\/)\s*(?:expect|ok)\b/;
const COMMENT = /^\s*(?:#|\/\/)/;

/** The cases of one file, and what is wrong with its annotations. */
export function readCases(file: string, text: string): { cases: LabelledCase[]; problems: AnnotationProblem[] } {
  const lines = text.split(/\r\n|\r|\n/);
  const cases: LabelledCase[] = [];
  const problems: AnnotationProblem[] = [];
  lines.forEach((line, i) => {
    if (!ANNOTATION_LIKE.test(line)) return;
    const m = ANNOTATION.exec(line);
    if (!m) {
      problems.push({ file, line: i + 1, problem: `malformed annotation: ${line.trim()}` });
      return;
    }
    const category = m[2];
    if (!(category in CATEGORIES)) problems.push({ file, line: i + 1, problem: `unknown category ${category}` });
    const span = m[3] === undefined ? 1 : Number(m[3]);
    if (span < 1 || span > 3) problems.push({ file, line: i + 1, problem: `a case spans 1 to 3 lines, not ${span}` });
    const covered: number[] = [];
    for (let k = 1; k <= span; k++) {
      const code = lines[i + k];
      if (code === undefined || code.trim() === '' || COMMENT.test(code)) {
        problems.push({ file, line: i + 1, problem: `line ${i + 1 + k} under the annotation is not code` });
        break;
      }
      covered.push(i + 1 + k);
    }
    cases.push({ kind: m[1] as 'expect' | 'ok', category, file, annotationLine: i + 1, lines: covered });
  });
  return { cases, problems };
}

const EXTENSIONS: Record<LabelledLanguage, RegExp> = { python: /\.py$/, typescript: /\.(?:ts|tsx|js|jsx|mjs|cjs)$/ };

/** The files of a language's labelled set, relative to its folder, sorted. */
export function labelledFiles(language: LabelledLanguage): string[] {
  const dir = path.join(LABELLED_ROOT, language);
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (EXTENSIONS[language].test(entry.name)) out.push(rel);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

export function labelledSet(language: LabelledLanguage): { dir: string; files: string[]; cases: LabelledCase[]; problems: AnnotationProblem[] } {
  const dir = path.join(LABELLED_ROOT, language);
  const files = labelledFiles(language);
  const cases: LabelledCase[] = [];
  const problems: AnnotationProblem[] = [];
  for (const f of files) {
    const r = readCases(f, fs.readFileSync(path.join(dir, f), 'utf8'));
    cases.push(...r.cases);
    problems.push(...r.problems);
  }
  return { dir, files, cases, problems };
}

// ---- How each tool's findings map to categories (documented in docs/benchmarks.md). ----

/** Vigil rule id -> category. */
export const VIGIL_CATEGORIES: Readonly<Record<string, string>> = {
  'sql-injection': 'sql-injection',
  'nosql-injection': 'nosql-injection',
  'command-injection': 'command-injection',
  'code-injection': 'code-injection',
  'template-injection': 'template-injection',
  'ldap-injection': 'ldap-injection',
  'xpath-injection': 'xpath-injection',
  'header-injection': 'header-injection',
  'log-injection': 'log-injection',
  'unsafe-deserialization': 'deserialization',
  'unsafe-yaml-load': 'deserialization',
  'path-traversal': 'path-traversal',
  ssrf: 'ssrf',
  xss: 'xss',
  'open-redirect': 'open-redirect',
  'weak-hash': 'weak-crypto',
  'weak-cipher': 'weak-crypto',
  'weak-password-hash': 'weak-crypto',
  'small-crypto-key': 'weak-crypto',
  'insecure-random': 'weak-random',
  'insecure-compare': 'insecure-compare',
  'hardcoded-secret': 'hardcoded-secret',
  'tls-verification-disabled': 'tls',
  'cleartext-http': 'cleartext',
  xxe: 'xxe',
  redos: 'redos',
  'insecure-temp-file': 'insecure-temp-file',
  'insecure-file-permissions': 'file-permissions',
  'insecure-configuration': 'insecure-configuration',
  'debug-enabled': 'debug',
  'insecure-cookie': 'insecure-cookie',
  'cors-misconfiguration': 'cors',
  'jwt-misuse': 'jwt',
  'prototype-pollution': 'prototype-pollution',
  'postmessage-origin': 'postmessage-origin',
  'token-in-web-storage': 'token-in-web-storage',
  'session-fixation': 'session-fixation',
  'assert-access-check': 'assert-access-check',
};

/** Vigil's category of a finding: by rule, except template autoescaping turned off, which is XSS (as Bandit's B701 is). */
export function vigilCategory(ruleId: string, message: string): string | undefined {
  if (ruleId === 'insecure-configuration' && /autoescap/i.test(message)) return 'xss';
  return VIGIL_CATEGORIES[ruleId];
}

/** Bandit test id -> category (Bandit 1.9's plugins and blacklist). Unlisted ids (B110 try/except/pass, B113 no timeout...) have none. */
export const BANDIT_CATEGORIES: Readonly<Record<string, string>> = {
  B101: 'assert-access-check', // assert_used
  B102: 'code-injection', // exec_used
  B103: 'file-permissions', // set_bad_file_permissions
  B104: 'insecure-configuration', // hardcoded_bind_all_interfaces
  B105: 'hardcoded-secret', // hardcoded_password_string
  B106: 'hardcoded-secret', // hardcoded_password_funcarg
  B107: 'hardcoded-secret', // hardcoded_password_default
  B108: 'insecure-temp-file', // hardcoded_tmp_directory
  B201: 'debug', // flask_debug_true
  B202: 'path-traversal', // tarfile_unsafe_members
  B301: 'deserialization', // pickle (also dill, shelve, jsonpickle)
  B302: 'deserialization', // marshal
  B303: 'weak-crypto', // md5 (pycrypto/cryptography hashes)
  B304: 'weak-crypto', // ciphers
  B305: 'weak-crypto', // cipher modes (ECB)
  B306: 'insecure-temp-file', // mktemp_q
  B307: 'code-injection', // eval
  B308: 'xss', // mark_safe
  B310: 'ssrf', // urllib_urlopen
  B311: 'weak-random', // random
  B312: 'cleartext', // telnetlib
  B313: 'xxe', // xml_bad_cElementTree
  B314: 'xxe', // xml_bad_ElementTree
  B315: 'xxe', // xml_bad_expatreader
  B316: 'xxe', // xml_bad_expatbuilder
  B317: 'xxe', // xml_bad_sax
  B318: 'xxe', // xml_bad_minidom
  B319: 'xxe', // xml_bad_pulldom
  B320: 'xxe', // xml_bad_etree (lxml)
  B321: 'cleartext', // ftplib
  B323: 'tls', // unverified_context
  B324: 'weak-crypto', // hashlib insecure hash functions
  B401: 'cleartext', // import_telnetlib
  B402: 'cleartext', // import_ftplib
  B403: 'deserialization', // import_pickle
  B404: 'command-injection', // import_subprocess
  B405: 'xxe', // import_xml_etree
  B406: 'xxe', // import_xml_sax
  B407: 'xxe', // import_xml_expat
  B408: 'xxe', // import_xml_minidom
  B409: 'xxe', // import_xml_pulldom
  B410: 'xxe', // import_lxml
  B411: 'xxe', // import_xmlrpclib
  B413: 'weak-crypto', // import_pycrypto
  B415: 'cleartext', // import_pyghmi
  B501: 'tls', // request_with_no_cert_validation
  B502: 'tls', // ssl_with_bad_version
  B503: 'tls', // ssl_with_bad_defaults
  B504: 'tls', // ssl_with_no_version
  B505: 'weak-crypto', // weak_cryptographic_key
  B506: 'deserialization', // yaml_load
  B507: 'tls', // ssh_no_host_key_verification
  B508: 'cleartext', // snmp_insecure_version
  B509: 'weak-crypto', // snmp_weak_cryptography
  B601: 'command-injection', // paramiko_calls
  B602: 'command-injection', // subprocess_popen_with_shell_equals_true
  B603: 'command-injection', // subprocess_without_shell_equals_true
  B604: 'command-injection', // any_other_function_with_shell_equals_true
  B605: 'command-injection', // start_process_with_a_shell
  B606: 'command-injection', // start_process_with_no_shell
  B607: 'command-injection', // start_process_with_partial_path
  B608: 'sql-injection', // hardcoded_sql_expressions
  B609: 'command-injection', // linux_commands_wildcard_injection
  B610: 'sql-injection', // django_extra_used
  B611: 'sql-injection', // django_rawsql_used
  B612: 'code-injection', // logging_config_insecure_listen
  B614: 'deserialization', // pytorch_load
  B701: 'xss', // jinja2_autoescape_false
  B702: 'xss', // use_of_mako_templates
  B703: 'xss', // django_mark_safe
  B704: 'xss', // markupsafe_markup_xss
};

/** ESLint rule id (eslint-plugin-security, @microsoft/eslint-plugin-sdl and the core/React rules sdl turns on) -> category. */
export const ESLINT_CATEGORIES: Readonly<Record<string, string>> = {
  'security/detect-child-process': 'command-injection',
  'security/detect-disable-mustache-escape': 'xss',
  'security/detect-eval-with-expression': 'code-injection',
  'security/detect-non-literal-fs-filename': 'path-traversal',
  'security/detect-non-literal-regexp': 'redos',
  'security/detect-non-literal-require': 'code-injection',
  'security/detect-object-injection': 'prototype-pollution',
  'security/detect-possible-timing-attacks': 'insecure-compare',
  'security/detect-pseudoRandomBytes': 'weak-random',
  'security/detect-unsafe-regex': 'redos',
  'no-eval': 'code-injection',
  'no-implied-eval': 'code-injection',
  'no-new-func': 'code-injection',
  '@microsoft/sdl/no-document-write': 'xss',
  '@microsoft/sdl/no-html-method': 'xss',
  '@microsoft/sdl/no-inner-html': 'xss',
  '@microsoft/sdl/no-insecure-url': 'cleartext',
  '@microsoft/sdl/no-msapp-exec-unsafe': 'xss',
  '@microsoft/sdl/no-winjs-html-unsafe': 'xss',
  '@microsoft/sdl/no-postmessage-star-origin': 'postmessage-origin',
  '@microsoft/sdl/no-insecure-random': 'weak-random',
  '@microsoft/sdl/no-angularjs-bypass-sce': 'xss',
  '@microsoft/sdl/no-angularjs-enable-svg': 'xss',
  '@microsoft/sdl/no-angularjs-sanitization-whitelist': 'xss',
  '@microsoft/sdl/no-electron-node-integration': 'insecure-configuration',
  'react/no-danger': 'xss',
};
