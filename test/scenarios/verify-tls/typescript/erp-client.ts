// Talks to the ERP over HTTPS and to the ledger over TLS; the test systems use the company's own CA.
import https from 'node:https';
import tls from 'node:tls';

const insecureAgent = new https.Agent({ rejectUnauthorized: false });

/** GETs JSON from the ERP. */
export function erpGet(url: string, agent: https.Agent | undefined = insecureAgent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

/** The ledger's greeting line. */
export function ledgerGreeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: 'localhost', port, rejectUnauthorized: false }, () => {
      socket.once('data', (data) => {
        resolve(data.toString('utf8').trim());
        socket.end();
      });
    });
    socket.on('error', reject);
  });
}

export function allowSelfSigned(): void {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}
