import mysql from 'mysql2/promise';

// One pool per server process: Next.js keeps this module loaded between requests.
export const pool = mysql.createPool({
  host: process.env.MYSQL_HOST ?? 'localhost',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'shop',
  password: process.env.MYSQL_PASSWORD,
  database: process.env.MYSQL_DATABASE ?? 'solar_shop',
  connectionLimit: 10,
});

export type OrderStatus = 'quote' | 'ordered' | 'scheduled' | 'installed' | 'cancelled';

export const ORDER_STATUSES: OrderStatus[] = ['quote', 'ordered', 'scheduled', 'installed', 'cancelled'];

export interface Order {
  id: number;
  customer_id: number;
  customer_name: string;
  panel_model: string;
  panel_count: number;
  status: OrderStatus;
  installation_address: string;
  installation_date: string | null;
  total: number;
}

export interface Customer {
  id: number;
  name: string;
  email: string;
  phone: string | null;
  city: string | null;
}
