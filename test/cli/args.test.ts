import * as assert from 'assert';
import { parseCommandLine } from '../../server/src/cli/args';
import { UsageError } from '../../server/src/cli/exit-codes';

describe('cli: command line', () => {
  it('defaults: scan the current folder as text, failing on errors', () => {
    assert.deepStrictEqual(parseCommandLine(['scan']), {
      kind: 'scan',
      options: { paths: ['.'], format: 'text', output: undefined, failOn: 'error', config: undefined, noConfig: false, noColor: false, quiet: false },
    });
  });

  it('reads every option, long and short', () => {
    const command = parseCommandLine(['scan', 'src', 'app', '-f', 'sarif', '-o', 'out.sarif', '--fail-on', 'warning', '-c', 'team.json', '--no-color', '-q']);
    assert.deepStrictEqual(command, {
      kind: 'scan',
      options: { paths: ['src', 'app'], format: 'sarif', output: 'out.sarif', failOn: 'warning', config: 'team.json', noConfig: false, noColor: true, quiet: true },
    });
  });

  it('--help and --version win over everything else', () => {
    assert.deepStrictEqual(parseCommandLine(['--help']), { kind: 'help' });
    assert.deepStrictEqual(parseCommandLine(['scan', '-h']), { kind: 'help' });
    assert.deepStrictEqual(parseCommandLine(['help']), { kind: 'help' });
    assert.deepStrictEqual(parseCommandLine(['--version']), { kind: 'version' });
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown flag', ['scan', '--bogus'], /--bogus/],
    ['a bad format', ['scan', '--format', 'xml'], /--format must be one of text, json, sarif/],
    ['a bad --fail-on', ['scan', '--fail-on', 'critical'], /--fail-on must be one of error, warning, info, hint, none/],
    ['a flag without its value', ['scan', '--format'], /--format/],
    ['no command', [], /missing command/],
    ['an unknown command', ['lint'], /unknown command "lint"/],
    ['an empty --output', ['scan', '--output='], /--output needs a file name/],
  ];
  for (const [what, argv, message] of usageErrors) {
    it(`rejects ${what} with a UsageError`, () => {
      assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});
