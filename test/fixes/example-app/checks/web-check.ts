// The example web front end's own behaviour (examples/solar-shop/web), before and after Vigil's
// fixes: copied into web/ by test/fixes/example-app.test.ts, compiled with the app under its
// strict tsconfig and run under node with the app's real dependencies, against a real MariaDB
// through the app's own pool (mysql2, MYSQL_* as in production). Sign-up then sign-in (a customer
// stored before any fix with the SHA-256 hash the app wrote then; after the fix also one signed
// up with Argon2), wrong passwords refused, the session token round trip, placing and querying
// orders through the /api/orders route handlers, and an invoice download through its route.
import './vigil-check-paths';
import assert from 'node:assert';
import crypto from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import argon2 from 'argon2';
import { NextRequest } from 'next/server';
import { GET as downloadInvoice } from './app/api/invoices/[file]/route';
import { GET as listOrders, POST as placeOrder } from './app/api/orders/route';
import { checkPassword, readSession, signSession } from './lib/auth';
import { pool } from './lib/db';

const phase = process.env.SCENARIO_PHASE === 'after' ? 'after' : 'before';

const SCHEMA = [
  'DROP TABLE IF EXISTS orders, customers, panel_stock',
  `CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(120) NOT NULL, email VARCHAR(200) NOT NULL UNIQUE,
     phone VARCHAR(40), city VARCHAR(100), role VARCHAR(20) NOT NULL DEFAULT 'customer', password_hash VARCHAR(255))`,
  `CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, panel_model VARCHAR(80), panel_count INT NOT NULL,
     status VARCHAR(20) NOT NULL, installation_address VARCHAR(200), installation_date DATE, total DECIMAL(10, 2) NOT NULL DEFAULT 0,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))`,
  'CREATE TABLE panel_stock (model VARCHAR(80) PRIMARY KEY, available INT NOT NULL)',
];

async function signUp(name: string, email: string, passwordHash: string): Promise<number> {
  const [result] = await pool.execute('INSERT INTO customers (name, email, password_hash) VALUES (?, ?, ?)', [name, email, passwordHash]);
  return (result as { insertId: number }).insertId;
}

async function main(): Promise<void> {
  for (const statement of SCHEMA) await pool.query(statement);

  // Sign-up, then sign-in.
  const users: [string, string, number][] = [];
  const legacy = 'old-Passw0rd';
  users.push(['ada@example.org', legacy, await signUp('Ada Sunfield', 'ada@example.org', crypto.createHash('sha256').update(legacy).digest('hex'))]);
  if (phase === 'after') users.push(['bo@example.org', 'n3w-Pässword', await signUp('Bo Lumen', 'bo@example.org', await argon2.hash('n3w-Pässword'))]);
  for (const [email, password, id] of users) {
    const claims = await checkPassword(email, password);
    assert.deepStrictEqual(claims, { sub: id, email, role: 'customer' }, `sign-in of ${email}`);
    assert.deepStrictEqual({ ...readSession(signSession(claims)) }.sub, id, 'the session token names the customer');
    assert.strictEqual(await checkPassword(email, `${password}x`), null, `a wrong password for ${email} is refused`);
  }
  assert.strictEqual(await checkPassword('nobody@example.org', legacy), null, 'an unknown e-mail is refused');

  // Orders: placed through the route, then queried by status and by a search.
  await pool.execute('INSERT INTO panel_stock (model, available) VALUES (?, ?)', ['SL-400 Mono', 50]);
  const placed: number[] = [];
  for (const [count, address] of [[12, '1 Ray Road, Leeds'], [30, '9 Volt Lane, York']] as const) {
    const request = new NextRequest('http://shop.test/api/orders', { method: 'POST', body: JSON.stringify({ customerId: users[0][2], panelModel: 'SL-400 Mono', panelCount: count, address }) });
    const response = await placeOrder(request);
    assert.strictEqual(response.status, 201, `an order is placed: ${await response.clone().text()}`);
    placed.push(((await response.json()) as { id: number }).id);
  }
  const tooMany = await placeOrder(new NextRequest('http://shop.test/api/orders', { method: 'POST', body: JSON.stringify({ customerId: users[0][2], panelModel: 'SL-400 Mono', panelCount: 80, address: 'x' }) }));
  assert.strictEqual(tooMany.status, 409, 'an order larger than the stock is refused');
  await pool.execute("UPDATE orders SET status = 'scheduled' WHERE id = ?", [placed[1]]);
  const query = async (params: Record<string, string>) => {
    const response = await listOrders(new NextRequest(`http://shop.test/api/orders?${new URLSearchParams(params)}`));
    assert.strictEqual(response.status, 200);
    return ((await response.json()) as { orders: { id: number; customer_name: string }[] }).orders;
  };
  assert.deepStrictEqual((await query({ status: 'scheduled' })).map((o) => o.id), [placed[1]], 'the orders of one status');
  assert.deepStrictEqual((await query({ status: 'ordered', q: 'Ray Road' })).map((o) => o.id), [placed[0]], 'the order search by address');
  assert.deepStrictEqual((await query({ q: 'Sunfield' })).map((o) => o.id).sort(), [...placed].sort(), 'the order search by customer name');
  assert.deepStrictEqual(await query({ q: 'Nowhere' }), [], 'a search without matches');

  // An invoice download.
  const pdf = Buffer.from('%PDF-1.4\n% invoice 1001\n');
  await mkdir(path.join(process.cwd(), 'storage', 'invoices'), { recursive: true });
  await writeFile(path.join(process.cwd(), 'storage', 'invoices', 'INV-1001.pdf'), pdf);
  const download = await downloadInvoice(new Request('http://shop.test/api/invoices/INV-1001.pdf'), { params: Promise.resolve({ file: 'INV-1001.pdf' }) });
  assert.strictEqual(download.status, 200, 'the invoice download');
  assert.strictEqual(download.headers.get('content-type'), 'application/pdf');
  assert.ok(Buffer.from(await download.arrayBuffer()).equals(pdf), 'the invoice bytes');
}

main().then(
  async () => {
    await pool.end();
    console.log('ok');
  },
  async (error: unknown) => {
    console.error(error);
    await pool.end();
    process.exit(1);
  },
);
