// A fake engine for the CLI tests (see createEngine).
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, workerData } from 'worker_threads';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { Engine, type Finding } from '../../server/src/engine';

const FLAGGED = 'execute(f"';

/**
 * A stand-in for the Python analyzer: every `execute(f"...")` is an sql-injection finding
 * whose taint path starts at the enclosing `def` line; a file containing `CRASH` makes the
 * parser throw (an internal error) and one containing `KILL_THREAD` ends the worker thread
 * analyzing it (a crash in a native parser). TS/JS files get no findings. Loaded by module path
 * (CliEnvironment.engineModule), so worker threads use it too. In a project holding a
 * `FAIL_WORKER_START` file, worker threads cannot create their engine (a broken installation).
 */
export function createEngine(): Engine {
  if (!isMainThread && fs.existsSync(path.join((workerData as { cwd: string }).cwd, 'FAIL_WORKER_START'))) throw new Error('fake engine cannot load');
  const python: LanguageBackend<string> = {
    language: 'python',
    comment: '#',
    parse(text) {
      if (text.includes('CRASH')) throw new Error('fake parser crashed');
      if (text.includes('KILL_THREAD') && !isMainThread) process.exit(70);
      return text;
    },
    // A fix on a line marked `breaks-on-fix` writes UNPARSABLE, which this parser rejects.
    hasSyntaxErrors: (tree) => tree.includes('UNPARSABLE'),
    analyze({ lines, catalog }) {
      const findings: Finding[] = [];
      const meta = catalog.get('sql-injection')!.meta;
      let def = 0;
      for (let line = 0; line < lines.lineCount; line++) {
        const text = lines.lineText(line);
        if (/^\s*def /.test(text)) def = line;
        const at = text.indexOf(FLAGGED);
        if (at < 0) continue;
        const start = at + 'execute('.length;
        const end = text.lastIndexOf(')');
        const range = { start: { line, character: start }, end: { line, character: end } };
        findings.push({
          ruleId: 'sql-injection',
          message: `SQL injection: FastAPI parameter \`email\` reaches \`cursor.execute\` through \`${text.slice(start, end)}\`.`,
          range,
          severity: meta.severity,
          confidence: meta.confidence,
          path: [{ label: 'FastAPI parameter `email`', range: { start: { line: def, character: 0 }, end: { line: def, character: 3 } } }],
          sink: 'cursor.execute',
          fixes: [{ title: 'Parameterize this query', kind: 'rewrite', isPreferred: true, edits: [{ range, newText: text.includes('breaks-on-fix') ? 'UNPARSABLE' : '"SELECT * FROM customers WHERE email = %s", (email,)' }] }],
        });
      }
      return findings;
    },
  };
  const typescript: LanguageBackend<string> = { language: 'typescript', comment: '//', parse: (t) => t, hasSyntaxErrors: () => false, analyze: () => [] };
  return new Engine({ backends: { python, typescript } });
}
