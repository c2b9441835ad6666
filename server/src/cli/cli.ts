import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ConfigResolver, Engine, RuleLoadError } from '../engine';
import { parseCommandLine, type ScanOptions } from './args';
import { ExitCode, UsageError } from './exit-codes';
import { findSourceFiles } from './files';
import { shouldColor } from './format/colors';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { USAGE } from './help';
import { configErrorMessage, displayPath, isAtLeast, isFailure, type ScanReport } from './report';
import { planScan, scanFiles } from './scan';
import { suppressionsCommand } from './suppressions-command';
import { VIGIL_VERSION } from './version';

/** Where the CLI runs: injected so tests can run it in-process. */
export interface CliEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Builds the engine; tests pass one with fake backends. */
  createEngine?: () => Engine;
}

/**
 * `vigil ...`: parses the command line, runs it and returns the exit code. The one place
 * that turns errors into messages and exit codes (see exit-codes.ts).
 */
export function runCli(argv: readonly string[], io: CliEnvironment): ExitCode {
  try {
    // `vigil suppressions` parses its own options (suppressions-command.ts).
    if (argv[0] === 'suppressions') return suppressionsCommand(argv.slice(1), io);
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(USAGE);
        return ExitCode.Ok;
      case 'version':
        io.stdout.write(`${VIGIL_VERSION}\n`);
        return ExitCode.Ok;
      case 'scan':
        return scanCommand(command.options, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`vigil: ${e.message}\nRun \`vigil --help\` for usage.\n`);
      return ExitCode.Usage;
    }
    if (e instanceof RuleLoadError) {
      io.stderr.write(`vigil: the rule catalogue is broken (a bug in this installation): ${e.message}\n`);
      return ExitCode.Internal;
    }
    io.stderr.write(`vigil: internal error: ${(e as Error).stack ?? e}\n`);
    return ExitCode.Internal;
  }
}

function scanCommand(options: ScanOptions, io: CliEnvironment): ExitCode {
  const startedAt = performance.now();
  const { files, unreadable } = findSourceFiles(options.paths, io.cwd);
  const engine = io.createEngine ? io.createEngine() : new Engine();
  const resolver = new ConfigResolver(engine.catalog, { configFile: options.config && path.resolve(io.cwd, options.config), noConfig: options.noConfig });
  const plan = planScan(files, resolver);
  if (!plan.ok) {
    for (const error of plan.errors) io.stderr.write(`${configErrorMessage(error, io.cwd)}\n`);
    return ExitCode.Usage;
  }
  const report = scanFiles(engine, plan.files, io.cwd, startedAt);
  for (const folder of unreadable) report.notices.push({ path: displayPath(io.cwd, folder.path), kind: 'internal-error', message: folder.message });

  const output = render(report, options, engine, io);
  if (options.output) writeReport(path.resolve(io.cwd, options.output), output);
  else io.stdout.write(output);
  // Machine formats carry every notice; stderr still names the files that failed.
  const showAll = options.format === 'text' && !options.quiet;
  for (const notice of report.notices) {
    if (showAll || isFailure(notice)) io.stderr.write(`${notice.path}: ${notice.message}\n`);
  }
  return exitCode(report, options);
}

function writeReport(file: string, output: string): void {
  try {
    fs.writeFileSync(file, output);
  } catch (e) {
    throw new UsageError(`cannot write the report to ${file}: ${(e as Error).message}`);
  }
}

function render(report: ScanReport, options: ScanOptions, engine: Engine, io: CliEnvironment): string {
  const context = { catalog: engine.catalog, version: VIGIL_VERSION };
  switch (options.format) {
    case 'json':
      return formatJson(report, context);
    case 'sarif':
      return formatSarif(report, context);
    case 'text': {
      const color = shouldColor({ isTTY: !!io.stdout.isTTY, noColorFlag: options.noColor, writingToFile: !!options.output, env: io.env });
      return formatText(report, { catalog: engine.catalog, color, quiet: options.quiet });
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
