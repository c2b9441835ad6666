import { Minimatch } from 'minimatch';

/** Paths remembered per filter: a file is asked about on every analysis, a workspace has many. */
const MAX_REMEMBERED = 512;

/**
 * A rule's or handler's `files` / `excludeFiles` globs as a test of `/`- or `\`-separated
 * paths: the globs are compiled once and each path's answer is remembered, so the test costs
 * a map lookup per analysis instead of a glob compile.
 */
export function pathFilter(files: readonly string[] | undefined, excludeFiles?: readonly string[]): (path: string) => boolean {
  if (!files && !excludeFiles) return () => true;
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
