import type { LineIndex } from '../text/positions';
import type { Finding, Fix, Range } from '../types';
import { AUDIT_RULES, MISSING_REASON, UNKNOWN_RULE, UNUSED_SUPPRESSION } from './audit-rules';
import { findSuppressions, hasReason, type ForeignTool, type Suppression } from './syntax';
import type { ConfigWaiver } from './waivers';

export type SuppressionKind = 'line' | 'file' | 'waiver' | 'foreign';
export type SuppressionStatus = 'active' | 'expired' | 'unused' | 'no-reason';

/** One suppression comment or config waiver as it applies to one document: what the audit lists. */
export interface SuppressionRecord {
  kind: SuppressionKind;
  ruleIds: string[];
  /** The comment in the document; for a waiver, its entry in `file` (the config file). */
  range: Range;
  /** Waivers: the config file that declares it. */
  file?: string;
  /** Waivers: the globs it covers. */
  paths?: readonly string[];
  reason: string;
  owner?: string;
  until?: string;
  tool?: ForeignTool;
  /**
   * `unused`: nothing to suppress (for waivers only known across a whole scan, so the engine
   * leaves them `active` or `expired`), then `expired`, then `no-reason`, else `active`.
   */
  status: SuppressionStatus;
  /** Findings it covers in this document, whether or not it is still in force. */
  matches: number;
  /** Rule ids it names that Vigil does not have (a typo): they suppress nothing. */
  unknownRuleIds?: string[];
}

/** A finding a suppression hid, for reports that keep them (SARIF `suppressions`). */
export interface SuppressedFinding {
  finding: Finding;
  by: SuppressionRecord;
}

export interface SuppressionInput {
  text: string;
  lines: LineIndex;
  /** The analysis' findings (of enabled rules) before suppression. */
  findings: readonly Finding[];
  /** YYYY-MM-DD: a suppression `until` an earlier day has expired. */
  today: string;
  /** Rules that can report here: only their suppressions can be found unused. */
  isRuleActive(ruleId: string): boolean;
  isKnownRule(ruleId: string): boolean;
  /** Every rule id, for "did you mean" on an unknown one. */
  knownRules?: readonly string[];
  /** Waivers whose paths cover this document. */
  waivers?: readonly ConfigWaiver[];
  honorForeign?: boolean;
  /** False when the findings are incomplete (syntax or rule errors): then nothing is called unused. */
  complete: boolean;
}

export interface SuppressionOutcome {
  /** Findings no suppression in force covers; those only an expired one covered say so in their message. */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Findings only an expired suppression covers (they are in `findings` too, with the note). */
  expired: SuppressedFinding[];
  records: SuppressionRecord[];
  /** Reason-less and unused suppressions, as findings of the audit rules (engine-default severity). */
  audit: Finding[];
}

interface Entry {
  /** Absent for a config waiver. */
  comment?: Suppression;
  record: SuppressionRecord;
  /** Rule ids (as written) that covered a finding. */
  used: Set<string>;
}

/**
 * Applies suppression comments and waivers to a document's findings. A suppression in force
 * hides the findings it covers; an expired one hides nothing and the finding notes the
 * expiry; a comment without a reason and one with nothing to suppress become audit findings.
 */
export function applySuppressions(input: SuppressionInput): SuppressionOutcome {
  const comments = findSuppressions(input.text, input.lines, { foreign: input.honorForeign });
  const entries: Entry[] = [...comments.map((c) => commentEntry(c)), ...(input.waivers ?? []).map(waiverEntry)];
  if (entries.length === 0) return { findings: [...input.findings], suppressed: [], expired: [], records: [], audit: [] };

  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const expiredOnly: SuppressedFinding[] = [];
  for (const finding of input.findings) {
    let inForce: Entry | undefined;
    let expired: Entry | undefined;
    for (const entry of entries) {
      const id = coveringId(entry, finding);
      if (id === undefined) continue;
      entry.used.add(id);
      entry.record.matches++;
      if (isExpired(entry.record, input.today)) expired ??= entry;
      else inForce ??= entry;
    }
    if (inForce) suppressed.push({ finding, by: inForce.record });
    else if (!expired) findings.push(finding);
    else {
      const noted = { ...finding, message: `${finding.message} (${expiryNote(expired)})` };
      findings.push(noted);
      expiredOnly.push({ finding: noted, by: expired.record });
    }
  }

  const audit: Finding[] = [];
  for (const entry of entries) {
    const { record, comment } = entry;
    const ownComment = comment && comment.kind !== 'foreign';
    // Unknown ids are reported whether or not the findings are complete: no finding could ever use them.
    const unknown = ownComment ? comment.ruleIds.filter((id) => id !== '*' && !input.isKnownRule(id)) : [];
    const unused = ownComment && input.complete ? unusedIds(entry, input) : [];
    // `vigil-ignore[]` names no rule: it can never suppress anything.
    const empty = ownComment && comment.ruleIds.length === 0;
    if (unknown.length > 0) record.unknownRuleIds = unknown;
    if (empty || (comment && unknown.length + unused.length > 0 && unknown.length + unused.length === comment.ruleIds.length)) record.status = 'unused';
    else if (isExpired(record, input.today)) record.status = 'expired';
    else if (comment && comment.kind !== 'foreign' && !hasReason(comment)) record.status = 'no-reason';
    if (!comment) continue;
    for (const id of unknown) audit.push(unknownRuleFinding(comment, id, input));
    if (unused.length > 0 || empty) audit.push(unusedFinding(comment, unused, input));
    else if (record.status === 'no-reason') audit.push(missingReasonFinding(comment));
  }
  // An audit finding can itself be ignored (`vigil-ignore-file[suppression-missing-reason]: legacy code`).
  const shownAudit = audit.filter((finding) => {
    const by = entries.find((e) => e.comment && !isExpired(e.record, input.today) && coveringId(e, finding) !== undefined);
    if (by) by.record.matches++;
    return !by;
  });
  return { findings, suppressed, expired: expiredOnly, records: entries.map((e) => e.record), audit: shownAudit };
}

function commentEntry(comment: Suppression): Entry {
  const { kind, ruleIds, range, reason, owner, until, tool } = comment;
  return {
    comment,
    used: new Set(),
    record: { kind, ruleIds, range, reason, ...(owner && { owner }), ...(until && { until }), ...(tool && { tool }), status: 'active', matches: 0 },
  };
}

function waiverEntry(waiver: ConfigWaiver): Entry {
  const { rule, range, file, paths, reason, owner, until } = waiver;
  return {
    used: new Set(),
    record: { kind: 'waiver', ruleIds: [rule], range, file, paths, reason, ...(owner && { owner }), ...(until && { until }), status: 'active', matches: 0 },
  };
}

/** The rule id (as written in the entry) under which it covers the finding, if it does. */
function coveringId(entry: Entry, finding: Finding): string | undefined {
  return coveringIdOf(entry.record.ruleIds, entry.comment, finding);
}

/** A waiver (no comment) covers its rule everywhere it applies; a comment its line, the next one or its file. */
function coveringIdOf(ruleIds: readonly string[], comment: Suppression | undefined, finding: Finding): string | undefined {
  // No rule ids: a foreign comment that covers every rule.
  const id = ruleIds.find((ruleId) => ruleId === finding.ruleId || ruleId === '*') ?? (ruleIds.length === 0 && comment?.kind === 'foreign' ? '' : undefined);
  if (id === undefined || !comment) return id;
  const line = finding.range.start.line;
  const placed = comment.fileWide || comment.line === line || (comment.ownLine && comment.line === line - 1);
  return placed ? id : undefined;
}

/** Whether a suppression comment covers a finding, whatever its expiry. */
export function isSuppressed(finding: Finding, suppressions: readonly Suppression[]): boolean {
  return suppressions.some((comment) => coveringIdOf(comment.ruleIds, comment, finding) !== undefined);
}

function isExpired(record: SuppressionRecord, today: string): boolean {
  return record.until !== undefined && record.until < today;
}

function expiryNote({ record, comment }: Entry): string {
  const where = comment ? `its ${comment.kind === 'file' ? 'vigil-ignore-file' : 'vigil-ignore'} on line ${comment.line + 1}` : `its waiver in ${basename(record.file ?? '')}`;
  return `${where} expired on ${record.until}`;
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Ids that covered no finding, among those whose rule could have reported here. */
function unusedIds({ comment, used }: Entry, input: SuppressionInput): string[] {
  return comment!.ruleIds.filter((id) => {
    if (used.has(id)) return false;
    if (AUDIT_RULES.has(id)) return false;
    if (id === '*') return true;
    // Unknown ids have their own finding (unknown-rule-in-suppression).
    return input.isKnownRule(id) && input.isRuleActive(id);
  });
}

function unusedFinding(comment: Suppression, unused: readonly string[], input: SuppressionInput): Finding {
  const whole = unused.length === comment.ruleIds.length;
  const described = unused.map((id) => `\`${id}\``).join(', ');
  let message = `Unused rule id in suppression: nothing here for ${described} to ignore.`;
  if (whole) message = `Unused suppression: nothing here for ${described} to ignore. Remove the comment.`;
  if (unused.length === 0) message = 'Unused suppression: it names no rule. Remove the comment.';
  const fix: Fix = whole
    ? { title: 'Remove unused suppression', kind: 'remove-suppression', isPreferred: true, edits: [{ range: comment.removal, newText: '' }] }
    : { title: `Remove ${unused.join(', ')} from the suppression`, kind: 'remove-suppression', isPreferred: true, edits: idRemovals(comment, unused) };
  const range = whole ? comment.range : comment.idRanges[comment.ruleIds.indexOf(unused[0])];
  return auditFinding(UNUSED_SUPPRESSION, message, range, [fix], ['unnecessary']);
}

/** A rule id no rule has: a warning at the id, with the known id it most likely meant as the fix. */
function unknownRuleFinding(comment: Suppression, id: string, input: SuppressionInput): Finding {
  const range = comment.idRanges[comment.ruleIds.indexOf(id)];
  const meant = closestRuleId(id, input.knownRules ?? []);
  const message = `Unknown rule id in suppression: Vigil has no rule \`${id}\`, so this comment suppresses nothing for it.${meant ? ` Did you mean \`${meant}\`?` : ''}`;
  const fixes: Fix[] = meant ? [{ title: `Change \`${id}\` to \`${meant}\``, kind: 'rewrite', isPreferred: true, edits: [{ range, newText: meant }] }] : [];
  return auditFinding(UNKNOWN_RULE, message, range, fixes);
}

/** The known id nearest to a mistyped one (`sqli` → `sql-injection`, `xxs` → `xss`), if one is plausibly meant. */
function closestRuleId(id: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // An abbreviation of the id's words (`sqli`, `cmd-injection`) or a couple of typed characters off.
    const abbreviates = candidate.startsWith(id.slice(0, 3)) && id.length >= 3;
    const distance = editDistance(id, candidate);
    const plausible = distance <= Math.max(1, Math.floor(id.length / 3)) || abbreviates;
    if (plausible && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** Rewrites the id list without the unused ids (only the text inside the brackets changes). */
function idRemovals(comment: Suppression, unused: readonly string[]) {
  const ranges = comment.idRanges;
  const kept = comment.ruleIds.filter((id) => !unused.includes(id));
  return [{ range: { start: ranges[0].start, end: ranges[ranges.length - 1].end }, newText: kept.join(', ') }];
}

function missingReasonFinding(comment: Suppression): Finding {
  const written = comment.kind === 'file' ? 'vigil-ignore-file' : 'vigil-ignore';
  const ids = comment.ruleIds.join(', ');
  const message = `Suppression without a reason: say why ${ids} is safe to ignore here, as in \`${written}[${ids}]: <why> until YYYY-MM-DD by @owner\` (the date and owner are optional).`;
  return auditFinding(MISSING_REASON, message, comment.range, []);
}

function auditFinding(ruleId: string, message: string, range: Range, fixes: Fix[], tags?: Finding['tags']): Finding {
  const rule = AUDIT_RULES.get(ruleId)!;
  return { ruleId, message, range, severity: rule.severity, confidence: 'high', path: [], fixes, ...(tags && { tags }) };
}
