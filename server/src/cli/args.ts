import { parseArgs } from 'util';
import type { Severity } from '../engine';
import { UsageError } from './exit-codes';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
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
}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'scan'; options: ScanOptions };

/** Parses `vigil ...` arguments (without node and the script). Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals } = parse(argv);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command; did you mean `vigil scan`?');
  if (command === 'help') return { kind: 'help' };
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"; the commands are \`vigil scan\` and \`vigil suppressions\``);
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  return {
    kind: 'scan',
    options: {
      paths: paths.length > 0 ? paths : ['.'],
      format: oneOf('--format', values.format ?? 'text', OUTPUT_FORMATS),
      output: nonEmpty('--output', values.output),
      failOn: oneOf('--fail-on', values['fail-on'] ?? 'error', FAIL_ON_LEVELS),
      config: nonEmpty('--config', values.config),
      noConfig: values['no-config'] ?? false,
      noColor: values['no-color'] ?? false,
      quiet: values.quiet ?? false,
    },
  };
}

/** The options every reporting command takes (`vigil scan`, `vigil suppressions`). */
export const REPORT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...REPORT_OPTIONS,
        'fail-on': { type: 'string' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((e as Error).message);
    throw e;
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === '') throw new UsageError(`${flag} needs a file name`);
  return value;
}
