import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { runCli } from '../../server/src/cli/cli';
import { REPO_ROOT } from '../helpers/fixtures';

export const BUILT_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI (`node dist/cli.js ...`, or another install's `cli`) as a child process; offline (tests reach no network but their own servers) unless `env` says otherwise. */
export function runBuiltCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, cli = BUILT_CLI): CliRun {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', VIGIL_OFFLINE: '1', ...env } });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The module of the fake engine (fake-engine.ts), loaded by the main thread and the workers. */
export const FAKE_ENGINE_MODULE = require.resolve('./fake-engine');

/** Runs the CLI in this process over an engine with the fake backend (no real analyzers). */
export async function runFakeCli(args: string[], cwd: string, options: { isTTY?: boolean; stderrTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    env: options.env ?? {},
    stdout: { write: (t: string) => (stdout += t), isTTY: options.isTTY ?? false },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.stderrTTY ?? false },
    engineModule: FAKE_ENGINE_MODULE,
  });
  return { code, stdout, stderr };
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

/** A Next.js App Router route handler that puts a query parameter into SQL text. */
export const VULNERABLE_ROUTE_TS = `import { NextRequest } from 'next/server';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db' });

export async function GET(request: NextRequest) {
  const status = request.nextUrl.searchParams.get('status');
  const [rows] = await pool.query(\`SELECT * FROM orders WHERE status = '\${status}'\`);
  return Response.json(rows);
}
`;

export const SAFE_ROUTE_TS = VULNERABLE_ROUTE_TS.replace("pool.query(`SELECT * FROM orders WHERE status = '${status}'`)", "pool.query('SELECT * FROM orders WHERE status = ?', [status])");
