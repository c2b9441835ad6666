// The real repositories the speed benchmarks scan (bench:peers, bench:instructions): which trees,
// which of their files each tool is given, and the commit each is named with. The repositories
// are never committed: they are read from a folder outside the project.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';
import { languageOfPath } from '../../../server/src/engine';
import { findSourceFiles } from '../../../server/src/workspace/files';
import { REPO_ROOT } from '../../helpers/fixtures';

/** The extensions the ESLint config lints (test/bench/eslint/eslint.config.mjs). */
export const ESLINT_EXTENSIONS = /\.(?:js|jsx|mjs|cjs|ts|tsx)$/;

export type TreeLanguage = 'python' | 'typescript';

export interface TreeSpec {
  /** `<repository folder>/<sub folder>` under the root. */
  scope: string;
  language: TreeLanguage;
}

/** Two Python and two TS/JS trees of 50k+ lines each (lines of the language's files, blank lines included). */
export const DEFAULT_TREES: TreeSpec[] = [
  { scope: 'Netflix__dispatch/src', language: 'python' },
  { scope: 'polarsource__polar/server/polar', language: 'python' },
  { scope: 'outline__outline/shared', language: 'typescript' },
  { scope: 'medusajs__medusa/packages/modules', language: 'typescript' },
];

/** A `--tree <folder>/<sub>:<python|typescript>` argument. */
export function parseTreeArg(value: string | undefined): TreeSpec {
  const m = /^(.+):(python|typescript)$/.exec(value ?? '');
  if (!m) throw new Error('--tree takes <folder>/<sub>:<python|typescript>');
  return { scope: m[1], language: m[2] as TreeLanguage };
}

/** The trees named with --tree (else the default ones), of one language with --only. */
export function treesToScan(named: TreeSpec[], only: TreeLanguage | undefined): TreeSpec[] {
  const trees = named.length > 0 ? named : DEFAULT_TREES;
  return only ? trees.filter((t) => t.language === only) : trees;
}

/** folder -> commit, from a JSON object or "<folder> <sha>" lines. */
export function readCommits(file: string): Map<string, string> {
  const commits = new Map<string, string>();
  if (!fs.existsSync(file)) return commits;
  const text = fs.readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('{')) {
    for (const [folder, sha] of Object.entries(JSON.parse(text) as Record<string, string>)) commits.set(folder, sha);
  } else {
    for (const line of text.split('\n')) {
      const [folder, sha] = line.trim().split(/\s+/);
      if (folder && sha) commits.set(folder, sha);
    }
  }
  return commits;
}

export interface Tree {
  spec: TreeSpec;
  dir: string;
  commit: string | undefined;
  /** Paths relative to `dir`. */
  files: string[];
  lines: number;
  /** A file listing the absolute paths, one a line (for the floor). */
  listing: string;
}

export function prepareTree(root: string, spec: TreeSpec, commits: Map<string, string>, temp: string): Tree {
  const dir = path.join(root, spec.scope);
  if (!fs.existsSync(dir)) throw new Error(`${dir} is missing (give the repositories' folder with --root)`);
  const found = findSourceFiles(['.'], dir).files;
  const files = found
    .filter((f) => (spec.language === 'python' ? languageOfPath(f) === 'python' && f.endsWith('.py') : languageOfPath(f) !== 'python' && ESLINT_EXTENSIONS.test(f)))
    .map((f) => path.relative(dir, f));
  let lines = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  const listing = path.join(temp, `${spec.scope.replace(/[^\w.-]+/g, '_')}.files`);
  fs.writeFileSync(listing, files.map((f) => path.join(dir, f)).join('\n') + '\n');
  return { spec, dir, commit: commits.get(spec.scope.split('/')[0]), files, lines, listing };
}

/** The options every bench over the real trees takes (`--root`, `--cli`, `--tree`..., `--only`), besides its own. */
const TREE_OPTIONS = {
  root: { type: 'string' },
  cli: { type: 'string' },
  tree: { type: 'string', multiple: true },
  only: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** A bench's command line (util.parseArgs: an unknown option or a missing value throws): the tree options read, the bench's own left as given. */
export function parseBenchArgs(argv: string[], own: NonNullable<ParseArgsConfig['options']>, usage: string) {
  const values = parseArgs({ args: argv, options: { ...TREE_OPTIONS, ...own }, strict: true, allowPositionals: false }).values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const only = values.only as TreeLanguage | undefined;
  if (only !== undefined && only !== 'python' && only !== 'typescript') throw new Error('--only takes python or typescript');
  return {
    values,
    root: (values.root as string | undefined) ?? process.env.VIGIL_REALWORLD_DIR ?? '/work/realworld',
    cli: path.resolve((values.cli as string | undefined) ?? path.join(REPO_ROOT, 'dist', 'cli.js')),
    trees: treesToScan(((values.tree as string[] | undefined) ?? []).map(parseTreeArg), only),
  };
}

/** A count option's value: a positive whole number, or `fallback` when not given. */
export function positiveWhole(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a positive whole number`);
  return n;
}

