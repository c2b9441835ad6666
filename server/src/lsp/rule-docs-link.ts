import { pathToFileURL } from 'url';
import type { Rule } from '../engine';
import { Commands } from '../protocol';

/**
 * Where a diagnostic's code link and the hover's docs link point. The rule docs ship with the
 * extension (rules/<id>/README.md), so the link opens them there: through the client's
 * `vigil.openRuleDocs` command (VS Code: the Markdown preview; its Problems panel and hovers
 * open `command:` links), or, for a client without that command, the file itself.
 */
export type RuleDocsLink = (rule: Rule) => string;

/** The shipped README as a file: URI (any editor can open it). */
export const fileDocsLink: RuleDocsLink = (rule) => pathToFileURL(rule.docsFile).href;

/** The client's command, with the rule id as its one argument (JSON in the query, as VS Code reads `command:` URIs). */
export const commandDocsLink: RuleDocsLink = (rule) => `command:${Commands.openRuleDocs}?${encodeURIComponent(JSON.stringify([rule.meta.id]))}`;

export function ruleDocsLink(clientOpensRuleDocs: boolean | undefined): RuleDocsLink {
  return clientOpensRuleDocs ? commandDocsLink : fileDocsLink;
}
