import * as fs from 'fs';
import { findSourceFiles } from '../workspace/files';
import type { ScanWorkspaceResult } from '../protocol';

/** What the scan needs from the server for one file (of `folder`): analyze it and publish, or say it was skipped. */
export type ScanFile = (file: string, text: string, folder: string) => Promise<'skipped' | number>;

export interface ScanControl {
  isCancelled(): boolean;
  /** Called after each file; `done` of `total` files. */
  progress(done: number, total: number, file: string): void;
}

/** Files larger than this are not even read (the engine would skip them anyway). */
const MAX_READ_BYTES = 4_000_000;

/**
 * Analyzes every file `vigil scan` would under the workspace folders (same discovery and
 * ignores, so the editor and CI agree), yielding to the event loop between files so that
 * typing, hovers and the cancellation of this very request are served while it runs.
 */
export async function scanWorkspaceFiles(folders: readonly string[], scanFile: ScanFile, control: ScanControl): Promise<ScanWorkspaceResult> {
  const result: ScanWorkspaceResult = { files: 0, filesWithFindings: 0, findings: 0, skipped: 0, cancelled: false };
  const files: { file: string; folder: string }[] = [];
  for (const folder of folders) {
    try {
      files.push(...findSourceFiles([folder], folder).files.map((file) => ({ file, folder })));
    } catch {
      // A folder that vanished since the workspace opened: nothing to scan there.
    }
  }
  for (const [i, { file, folder }] of files.entries()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (control.isCancelled()) {
      result.cancelled = true;
      break;
    }
    const text = readSmallFile(file);
    const outcome = text === undefined ? 'skipped' : await scanFile(file, text, folder);
    if (outcome === 'skipped') result.skipped++;
    else {
      result.files++;
      if (outcome > 0) result.filesWithFindings++;
      result.findings += outcome;
    }
    control.progress(i + 1, files.length, file);
  }
  return result;
}

function readSmallFile(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > MAX_READ_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
