import assert from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attack, run } from './harness';
import { parseInvoice } from './invoices';

run(async () => {
  // What a supplier uploads: UTF-8 text, the predefined entities and character references.
  const invoice = `<?xml version="1.0" encoding="UTF-8"?>
<invoice><supplier>Müller &amp; Söhne</supplier><total>1249.50</total>
<line>12 &#215; PV-400 panels</line><line>Mounting &lt;rail&gt; kit</line></invoice>`;
  assert.deepStrictEqual(parseInvoice(invoice), { supplier: 'Müller & Söhne', totalCents: 124950, lines: ['12 × PV-400 panels', 'Mounting <rail> kit'] });
  assert.throws(() => parseInvoice('<invoice><total>1</total>'), 'a broken upload is still an error');

  // An external entity naming a file on the server: before, its content lands in the parsed invoice.
  const secrets = mkdtempSync(path.join(tmpdir(), 'vigil-xxe-'));
  const secret = path.join(secrets, 'db-password.txt');
  writeFileSync(secret, 's3cret-db-password');
  const evil = `<?xml version="1.0"?>
<!DOCTYPE invoice [<!ENTITY leak SYSTEM "file://${secret}">]>
<invoice><supplier>&leak;</supplier><total>1</total></invoice>`;
  let parsed: unknown;
  try {
    parsed = parseInvoice(evil);
  } catch (error) {
    parsed = String(error);
  }
  attack('an external entity reads a file of the server', JSON.stringify(parsed).includes('s3cret-db-password'), parsed);
});
