// Deterministic, realistic-looking source files of a given length for the benchmarks: a
// FastAPI router and a Next.js route module of the solar shop, repeated with numbered names.
// Roughly one handler in four has a SQL injection; the rest are parameterized near misses.

const PY_HEADER = `"""Orders API of the solar shop (generated for benchmarks)."""
from typing import Optional

import mysql.connector
from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

from .db import get_connection

router = APIRouter(prefix="/orders", tags=["orders"])


class OrderIn(BaseModel):
    customer_id: int
    panel_model: str
    panel_count: int
    note: Optional[str] = None

`;

function pyHandler(i: number): string {
  const unsafe = i % 4 === 0;
  return `
@router.get("/by-status-${i}")
def list_orders_${i}(status: str, limit: int = 50, db=Depends(get_connection)):
    cursor = db.cursor(dictionary=True)
    if limit > 500:
        raise HTTPException(status_code=400, detail="limit too large")
    ${unsafe ? `query = f"SELECT id, customer_id, total FROM orders WHERE status = '{status}' LIMIT {limit}"` : `query = "SELECT id, customer_id, total FROM orders WHERE status = %s LIMIT %s"`}
    ${unsafe ? 'cursor.execute(query)' : 'cursor.execute(query, (status, limit))'}
    rows = cursor.fetchall()
    cursor.close()
    return {"orders": rows, "count": len(rows)}


@router.post("/create-${i}")
async def create_order_${i}(order: OrderIn, request: Request, db=Depends(get_connection)):
    source = request.headers.get("x-sales-channel", "web")
    cursor = db.cursor()
    cursor.execute(
        "INSERT INTO orders (customer_id, panel_model, panel_count, channel) VALUES (%s, %s, %s, %s)",
        (order.customer_id, order.panel_model, order.panel_count, source),
    )
    db.commit()
    return {"id": cursor.lastrowid}

`;
}

const TS_HEADER = `// Orders API of the solar shop (generated for benchmarks).
import express, { Request, Response } from 'express';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
export const router = express.Router();

type OrderRow = { id: number; customer_id: number; total: number; status: string };

`;

function tsHandler(i: number): string {
  const unsafe = i % 4 === 0;
  return `
router.get('/orders/by-status-${i}', async (req: Request, res: Response) => {
  const status = String(req.query.status ?? 'open');
  const limit = Number(req.query.limit ?? '50');
  if (limit > 500) {
    return res.status(400).json({ error: 'limit too large' });
  }
  ${unsafe ? 'const [rows] = await pool.query(`SELECT id, customer_id, total, status FROM orders WHERE status = \'${status}\' LIMIT ${limit}`);' : "const [rows] = await pool.query('SELECT id, customer_id, total, status FROM orders WHERE status = ? LIMIT ?', [status, limit]);"}
  res.json({ orders: rows as OrderRow[] });
});

router.post('/orders/create-${i}', async (req: Request, res: Response) => {
  const body = req.body;
  const channel = req.get('x-sales-channel') ?? 'web';
  const [result] = await pool.execute(
    'INSERT INTO orders (customer_id, panel_model, panel_count, channel) VALUES (?, ?, ?, ?)',
    [body.customerId, body.panelModel, body.panelCount, channel],
  );
  res.status(201).json({ result });
});
`;
}

function build(header: string, handler: (i: number) => string, lines: number): string {
  let text = header;
  for (let i = 1; text.split('\n').length < lines; i++) text += handler(i);
  return text;
}

export function pythonModule(lines: number): string {
  return build(PY_HEADER, pyHandler, lines);
}

export function typescriptModule(lines: number): string {
  return build(TS_HEADER, tsHandler, lines);
}
