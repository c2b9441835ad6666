import { toSarifRegion } from '../text/positions';
import type { Range } from '../types';

/**
 * A vigil.config.json that cannot be used: unreadable, not JSON, not matching
 * rules/schema/config.schema.json, or naming an unknown rule. `range` (0-based, as in the
 * rest of the engine) points at the offending text, so an editor can put a diagnostic there.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly range: Range,
    readonly detail: string,
  ) {
    super(`${file}:${oneBased(range).line}:${oneBased(range).column}: ${detail}`);
    this.name = 'ConfigError';
  }

  /** A problem with the file as a whole (cannot be read, does not exist). */
  static atStart(file: string, detail: string): ConfigError {
    return new ConfigError(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, detail);
  }

  /** 1-based line of the problem, for `file:line:col` messages. */
  get line(): number {
    return oneBased(this.range).line;
  }

  /** 1-based column (UTF-16 code units) of the problem. */
  get column(): number {
    return oneBased(this.range).column;
  }
}

function oneBased(range: Range): { line: number; column: number } {
  const region = toSarifRegion(range);
  return { line: region.startLine, column: region.startColumn };
}
