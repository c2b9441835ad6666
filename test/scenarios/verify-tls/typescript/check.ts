import assert from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { allowSelfSigned, erpGet, ledgerGreeting } from './erp-client';
import { phase, run } from './harness';

// The company's CA is trusted the way a deployment installs it: NODE_EXTRA_CA_CERTS, which node
// reads at start-up, so the check makes the certificates and runs itself again with it set.
if (!process.env.SCENARIO_CERTS) {
  const certs = mkdtempSync(path.join(tmpdir(), 'vigil-tls-'));
  execFileSync('bash', ['make-certs.sh', certs]);
  const child = spawnSync(process.execPath, [__filename], { env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(certs, 'ca.pem'), SCENARIO_CERTS: certs }, stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const certs = process.env.SCENARIO_CERTS;
const pair = (name: string) => ({ key: readFileSync(path.join(certs, `${name}.key`)), cert: readFileSync(path.join(certs, `${name}.pem`)) });

async function listen(server: https.Server | tls.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return (server.address() as AddressInfo).port;
}

const httpsServer = (name: string) => https.createServer(pair(name), (req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ servedBy: name, path: req.url }));
});
const tlsServer = (name: string) => tls.createServer(pair(name), (socket) => socket.end(`hello from ${name}\n`));

/** The error of `call`, or undefined when it answered (then `answer` is checked). */
async function outcome(call: () => Promise<unknown>): Promise<{ answer?: unknown; error?: string }> {
  try {
    return { answer: await call() };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

run(async () => {
  const erp = await listen(httpsServer('server'));
  const impostorErp = await listen(httpsServer('impostor'));
  const ledger = await listen(tlsServer('server'));
  const impostorLedger = await listen(tlsServer('impostor'));

  // The real servers answer as before.
  assert.deepStrictEqual(await erpGet(`https://localhost:${erp}/orders/7`), { servedBy: 'server', path: '/orders/7' });
  assert.strictEqual(await ledgerGreeting(ledger), 'hello from server');

  // An impostor with a self-signed certificate (a machine in the middle): before, the client talks
  // to it; after, it refuses the connection.
  const results = {
    agent: await outcome(() => erpGet(`https://localhost:${impostorErp}/orders/7`)),
    tls: await outcome(() => ledgerGreeting(impostorLedger)),
  };
  // The process-wide switch, then a plain request with node's defaults.
  allowSelfSigned();
  const plain = await outcome(() => erpGet(`https://localhost:${impostorErp}/orders/7`, undefined));
  assert.deepStrictEqual(await erpGet(`https://localhost:${erp}/orders/7`, undefined), { servedBy: 'server', path: '/orders/7' });
  for (const [name, result] of Object.entries({ ...results, plain })) {
    if (phase === 'before') assert.ok(!result.error && JSON.stringify(result.answer).includes('impostor'), `${name}: ${JSON.stringify(result)}`);
    else assert.strictEqual(result.error, 'DEPTH_ZERO_SELF_SIGNED_CERT', `${name} still talks to the impostor: ${JSON.stringify(result)}`);
  }
});
