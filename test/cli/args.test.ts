import * as assert from 'assert';
import { commandFlags, parseCommandLine } from '../../server/src/cli/args';
import { USAGE } from '../../server/src/cli/help';
import { UsageError } from '../../server/src/cli/exit-codes';

describe('cli: command line', () => {
  it('defaults: scan the current folder as text, failing on errors', () => {
    assert.deepStrictEqual(parseCommandLine(['scan']), {
      kind: 'scan',
      options: {
        paths: ['.'], format: 'text', output: undefined, failOn: 'error', config: undefined, noConfig: false, noColor: false, quiet: false,
        baseline: undefined, writeBaseline: undefined, noIgnore: false, jobs: undefined, shard: undefined, fix: false, fixDryRun: false,
        changedSince: undefined, progress: false, maxFileSize: undefined, allowEmpty: false, offline: false, osvUrl: undefined,
      },
    });
  });

  it('reads every option, long and short', () => {
    const command = parseCommandLine([
      'scan', 'src', 'app', '-f', 'sarif', '-o', 'out.sarif', '--fail-on', 'warning', '-c', 'team.json', '--no-color', '-q',
      '--baseline', 'base.sarif', '--write-baseline', 'new.json', '--no-ignore', '-j', '3', '--shard', '2/4', '--fix', '--changed-since', 'origin/main', '--progress',
      '--max-file-size', '2000000', '--allow-empty', '--offline', '--osv-url', 'http://osv.internal:8080',
    ]);
    assert.deepStrictEqual(command, {
      kind: 'scan',
      options: {
        paths: ['src', 'app'], format: 'sarif', output: 'out.sarif', failOn: 'warning', config: 'team.json', noConfig: false, noColor: true, quiet: true,
        baseline: 'base.sarif', writeBaseline: 'new.json', noIgnore: true, jobs: 3, shard: { index: 2, count: 4 }, fix: true, fixDryRun: false,
        changedSince: 'origin/main', progress: true, maxFileSize: 2_000_000, allowEmpty: true, offline: true, osvUrl: 'http://osv.internal:8080',
      },
    });
    assert.strictEqual((parseCommandLine(['scan', '--fix-dry-run', '-f', 'html']) as { options: { fixDryRun: boolean; format: string } }).options.fixDryRun, true);
    for (const format of ['junit', 'html']) assert.strictEqual((parseCommandLine(['scan', '-f', format]) as { options: { format: string } }).options.format, format);
  });

  it('merge-sarif takes the output, then the inputs', () => {
    assert.deepStrictEqual(parseCommandLine(['merge-sarif', 'all.sarif', '1.sarif', '2.sarif']), { kind: 'merge-sarif', options: { output: 'all.sarif', inputs: ['1.sarif', '2.sarif'] } });
  });

  it('--help lists every scan flag, every format and merge-sarif', () => {
    for (const flag of commandFlags('scan')) assert.match(USAGE, new RegExp(`^ +(-\\w, )?${flag}\\b`, 'm'), flag);
    assert.ok(commandFlags('scan').length >= 16);
    assert.match(USAGE, /text, json, sarif, junit or html/);
    assert.match(USAGE, /^ {7}vigil merge-sarif <out\.sarif> <shard\.sarif>\.\.\.$/m);
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
    ['--jobs 0', ['scan', '--jobs', '0'], /--jobs must be a whole number of at least 1/],
    ['--jobs two', ['scan', '--jobs', 'two'], /--jobs must be a whole number/],
    ['--shard 3/2', ['scan', '--shard', '3/2'], /--shard must be K\/N with 1 ≤ K ≤ N/],
    ['--shard 0/2', ['scan', '--shard', '0/2'], /--shard must be K\/N/],
    ['--shard 1', ['scan', '--shard', '1'], /--shard must be K\/N/],
    ['--fix with --fix-dry-run', ['scan', '--fix', '--fix-dry-run'], /--fix and --fix-dry-run cannot be used together/],
    ['an empty --changed-since', ['scan', '--changed-since='], /--changed-since needs a git ref/],
    ['an empty --osv-url', ['scan', '--osv-url='], /--osv-url needs a URL/],
    ['merge-sarif without inputs', ['merge-sarif', 'out.sarif'], /usage: vigil merge-sarif/],
    ['a scan flag on merge-sarif', ['merge-sarif', '--format', 'json', 'a', 'b'], /--format/],
  ];
  for (const [what, argv, message] of usageErrors) {
    it(`rejects ${what} with a UsageError`, () => {
      assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});
