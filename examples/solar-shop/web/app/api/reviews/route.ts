import { NextResponse, type NextRequest } from 'next/server';
import { reviews } from '@/lib/reviews';

// GET /api/reviews?product=...: the reviews of one product.
export async function GET(request: NextRequest) {
  const product = request.nextUrl.searchParams.get('product') ?? '';
  const list = await reviews().find({ product }).limit(50).toArray();
  return NextResponse.json(list);
}

// PATCH /api/reviews: a customer edits their review (body: { filter, changes }).
export async function PATCH(request: Request) {
  const { filter, changes } = await request.json();
  await reviews().updateOne(filter, { $set: { text: String(changes.text), editedAt: new Date() } });
  return NextResponse.json({ ok: true });
}
