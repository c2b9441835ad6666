import { NextResponse, type NextRequest } from 'next/server';
import { pool } from '@/lib/db';

// GET /api/search?q=...: panel models whose name matches the search box.
export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q') ?? '';
  const [rows] = await pool.query('SELECT model, name FROM panels WHERE active = 1');
  const matcher = new RegExp(q, 'i');
  const hits = (rows as { model: string; name: string }[]).filter((p) => matcher.test(p.name));
  return NextResponse.json(hits.slice(0, 20));
}
