import * as fs from 'fs';
import * as path from 'path';
import { Minimatch } from 'minimatch';

/** One line of a .gitignore, compiled (https://git-scm.com/docs/gitignore#_pattern_format). */
interface IgnoreRule {
  /** Folder of the .gitignore; the pattern matches paths relative to it. */
  base: string;
  matcher: Minimatch;
  negate: boolean;
  directoryOnly: boolean;
}

/**
 * The .gitignore files that apply to a folder: those of its ancestors up to the repository
 * root (the folder holding `.git`), then its own; later rules win, as in git. Immutable: a
 * child folder's instance extends its parent's.
 */
export class GitIgnore {
  private constructor(private readonly rules: readonly IgnoreRule[]) {}

  static readonly NONE = new GitIgnore([]);

  /** The rules in effect in `dir`, read from its ancestors up to the repository root. */
  static forFolder(dir: string): GitIgnore {
    const chain: string[] = [];
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      chain.unshift(current);
      if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
    }
    // Outside a repository git reads no .gitignore at all.
    if (!fs.existsSync(path.join(chain[0], '.git'))) return GitIgnore.NONE;
    return chain.reduce((ignore, folder) => ignore.enter(folder), GitIgnore.NONE);
  }

  /** These rules plus those of `dir/.gitignore`, if there is one. */
  enter(dir: string): GitIgnore {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    } catch {
      return this;
    }
    const added = parseGitIgnore(text, dir);
    return added.length > 0 ? new GitIgnore([...this.rules, ...added]) : this;
  }

  /** Whether `file` (absolute) is ignored; the last matching rule decides. */
  ignores(file: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      const relative = path.relative(rule.base, file).split(path.sep).join('/');
      if (relative.startsWith('..')) continue;
      if (rule.matcher.match(relative)) ignored = !rule.negate;
    }
    return ignored;
  }
}

/** The rules of one .gitignore file in folder `base`. */
export function parseGitIgnore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    // Trailing spaces are dropped unless escaped with a backslash.
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to the .gitignore's folder;
    // otherwise it matches a name at any depth.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const pattern = anchored || line.startsWith('**/') ? line : `**/${line}`;
    rules.push({ base, negate, directoryOnly, matcher: new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true }) });
  }
  return rules;
}
