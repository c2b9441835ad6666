import { DEFAULT_MAX_FILE_SIZE } from '../engine';
import { EXIT_CODE_MEANINGS } from './exit-codes';

export const USAGE = `Usage: vigil scan [paths...] [options]
       vigil merge-sarif <out.sarif> <shard.sarif>...
       vigil suppressions [paths...] [options]   (audit suppressions and waivers; --help for its options)
       vigil advisories import|update|status     (the offline advisory index for dependencies; --help)

Finds OWASP Top 10 problems (SQL injection, ...) in Python and TypeScript/JavaScript files, and
known vulnerable or malicious dependencies in npm and PyPI manifests and lockfiles: their exact
versions are looked up in the OSV API (only names and versions are sent; answers cached for 12 h),
else (--offline, or the API unreachable) in the advisory index of \`vigil advisories\`, found in
$VIGIL_ADVISORIES_DIR or the user's cache folder.
Paths default to the current folder; folders are searched recursively, skipping node_modules,
virtualenvs, build output (dist, build, out, .next, coverage, __pycache__) and what the
repository's .gitignore files ignore.

Options:
  -f, --format <format>            text, json, sarif, junit or html (default: text)
  -o, --output <file>              write the report to a file instead of stdout
      --fail-on <level>            exit 1 when a finding is at or above this severity:
                                   error, warning, info, hint or none (default: error)
  -c, --config <file>              use this config file instead of the nearest one (vigil.config.json,
                                   package.json "vigil", pyproject.toml [tool.vigil])
      --no-config                  ignore every config file: all rules at their defaults
      --baseline <file>            report and fail only on findings not in this SARIF or JSON report
                                   (matched by fingerprint, so moved code stays matched)
      --write-baseline <file>      write every finding of this scan as a baseline (.sarif: SARIF, else JSON),
                                   print where and how many, and exit 0
      --changed-since <git-ref>    scan only files changed since the ref (and untracked ones), plus
                                   the files that import them; lockfiles are compared with the ref
                                   (packages new since it that run code on install), else with HEAD
      --fix                        apply every preferred fix and write the files; report what is left
      --fix-dry-run                print the preferred fixes as a unified diff on stdout; write nothing
  -j, --jobs <n>                   analyzer threads (default: 1, one more per ~4 MB of source
                                   (Python counts double), up to the number of cores)
      --shard <k/n>                scan only the k-th of n parts of the files (CI matrix jobs);
                                   join their SARIF with \`vigil merge-sarif\`
      --no-ignore                  also scan ignored folders and .gitignored files
      --max-file-size <chars>      skip files longer than this (default: the config's maxFileSize, else
                                   ${DEFAULT_MAX_FILE_SIZE.toLocaleString('en-US')}); every format lists the skipped files
      --allow-empty                exit 0 when no file is found to scan (by default that is exit 2)
      --offline                    check dependencies against the offline index only (\`vigil advisories\`):
                                   nothing is sent to the OSV API (also: VIGIL_OFFLINE=1)
      --osv-url <url>              the OSV API to ask about the locked versions (default: $VIGIL_OSV_URL,
                                   else https://api.osv.dev); HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply
      --progress                   show the progress bar on stderr even when it is not a terminal
      --no-color                   no colours in text output (also: NO_COLOR=1)
  -q, --quiet                      text output: findings only, no notices, summary or progress bar
  -h, --help                       show this help
  -v, --version                    show the version

Exit codes:
${Object.entries(EXIT_CODE_MEANINGS)
  .map(([code, meaning]) => `  ${code}  ${meaning}`)
  .join('\n')}
`;
