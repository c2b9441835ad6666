import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { DependencyParseError } from '../types';

// smol-toml ships CommonJS for `require` but types that only describe its ES module build (as config/pyproject.ts).
const { parse, TomlError } = require('smol-toml') as typeof SmolToml;

/** The TOML document, or a DependencyParseError where smol-toml stopped. */
export function tomlDocument(text: string, lineStart: (line: number) => number): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      // smol-toml's column can point past the line's end (a `\r` counts): keep the position on its line.
      const start = lineStart(Math.max(0, e.line - 1));
      const length = text.slice(start).search(/\r|\n/);
      const column = Math.max(0, e.column - 1);
      throw new DependencyParseError(`invalid TOML: ${e.message.split('\n')[0]}`, start + (length < 0 ? column : Math.min(column, length)));
    }
    throw e;
  }
}

/** Line ranges [header, next header) of every table header matching `header` (a regex on the text between the brackets). */
export function tableSpans(lines: readonly string[], header: RegExp): [number, number][] {
  const spans: [number, number][] = [];
  let open: number | undefined;
  lines.forEach((line, i) => {
    const match = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (!match) return;
    if (open !== undefined) spans.push([open, i]);
    open = header.test(match[1]) ? i : undefined;
  });
  if (open !== undefined) spans.push([open, lines.length]);
  return spans;
}

/** The first line in [from, to) assigning `key` (bare or quoted), or undefined. */
export function keyLine(lines: readonly string[], from: number, to: number, key: string): number | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:${escaped}|"${escaped}"|'${escaped}')\\s*=`, 'i');
  for (let i = from; i < to; i++) if (pattern.test(lines[i])) return i;
  return undefined;
}

/** A record's field as a string, when it is one. */
export function str(record: unknown, key: string): string | undefined {
  const value = record && typeof record === 'object' ? (record as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}
