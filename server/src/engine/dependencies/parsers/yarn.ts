// yarn.lock: classic (v1, yarn's own format) and berry (YAML), both read by @yarnpkg/parsers.
import { parseSyml } from '@yarnpkg/parsers';
import type { LineIndex } from '../../text/positions';
import { DependencyParseError, type Dependency } from '../types';
import { markRoots, npmSource } from './npm';

/** The package name of a descriptor: `@scope/name@npm:^1.0.0` → `@scope/name`. */
export function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? descriptor : descriptor.slice(0, at);
}

export function parseYarnLock(text: string, lines: LineIndex): Dependency[] {
  let data: Record<string, unknown>;
  try {
    data = parseSyml(text) as Record<string, unknown>;
  } catch (e) {
    throw new DependencyParseError(`invalid yarn.lock: ${(e as Error).message.split('\n')[0]}`, 0);
  }
  if (!data || typeof data !== 'object') throw new DependencyParseError('invalid yarn.lock: no entries', 0);
  const headers = headerLines(text);
  const out: Dependency[] = [];
  const seen = new Set<number>();
  for (const [key, entry] of Object.entries(data)) {
    if (key === '__metadata' || !entry || typeof entry !== 'object') continue;
    const first = key.split(/,\s*/)[0];
    const line = headers.get(first);
    // Classic yarn splits one entry into a key per descriptor: count the entry once.
    if (line === undefined || seen.has(line)) continue;
    seen.add(line);
    const fields = entry as { version?: unknown; resolution?: unknown; resolved?: unknown; dependencies?: Record<string, unknown> };
    const version = typeof fields.version === 'string' ? fields.version : undefined;
    const where = String(fields.resolution ?? fields.resolved ?? '');
    // Berry's resolution names the protocol: `name@npm:1.2.3` is the registry; workspaces and links are the project itself.
    if (/@(?:workspace|link|portal):/.test(where) || /@workspace:/.test(key)) continue;
    const source = yarnSource(where);
    const versionLine = findFieldLine(lines, line, 'version');
    const lineText = lines.lineText(line);
    out.push({
      name: descriptorName(unquote(first)),
      ...(version ? { version } : {}),
      ...(version && versionLine !== undefined ? { versionRange: valueRange(lines, versionLine, version) } : {}),
      range: { start: { line, character: 0 }, end: { line, character: lineText.length } },
      direct: false,
      requires: Object.keys(fields.dependencies ?? {}),
      ...(source ? { source } : {}),
    });
  }
  markRoots(out);
  return out;
}

/** Where a classic `resolved` URL or a berry `resolution` points, when that is not the registry. */
function yarnSource(where: string): Dependency['source'] {
  if (where === '') return undefined;
  const target = /^(?:https?|git)[:+]/.test(where) ? where : where.slice(descriptorName(where).length + 1);
  if (/^npm:/.test(target) || /^https?:\/\/registry\.(?:yarnpkg\.com|npmjs\.org)\//.test(target)) return undefined;
  return npmSource(target) ?? { kind: 'url', text: target };
}

/** Line of each entry header's descriptors (`"a@^1", a@^1.1:` at column 0). */
function headerLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (!/^[^\s#].*:$/.test(line)) return;
    // Berry quotes the whole list (`"a@npm:^1, a@npm:^1.2":`), classic each descriptor that needs it.
    for (const descriptor of unquote(line.slice(0, -1)).split(/,\s*/)) out.set(unquote(descriptor.trim()), i);
  });
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** The line of `field` inside the entry whose header is at `header` (the next lines indented). */
export function findFieldLine(lines: LineIndex, header: number, field: string): number | undefined {
  const pattern = new RegExp(`^\\s+"?${field}"?[:\\s]`);
  for (let line = header + 1; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (!/^\s/.test(text) && text.trim() !== '') return undefined;
    if (pattern.test(text)) return line;
  }
  return undefined;
}

/** The range of `value` on `line` (its last occurrence: after the field name). */
export function valueRange(lines: LineIndex, line: number, value: string) {
  const text = lines.lineText(line);
  const at = text.lastIndexOf(value);
  const start = at < 0 ? 0 : at;
  return { start: { line, character: start }, end: { line, character: at < 0 ? text.length : at + value.length } };
}
