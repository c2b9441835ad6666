/** `vigil scan` exit codes; `vigil --help` lists them from EXIT_CODE_MEANINGS. */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Usage: 2,
  Internal: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_MEANINGS: Record<ExitCode, string> = {
  [ExitCode.Ok]: 'no finding at or above --fail-on',
  [ExitCode.Findings]: 'findings at or above --fail-on',
  [ExitCode.Usage]: 'usage error (unknown flag, bad value, missing path) or a broken config file',
  // Takes precedence over 1: the scan is incomplete.
  [ExitCode.Internal]: 'internal error: a file could not be read or analyzed (the rest was scanned)',
};

/** The command line cannot be understood; reported with the usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
