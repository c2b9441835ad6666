/**
 * The `index`-th (1-based) of `count` shards of `files` (sorted): every `count`-th file from
 * the `index`-th on. Deterministic for a given file set, balanced within one file, and the
 * shards partition the set, so every file is scanned by exactly one CI job.
 */
export function shardFiles<T>(files: readonly T[], shard: { index: number; count: number }): T[] {
  return files.filter((_, i) => i % shard.count === shard.index - 1);
}
