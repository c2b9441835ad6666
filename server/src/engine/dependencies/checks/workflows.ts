// GitHub Actions workflows: actions referenced by a movable ref, and shell steps that run a
// downloaded script. Read line by line: a workflow too broken for YAML still gets its findings.
import type { LineIndex } from '../../text/positions';
import type { Range } from '../../types';
import { downloadPipedToShell } from './shell';

export interface WorkflowMatch {
  range: Range;
  text: string;
}

const USES = /^(\s*(?:-\s+)?uses\s*:\s*)(['"]?)([^'"\s#]+)\2/;
const FULL_SHA = /^[0-9a-f]{40}$/i;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/i;

/** `uses:` references not pinned to a full commit SHA (or, for `docker://`, an image digest); local actions are the repository's own. */
export function unpinnedActions(lines: LineIndex): (WorkflowMatch & { ref: string | undefined; action: string })[] {
  const out: (WorkflowMatch & { ref: string | undefined; action: string })[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const match = USES.exec(lines.lineText(line));
    if (!match) continue;
    const reference = match[3];
    if (reference.startsWith('./') || reference.startsWith('../')) continue;
    const start = lines.lineStart(line) + match[1].length + match[2].length;
    const range = lines.rangeAt(start, start + reference.length);
    if (reference.startsWith('docker://')) {
      if (!IMAGE_DIGEST.test(reference)) out.push({ range, text: reference, action: reference, ref: undefined });
      continue;
    }
    const at = reference.lastIndexOf('@');
    const ref = at < 0 ? undefined : reference.slice(at + 1);
    if (ref !== undefined && FULL_SHA.test(ref)) continue;
    out.push({ range, text: reference, action: at < 0 ? reference : reference.slice(0, at), ref });
  }
  return out;
}

/** Lines (with `\` continuations joined) that pipe a download into a shell; the range covers the command's lines. */
export function shellDownloads(lines: LineIndex, text: string): WorkflowMatch[] {
  const out: WorkflowMatch[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const first = line;
    let command = lines.lineText(line);
    if (/^\s*#/.test(command)) continue;
    while (/\\\s*$/.test(command) && line + 1 < lines.lineCount) command = command.replace(/\\\s*$/, ' ') + lines.lineText(++line);
    if (!downloadPipedToShell(command)) continue;
    const start = lines.lineStart(first) + (lines.lineText(first).length - lines.lineText(first).trimStart().length);
    const end = lines.lineStart(line) + lines.lineText(line).trimEnd().length;
    out.push({ range: lines.rangeAt(start, end), text: text.slice(start, end) });
  }
  return out;
}
