import * as path from 'path';
import { findNodeAtLocation, parseTree, getNodeValue, type Node, type ParseError, ParseErrorCode } from 'jsonc-parser';
import type { RuleCatalog } from '../rules/catalog';
import { LineIndex } from '../text/positions';
import type { OwaspEdition, RuleSettings, VigilConfig } from './config';
import { ConfigError } from './errors';
import type { ConfigValidator } from './schema';

/** The config file's data once it matches the schema (its TypeScript mirror). */
interface ConfigData {
  rules?: RuleSettings;
  include?: string[];
  exclude?: string[];
  owaspEdition?: OwaspEdition;
}

/**
 * Parses the text of a vigil.config.json (comments and trailing commas allowed), validates it
 * against the config schema and the rule catalogue, and returns the config. Throws
 * ConfigError pointing at the offending text.
 */
export function parseConfig(text: string, file: string, catalog: RuleCatalog, validate: ConfigValidator): VigilConfig {
  const lines = new LineIndex(text);
  const fail = (offset: number, length: number, detail: string): never => {
    throw new ConfigError(file, lines.rangeAt(offset, offset + length), detail);
  };

  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  if (syntaxErrors.length > 0) fail(syntaxErrors[0].offset, syntaxErrors[0].length, describeSyntaxError(syntaxErrors[0].error));
  if (!root) return fail(0, 0, 'the config is empty; expected an object such as { "rules": {} }');

  const data: unknown = getNodeValue(root);
  const violation = validate(data);
  if (violation) {
    const node = nodeAt(root, violation.path, violation.atKey);
    fail(node.offset, node.length, violation.message);
  }

  const config = data as ConfigData;
  for (const ruleId of Object.keys(config.rules ?? {})) {
    if (!catalog.get(ruleId)) {
      const node = nodeAt(root, ['rules', ruleId], true);
      fail(node.offset, node.length, `unknown rule "${ruleId}"; known rules: ${[...catalog.rules.keys()].join(', ')}`);
    }
  }
  return {
    file,
    dir: path.dirname(file),
    rules: config.rules ?? {},
    include: config.include ?? [],
    exclude: config.exclude ?? [],
    owaspEdition: config.owaspEdition,
  };
}

/** The node at a JSON path (its property name when `atKey`), or the nearest ancestor that exists. */
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
