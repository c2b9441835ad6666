import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits, Engine, type Finding, type Fix } from '../../../server/src/engine';
import { diskFiles } from '../../../server/src/workspace/project-files';
import { REPO_ROOT } from '../../helpers/fixtures';

export const CSP_DIR = path.join(REPO_ROOT, 'test', 'fixes', 'csp');
export const APPS_DIR = path.join(CSP_DIR, 'apps');
export const CHROMIUM = process.env.VIGIL_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];

/** Copies one of the apps in test/fixes/csp/apps to `dest` (created). */
export function copyApp(name: string, dest: string): string {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(path.join(APPS_DIR, name), dest, { recursive: true });
  return dest;
}

/** An engine that reads the project's other files from disk, as the CLI and the server give it. */
export function diskEngine(): Engine {
  return new Engine({ projectFiles: diskFiles((p) => p) });
}

/** The missing-security-headers findings of a file on disk (absolute path). */
export function headerFindings(engine: Engine, file: string): Finding[] {
  return engine.analyzeText(file, fs.readFileSync(file, 'utf8'), {}).findings.filter((f) => f.ruleId === 'missing-security-headers');
}

/** Writes a fix to disk: its edits of `file`, then the other files it creates or edits. */
export function applyFixOnDisk(file: string, fix: Fix): void {
  fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), fix.edits));
  for (const change of fix.files ?? []) {
    if (change.create && fs.existsSync(change.path)) throw new Error(`${change.path} exists: the fix must not create it`);
    const before = change.create ? '' : fs.readFileSync(change.path, 'utf8');
    fs.writeFileSync(change.path, applyTextEdits(before, change.edits));
  }
}

/** The preferred rewrite of the file's missing-security-headers finding (the one the lightbulb marks). */
export function preferredHeadersFix(engine: Engine, file: string): Fix {
  const findings = headerFindings(engine, file);
  const fix = findings.flatMap((f) => f.fixes).find((f) => f.kind === 'rewrite' && f.isPreferred);
  if (!fix) throw new Error(`no preferred fix for missing-security-headers in ${file}: ${JSON.stringify(findings.map((f) => f.fixes.map((x) => x.title)))}`);
  return fix;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const net = await import('net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (any status), or throws after `ms`. */
export async function waitForServer(url: string, ms: number, alive: () => string | undefined): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const dead = alive();
    if (dead) throw new Error(dead);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
