// Suppressions: comments and config waivers that hide findings, and their audit.
export { findSuppressions, hasReason, isCalendarDate, type ForeignTool, type Suppression } from './syntax';
export { applySuppressions, isSuppressed, type SuppressedFinding, type SuppressionKind, type SuppressionRecord, type SuppressionStatus } from './apply';
export { AUDIT_RULES, MISSING_REASON, UNUSED_SUPPRESSION, UNKNOWN_RULE, type AuditRule } from './audit-rules';
export { ignoreFixes, REASON_PLACEHOLDER, type CommentStyle } from './ignore-fixes';
export { waiversFor, type ConfigWaiver } from './waivers';
