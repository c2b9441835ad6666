import { NextRequest, NextResponse } from 'next/server';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { ORDER_STATUSES, pool } from '@/lib/db';

const PAGE_SIZE = 25;

// GET /api/orders?status=scheduled&q=Main%20Street&page=2
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const status = params.get('status');
  const search = params.get('q')?.trim();
  const page = Math.max(1, Number(params.get('page') ?? '1'));

  let sql = `SELECT o.id, o.panel_model, o.panel_count, o.status, o.installation_address, o.installation_date, c.name AS customer_name
               FROM orders o JOIN customers c ON c.id = o.customer_id
              WHERE 1 = 1`;
  if (status && ORDER_STATUSES.includes(status as never)) {
    sql += ` AND o.status = '${status}'`;
  }
  if (search) {
    sql += ` AND (o.installation_address LIKE '%${search}%' OR c.name LIKE '%${search}%')`;
  }
  sql += ` ORDER BY o.created_at DESC LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`;

  const [orders] = await pool.query<RowDataPacket[]>(sql);
  return NextResponse.json({ orders, page });
}

// POST /api/orders  { customerId, panelModel, panelCount, address }
export async function POST(request: NextRequest) {
  const { customerId, panelModel, panelCount, address } = await request.json();
  const count = Number(panelCount);
  if (!Number.isInteger(count) || count <= 0 || count > 200) {
    return NextResponse.json({ error: 'panelCount must be between 1 and 200' }, { status: 400 });
  }

  const [stock] = await pool.query<RowDataPacket[]>(`SELECT available FROM panel_stock WHERE available >= ${count} LIMIT 1`);
  if (stock.length === 0) {
    return NextResponse.json({ error: 'not enough panels in stock' }, { status: 409 });
  }

  const [result] = await pool.execute<ResultSetHeader>(
    'INSERT INTO orders (customer_id, panel_model, panel_count, installation_address, status) VALUES (?, ?, ?, ?, ?)',
    [customerId, panelModel, count, address, 'ordered'],
  );
  return NextResponse.json({ id: result.insertId }, { status: 201 });
}
