import { NextRequest, NextResponse } from 'next/server';
import type { RowDataPacket } from 'mysql2';
import { pool } from '@/lib/db';

type Context = { params: Promise<{ id: string }> };

// GET /api/customers/42
export async function GET(_request: NextRequest, { params }: Context) {
  const { id } = await params;
  const [customers] = await pool.query<RowDataPacket[]>('SELECT id, name, email, phone, city FROM customers WHERE id = ' + id);
  if (customers.length === 0) {
    return NextResponse.json({ error: 'customer not found' }, { status: 404 });
  }
  const [orders] = await pool.query<RowDataPacket[]>(
    'SELECT id, panel_model, panel_count, status FROM orders WHERE customer_id = ? ORDER BY created_at DESC',
    [id],
  );
  return NextResponse.json({ ...customers[0], orders });
}

// PATCH /api/customers/42  { phone, city }
export async function PATCH(request: NextRequest, { params }: Context) {
  const customerId = Number((await params).id);
  if (!Number.isInteger(customerId)) {
    return NextResponse.json({ error: 'bad customer id' }, { status: 400 });
  }
  const { phone, city } = await request.json();
  await pool.execute('UPDATE customers SET phone = ?, city = ? WHERE id = ?', [phone ?? null, city ?? null, customerId]);
  await pool.execute(`INSERT INTO customer_events (customer_id, kind) VALUES (${customerId}, 'profile-updated')`);
  return NextResponse.json({ id: customerId });
}
