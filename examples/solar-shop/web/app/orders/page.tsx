import Link from 'next/link';
import type { RowDataPacket } from 'mysql2';
import { cancelOrder } from '@/app/actions';
import { ORDER_STATUSES, pool, type Order } from '@/lib/db';

const SORT_COLUMNS: Record<string, string> = {
  newest: 'o.created_at DESC',
  oldest: 'o.created_at ASC',
  install: 'o.installation_date ASC',
  size: 'o.panel_count DESC',
};

type SearchParams = Promise<{ status?: string; sort?: string }>;

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const { status = 'ordered', sort = 'newest' } = await searchParams;
  const orderBy = SORT_COLUMNS[sort] ?? SORT_COLUMNS.newest;

  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT o.id, o.panel_model, o.panel_count, o.status, o.installation_date, c.name AS customer_name
       FROM orders o JOIN customers c ON c.id = o.customer_id
      WHERE o.status = ?
      ORDER BY ${orderBy}
      LIMIT 100`,
    [status],
  );
  const orders = rows as Order[];

  return (
    <main className="orders">
      <h1>Orders</h1>
      <nav>
        {ORDER_STATUSES.map((s) => (
          <Link key={s} href={`/orders?status=${s}&sort=${sort}`} className={s === status ? 'active' : undefined}>
            {s}
          </Link>
        ))}
      </nav>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Customer</th>
            <th>Panels</th>
            <th>Installation</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <td>{order.id}</td>
              <td>{order.customer_name}</td>
              <td>
                {order.panel_count} × {order.panel_model}
              </td>
              <td>{order.installation_date ?? 'not scheduled'}</td>
              <td>
                {order.status !== 'installed' && (
                  <form action={cancelOrder}>
                    <input type="hidden" name="orderId" value={order.id} />
                    <button type="submit">Cancel</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
