import { parseArgs, type ParseArgsConfig } from 'util';
import type { Severity } from '../engine';
import { UsageError } from './exit-codes';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'junit', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'hint', 'none'] as const;
export type FailOn = Severity | 'none';

export interface ScanOptions {
  paths: string[];
  format: OutputFormat;
  output?: string;
  failOn: FailOn;
  config?: string;
  /** Ignore every config file: the built-in defaults for all files. */
  noConfig: boolean;
  noColor: boolean;
  quiet: boolean;
  /** A SARIF or JSON report: its findings (by fingerprint) are neither reported nor failed on. */
  baseline?: string;
  /** Write every finding of this scan as a baseline (SARIF if the name ends in .sarif, else JSON). */
  writeBaseline?: string;
  /** Scan dependency, build and virtualenv folders and .gitignored paths too. */
  noIgnore: boolean;
  /** Analyzer threads; 1 analyzes in the main thread; undefined: chosen from the size of the files (cli/parallel.ts defaultThreads). */
  jobs?: number;
  /** Scan only the `index`-th (1-based) of `count` deterministic parts of the file set. */
  shard?: { index: number; count: number };
  /** Apply every preferred fix and write the files. */
  fix: boolean;
  /** Print the preferred fixes as a unified diff; write nothing. */
  fixDryRun: boolean;
  /** Only files changed since this git ref (and untracked ones), plus the files importing them. */
  changedSince?: string;
  /** Show the progress bar even when stderr is not a terminal. */
  progress: boolean;
  /** Files longer than this many characters are skipped (over the configs' maxFileSize). */
  maxFileSize?: number;
  /** A scan that finds no file to analyze exits 0 instead of 2. */
  allowEmpty: boolean;
  /** Check dependencies against the offline index only: no request to the OSV API. */
  offline: boolean;
  /** The OSV API's base URL (default: VIGIL_OSV_URL, else https://api.osv.dev). */
  osvUrl?: string;
}

export interface MergeSarifOptions {
  output: string;
  inputs: string[];
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions }
  | { kind: 'merge-sarif'; options: MergeSarifOptions };

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

/** The options every reporting command takes (`vigil scan`, `vigil suppressions`). */
export const REPORT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Each subcommand: its flags and how its parsed flags and positionals become a Command. */
const COMMANDS: Record<string, { options: Options; command(values: Values, positionals: string[]): Command }> = {
  scan: {
    options: {
      ...REPORT_OPTIONS,
      'fail-on': { type: 'string' },
      'no-color': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'no-ignore': { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
      shard: { type: 'string' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      'changed-since': { type: 'string' },
      progress: { type: 'boolean' },
      'max-file-size': { type: 'string' },
      'allow-empty': { type: 'boolean' },
      offline: { type: 'boolean' },
      'osv-url': { type: 'string' },
    },
    command: scanCommand,
  },
  'merge-sarif': {
    options: {},
    command(_values, [output, ...inputs]) {
      if (output === undefined || inputs.length === 0) throw new UsageError('usage: vigil merge-sarif <out.sarif> <a.sarif> <b.sarif>...');
      return { kind: 'merge-sarif', options: { output, inputs } };
    },
  },
};

/** `vigil suppressions` parses its own options (suppressions-command.ts; runCli hands it the rest). */
const COMMAND_NAMES = [...Object.keys(COMMANDS), 'suppressions'];

/** Every flag of a command, for `vigil --help` (and the test that it lists them all). */
export function commandFlags(command: string): string[] {
  return Object.keys(COMMANDS[command]?.options ?? {}).map((name) => `--${name}`);
}

const GLOBAL_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

/** Parses `vigil ...` arguments (without node and the script). Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): Command {
  const name = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  const spec = name === undefined ? undefined : COMMANDS[name];
  const { values, positionals } = parse(name === undefined ? argv : argv.slice(1), spec?.options ?? {});
  if (values.help || name === 'help') return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (name === undefined) throw new UsageError('missing command; did you mean `vigil scan`?');
  if (!spec) throw new UsageError(`unknown command "${name}"; the commands are ${COMMAND_NAMES.map((c) => `\`vigil ${c}\``).join(', ')}`);
  return spec.command(values, positionals);
}

function scanCommand(values: Values, paths: string[]): Command {
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  return {
    kind: 'scan',
    options: {
      paths: paths.length > 0 ? paths : ['.'],
      format: oneOf('--format', string(values.format) ?? 'text', OUTPUT_FORMATS),
      output: nonEmpty('--output', values.output),
      failOn: oneOf('--fail-on', string(values['fail-on']) ?? 'error', FAIL_ON_LEVELS),
      config: nonEmpty('--config', values.config),
      noConfig: values['no-config'] === true,
      noColor: values['no-color'] === true,
      quiet: values.quiet === true,
      baseline: nonEmpty('--baseline', values.baseline),
      writeBaseline: nonEmpty('--write-baseline', values['write-baseline']),
      noIgnore: values['no-ignore'] === true,
      jobs: values.jobs === undefined ? undefined : positiveInteger('--jobs', string(values.jobs)!),
      shard: values.shard === undefined ? undefined : shard(string(values.shard)!),
      fix: values.fix === true,
      fixDryRun: values['fix-dry-run'] === true,
      changedSince: nonEmpty('--changed-since', values['changed-since'], 'a git ref'),
      progress: values.progress === true,
      maxFileSize: values['max-file-size'] === undefined ? undefined : positiveInteger('--max-file-size', string(values['max-file-size'])!),
      allowEmpty: values['allow-empty'] === true,
      offline: values.offline === true,
      osvUrl: nonEmpty('--osv-url', values['osv-url'], 'a URL'),
    },
  };
}

function parse(argv: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, ...GLOBAL_OPTIONS } }) as { values: Values; positionals: string[] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((e as Error).message);
    throw e;
  }
}

function string(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function nonEmpty(flag: string, value: string | boolean | undefined, what = 'a file name'): string | undefined {
  if (value === '') throw new UsageError(`${flag} needs ${what}`);
  return string(value);
}

function positiveInteger(flag: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} must be a whole number of at least 1 (got "${value}")`);
  return Number(value);
}

/** `K/N` with 1 ≤ K ≤ N. */
function shard(value: string): { index: number; count: number } {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(value);
  if (!match || Number(match[1]) > Number(match[2])) throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/4 (got "${value}")`);
  return { index: Number(match[1]), count: Number(match[2]) };
}
