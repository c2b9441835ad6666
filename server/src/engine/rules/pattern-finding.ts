import { shorten } from '../taint/finding';
import { redactStringLiterals } from '../text/redact';
import type { Finding, Fix, Range } from '../types';
import type { RuleCatalog } from './catalog';
import { fillLabel } from './compiled-spec';
import { ruleText, type RuleMeta, type SpecLanguage } from './spec-types';

export interface PatternFindingInput {
  ruleId: string;
  /** The file's language: picks the rule's message for it (`byLanguage`). */
  language: SpecLanguage;
  range: Range;
  /** The matched callee (or assignment target) as written: `{sink}` in the message. */
  callee: string;
  /** The flagged code as written (`verify=False`): `{variable}` in the message. */
  code: string;
  /** The rule's message template to use (a key of its `messages`); its main message by default. */
  message?: string;
  /** The pattern's own severity and confidence (`severity` / `confidence` in the patterns file), else the rule's. */
  severity?: Finding['severity'];
  confidence?: Finding['confidence'];
  fixes: Fix[];
}

/**
 * Rules (by tag) whose flagged code is or holds a secret as a literal (a hard-coded key, a
 * token compared with one): their messages quote it redacted. Other rules' literals
 * (`'md5'`, `'access_token'`, `algorithms=["none"]`) name what is wrong and stay.
 */
const SECRET_TAGS: ReadonlySet<string> = new Set(['secrets', 'credentials']);

/** Whether the rule's flagged code holds a secret: messages and code frames show it redacted. */
export function quotesSecrets(meta: Pick<RuleMeta, 'tags'> | undefined): boolean {
  return meta?.tags?.some((tag) => SECRET_TAGS.has(tag)) ?? false;
}

/** A pattern rule's finding, the same for every language: no source, no path. */
export function patternFinding(catalog: RuleCatalog, input: PatternFindingInput): Finding {
  const rule = catalog.get(input.ruleId);
  if (!rule) throw new Error(`unknown rule ${input.ruleId}`);
  const code = quotesSecrets(rule.meta) ? redactStringLiterals(input.code) : input.code;
  const template = (input.message !== undefined ? rule.meta.messages?.[input.message] : undefined) ?? ruleText(rule.meta, input.language, 'message')!;
  return {
    ruleId: input.ruleId,
    message: fillLabel(template, { sink: `\`${input.callee}\``, variable: `\`${shorten(code)}\`` }),
    range: input.range,
    severity: input.severity ?? rule.meta.severity,
    confidence: input.confidence ?? rule.meta.confidence,
    path: [],
    sink: input.callee,
    fixes: input.fixes,
  };
}
