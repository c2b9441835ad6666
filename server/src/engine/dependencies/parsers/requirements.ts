// requirements*.txt (pip's format): one PEP 508 requirement a line, `#` comments, `\` line
// continuations, options (`-r`, `-e`, `--extra-index-url`, `--hash`).
import type { LineIndex } from '../../text/positions';
import type { Range } from '../../types';
import type { Dependency, DependencyFile } from '../types';

/** A PEP 508 requirement's parts, with offsets relative to the string. */
export interface Pep508 {
  name: string;
  /** The version specifiers as written (`>=5.1,<6`), and where. */
  spec?: { text: string; start: number };
  /** `name @ https://…`: a direct reference. */
  url?: string;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*/;

/** Parses `name[extras] (specifiers) ; marker` or `name @ url`; undefined when it is no requirement. */
export function parsePep508(requirement: string): Pep508 | undefined {
  const match = NAME.exec(requirement);
  if (!match) return undefined;
  const name = match[1];
  let rest = requirement.slice(match[0].length);
  const restStart = match[0].length;
  const marker = rest.indexOf(';');
  if (marker >= 0) rest = rest.slice(0, marker);
  if (rest.startsWith('@')) return { name, url: rest.slice(1).trim() };
  const paren = /^\(\s*([^)]*)\)/.exec(rest);
  const text = (paren ? paren[1] : rest).trimEnd();
  if (text === '') return { name };
  if (!/^(?:===|==|!=|~=|<=|>=|<|>)/.test(text)) return undefined;
  return { name, spec: { text, start: restStart + (paren ? paren.index + paren[0].indexOf(paren[1]) : 0) } };
}

/** The version a `==X` / `===X` pin names (no wildcard, one specifier), else undefined. */
export function pinnedVersion(spec: string | undefined): string | undefined {
  const match = spec && /^===?\s*([^\s,*]+)$/.exec(spec.trim());
  return match ? match[1] : undefined;
}

export function parseRequirements(text: string, lines: LineIndex): Pick<DependencyFile, 'dependencies' | 'indexOptions'> {
  const dependencies: Dependency[] = [];
  const indexOptions: { option: string; range: Range }[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const raw = lines.lineText(line);
    const content = raw.replace(/(^|\s)#.*$/, '');
    const start = lines.lineStart(line);
    const trimmed = content.trim();
    if (trimmed === '') continue;
    const indent = content.length - content.trimStart().length;
    if (trimmed.startsWith('-')) {
      const option = /^(--extra-index-url|--index-url|-i|--find-links|-f|--trusted-host)\b/.exec(trimmed);
      if (option) indexOptions.push({ option: option[1], range: lines.rangeAt(start + indent, start + content.trimEnd().length) });
      const editable = /^(?:-e|--editable)\s+(\S+)/.exec(trimmed);
      if (editable) dependencies.push(referenceDependency(editable[1], lines.rangeAt(start + indent, start + content.trimEnd().length)));
      continue;
    }
    // A bare URL or path with `#egg=name`.
    if (/^(?:git\+|hg\+|svn\+|bzr\+|https?:|file:|\.{0,2}\/)/.test(trimmed)) {
      dependencies.push(referenceDependency(trimmed.split(/\s+/)[0], lines.rangeAt(start + indent, start + content.trimEnd().length)));
      continue;
    }
    const requirementText = trimmed.split(/\s+--/)[0].replace(/\\$/, '').trimEnd();
    const parsed = parsePep508(requirementText);
    if (!parsed) continue;
    const at = start + indent;
    const version = pinnedVersion(parsed.spec?.text);
    dependencies.push({
      name: parsed.name,
      ...(parsed.spec ? { spec: parsed.spec.text, versionRange: lines.rangeAt(at + parsed.spec.start, at + parsed.spec.start + parsed.spec.text.length) } : {}),
      ...(version ? { version } : {}),
      range: lines.rangeAt(at, at + parsed.name.length),
      direct: true,
      ...(parsed.url ? { source: referenceSource(parsed.url) } : {}),
    });
  }
  return { dependencies, indexOptions };
}

function referenceSource(reference: string): NonNullable<Dependency['source']> {
  if (/^(?:git|hg|svn|bzr)\+/.test(reference)) return { kind: 'git', text: reference };
  if (/^https?:/.test(reference)) return { kind: 'url', text: reference };
  return { kind: 'file', text: reference };
}

function referenceDependency(reference: string, range: Range): Dependency {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(reference);
  return { name: egg ? egg[1] : reference, range, direct: true, source: referenceSource(reference) };
}

/** pip.conf / pip.ini (INI): the index options of any section, with where (`extra-index-url = …`). */
export function parsePipConfig(lines: LineIndex): { option: string; range: Range }[] {
  const out: { option: string; range: Range }[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const option = /^\s*(extra[-_]index[-_]url|index[-_]url|find[-_]links|trusted[-_]host)\s*[=:]/i.exec(text);
    if (!option) continue;
    const indent = text.length - text.trimStart().length;
    out.push({ option: option[1].toLowerCase().replace(/_/g, '-'), range: lines.rangeAt(lines.lineStart(line) + indent, lines.lineStart(line) + text.trimEnd().length) });
  }
  return out;
}
