// `npm run bench` (Python CLI part): which of the problem categories `vigil scan` and
// Bandit (Debian's) each find on the example FastAPI back end, where every category is planted.
// Speed against Bandit is measured on real repositories by `npm run bench:peers`
// (peers.bench.ts), not here.
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import { formatTable } from './peers/table';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLE_API = path.join(REPO_ROOT, 'examples', 'solar-shop', 'api');

/**
 * The categories, and which Vigil rules and Bandit tests (by id, Bandit 1.6-1.8) report
 * each. A category counts as found when the tool reports at least one finding of it on the
 * example, where every category is planted once or more.
 */
const CATEGORIES: { name: string; vigil: string[]; bandit: string[] }[] = [
  { name: 'SQL injection', vigil: ['sql-injection'], bandit: ['B608', 'B610', 'B611'] },
  { name: 'NoSQL injection', vigil: ['nosql-injection'], bandit: [] },
  { name: 'OS command injection', vigil: ['command-injection'], bandit: ['B602', 'B604', 'B605', 'B609'] },
  { name: 'code injection (eval/exec)', vigil: ['code-injection'], bandit: ['B307', 'B102'] },
  { name: 'template injection', vigil: ['template-injection'], bandit: ['B702'] },
  { name: 'XSS (HTML responses, Markup)', vigil: ['xss'], bandit: ['B308', 'B703', 'B704'] },
  { name: 'path traversal', vigil: ['path-traversal'], bandit: [] },
  { name: 'SSRF', vigil: ['ssrf'], bandit: ['B310'] },
  { name: 'open redirect', vigil: ['open-redirect'], bandit: [] },
  { name: 'state-changing route without auth', vigil: ['missing-auth'], bandit: [] },
  { name: 'LDAP injection', vigil: ['ldap-injection'], bandit: [] },
  { name: 'XPath injection', vigil: ['xpath-injection'], bandit: [] },
  { name: 'log injection', vigil: ['log-injection'], bandit: [] },
  { name: 'header injection', vigil: ['header-injection'], bandit: [] },
  { name: 'weak password hash', vigil: ['weak-password-hash'], bandit: ['B303', 'B324'] },
  { name: 'random for tokens/secrets', vigil: ['insecure-random'], bandit: ['B311'] },
  { name: 'hard-coded secrets', vigil: ['hardcoded-secret'], bandit: ['B105', 'B106', 'B107'] },
  { name: 'weak ciphers/modes', vigil: ['weak-cipher'], bandit: ['B304', 'B305', 'B413'] },
  { name: 'TLS verification off / old TLS', vigil: ['tls-verification-disabled'], bandit: ['B501', 'B502', 'B503', 'B504', 'B323'] },
  { name: 'debug mode', vigil: ['debug-enabled'], bandit: ['B201'] },
  { name: 'permissive CORS with credentials', vigil: ['cors-misconfiguration'], bandit: [] },
  { name: 'cookies without flags', vigil: ['insecure-cookie'], bandit: [] },
  { name: 'insecure config (hosts, 0.0.0.0, autoescape)', vigil: ['insecure-configuration'], bandit: ['B104', 'B701'] },
  { name: 'XXE', vigil: ['xxe'], bandit: ['B313', 'B314', 'B315', 'B316', 'B317', 'B318', 'B319', 'B320', 'B405', 'B406', 'B407', 'B408', 'B409', 'B410', 'B411'] },
  { name: 'JWT without verification', vigil: ['jwt-misuse'], bandit: [] },
  { name: 'secret compared with ==', vigil: ['insecure-compare'], bandit: [] },
  { name: 'unsafe deserialization (pickle, yaml)', vigil: ['unsafe-deserialization', 'unsafe-yaml-load'], bandit: ['B301', 'B302', 'B403', 'B506'] },
  { name: 'secrets/card data in logs', vigil: ['sensitive-data-logging'], bandit: [] },
];

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

/** Bandit from Debian's archive, installed when missing (the bench machine runs as root). */
function ensureBandit(): string {
  const version = () => run('bandit', ['--version'], REPO_ROOT);
  let probe = version();
  if (probe.status !== 0) {
    console.log('bandit not found: apt-get update && apt-get install -y bandit');
    const install = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y bandit'], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('could not install bandit with apt-get');
    probe = version();
  }
  return (probe.stdout || probe.stderr).split('\n')[0].trim();
}

interface ToolRun {
  /** Rule ids (Vigil) or test ids (Bandit), one per finding. */
  ids: string[];
}

function vigil(target: string): ToolRun {
  const result = run(process.execPath, [CLI, 'scan', target, '--format', 'json', '--fail-on', 'none', '--no-config'], REPO_ROOT);
  if (result.status !== 0) throw new Error(`vigil scan exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
  return { ids: report.findings.map((f) => f.ruleId) };
}

function bandit(target: string): ToolRun {
  const result = run('bandit', ['-r', target, '-f', 'json', '-q'], REPO_ROOT);
  // Bandit exits 1 when it found issues; anything else without a JSON report is a failure.
  if (result.status !== 0 && result.status !== 1) throw new Error(`bandit exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { results: { test_id: string }[] };
  return { ids: report.results.map((r) => r.test_id) };
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const banditVersion = ensureBandit();
  const ev = vigil(EXAMPLE_API);
  const eb = bandit(EXAMPLE_API);
  const found = (ids: string[], wanted: string[]) => ids.filter((id) => wanted.includes(id)).length;
  console.log(`\nThe issue's categories on examples/solar-shop/api (findings of the category; - for none), ${banditVersion}\n`);
  const rows: (string | number)[][] = CATEGORIES.map((c) => [c.name, found(ev.ids, c.vigil) || '-', found(eb.ids, c.bandit) || '-']);
  const covered = (ids: string[], key: 'vigil' | 'bandit') => CATEGORIES.filter((c) => found(ids, c[key]) > 0).length;
  const outside = (ids: string[], key: 'vigil' | 'bandit') => ids.filter((id) => !CATEGORIES.some((c) => c[key].includes(id))).length;
  rows.push([`categories found (of ${CATEGORIES.length})`, covered(ev.ids, 'vigil'), covered(eb.ids, 'bandit')]);
  rows.push(['findings outside these categories', outside(ev.ids, 'vigil'), outside(eb.ids, 'bandit')]);
  console.log(formatTable(['category', 'vigil', 'bandit'], rows));
  const banditOther = [...new Set(eb.ids.filter((id) => !CATEGORIES.some((c) => c.bandit.includes(id))))].sort();
  if (banditOther.length > 0) console.log(`\nbandit findings outside the categories: ${banditOther.join(', ')} (imports of subprocess/pickle/xml modules, asserts and the like)`);
  console.log('\nSpeed against current Bandit on real repositories: npm run bench:peers (docs/benchmarks.md).');
}

main();
