import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ConfigResolver, docsBaseUrl, languageOfPath, MemoryAdvisoryIndex, type Engine } from '../engine';
import type { ScanOptions } from './args';
import { cliAdvisories } from './advisories';
import { readBaseline, subtractBaseline } from './baseline';
import { changedSince } from './changed';
import { resolvePath, writeFile, type CliEnvironment } from './environment';
import { ExitCode } from './exit-codes';
import { compareCodePoints, findSourceFiles } from '../workspace/files';
import { planOtherFiles, planPreferredFixes, unifiedDiff } from './fix';
import { shouldColor } from './format/colors';
import { formatHtml } from './format/html';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { analyzeAll, createEngine } from './parallel';
import { createProgress } from './progress';
import { configErrorMessage, displayPath, isAtLeast, isFailure, type FileReport, type ReportNotice, type ScanReport } from './report';
import { outcomeReport, planScan, type PlannedFile } from './scan';
import { shardFiles } from './shard';
import { VIGIL_REPOSITORY, VIGIL_VERSION } from './version';

/**
 * `vigil scan`: discover → (changed since) → (shard) → configs → analyze in parallel →
 * (baseline) → (fix) → report → exit code.
 */
export async function scanCommand(options: ScanOptions, io: CliEnvironment): Promise<ExitCode> {
  const startedAt = performance.now();
  const discovered = findSourceFiles(options.paths, io.cwd, { ignore: !options.noIgnore });
  let files = discovered.files;
  if (options.changedSince !== undefined) files = changedSince(files, options.changedSince, io.cwd);
  if (options.shard) files = shardFiles(files, options.shard);
  // Read before the scan: a bad baseline path should fail in a second, not after the scan.
  const baseline = options.baseline === undefined ? undefined : readBaseline(resolvePath(io, options.baseline));

  const engine = io.createEngine?.() ?? createEngine(io.engineModule);
  const resolver = new ConfigResolver(engine.catalog, { configFile: options.config && resolvePath(io, options.config), noConfig: options.noConfig });
  const plan = planScan(files, resolver);
  if (!plan.ok) {
    for (const error of plan.errors) io.stderr.write(`${configErrorMessage(error, io.cwd)}\n`);
    return ExitCode.Usage;
  }
  // A gate that scanned nothing (a mistyped path, a glob that matched nothing, configs that exclude everything) must not pass.
  // --changed-since and --shard narrow a non-empty set on purpose: nothing left there is a pass.
  const narrowed = (options.changedSince !== undefined || options.shard !== undefined) && discovered.files.length > 0;
  if (plan.files.length === 0 && !narrowed && !options.allowEmpty) {
    io.stderr.write(`vigil: nothing to scan: no Python or TypeScript/JavaScript file ${discovered.files.length === 0 ? 'found' : 'left after the configs\' include/exclude'} in ${options.paths.join(', ')} (pass --allow-empty if that is expected)\n`);
    return ExitCode.Usage;
  }
  if (options.maxFileSize !== undefined) plan.files = withMaxFileSize(plan.files, options.maxFileSize);

  // Advisory data for the manifests and lockfiles to scan (an engine a test hands in may bring its own).
  if (!engine.advisories) {
    const data = await cliAdvisories(plan.files.map((f) => f.file), options, io);
    engine.advisories = data.index;
    if (data.notice) io.stderr.write(`vigil: ${data.notice}\n`);
  }

  const docsBase = scanDocsBase(plan.files);
  let report = await analyze(plan.files, engine, options, io, startedAt);
  for (const folder of discovered.unreadable) report.notices.push({ path: displayPath(io.cwd, folder.path), kind: 'internal-error', message: folder.message });
  sortByFile(report.notices, io.cwd);
  if (options.writeBaseline !== undefined) return writeBaseline(report, options, engine, io, docsBase);
  if (baseline) report = subtractBaseline(report, baseline);

  let diff = '';
  if (options.fix || options.fixDryRun) ({ report, diff } = await fixFindings(report, plan.files, engine, options, io, baseline));

  const output = render(report, options, engine, io, docsBase);
  if (options.output) writeFile(resolvePath(io, options.output), output, 'the report');
  // With --fix-dry-run, stdout is the diff (pipe it to `git apply`); the report goes to --output only.
  if (options.fixDryRun) io.stdout.write(diff);
  else if (!options.output) io.stdout.write(output);
  // Machine formats carry every notice; stderr still names the files that failed.
  const showAll = options.format === 'text' && !options.quiet;
  for (const notice of report.notices) {
    if (showAll || isFailure(notice)) io.stderr.write(`${notice.path}: ${notice.message}\n`);
  }
  return exitCode(report, options);
}

/**
 * --write-baseline records the findings as accepted: not a failure (exit 0 unless the scan is
 * incomplete), and one line on stdout instead of the report (--output still gets the report).
 */
function writeBaseline(report: ScanReport, options: ScanOptions, engine: Engine, io: CliEnvironment, docsBase: string | undefined): ExitCode {
  const file = resolvePath(io, options.writeBaseline!);
  writeFile(file, file.endsWith('.sarif') ? formatSarif(report, context(engine, docsBase)) : formatJson(report, context(engine, docsBase)), 'the baseline');
  if (options.output) writeFile(resolvePath(io, options.output), render(report, options, engine, io, docsBase), 'the report');
  const count = report.files.reduce((sum, f) => sum + f.findings.length, 0);
  io.stdout.write(`wrote ${count} ${count === 1 ? 'finding' : 'findings'} to the baseline ${displayPath(io.cwd, file)}\n`);
  for (const notice of report.notices) if (isFailure(notice)) io.stderr.write(`${notice.path}: ${notice.message}\n`);
  return report.notices.some(isFailure) ? ExitCode.Internal : ExitCode.Ok;
}

/** --fix writes the preferred fixes and rescans the fixed files; --fix-dry-run returns them as a diff. */
async function fixFindings(report: ScanReport, planned: readonly PlannedFile[], engine: Engine, options: ScanOptions, io: CliEnvironment, baseline?: ReadonlySet<string>): Promise<{ report: ScanReport; diff: string }> {
  // A fix is verified by the fix tests; a combination of fixes that still breaks the file is never written.
  const plans = report.files.map(planPreferredFixes).filter((p) => {
    if (p.after === p.before) return false;
    const language = languageOfPath(p.path);
    if (!language || engine.parses(language, p.after, p.path)) return true;
    // A file that was broken already is the user's to repair first; only a fix that breaks a parsing file is Vigil's bug.
    const why = engine.parses(language, p.before, p.path) ? 'the fixed text would not parse (please report this)' : 'the file has syntax errors already (it did not parse before the fix); fix them and run again';
    io.stderr.write(`${p.path}: not fixed: ${why}\n`);
    return false;
  });
  const others = planOtherFiles(plans, (file) => readIfThere(resolvePath(io, file)));
  for (const reason of others.skipped) io.stderr.write(`${reason}\n`);
  let diff = '';
  if (options.fixDryRun) {
    diff = [...plans, ...others.files].map((p) => unifiedDiff(p.path, p.before, p.after)).join('');
  } else {
    for (const p of plans) writeFile(resolvePath(io, p.path), p.after, 'a fixed file');
    for (const p of others.files) writeFile(resolvePath(io, p.path), p.after, p.created ? 'a file a fix creates' : 'a file a fix changes');
    report = await rescanFixed(report, planned, plans.map((p) => p.path), engine, options, io, baseline);
  }
  const fixed = plans.reduce((sum, p) => sum + p.fixed, 0);
  const overlapping = plans.reduce((sum, p) => sum + p.overlapping, 0);
  io.stderr.write(`${options.fixDryRun ? 'would fix' : 'fixed'} ${fixed} findings in ${plans.length} files${overlapping > 0 ? `; ${overlapping} fixes overlap another one: run --fix again for them` : ''}\n`);
  return { report, diff };
}

async function analyze(planned: readonly PlannedFile[], engine: Engine, options: ScanOptions, io: CliEnvironment, startedAt: number): Promise<ScanReport> {
  const progress = createProgress(io.stderr, planned.length, { force: options.progress, quiet: options.quiet });
  let outcomes;
  try {
    outcomes = await analyzeAll(planned, { cwd: io.cwd, limits: io.crossModuleLimits, jobs: io.createEngine && !io.engineModule ? 1 : options.jobs, engine, engineModule: io.engineModule, baseRef: options.changedSince ?? 'HEAD', ...(engine.advisories instanceof MemoryAdvisoryIndex ? { advisories: engine.advisories.toData() } : {}), onFileDone: (done) => progress.update(done) });
  } finally {
    progress.finish();
  }
  const files: FileReport[] = [];
  const notices: ReportNotice[] = [];
  outcomes.forEach((outcome, i) => {
    notices.push(...outcome.notices);
    const file = outcomeReport(outcome, planned[i].config);
    if (file) files.push(file);
  });
  return { cwd: io.cwd, files, notices, scannedFiles: planned.length, durationMs: Math.round(performance.now() - startedAt) };
}

/** The report after --fix: the fixed files analyzed again, so it shows what is left. */
async function rescanFixed(report: ScanReport, planned: readonly PlannedFile[], fixedPaths: string[], engine: Engine, options: ScanOptions, io: CliEnvironment, baseline?: ReadonlySet<string>): Promise<ScanReport> {
  const fixed = new Set(fixedPaths);
  const again = planned.filter((p) => fixed.has(displayPath(io.cwd, p.file)));
  const rescanned = await analyze(again, engine, { ...options, progress: false }, { ...io, stderr: { write: () => true } }, performance.now());
  const files = sortByFile([...report.files.filter((f) => !fixed.has(f.path)), ...(baseline ? subtractBaseline(rescanned, baseline) : rescanned).files], io.cwd);
  const notices = sortByFile([...report.notices.filter((n) => !fixed.has(n.path)), ...rescanned.notices], io.cwd);
  return { ...report, files, notices };
}

/** The files' configs with the command line's --max-file-size, one copy per config (workers and the engine cache per config object). */
function withMaxFileSize(planned: readonly PlannedFile[], maxFileSize: number): PlannedFile[] {
  const copies = new Map<PlannedFile['config'], PlannedFile['config']>();
  return planned.map(({ file, config }) => {
    let copy = copies.get(config);
    if (!copy) copies.set(config, (copy = { ...config, maxFileSize }));
    return { file, config: copy };
  });
}

/** Stable sort in the order files are scanned (absolute paths, code points). */
function sortByFile<T extends { path: string }>(items: T[], cwd: string): T[] {
  const absolute = (item: T) => path.resolve(cwd, item.path);
  return items.sort((a, b) => compareCodePoints(absolute(a), absolute(b)));
}

/** What the formatters share: the catalog, the version and where the rule docs are published. */
function context(engine: Engine, docsBase: string | undefined) {
  return { catalog: engine.catalog, version: VIGIL_VERSION, docsBase };
}

/** The team's docsBaseUrl (from the configs of the scanned files), else the package's repository at this version. */
function scanDocsBase(planned: readonly PlannedFile[]): string | undefined {
  const configured = planned.find((p) => p.config.docsBaseUrl)?.config.docsBaseUrl;
  return docsBaseUrl({ configured, repository: VIGIL_REPOSITORY, version: VIGIL_VERSION });
}

function render(report: ScanReport, options: ScanOptions, engine: Engine, io: CliEnvironment, docsBase: string | undefined): string {
  switch (options.format) {
    case 'json':
      return formatJson(report, context(engine, docsBase));
    case 'sarif':
      return formatSarif(report, context(engine, docsBase));
    case 'junit':
      return formatJunit(report, context(engine, docsBase));
    case 'html':
      return formatHtml(report, context(engine, docsBase));
    case 'text': {
      const color = shouldColor({ isTTY: !!io.stdout.isTTY, noColorFlag: options.noColor, writingToFile: !!options.output, env: io.env });
      return formatText(report, { catalog: engine.catalog, color, quiet: options.quiet, docsBase });
    }
  }
}

function exitCode(report: ScanReport, options: ScanOptions): ExitCode {
  if (report.notices.some(isFailure)) return ExitCode.Internal;
  const threshold = options.failOn;
  if (threshold === 'none') return ExitCode.Ok;
  const failing = report.files.some((file) => file.findings.some((finding) => isAtLeast(finding.severity, threshold)));
  return failing ? ExitCode.Findings : ExitCode.Ok;
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
