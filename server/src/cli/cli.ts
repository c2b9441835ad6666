import { RuleLoadError } from '../engine';
import { advisoriesCommand } from './advisories-command';
import { parseCommandLine, type Command } from './args';
import { ExitCode, UsageError } from './exit-codes';
import { resolvePath, writeFile, type CliEnvironment } from './environment';
import { USAGE } from './help';
import { mergeSarif } from './merge-sarif';
import { scanCommand } from './scan-command';
import { suppressionsCommand } from './suppressions-command';
import { VIGIL_VERSION } from './version';
import { SourcePathError } from '../workspace/files';

export type { CliEnvironment } from './environment';

/** Each command's runner, by Command kind. */
const RUNNERS: { [K in Command['kind']]: (command: Extract<Command, { kind: K }>, io: CliEnvironment) => ExitCode | Promise<ExitCode> } = {
  help: (_, io) => {
    io.stdout.write(USAGE);
    return ExitCode.Ok;
  },
  version: (_, io) => {
    io.stdout.write(`${VIGIL_VERSION}\n`);
    return ExitCode.Ok;
  },
  scan: ({ options }, io) => scanCommand(options, io),
  'merge-sarif': ({ options }, io) => {
    const output = mergeSarif(options.inputs.map((file) => resolvePath(io, file)));
    writeFile(resolvePath(io, options.output), output, 'the merged SARIF');
    return ExitCode.Ok;
  },
};

/**
 * `vigil ...`: parses the command line, runs it and returns the exit code. The one place
 * that turns errors into messages and exit codes (see exit-codes.ts).
 */
export async function runCli(argv: readonly string[], io: CliEnvironment): Promise<ExitCode> {
  try {
    // `vigil suppressions` parses its own options (suppressions-command.ts).
    if (argv[0] === 'suppressions') return suppressionsCommand(argv.slice(1), io);
    if (argv[0] === 'advisories') return await advisoriesCommand(argv.slice(1), io);
    const command = parseCommandLine(argv);
    return await (RUNNERS[command.kind] as (command: Command, io: CliEnvironment) => ExitCode | Promise<ExitCode>)(command, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SourcePathError) {
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
