// Shared by the TypeScript scenarios: the runner copies it next to every check as `harness.ts`.
// The phase the check runs in, an Express app served on a free local port, and the attack
// assertion: an attack input must work on the code with the finding (so the check can fail)
// and must not work after Vigil's fix.
import assert from 'node:assert';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export const phase: 'before' | 'after' = process.env.SCENARIO_PHASE === 'after' ? 'after' : 'before';

export interface Reply {
  status: number;
  body: string;
  headers: Headers;
}

export type Get = (path: string, query?: Record<string, string>, headers?: Record<string, string>) => Promise<Reply>;

/** Serves `app` on 127.0.0.1 while `use` runs, and GETs paths from it. */
export async function withServer(app: Express, use: (get: Get) => Promise<void>): Promise<void> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  const get: Get = async (path, query = {}, headers = {}) => {
    const url = new URL(path, `http://127.0.0.1:${port}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await fetch(url, { headers });
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  try {
    await use(get);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `exploited` must hold before the fix (the attack is real) and not after it. */
export function attack(what: string, exploited: boolean, detail: unknown): void {
  if (phase === 'before') assert.ok(exploited, `${what}: the attack should work on the code with the finding, got ${JSON.stringify(detail)}`);
  else assert.ok(!exploited, `${what}: the attack still works after the fix: ${JSON.stringify(detail)}`);
}

/** Runs the check; a failed assertion or a rejection exits 1 with its message. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => console.log('ok'),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
