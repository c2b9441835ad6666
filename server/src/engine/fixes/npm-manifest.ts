import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { ProjectFiles } from '../modules';
import type { FileChange, TextEdit } from '../types';
import { LineIndex } from '../text/positions';
import { minimalEdit } from './fix-all';

/** The nearest `package.json` at or above `dir` (a `/`-separated path as the engine spells paths), with its text. */
export function nearestPackageJson(files: ProjectFiles, dir: string): { path: string; text: string } | undefined {
  for (let current = dir; ; ) {
    const candidate = joinPath(current, 'package.json');
    const text = files.read(candidate);
    if (text !== undefined) return { path: candidate, text };
    const parent = parentDir(current);
    if (parent === undefined) return undefined;
    current = parent;
  }
}

/** The folder above `dir`: `a/b` → `a`, `a` → `` (the working folder), `/a` → `/`; undefined at the top (`/`, ``, a drive, `..`). */
export function parentDir(dir: string): string | undefined {
  const trimmed = dir.replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.' || /^[A-Za-z]:$/.test(trimmed) || /(^|\/)\.\.$/.test(trimmed)) return undefined;
  const at = trimmed.lastIndexOf('/');
  if (at < 0) return '';
  return at === 0 ? '/' : trimmed.slice(0, at);
}

/** `dir` + `name`, `/`-separated (`` is the working folder). */
export function joinPath(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

/** The folder of a file path (`` for a bare name). */
export function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : at === 0 ? '/' : path.slice(0, at);
}

/** Whether the manifest lists `name` in any of its dependency sections. */
export function hasNpmDependency(text: string, name: string): boolean {
  const tree = parseTree(text);
  if (!tree) return false;
  return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((section) => findNodeAtLocation(tree, [section, name]) !== undefined);
}

/** The edit adding `name@range` to the manifest's `dependencies` (kept in its formatting), or undefined when the text is not a JSON object. */
export function addNpmDependency(manifest: { path: string; text: string }, name: string, range: string): FileChange | undefined {
  const tree = parseTree(manifest.text);
  if (!tree || tree.type !== 'object') return undefined;
  const indent = /\n([ \t]+)"/.exec(manifest.text)?.[1] ?? '  ';
  const eol = manifest.text.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(manifest.text, ['dependencies', name], range, { formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol } });
  const edit = minimalEdit(manifest.text, applyEdits(manifest.text, edits));
  return edit ? { path: manifest.path, edits: [edit] } : undefined;
}

/**
 * What a fix that imports an npm package does about the manifest: nothing when the nearest
 * package.json lists it, adds it there when not (`files`, title note "(adds <name>)"), and says
 * so when no package.json is found (`listed: false`: the fix is then not preferred).
 */
export function npmDependencyChange(
  files: ProjectFiles | undefined, path: string, name: string, range: string | ((manifestText: string) => string),
): { note: string; files?: FileChange[]; listed: boolean } {
  const manifest = files && nearestPackageJson(files, dirOf(path));
  if (!manifest) return { note: ` (add ${name} to your dependencies)`, listed: false };
  if (hasNpmDependency(manifest.text, name)) return { note: '', listed: true };
  const added = addNpmDependency(manifest, name, typeof range === 'string' ? range : range(manifest.text));
  return added ? { note: ` (adds ${name})`, files: [added], listed: true } : { note: ` (add ${name} to your dependencies)`, listed: false };
}

const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/**
 * Several fixes' changes to one package.json (each computed on the same text, so their edits
 * may meet at one point: two dependencies added after the same last entry), merged: each change
 * is applied alone, the dependencies it adds are read back, and all of them are added to the
 * text together. Undefined when a change does more than add dependencies.
 */
export function mergeDependencyChanges(before: string, changes: readonly FileChange[]): string | undefined {
  const original = parseJson(before);
  if (!original) return undefined;
  let text = before;
  for (const change of changes) {
    const alone = parseJson(applyEdits(before, change.edits.map((e) => toOffsetEdit(before, e))));
    if (!alone) return undefined;
    for (const key of Object.keys(alone)) if (!DEPENDENCY_SECTIONS.includes(key) && JSON.stringify(alone[key]) !== JSON.stringify(original[key])) return undefined;
    for (const section of DEPENDENCY_SECTIONS) {
      const added = (alone[section] ?? {}) as Record<string, string>;
      for (const [name, range] of Object.entries(added)) {
        if ((original[section] as Record<string, string> | undefined)?.[name] === range) continue;
        const tree = parseTree(text);
        if (tree && findNodeAtLocation(tree, [section, name])) continue;
        const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        text = applyEdits(text, modify(text, [section, name], range, { formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol } }));
      }
    }
  }
  return text;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toOffsetEdit(text: string, edit: TextEdit): { offset: number; length: number; content: string } {
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(edit.range.start);
  return { offset, length: lines.offsetAt(edit.range.end) - offset, content: edit.newText };
}
