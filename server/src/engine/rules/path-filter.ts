import { Minimatch } from 'minimatch';

/** Paths remembered per filter: a file is asked about on every analysis, a workspace has many. */
const MAX_REMEMBERED = 512;

/** Filters by their globs: most rules of a language exclude the same test files, and one filter answers a path for all of them. */
const filters = new Map<string, (path: string) => boolean>();

/**
 * A rule's or handler's `files` / `excludeFiles` globs as a test of `/`- or `\`-separated
 * paths: the globs are compiled once and each path's answer is remembered, so the test costs
 * a map lookup per analysis instead of a glob compile.
 */
export function pathFilter(files: readonly string[] | undefined, excludeFiles?: readonly string[]): (path: string) => boolean {
  if (!files && !excludeFiles) return () => true;
  const key = JSON.stringify([files ?? null, excludeFiles ?? null]);
  let filter = filters.get(key);
  if (!filter) {
    if (filters.size >= MAX_REMEMBERED) filters.clear(); // team configs' globs, reloaded many times
    filters.set(key, (filter = compiledFilter(files, excludeFiles)));
  }
  return filter;
}

function compiledFilter(files: readonly string[] | undefined, excludeFiles: readonly string[] | undefined): (path: string) => boolean {
  const compile = (globs: readonly string[] | undefined) => globs?.map((g) => new Minimatch(g, { dot: true }));
  const included = compile(files);
  const excluded = compile(excludeFiles);
  const known = new Map<string, boolean>();
  return (path) => {
    let answer = known.get(path);
    if (answer === undefined) {
      // `../app/tests/x.py` (a scan of a sibling folder) is matched as `app/tests/x.py`: globs
      // never match `.`/`..` segments, so a relative prefix would hide every `**/tests/**` file.
      const file = path.replace(/\\/g, '/').replace(/^(?:\.\.?\/)+/, '');
      answer = (!included || included.some((m) => m.match(file))) && !excluded?.some((m) => m.match(file));
      if (known.size >= MAX_REMEMBERED) known.clear();
      known.set(path, answer);
    }
    return answer;
  };
}
