// The documents the protocol tests open: a FastAPI route and a Next.js route handler, the
// stack Vigil is built for (DESIGN.md), each with one SQL injection.
export interface Sample {
  name: string;
  uri: string;
  languageId: string;
  text: string;
  /** 0-based line of the sink call. */
  sinkLine: number;
  /** 0-based lines where the taint source may be reported (handler parameter to first read). */
  sourceLines: [number, number];
  /** The vulnerable query as written, and a constant one to swap in for it. */
  query: string;
  safeQuery: string;
}

export const FASTAPI: Sample = {
  name: 'FastAPI route',
  uri: 'file:///workspace/shop/api/customers.py',
  languageId: 'python',
  text: [
    'from fastapi import APIRouter, Depends',
    '',
    'from .db import get_db',
    '',
    'router = APIRouter()',
    '',
    '',
    '@router.get("/c")',
    'def c(email: str, db=Depends(get_db)):',
    '    cursor = db.cursor()',
    `    cursor.execute(f"SELECT * FROM customers WHERE email = '{email}'")`,
    '    return cursor.fetchall()',
    '',
  ].join('\n'),
  sinkLine: 10,
  sourceLines: [8, 8],
  query: `f"SELECT * FROM customers WHERE email = '{email}'"`,
  safeQuery: `"SELECT * FROM customers WHERE email = 'nobody'"`,
};

export const NEXT_ROUTE: Sample = {
  name: 'Next.js route handler',
  uri: 'file:///workspace/shop/web/app/api/orders/route.ts',
  languageId: 'typescript',
  text: [
    "import { NextRequest, NextResponse } from 'next/server';",
    "import { pool } from '@/lib/db';",
    '',
    'export async function GET(request: NextRequest) {',
    "  const status = request.nextUrl.searchParams.get('status');",
    "  const [rows] = await pool.query(`SELECT * FROM orders WHERE status = '${status}'`);",
    '  return NextResponse.json(rows);',
    '}',
    '',
  ].join('\n'),
  sinkLine: 5,
  sourceLines: [3, 4],
  query: "`SELECT * FROM orders WHERE status = '${status}'`",
  safeQuery: "'SELECT * FROM orders WHERE status = 1'",
};

export const SAMPLES = [FASTAPI, NEXT_ROUTE];
