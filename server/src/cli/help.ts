import { EXIT_CODE_MEANINGS } from './exit-codes';

export const USAGE = `Usage: vigil scan [paths...] [options]
       vigil suppressions [paths...] [options]   (audit suppressions and waivers; --help for its options)

Finds OWASP Top 10 problems (SQL injection, ...) in Python and TypeScript/JavaScript files.
Paths default to the current folder; folders are searched recursively (node_modules, .git,
dist, build, out, virtualenvs and the like are skipped).

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -o, --output <file>              write the report to a file instead of stdout
      --fail-on <level>            exit 1 when a finding is at or above this severity:
                                   error, warning, info, hint or none (default: error)
  -c, --config <file>              use this config file instead of the nearest one (vigil.config.json,
                                   package.json "vigil", pyproject.toml [tool.vigil])
      --no-config                  ignore every config file: all rules at their defaults
      --no-color                   no colours in text output (also: NO_COLOR=1)
  -q, --quiet                      text output: findings only, no notices or summary
  -h, --help                       show this help
  -v, --version                    show the version

Exit codes:
${Object.entries(EXIT_CODE_MEANINGS)
  .map(([code, meaning]) => `  ${code}  ${meaning}`)
  .join('\n')}
`;
