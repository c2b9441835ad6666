// `npm run bench:labelled`: Vigil against its peers on the team's labelled set (test/labelled), side by
// side in one run. Python: `vigil scan` and Bandit (current release from its source repository, as
// peers.bench.ts runs it). TS/JS: `vigil scan` and ESLint 9 + eslint-plugin-security +
// @microsoft/eslint-plugin-sdl (test/bench/eslint/eslint.config.mjs). Every tool runs with its
// defaults on the same files; each finding is mapped to a category (test/helpers/labelled.ts).
//
// Counting, per case (an annotated line or span): an `expect` case is a true positive when the tool
// reports a finding of that category on its lines, else a false negative. An `ok` case (near miss) is
// a false alarm when the tool reports a finding of that category on its lines. Findings on unlabelled
// lines, or of another category, are counted apart and listed (they are neither credited nor charged).
//
//   node out/test/bench/labelled.bench.js [--root <realworld dir>] [--only python|typescript] [--json <file>] [--cli <dist/cli.js>] [--list]
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import {
  BANDIT_CATEGORIES,
  ESLINT_CATEGORIES,
  labelledSet,
  LABELLED_LANGUAGES,
  vigilCategory,
  type LabelledCase,
  type LabelledLanguage,
} from '../helpers/labelled';
import { prepareBandit } from './peers/bandit';
import { formatTable } from './peers/table';

const ESLINT_BIN = path.join(path.dirname(require.resolve('eslint/package.json', { paths: [REPO_ROOT] })), 'bin', 'eslint.js');
const ESLINT_CONFIG = path.join(REPO_ROOT, 'test', 'bench', 'eslint', 'eslint.config.mjs');

interface Finding {
  file: string;
  /** 1-based. */
  line: number;
  rule: string;
  category: string | undefined;
}

interface Args {
  root: string;
  only: LabelledLanguage | undefined;
  json: string | undefined;
  cli: string;
  list: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { root: process.env.VIGIL_REALWORLD_DIR ?? '/work/realworld', only: undefined, json: undefined, cli: path.join(REPO_ROOT, 'dist', 'cli.js'), list: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--root') a.root = argv[++i];
    else if (v === '--only') a.only = argv[++i] as LabelledLanguage;
    else if (v === '--json') a.json = argv[++i];
    else if (v === '--cli') a.cli = path.resolve(argv[++i]);
    else if (v === '--list') a.list = true;
    else throw new Error(`unknown argument ${v}`);
  }
  return a;
}

function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function vigilFindings(cli: string, dir: string, files: string[]): Finding[] {
  const r = run(process.execPath, [cli, 'scan', ...files, '--format', 'json', '--fail-on', 'none', '--no-config'], dir);
  if (r.status !== 0) throw new Error(`vigil scan exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const report = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; path: string; location: { line: number } }[]; summary: { scannedFiles: number } };
  if (report.summary.scannedFiles !== files.length) throw new Error(`vigil scanned ${report.summary.scannedFiles} of ${files.length} files`);
  return report.findings.map((f) => ({ file: path.relative(dir, path.resolve(dir, f.path)), line: f.location.line, rule: f.ruleId, category: vigilCategory(f.ruleId, f.message) }));
}

function banditFindings(python: string, env: NodeJS.ProcessEnv, dir: string, files: string[]): Finding[] {
  const r = run(python, ['-m', 'bandit', '-f', 'json', '-q', ...files], dir, env);
  // Bandit exits 1 when it found issues.
  if (r.status !== 0 && r.status !== 1) throw new Error(`bandit exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const report = JSON.parse(r.stdout) as { results: { filename: string; line_number: number; test_id: string; test_name: string }[]; errors: unknown[] };
  if (report.errors.length > 0) throw new Error(`bandit could not read: ${JSON.stringify(report.errors).slice(0, 2000)}`);
  return report.results.map((f) => ({ file: path.relative(dir, path.resolve(dir, f.filename)), line: f.line_number, rule: `${f.test_id} ${f.test_name}`, category: BANDIT_CATEGORIES[f.test_id] }));
}

function eslintFindings(dir: string, files: string[]): Finding[] {
  // Run from the set's folder: with `-c`, ESLint lints only files under its working directory.
  const r = run(process.execPath, [ESLINT_BIN, '-c', ESLINT_CONFIG, '-f', 'json', '--no-warn-ignored', ...files], dir);
  if (r.status !== 0 && r.status !== 1) throw new Error(`eslint exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const report = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[] }[];
  const out: Finding[] = [];
  for (const file of report) {
    for (const m of file.messages) {
      if (m.fatal || m.ruleId === null) throw new Error(`eslint could not parse ${file.filePath}: ${m.message}`);
      out.push({ file: path.relative(dir, file.filePath), line: m.line, rule: m.ruleId, category: ESLINT_CATEGORIES[m.ruleId] });
    }
  }
  return out;
}

interface Score {
  tool: string;
  positives: number;
  nearMisses: number;
  tp: number;
  fn: number;
  fp: number;
  recall: number;
  falseAlarmRate: number;
  /** Findings not on a case of their category (unlabelled lines, other categories, unmapped rules). */
  elsewhere: number;
  missed: LabelledCase[];
  falseAlarms: { case: LabelledCase; rules: string[] }[];
  caught: LabelledCase[];
  elsewhereList: Finding[];
}

function score(tool: string, cases: LabelledCase[], findings: Finding[]): Score {
  const at = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.file}:${f.line}`;
    at.set(key, [...(at.get(key) ?? []), f]);
  }
  const matching = (c: LabelledCase) => c.lines.flatMap((l) => at.get(`${c.file}:${l}`) ?? []).filter((f) => f.category === c.category);
  const used = new Set<Finding>();
  const s: Score = { tool, positives: 0, nearMisses: 0, tp: 0, fn: 0, fp: 0, recall: 0, falseAlarmRate: 0, elsewhere: 0, missed: [], falseAlarms: [], caught: [], elsewhereList: [] };
  for (const c of cases) {
    const hits = matching(c);
    hits.forEach((f) => used.add(f));
    if (c.kind === 'expect') {
      s.positives++;
      if (hits.length > 0) {
        s.tp++;
        s.caught.push(c);
      } else {
        s.fn++;
        s.missed.push(c);
      }
    } else {
      s.nearMisses++;
      if (hits.length > 0) {
        s.fp++;
        s.falseAlarms.push({ case: c, rules: [...new Set(hits.map((f) => f.rule))] });
      }
    }
  }
  s.elsewhereList = findings.filter((f) => !used.has(f));
  s.elsewhere = s.elsewhereList.length;
  s.recall = s.positives === 0 ? 0 : s.tp / s.positives;
  s.falseAlarmRate = s.nearMisses === 0 ? 0 : s.fp / s.nearMisses;
  return s;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function byCategory(cases: LabelledCase[]): string {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ${n}`).join(', ');
}

interface LanguageResult {
  language: LabelledLanguage;
  files: number;
  vigil: Score;
  peer: Score;
  /** Positives the peer finds and Vigil misses. */
  peerOnly: LabelledCase[];
  /** Positives Vigil finds and the peer misses. */
  vigilOnly: LabelledCase[];
  findsMore: boolean;
  underHalfFalseAlarms: boolean;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.cli)) throw new Error(`${args.cli} is missing: npm run build first`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-labelled-'));
  const results: LanguageResult[] = [];
  try {
    console.log(`Vigil vs peers on the labelled set (test/labelled), node ${process.version}, ${new Date().toISOString()}`);
    for (const language of LABELLED_LANGUAGES.filter((l) => !args.only || l === args.only)) {
      const set = labelledSet(language);
      if (set.problems.length > 0) throw new Error(`malformed annotations:\n${set.problems.map((p) => `${p.file}:${p.line} ${p.problem}`).join('\n')}`);
      const vigil = score('vigil scan (defaults)', set.cases, vigilFindings(args.cli, set.dir, set.files));
      let peer: Score;
      if (language === 'python') {
        const bandit = prepareBandit(args.root, temp, readCommit(args.root, 'PyCQA__bandit'));
        console.log(`Bandit: ${bandit.description}`);
        peer = score(`bandit ${bandit.version} (defaults: all severities)`, set.cases, banditFindings(bandit.python, bandit.env, set.dir, set.files));
      } else {
        const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(ESLINT_BIN), '..', 'package.json'), 'utf8')) as { version: string }).version;
        peer = score(`eslint ${version} + security + sdl`, set.cases, eslintFindings(set.dir, set.files));
      }
      const key = (c: LabelledCase) => `${c.file}:${c.annotationLine}`;
      const vigilCaught = new Set(vigil.caught.map(key));
      const peerCaught = new Set(peer.caught.map(key));
      const r: LanguageResult = {
        language,
        files: set.files.length,
        vigil,
        peer,
        peerOnly: peer.caught.filter((c) => !vigilCaught.has(key(c))),
        vigilOnly: vigil.caught.filter((c) => !peerCaught.has(key(c))),
        findsMore: vigil.tp > peer.tp,
        underHalfFalseAlarms: vigil.falseAlarmRate < peer.falseAlarmRate / 2,
      };
      results.push(r);
      printLanguage(r, args.list);
    }
    printSummary(results);
    if (args.json) {
      const slim = results.map((r) => ({ ...r, vigil: slimScore(r.vigil), peer: slimScore(r.peer) }));
      fs.writeFileSync(args.json, JSON.stringify(slim, null, 2) + '\n');
    }
    if (!results.every((r) => r.findsMore && r.underHalfFalseAlarms)) process.exitCode = 1;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

function slimScore(s: Score) {
  const { caught: _c, elsewhereList, ...rest } = s;
  return { ...rest, elsewhereList: elsewhereList.map((f) => `${f.file}:${f.line} ${f.rule}`) };
}

function readCommit(root: string, folder: string): string | undefined {
  const file = path.join(root, 'COMMITS');
  if (!fs.existsSync(file)) return undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [f, sha] = line.trim().split(/\s+/);
    if (f === folder && sha) return sha;
  }
  return undefined;
}

function printLanguage(r: LanguageResult, list: boolean): void {
  const name = r.language === 'python' ? 'Python' : 'TS/JS';
  console.log(`\n${name}: ${r.files} files, ${r.vigil.positives} positives, ${r.vigil.nearMisses} near misses\n`);
  const row = (s: Score) => [s.tool, s.tp, s.fn, s.fp, pct(s.recall), pct(s.falseAlarmRate), s.elsewhere];
  console.log(formatTable(['tool', 'TP', 'FN', 'FP (near misses)', 'recall', 'false-alarm rate', 'findings elsewhere'], [row(r.vigil), row(r.peer)]));
  const loc = (c: LabelledCase) => `${c.file}:${c.lines[0]} ${c.category}`;
  console.log(`\n${name}: positives the peer finds and Vigil misses (${r.peerOnly.length}): ${byCategory(r.peerOnly) || 'none'}`);
  for (const c of r.peerOnly) console.log(`  ${loc(c)}`);
  console.log(`${name}: positives Vigil finds and the peer misses (${r.vigilOnly.length}): ${byCategory(r.vigilOnly) || 'none'}`);
  console.log(`${name}: Vigil's misses by category (${r.vigil.missed.length}): ${byCategory(r.vigil.missed) || 'none'}`);
  for (const s of [r.vigil, r.peer]) {
    console.log(`${name}: ${s.tool} false alarms (${s.falseAlarms.length}): ${s.falseAlarms.map((f) => `${loc(f.case)} [${f.rules.join(', ')}]`).join('; ') || 'none'}`);
  }
  if (list) {
    for (const s of [r.vigil, r.peer]) {
      console.log(`${name}: ${s.tool} findings elsewhere (${s.elsewhere}):`);
      for (const f of s.elsewhereList) console.log(`  ${f.file}:${f.line} ${f.rule} -> ${f.category ?? '(no category)'}`);
    }
  }
}

function printSummary(results: LanguageResult[]): void {
  console.log('\nSummary (target: Vigil finds more than the peer at under half its false-alarm rate)\n');
  const rows = results.map((r) => [
    r.language === 'python' ? 'Python: Vigil vs Bandit' : 'TS/JS: Vigil vs ESLint + security + sdl',
    `${r.vigil.tp} vs ${r.peer.tp} ${r.findsMore ? 'ok' : 'MISSED'}`,
    r.peer.tp === 0 ? '-' : (r.vigil.tp / r.peer.tp).toFixed(2),
    `${pct(r.vigil.falseAlarmRate)} vs ${pct(r.peer.falseAlarmRate)} ${r.underHalfFalseAlarms ? 'ok' : 'MISSED'}`,
    r.peer.falseAlarmRate === 0 ? '-' : (r.vigil.falseAlarmRate / r.peer.falseAlarmRate).toFixed(2),
  ]);
  console.log(formatTable(['comparison', 'TP (vigil vs peer)', 'TP ratio', 'false-alarm rate (vigil vs peer)', 'FA-rate ratio'], rows));
}

main();
