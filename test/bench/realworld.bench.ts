// `npm run bench:realworld`: scans public applications with the built CLI (default configuration)
// and scores the findings against labels written from each application's own documentation
// (test/bench/realworld/labels/*.json; docs/realworld-benchmark.md says how to fetch the apps and
// how labels are written). The applications are never committed: they are read from
// `--root <dir>` or $VIGIL_REALWORLD_DIR, one folder per app named owner__name.
//
//   node out/test/bench/realworld.bench.js --root /work/realworld [--json out.json] [--app name] [--details]
//     [--preset recommended|strict] [--config <file>]
// `--preset`/`--config` scan with a built-in preset or a config file instead of the defaults, so each
// tier (the unknown-origin tier is off by default, on in the presets) is measured on the same labels.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/fixtures';
import { countLines, isCodePath, type Finding, type LabelFile, matches, matchFindings, type MatchResult, sinkLocation } from './realworld/match';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const LABELS = path.join(REPO_ROOT, 'test', 'bench', 'realworld', 'labels');

interface Args {
  root: string | undefined;
  json: string | undefined;
  apps: string[];
  details: boolean;
  /** A config file for every scan (`--config`, or a preset's `--preset` written to a temporary file); absent: `--no-config`. */
  config: string | undefined;
  /** What the report calls the configuration. */
  configName: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { root: process.env.VIGIL_REALWORLD_DIR, json: undefined, apps: [], details: false, config: undefined, configName: 'default' };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--root') a.root = argv[++i];
    else if (v === '--json') a.json = argv[++i];
    else if (v === '--app') a.apps.push(argv[++i]);
    else if (v === '--details') a.details = true;
    else if (v === '--preset') {
      const preset = argv[++i];
      if (!preset || !/^[a-z0-9-]+$/.test(preset)) throw new Error(`--preset needs a preset name (recommended, strict), got ${preset}`);
      a.config = presetConfig(preset);
      a.configName = `vigil:${preset}`;
    } else if (v === '--config') {
      const file = argv[++i];
      if (!file) throw new Error('--config needs a file');
      a.config = path.resolve(file);
      a.configName = a.config;
    } else if (v === '--help' || v === '-h') {
      console.log('usage: realworld.bench.js --root <dir> [--json <file>|-] [--app <owner__name>]... [--details] [--preset <name> | --config <file>]');
      process.exit(0);
    } else throw new Error(`unknown argument ${v}`);
  }
  return a;
}

/** A config file that only extends the built-in preset (the CLI checks the name against rules/presets). */
function presetConfig(preset: string): string {
  if (!fs.existsSync(path.join(REPO_ROOT, 'rules', 'presets', `${preset}.json`))) throw new Error(`no preset ${preset} in rules/presets`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
  const file = path.join(dir, 'vigil.config.json');
  fs.writeFileSync(file, JSON.stringify({ extends: `vigil:${preset}` }));
  return file;
}

/** The commit of an app folder: a `.vigil-bench-commit` file written when it was extracted, else its git HEAD. */
function appCommit(dir: string): string | undefined {
  const marker = path.join(dir, '.vigil-bench-commit');
  if (fs.existsSync(marker)) return fs.readFileSync(marker, 'utf8').trim();
  const r = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

interface ScanOut {
  findings: Finding[];
  failedFiles: number;
  scannedFiles: number;
  ms: number;
}

function scan(dir: string, scope: string[] | undefined, config: string | undefined): ScanOut {
  const targets = scope && scope.length > 0 ? scope : ['.'];
  const start = Date.now();
  const configArgs = config ? ['--config', config] : ['--no-config'];
  const r = spawnSync(process.execPath, [CLI, 'scan', ...targets, '--format', 'json', '--fail-on', 'none', ...configArgs], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`vigil scan failed in ${dir} (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  const report = JSON.parse(r.stdout) as {
    findings: { ruleId: string; severity: string; confidence?: string; tier?: string; path: string; location: { line: number }; message: string }[];
    summary: { failedFiles: number; scannedFiles: number };
  };
  const findings = report.findings.map((f) => {
    const file = path.posix.normalize(f.path.replace(/\\/g, '/'));
    return { ruleId: f.ruleId, severity: f.severity, confidence: f.confidence, ...(f.tier && { tier: f.tier }), file, line: f.location.line, message: f.message, sinkAt: sinkLocation(f.message, file) };
  });
  return { findings, failedFiles: report.summary.failedFiles, scannedFiles: report.summary.scannedFiles, ms: Date.now() - start };
}

interface AppResult {
  app: string;
  dir: string;
  kind: 'vulnerable' | 'production';
  labelCommit: string;
  commit: string | undefined;
  scannedFiles: number;
  failedFiles: number;
  scanMs: number;
  findings: number;
  // vulnerable
  labels?: number;
  found?: number;
  recall?: number;
  extra?: number;
  missed?: { file: string; line: number; category: string[]; note?: string }[];
  // production
  lines?: number;
  truePositives?: number;
  falseAlarms?: number;
  falseAlarmsPer10k?: number;
  precision?: number | null;
  falseErrors?: number;
  /** The same for findings in Python/TS source only (manifests, lockfiles and CI workflows left out). */
  code?: { findings: number; truePositives: number; falseAlarms: number; precision: number | null; falseErrors: number };
  byRule?: Record<string, number>;
  /** Production: each finding a reviewer's label covers, with the verdict and its reason (the closing-note list). */
  reviewed?: { file: string; line: number; ruleId: string; severity: string; verdict: string; reason: string }[];
  stale: number;
  unlabelled: Finding[];
  /** Findings of the unknown-origin tier (0 unless the configuration turns it on). */
  tierFindings?: number;
  /** Production: the false alarms among them. */
  tierFalseAlarms?: number;
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(0)}%`;
}

function pad(s: string | number, n: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(n) : t.padStart(n);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!args.root) {
    console.error('Give the folder of the applications with --root <dir> or VIGIL_REALWORLD_DIR (see docs/realworld-benchmark.md).');
    process.exit(2);
  }
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build first`);
  const labelFiles = fs
    .readdirSync(LABELS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(LABELS, f), 'utf8')) as LabelFile)
    .filter((l) => args.apps.length === 0 || args.apps.includes(l.dir) || args.apps.includes(l.app));
  const results: AppResult[] = [];
  for (const lf of labelFiles) {
    const dir = path.join(args.root, lf.dir);
    if (!fs.existsSync(dir)) {
      console.warn(`skip ${lf.app}: ${dir} is missing`);
      continue;
    }
    const commit = appCommit(dir);
    const commitNote = commit === undefined ? ' (commit unknown)' : commit !== lf.commit ? ` WARNING: labels are for ${lf.commit.slice(0, 12)}` : '';
    console.log(`${lf.kind === 'vulnerable' ? 'vulnerable' : 'production'}  ${lf.app} @ ${commit?.slice(0, 12) ?? '?'}${commitNote}`);
    const s = scan(dir, lf.scope, args.config);
    const m: MatchResult = matchFindings(lf.labels, s.findings, dir);
    const base: AppResult = {
      app: lf.app,
      dir: lf.dir,
      kind: lf.kind,
      labelCommit: lf.commit,
      commit,
      scannedFiles: s.scannedFiles,
      failedFiles: s.failedFiles,
      scanMs: s.ms,
      findings: s.findings.length,
      stale: m.stale.length,
      unlabelled: m.unlabelled,
      tierFindings: s.findings.filter((f) => f.tier).length,
    };
    if (m.stale.length > 0) console.warn(`  ${m.stale.length} label(s) no longer found in the files (hash not found): ${m.stale.map((a) => `${a.label.file}:${a.label.line}`).join(', ')}`);
    if (lf.kind === 'vulnerable') {
      const labels = m.found.length + m.missed.length;
      results.push({
        ...base,
        labels,
        found: m.found.length,
        recall: labels === 0 ? 0 : m.found.length / labels,
        extra: m.unlabelled.length + m.onClean.length,
        missed: m.missed.map((a) => ({ file: a.label.file, line: a.line ?? a.label.line, category: a.label.category, note: a.label.note })),
      });
    } else {
      const scopeDirs = lf.scope && lf.scope.length > 0 ? lf.scope.map((d) => path.join(dir, d)) : [dir];
      const lines = scopeDirs.reduce((n, d) => n + countLines(d).lines, 0);
      const falseList = [...m.unlabelled, ...m.onClean];
      base.tierFalseAlarms = falseList.filter((f) => f.tier).length;
      const byRule: Record<string, number> = {};
      for (const f of falseList) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      results.push({
        ...base,
        lines,
        truePositives: m.truePositives.length,
        falseAlarms: falseList.length,
        falseAlarmsPer10k: (falseList.length / lines) * 10_000,
        precision: s.findings.length === 0 ? null : m.truePositives.length / s.findings.length,
        falseErrors: falseList.filter((f) => f.severity === 'error').length,
        code: {
          findings: s.findings.filter((f) => isCodePath(f.file)).length,
          truePositives: m.truePositives.filter((f) => isCodePath(f.file)).length,
          falseAlarms: falseList.filter((f) => isCodePath(f.file)).length,
          precision: s.findings.some((f) => isCodePath(f.file)) ? m.truePositives.filter((f) => isCodePath(f.file)).length / s.findings.filter((f) => isCodePath(f.file)).length : null,
          falseErrors: falseList.filter((f) => isCodePath(f.file) && f.severity === 'error').length,
        },
        byRule,
        reviewed: [...m.truePositives, ...m.onClean].map((f) => {
          const label = m.anchored.find((a) => matches(f, a))!.label;
          return { file: f.file, line: f.line, ruleId: f.ruleId, severity: f.severity, verdict: label.verdict ?? (label.expected === 'finding' ? 'true-positive' : 'false-positive'), reason: label.reason ?? label.note ?? '' };
        }),
      });
    }
  }

  const vuln = results.filter((r) => r.kind === 'vulnerable');
  const prod = results.filter((r) => r.kind === 'production');
  console.log('');
  console.log(`Configuration: ${args.configName}`);
  console.log('Vulnerable applications (recall against the labels written from their own docs)');
  console.log(`${pad('app', 46, true)} ${pad('labels', 6)} ${pad('found', 6)} ${pad('recall', 6)} ${pad('extra', 6)}`);
  let tl = 0;
  let tf = 0;
  let te = 0;
  for (const r of vuln) {
    console.log(`${pad(r.app, 46, true)} ${pad(r.labels!, 6)} ${pad(r.found!, 6)} ${pad(pct(r.recall), 6)} ${pad(r.extra!, 6)}`);
    tl += r.labels!;
    tf += r.found!;
    te += r.extra!;
  }
  console.log(`${pad('total', 46, true)} ${pad(tl, 6)} ${pad(tf, 6)} ${pad(pct(tl ? tf / tl : 0), 6)} ${pad(te, 6)}`);
  console.log('');
  console.log('Clean production repositories (every unlabelled finding is a false alarm)');
  console.log(
    `${pad('repo', 24, true)} ${pad('lines', 8)} ${pad('findings', 8)} ${pad('TP', 4)} ${pad('false', 6)} ${pad('/10k', 6)} ${pad('prec.', 6)} ${pad('err.F', 6)}`,
  );
  let pl = 0;
  let pf = 0;
  let pt = 0;
  let pfa = 0;
  let pe = 0;
  for (const r of prod) {
    console.log(
      `${pad(r.app, 24, true)} ${pad(r.lines!, 8)} ${pad(r.findings, 8)} ${pad(r.truePositives!, 4)} ${pad(r.falseAlarms!, 6)} ${pad(r.falseAlarmsPer10k!.toFixed(2), 6)} ${pad(pct(r.precision), 6)} ${pad(r.falseErrors!, 6)}`,
    );
    pl += r.lines!;
    pf += r.findings;
    pt += r.truePositives!;
    pfa += r.falseAlarms!;
    pe += r.falseErrors!;
  }
  console.log(
    `${pad('total', 24, true)} ${pad(pl, 8)} ${pad(pf, 8)} ${pad(pt, 4)} ${pad(pfa, 6)} ${pad(pl ? ((pfa / pl) * 10_000).toFixed(2) : '—', 6)} ${pad(pct(pf ? pt / pf : null), 6)} ${pad(pe, 6)}`,
  );
  console.log('');
  console.log('The same, findings in Python/TS source only (manifests, lockfiles and CI workflows left out)');
  console.log(`${pad('repo', 24, true)} ${pad('findings', 8)} ${pad('TP', 4)} ${pad('false', 6)} ${pad('prec.', 6)} ${pad('err.F', 6)}`);
  const sum = { findings: 0, truePositives: 0, falseAlarms: 0, falseErrors: 0 };
  for (const r of prod) {
    const c = r.code!;
    console.log(`${pad(r.app, 24, true)} ${pad(c.findings, 8)} ${pad(c.truePositives, 4)} ${pad(c.falseAlarms, 6)} ${pad(pct(c.precision), 6)} ${pad(c.falseErrors, 6)}`);
    sum.findings += c.findings;
    sum.truePositives += c.truePositives;
    sum.falseAlarms += c.falseAlarms;
    sum.falseErrors += c.falseErrors;
  }
  console.log(`${pad('total', 24, true)} ${pad(sum.findings, 8)} ${pad(sum.truePositives, 4)} ${pad(sum.falseAlarms, 6)} ${pad(pct(sum.findings ? sum.truePositives / sum.findings : null), 6)} ${pad(sum.falseErrors, 6)}`);
  console.log('');
  const rules = new Map<string, number>();
  for (const r of prod) for (const [k, v] of Object.entries(r.byRule ?? {})) rules.set(k, (rules.get(k) ?? 0) + v);
  console.log(`False alarms by rule: ${[...rules].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  const tierFalse = prod.reduce((n, r) => n + (r.tierFalseAlarms ?? 0), 0);
  const tierAll = results.reduce((n, r) => n + (r.tierFindings ?? 0), 0);
  console.log(`Unknown-origin tier: ${tierAll} findings in all, ${tierFalse} of them false alarms on the production repositories`);
  if (args.details) {
    for (const r of results) {
      console.log(`\n${r.app}`);
      for (const m of r.missed ?? []) console.log(`  missed ${m.file}:${m.line} [${m.category.join('|')}] ${m.note ?? ''}`);
      for (const f of r.reviewed ?? []) console.log(`  ${f.verdict} ${f.file}:${f.line} ${f.ruleId} (${f.severity}) ${f.reason}`);
      for (const f of r.unlabelled) console.log(`  unlabelled ${f.file}:${f.line} ${f.ruleId} (${f.severity}/${f.confidence}) ${f.message ?? ''}`);
    }
  }
  if (args.json) {
    const out = JSON.stringify(
      {
        date: new Date().toISOString(),
        configuration: args.configName,
        vigilCommit: spawnSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
        totals: {
          vulnerable: { labels: tl, found: tf, recall: tl ? tf / tl : 0, extra: te },
          production: { lines: pl, findings: pf, truePositives: pt, falseAlarms: pfa, falseAlarmsPer10k: pl ? (pfa / pl) * 10_000 : null, precision: pf ? pt / pf : null, falseErrors: pe },
        },
        apps: results,
      },
      null,
      2,
    );
    if (args.json === '-') console.log(out);
    else fs.writeFileSync(args.json, out + '\n');
  }
}

main();
