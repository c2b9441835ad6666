import * as fs from 'fs';
import { UsageError } from './exit-codes';
import { FINGERPRINT_KEY, fingerprintsOf } from './fingerprint';
import type { ScanReport } from './report';

/**
 * The fingerprints of a baseline: a SARIF log (partialFingerprints) or a JSON report
 * (`fingerprint` of each finding) written by `vigil scan`, e.g. with --write-baseline.
 */
export function readBaseline(file: string): Set<string> {
  let log: unknown;
  try {
    log = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the baseline ${file}: ${(e as Error).message}`);
  }
  const fingerprints = new Set<string>();
  if (isObject(log) && Array.isArray(log.runs)) {
    for (const run of log.runs) {
      for (const result of isObject(run) && Array.isArray(run.results) ? run.results : []) {
        // Suppressed results are not findings (a JSON report leaves them out): were they baselined,
        // the finding would stay hidden once its suppression is removed or expires.
        if (isSuppressed(result)) continue;
        const value = isObject(result) && isObject(result.partialFingerprints) ? result.partialFingerprints[FINGERPRINT_KEY] : undefined;
        if (typeof value === 'string') fingerprints.add(value);
      }
    }
  } else if (isObject(log) && Array.isArray(log.findings)) {
    for (const finding of log.findings) if (isObject(finding) && typeof finding.fingerprint === 'string') fingerprints.add(finding.fingerprint);
  } else {
    throw new UsageError(`${file} is not a baseline: expected a SARIF log or a \`vigil scan --format json\` report`);
  }
  return fingerprints;
}

/** The report without the findings whose fingerprint is in the baseline; counts them. */
export function subtractBaseline(report: ScanReport, baseline: ReadonlySet<string>): ScanReport {
  let known = 0;
  const files = report.files.flatMap((file) => {
    const keep = fingerprintsOf(file).map((fingerprint) => !baseline.has(fingerprint));
    known += keep.filter((k) => !k).length;
    if (keep.every(Boolean)) return [file];
    const findings = file.findings.filter((_, i) => keep[i]);
    // A file whose findings are all baselined stays when it has suppressed ones (SARIF lists them).
    return findings.length === 0 && !file.suppressed?.length ? [] : [{ ...file, findings }];
  });
  return { ...report, files, baselined: known };
}

/** A SARIF result with suppressions, all of them accepted. */
function isSuppressed(result: unknown): boolean {
  const suppressions = isObject(result) && Array.isArray(result.suppressions) ? result.suppressions : [];
  return suppressions.length > 0 && suppressions.every((s) => isObject(s) && s.status === 'accepted');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
