import * as path from 'path';
import { findNodeAtLocation, getNodeValue, parseTree, ParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../text/positions';
import type { Range } from '../types';
import { CONFIG_FILE_NAME } from './config';
import { ConfigError } from './errors';
import { readPyproject } from './pyproject';

/** A path inside a config's data, as JSON Schema errors report it. */
export type DataPath = readonly (string | number)[];

/** The three places a config can live; when several sit in one folder, the first listed wins. */
export const CONFIG_SOURCES = [
  { name: CONFIG_FILE_NAME, format: 'vigil' },
  { name: 'package.json', format: 'package-json' },
  { name: 'pyproject.toml', format: 'pyproject' },
] as const;

export type ConfigFormat = (typeof CONFIG_SOURCES)[number]['format'];

/** The files an editor watches to reload configs (files a config extends by path are read again with them). */
export const CONFIG_WATCH_GLOB = `**/{${CONFIG_SOURCES.map((s) => s.name).join(',')}}`;

/** A file that may hold a config: its data (if any) and a way to point at its parts. */
export interface ConfigDocument {
  file: string;
  /** The config data; undefined when the file has no Vigil section (a package.json without "vigil"). */
  data: unknown;
  /** The range of the value at `at` in the config (of its property name when `atKey`), or the nearest that exists. */
  locate(at: DataPath, atKey: boolean): Range;
}

/** The format of a file named in `--config` or `extends`: by its name, JSON with comments otherwise. */
export function formatOfFile(file: string): ConfigFormat {
  const name = path.basename(file);
  if (name === 'package.json') return 'package-json';
  return name.endsWith('.toml') ? 'pyproject' : 'vigil';
}

/** Parses a config file's text. Throws ConfigError at the first syntax error. */
export function readConfigDocument(text: string, file: string, format: ConfigFormat): ConfigDocument {
  switch (format) {
    case 'vigil':
      return readJson(text, file, []);
    case 'package-json':
      return readJson(text, file, ['vigil']);
    case 'pyproject':
      return readPyproject(text, file);
  }
}

/** JSON with comments; the config sits at `prefix` (`["vigil"]` in a package.json). */
function readJson(text: string, file: string, prefix: DataPath): ConfigDocument {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) throw new ConfigError(file, lines.rangeAt(errors[0].offset, errors[0].offset + errors[0].length), describeSyntaxError(errors[0].error));
  if (!root) throw new ConfigError(file, lines.rangeAt(0, 0), 'the config is empty; expected an object such as { "rules": {} }');
  const configNode = prefix.length === 0 ? root : findNodeAtLocation(root, [...prefix]);
  return {
    file,
    data: configNode && getNodeValue(configNode),
    locate(at, atKey) {
      const node = nodeAt(root, [...prefix, ...at], atKey);
      return lines.rangeAt(node.offset, node.offset + node.length);
    },
  };
}

function nodeAt(root: Node, at: (string | number)[], atKey: boolean): Node {
  for (let length = at.length; length >= 0; length--) {
    const node = findNodeAtLocation(root, at.slice(0, length));
    if (!node) continue;
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return atKey && length === at.length && key ? key : node;
  }
  return root;
}

const SYNTAX_MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'invalid symbol',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'property name expected',
  [ParseErrorCode.ValueExpected]: 'value expected',
  [ParseErrorCode.ColonExpected]: 'colon expected',
  [ParseErrorCode.CommaExpected]: 'comma expected',
  [ParseErrorCode.CloseBraceExpected]: 'closing brace expected',
  [ParseErrorCode.CloseBracketExpected]: 'closing bracket expected',
  [ParseErrorCode.EndOfFileExpected]: 'end of file expected',
  [ParseErrorCode.InvalidCommentToken]: 'invalid comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unterminated comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'invalid unicode escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'invalid character',
};

function describeSyntaxError(code: ParseErrorCode): string {
  return `invalid JSON: ${SYNTAX_MESSAGES[code] ?? 'syntax error'}`;
}
