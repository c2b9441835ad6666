import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import type { LanguageBackend } from '../../server/src/engine/backend';
import { Engine, type Finding } from '../../server/src/engine';
import { runCli } from '../../server/src/cli/cli';
import { REPO_ROOT } from '../helpers/fixtures';

export const BUILT_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI (`node dist/cli.js ...`) as a child process. */
export function runBuiltCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI in this process over an engine with the fake backend (no real analyzers). */
export function runFakeCli(args: string[], cwd: string, options: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, {
    cwd,
    env: options.env ?? {},
    stdout: { write: (t: string) => (stdout += t), isTTY: options.isTTY ?? false },
    stderr: { write: (t: string) => (stderr += t) },
    createEngine: fakeEngine,
  });
  return { code, stdout, stderr };
}

const FLAGGED = 'execute(f"';

/**
 * A stand-in for the Python analyzer: every `execute(f"...")` is an sql-injection finding
 * whose taint path starts at the enclosing `def` line; a file containing `CRASH` makes the
 * parser throw (an internal error). TS/JS files get no findings.
 */
export function fakeEngine(): Engine {
  const python: LanguageBackend<string> = {
    language: 'python',
    comment: '#',
    parse(text) {
      if (text.includes('CRASH')) throw new Error('fake parser crashed');
      return text;
    },
    hasSyntaxErrors: () => false,
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
          fixes: [{ title: 'Parameterize this query', kind: 'rewrite', isPreferred: true, edits: [{ range, newText: '"SELECT * FROM customers WHERE email = %s", (email,)' }] }],
        });
      }
      return findings;
    },
  };
  const typescript: LanguageBackend<string> = { language: 'typescript', comment: '//', parse: (t) => t, hasSyntaxErrors: () => false, analyze: () => [] };
  return new Engine({ backends: { python, typescript } });
}

/** A folder in the system temp dir holding `files` (path → text); removed by `removeProjects`. */
const created: string[] = [];
export function tempProject(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-')));
  created.push(root);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

let sarifValidate: ValidateFunction | undefined;
/** The official SARIF 2.1.0 schema (test/schemas), compiled once; it declares draft 2020-12. */
export function validateSarif(log: unknown): string[] {
  if (!sarifValidate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat('uri', (s: string) => URL.canParse(s));
    ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
    ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
    sarifValidate = ajv.compile(schema);
  }
  return sarifValidate(log) ? [] : (sarifValidate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** A vulnerable FastAPI route (a real SQL injection, for the real analyzer and the fake alike). */
export const VULNERABLE_PY = `from fastapi import APIRouter, Depends

router = APIRouter()


@router.get("/customers")
def find_customer(email: str, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute(f"SELECT * FROM customers WHERE email = '{email}'")
    return cursor.fetchall()
`;

/** The same route, parameterized: clean for every analyzer. */
export const SAFE_PY = `from fastapi import APIRouter, Depends

router = APIRouter()


@router.get("/customers")
def find_customer(email: str, db=Depends(get_db)):
    cursor = db.cursor()
    cursor.execute("SELECT * FROM customers WHERE email = %s", (email,))
    return cursor.fetchall()
`;
