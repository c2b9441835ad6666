import { parseArgs } from 'util';
import { buildIndex, type StoredIndex } from '../advisories/build-index';
import { AdvisorySourceError, readOsvRecords } from '../advisories/osv-records';
import { defaultIndexDir, readStoredIndex, writeIndex } from '../advisories/store';
import { DownloadError, downloadOsvRecords, OSV_ARCHIVE_BASE } from '../advisories/update';
import { resolvePath, type CliEnvironment } from './environment';
import { ExitCode, UsageError } from './exit-codes';

// `vigil advisories import|update|status`: the offline advisory index that `vigil scan` and the
// editor check manifests and lockfiles against.

export const ADVISORIES_USAGE = `Usage: vigil advisories import <archive-or-folder>... [--index-dir <dir>]
       vigil advisories update [--source <url>] [--index-dir <dir>]
       vigil advisories status [--index-dir <dir>]

Builds the offline advisory index that \`vigil scan\` and the editor check package.json,
lockfiles, requirements*.txt and pyproject.toml against.

  import   from OSV files carried in: per-ecosystem archives (all.zip), folders of
           <id>.json files, or .jsonl files (one OSV record a line)
  update   downloads OSV's npm and PyPI archives (<source>/<ecosystem>/all.zip)
  status   the index's date, source and counts

Options:
      --index-dir <dir>   where the index is kept (default: $VIGIL_ADVISORIES_DIR, else
                          the user's cache folder, e.g. ~/.cache/vigil/advisories)
      --source <url>      where update downloads from (default: ${OSV_ARCHIVE_BASE})
  -h, --help              show this help
`;

export async function advisoriesCommand(argv: readonly string[], io: CliEnvironment): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { 'index-dir': { type: 'string' }, source: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const [action, ...inputs] = parsed.positionals;
  if (parsed.values.help || action === undefined) {
    io.stdout.write(ADVISORIES_USAGE);
    return parsed.values.help ? ExitCode.Ok : ExitCode.Usage;
  }
  const dir = parsed.values['index-dir'] ? resolvePath(io, parsed.values['index-dir']) : defaultIndexDir(io.env);
  try {
    switch (action) {
      case 'import': {
        if (inputs.length === 0) throw new UsageError('advisories import needs an archive, a folder or a .jsonl file');
        const records = inputs.flatMap((input) => readOsvRecords(resolvePath(io, input)));
        if (records.length === 0) throw new UsageError(`no OSV records in ${inputs.join(', ')}`);
        return saved(io, dir, buildIndex(records, inputs.map((i) => resolvePath(io, i)).join(', ')));
      }
      case 'update': {
        const { records, urls } = await downloadOsvRecords(parsed.values.source ?? OSV_ARCHIVE_BASE);
        return saved(io, dir, buildIndex(records, urls.join(', ')));
      }
      case 'status': {
        const stored = readStoredIndex(dir);
        if (!stored) {
          io.stdout.write(`no advisory index in ${dir}; run \`vigil advisories update\` or \`vigil advisories import <archive>\`\n`);
          return ExitCode.Findings;
        }
        io.stdout.write(describe(stored, dir));
        return ExitCode.Ok;
      }
      default:
        throw new UsageError(`unknown advisories action "${action}" (import, update or status)`);
    }
  } catch (e) {
    if (e instanceof AdvisorySourceError) throw new UsageError(e.message);
    if (e instanceof DownloadError) {
      io.stderr.write(`vigil: ${e.message}\n`);
      return ExitCode.Internal;
    }
    throw e;
  }
}

function saved(io: CliEnvironment, dir: string, index: StoredIndex): ExitCode {
  writeIndex(dir, index);
  io.stdout.write(describe(index, dir));
  return ExitCode.Ok;
}

function describe(index: StoredIndex, dir: string): string {
  const { advisories, packages, malicious } = index.counts;
  return `advisory index in ${dir}: ${advisories} advisories (${malicious} malicious) for ${packages} packages, data of ${index.date}, from ${index.source}\n`;
}
