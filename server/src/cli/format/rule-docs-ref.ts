import * as path from 'path';
import { ruleDocsUrl, type Rule } from '../../engine';
import { displayPath } from '../report';

/** What every report format knows about where the rule docs are published (see engine/rules/docs-links.ts). */
export interface DocsOptions {
  /** From docsBaseUrl(): the team's mirror or the source repository; undefined when nothing is published. */
  docsBase?: string;
}

/**
 * Where a reader of a text report finds a rule's docs: the published page when there is one,
 * else the README shipped with Vigil (relative to the working folder when it lies below it,
 * e.g. node_modules/@vigil-security/cli/rules/sql-injection/README.md).
 */
export function ruleDocsReference(rule: Rule, cwd: string, options: DocsOptions): string {
  const url = ruleDocsUrl(options.docsBase, rule.meta.id);
  if (url) return url;
  const relative = displayPath(cwd, rule.docsFile);
  return relative.startsWith('..') || path.isAbsolute(relative) ? rule.docsFile : relative;
}

/** A rule's docs page as shipped in Vigil's package (the extension and the CLI), relative to the package. */
export function shippedDocsPath(ruleId: string): string {
  return `rules/${ruleId}/README.md`;
}
