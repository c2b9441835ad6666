'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { pool } from '@/lib/db';

const PANEL_AREA_M2 = 1.7;

// The quote form on /quote: creates the customer if needed and a quote for their roof.
export async function requestQuote(formData: FormData) {
  const name = String(formData.get('name') ?? '').trim();
  const email = String(formData.get('email') ?? '').trim().toLowerCase();
  const roofArea = Number(formData.get('roofArea'));
  const panelCount = Math.floor(roofArea / PANEL_AREA_M2);

  const [existing] = await pool.query<RowDataPacket[]>(`SELECT id FROM customers WHERE email = '${email}'`);
  let customerId: number = existing[0]?.id;
  if (!customerId) {
    const [created] = await pool.execute<ResultSetHeader>('INSERT INTO customers (name, email) VALUES (?, ?)', [name, email]);
    customerId = created.insertId;
  }

  await pool.execute(`INSERT INTO orders (customer_id, panel_count, status) VALUES (${customerId}, ${panelCount}, 'quote')`);
  revalidatePath('/orders');
  redirect('/orders?status=quote');
}

// The "cancel" button on an order row.
export async function cancelOrder(formData: FormData) {
  const orderId = Number(formData.get('orderId'));
  await pool.execute("UPDATE orders SET status = 'cancelled' WHERE id = ? AND status <> 'installed'", [orderId]);
  revalidatePath('/orders');
}
