import * as fs from 'fs';
import * as path from 'path';

// No `vscode` import here: the command's argument checking is unit-tested outside VS Code.

/** A rule id as rules/schema/rule.schema.json allows it (also keeps the argument inside rules/). */
const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The shipped docs page of a rule, or undefined for anything that is not a rule of `rulesDir`. */
export function ruleDocsFile(rulesDir: string, ruleId: unknown): string | undefined {
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) return undefined;
  const file = path.join(rulesDir, ruleId, 'README.md');
  return fs.existsSync(file) ? file : undefined;
}

/** Every rule with a docs page, for the command's picker when it is run from the palette. */
export function ruleIds(rulesDir: string): string[] {
  return fs.readdirSync(rulesDir).filter((id) => ruleDocsFile(rulesDir, id) !== undefined).sort();
}
