import type Parser = require('tree-sitter');

/**
 * tree-sitter and its Python grammar are native addons: loaded on the first Python parse, not
 * when the server starts (a TS/JS-only session never loads them; ~25 ms of every cold start).
 */
export function createParser(): Parser {
  const TreeSitter = require('tree-sitter') as typeof Parser;
  // tree-sitter-python's typings describe its node types, not the Language handle setLanguage takes.
  const python = require('tree-sitter-python') as Parser.Language;
  const parser = new TreeSitter();
  parser.setLanguage(python);
  return parser;
}
