import type { Finding } from '../types';

/**
 * Rules whose fix edits depend on code outside the finding's function (Argon2 rewrites the
 * comparisons elsewhere; defusedxml and Argon2 add to the requirements.txt they read; the
 * constant-time compare adds its helper once, before the first top-level statement using it): never
 * replayed from the cache. (sql-injection's placeholder style may come from the modules the file
 * imports, when it imports no driver itself: a cached fix keeps the style until its function changes.)
 */
const WHOLE_FILE_FIX_RULES = new Set(['weak-password-hash', 'xxe', 'insecure-compare']);

/** Pattern findings whose fix reads other statements of the module (`alsoSet`: Django's ALLOWED_HOSTS beside DEBUG). */
export const READS_FILE = new WeakSet<Finding>();

/** Whether the finding's fix depends on code outside its unit or statement: it is rebuilt on every analysis, never replayed from the cache. */
export function fixReadsFile(finding: Finding): boolean {
  return WHOLE_FILE_FIX_RULES.has(finding.ruleId) || READS_FILE.has(finding);
}
