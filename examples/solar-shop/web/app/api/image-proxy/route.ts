// Proxies installer photos so the browser only talks to our origin.
import { NextRequest } from 'next/server';

const CDN = 'https://cdn.solar-shop.example';

export async function GET(request: NextRequest) {
  const src = request.nextUrl.searchParams.get('src') ?? '';
  // Any URL, including http://169.254.169.254/ (Vigil: ssrf)...
  const upstream = await fetch(src);
  // ...while a path under our own CDN is fine.
  const fallback = await fetch(`${CDN}/photos/${encodeURIComponent(src)}`);
  return new Response((upstream.ok ? upstream : fallback).body, { headers: { 'Content-Type': 'image/webp' } });
}
