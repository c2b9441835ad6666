import * as fs from 'fs';
import { UsageError } from './exit-codes';
import { compareCodePoints } from '../workspace/files';

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are read as loose JSON */

/**
 * `vigil merge-sarif out.sarif a.sarif b.sarif ...`: joins the SARIF of `vigil scan --shard K/N`
 * jobs into the log one unsharded scan writes: same tool and rules, results and notifications
 * in file order (each shard's files keep their own order), successful only if every shard was.
 */
export function mergeSarif(inputs: readonly string[]): string {
  const logs = inputs.map(readLog);
  const runs = logs.map((log, i) => {
    if (log?.version !== '2.1.0' || !Array.isArray(log.runs) || log.runs.length !== 1) throw new UsageError(`${inputs[i]} is not a one-run SARIF 2.1.0 log from vigil scan`);
    return log.runs[0];
  });
  const [first] = runs;
  runs.forEach((run, i) => {
    if (JSON.stringify(run.tool) !== JSON.stringify(first.tool)) throw new UsageError(`${inputs[i]} was written by another Vigil version or rule set than ${inputs[0]}: merge shards of one scan only`);
  });
  const base: string = first.originalUriBaseIds?.['%SRCROOT%']?.uri ?? 'file:///';
  const invocations = runs.map((run) => run.invocations?.[0] ?? { executionSuccessful: true, toolExecutionNotifications: [] });
  const merged = {
    ...logs[0],
    runs: [
      {
        ...first,
        invocations: [
          {
            executionSuccessful: invocations.every((inv) => inv.executionSuccessful),
            // Every shard lists the folders it could not read (discovery runs before the split): once is enough.
            toolExecutionNotifications: byFile(unique(invocations.flatMap((inv) => inv.toolExecutionNotifications ?? [])), (n) => n.locations?.[0], base),
          },
        ],
        results: byFile(runs.flatMap((run) => run.results ?? []), (r) => r.locations?.[0], base),
      },
    ],
  };
  return `${JSON.stringify(merged, null, 2)}\n`;
}

function readLog(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Stable sort by the absolute path of each item's file, the order the scan reads files in. */
function byFile<T>(items: T[], location: (item: T) => any, base: string): T[] {
  const key = (item: T) => decodeURIComponent(new URL(location(item)?.physicalLocation?.artifactLocation?.uri ?? '', base).pathname);
  return items
    .map((item, index) => ({ item, index, key: key(item) }))
    .sort((a, b) => compareCodePoints(a.key, b.key) || a.index - b.index)
    .map(({ item }) => item);
}
