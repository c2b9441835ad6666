import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { LineIndex } from '../text/positions';
import type { Range } from '../types';
import type { ConfigDocument, DataPath } from './documents';
import { ConfigError } from './errors';

// smol-toml ships CommonJS for `require` but types that only describe its ES module build.
const { parse, TomlError } = require('smol-toml') as typeof SmolToml;

/**
 * The `[tool.vigil]` table of a pyproject.toml. The TOML parser reports no positions for
 * values, so errors are located textually: the key (or quoted string) inside the
 * `[tool.vigil…]` tables, else the table header.
 */
export function readPyproject(text: string, file: string): ConfigDocument {
  const lines = new LineIndex(text);
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    const at = { line: Math.max(0, e.line - 1), character: Math.max(0, e.column - 1) };
    throw new ConfigError(file, { start: at, end: at }, `invalid TOML: ${e.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`);
  }
  const tool = parsed.tool as Record<string, unknown> | undefined;
  const data = tool && typeof tool === 'object' ? tool.vigil : undefined;
  const region = vigilRegion(text);
  return {
    file,
    data,
    locate(at) {
      const found = locateText(text, region, at, valueAt(data, at));
      return found ? lines.rangeAt(found.start, found.end) : lines.rangeAt(region.header, region.header);
    },
  };
}

interface Region {
  /** Offset of the `[tool.vigil]` header (0 when absent). */
  header: number;
  /** [start, end) offsets of the text inside `[tool.vigil…]` tables. */
  spans: [number, number][];
}

const HEADER = /^[ \t]*\[\[?([^\]\n]+)\]\]?[ \t]*(?:#.*)?$/gm;

function vigilRegion(text: string): Region {
  const spans: [number, number][] = [];
  let header = -1;
  let open: number | undefined;
  for (const match of text.matchAll(HEADER)) {
    const name = match[1].replace(/["'\s]/g, '');
    if (open !== undefined) spans.push([open, match.index]);
    open = undefined;
    if (name === 'tool.vigil' || name.startsWith('tool.vigil.')) {
      if (header < 0) header = match.index;
      open = match.index;
    }
  }
  if (open !== undefined) spans.push([open, text.length]);
  return { header: Math.max(header, 0), spans };
}

function locateText(text: string, region: Region, at: DataPath, value: unknown): { start: number; end: number } | undefined {
  const keys = at.filter((s): s is string => typeof s === 'string');
  for (let length = keys.length; length > 0; length--) {
    // The key as written: bare or quoted, before `=` or closing a `[tool.vigil.<key>]` header.
    const key = findKey(text, region, new RegExp(`(?:^|[\\s{,.\\[])(["']?)(${escape(keys[length - 1])})\\1\\s*(?:=|\\])`, 'md'));
    if (!key) continue;
    if (length === keys.length && typeof value === 'string' && typeof at[at.length - 1] === 'number') {
      const literal = new RegExp(`(["'])${escape(value)}\\1`).exec(text.slice(key.start));
      if (literal) return { start: key.start + literal.index, end: key.start + literal.index + literal[0].length };
    }
    return key;
  }
  return undefined;
}

/** The first match of `pattern` in the region; its group 2 (the key) is the range. */
function findKey(text: string, region: Region, pattern: RegExp): { start: number; end: number } | undefined {
  for (const [start, end] of region.spans) {
    const match = pattern.exec(text.slice(start, end));
    if (!match) continue;
    const [from, to] = match.indices![2]!;
    return { start: start + from, end: start + to };
  }
  return undefined;
}

function valueAt(data: unknown, at: DataPath): unknown {
  let value = data;
  for (const segment of at) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  return value;
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
