import type { ProjectFiles } from '../modules';
import type { FileChange } from '../types';
import { LineIndex } from '../text/positions';
import { dirOf, joinPath, parentDir } from './npm-manifest';

/** PyPI names compare with `-`, `_` and `.` alike, in any case (PEP 503). */
const normalized = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * The dependency a Python fix adds (`argon2-cffi`, `defusedxml`) in the nearest manifest at or
 * above the file: `requirements.txt` (a line appended), else `pyproject.toml` (PEP 621
 * `dependencies = [` or Poetry's `[tool.poetry.dependencies]`). Nothing when it is listed
 * already; `found: false` when there is no manifest, and the title says to add it.
 */
export function pythonDependencyChange(files: ProjectFiles | undefined, path: string, name: string, range: string): { note: string; files?: FileChange[]; found: boolean } {
  for (let dir: string | undefined = dirOf(path); files && dir !== undefined; dir = parentDir(dir)) {
    for (const manifest of ['requirements.txt', 'pyproject.toml']) {
      const file = joinPath(dir, manifest);
      const text = files.read(file);
      if (text === undefined) continue;
      const change = manifest === 'requirements.txt' ? requirementsChange(file, text, name, range) : pyprojectChange(file, text, name, range);
      if (change === 'listed') return { note: '', found: true };
      if (change) return { note: ` (adds ${name})`, files: [change], found: true };
    }
  }
  return { note: ` (add ${name} to your dependencies)`, found: false };
}

function listed(text: string, name: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const match = /^\s*"?([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/^\s*#.*/, ''));
    return !!match && normalized(match[1]) === normalized(name);
  });
}

function requirementsChange(path: string, text: string, name: string, range: string): FileChange | 'listed' {
  if (listed(text, name)) return 'listed';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = new LineIndex(text);
  const at = lines.positionAt(text.length);
  return { path, edits: [{ range: { start: at, end: at }, newText: `${text === '' || text.endsWith('\n') ? '' : eol}${name}${range}${eol}` }] };
}

function pyprojectChange(path: string, text: string, name: string, range: string): FileChange | 'listed' | undefined {
  const lines = new LineIndex(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pep621 = /^\[project\][^[]*?^dependencies\s*=\s*\[/m.exec(text);
  if (pep621) {
    const close = text.indexOf(']', pep621.index + pep621[0].length);
    if (close < 0) return undefined;
    if (listed(text.slice(pep621.index + pep621[0].length, close).replace(/,/g, '\n'), name)) return 'listed';
    const at = lines.positionAt(pep621.index + pep621[0].length);
    return { path, edits: [{ range: { start: at, end: at }, newText: `${eol}    "${name}${range}",` }] };
  }
  const poetry = /^\[tool\.poetry\.dependencies\][ \t]*\r?\n/m.exec(text);
  if (poetry) {
    const end = text.slice(poetry.index + poetry[0].length).search(/^\[/m);
    const section = text.slice(poetry.index + poetry[0].length, end < 0 ? undefined : poetry.index + poetry[0].length + end);
    if (listed(section, name)) return 'listed';
    const at = lines.positionAt(poetry.index + poetry[0].length);
    return { path, edits: [{ range: { start: at, end: at }, newText: `${name} = "${range}"${eol}` }] };
  }
  return undefined;
}

/**
 * Several fixes' lines appended to one requirements.txt (each computed on the same text, so they
 * meet at its end): all of them, once each. Undefined when a change does anything else.
 */
export function mergeRequirementsChanges(before: string, changes: readonly FileChange[]): string | undefined {
  const end = new LineIndex(before).positionAt(before.length);
  const added: string[] = [];
  for (const change of changes) {
    const [edit, ...more] = change.edits;
    if (!edit || more.length || edit.range.start.line !== end.line || edit.range.start.character !== end.character || edit.range.end.line !== end.line || edit.range.end.character !== end.character) return undefined;
    const line = edit.newText.replace(/^\r?\n/, '');
    if (!added.includes(line)) added.push(line);
  }
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  return `${before}${before === '' || before.endsWith('\n') ? '' : eol}${added.join('')}`;
}
