// Next.js App Router route handlers of a docs site: search, previews, redirects, uploads.
import { NextRequest, NextResponse } from 'next/server';
import { redirect } from 'next/navigation';
import { promises as fs } from 'fs';
import path from 'path';
import { sql } from '@vercel/postgres';
import { Pool } from 'pg';
import { execSync } from 'child_process';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const DOCS = path.join(process.cwd(), 'content');

export async function searchHandler(req: NextRequest) {
  const q = req.nextUrl.searchParams.get('q') ?? '';
  // expect: sql-injection
  const { rows } = await pool.query(`SELECT slug FROM docs WHERE body ILIKE '%${q}%'`);
  return NextResponse.json(rows);
}

export async function searchSafeHandler(req: NextRequest) {
  const q = req.nextUrl.searchParams.get('q') ?? '';
  // ok: sql-injection
  const { rows } = await sql`SELECT slug FROM docs WHERE body ILIKE ${'%' + q + '%'}`;
  return NextResponse.json(rows);
}

export async function pageHandler(req: NextRequest) {
  const slug = req.nextUrl.searchParams.get('slug') ?? 'index';
  // expect: path-traversal
  const text = await fs.readFile(path.join(DOCS, slug + '.md'), 'utf8');
  return new NextResponse(text);
}

export async function pageSafeHandler(req: NextRequest) {
  const slug = (req.nextUrl.searchParams.get('slug') ?? 'index').replace(/[^a-z0-9-]/g, '');
  // ok: path-traversal
  const text = await fs.readFile(path.join(DOCS, slug + '.md'), 'utf8');
  return new NextResponse(text);
}

export async function previewHandler(req: NextRequest) {
  const { url } = await req.json();
  // expect: ssrf
  const upstream = await fetch(url, { cache: 'no-store' });
  return new NextResponse(await upstream.text());
}

export async function ogImageHandler(req: NextRequest) {
  const id = Number(req.nextUrl.searchParams.get('id'));
  // ok: ssrf
  const upstream = await fetch(`https://img.example.com/og/${id}.png`);
  return new NextResponse(upstream.body);
}

export async function goHandler(req: NextRequest) {
  const to = req.nextUrl.searchParams.get('to') ?? '/';
  // expect: open-redirect
  return NextResponse.redirect(to);
}

export async function goRelativeHandler(req: NextRequest) {
  const to = req.nextUrl.searchParams.get('to') ?? '/';
  // ok: open-redirect
  return NextResponse.redirect(new URL(to.startsWith('/') && !to.startsWith('//') ? to : '/', req.url));
}

export async function loginAction(form: FormData) {
  'use server';
  const back = form.get('callbackUrl') as string;
  // expect: open-redirect
  redirect(back);
}

export async function echoHandler(req: NextRequest) {
  const name = req.nextUrl.searchParams.get('name') ?? '';
  // expect: xss
  return new NextResponse(`<p>Hello ${name}</p>`, { headers: { 'content-type': 'text/html' } });
}

export async function buildHandler(req: NextRequest) {
  const { branch } = await req.json();
  // expect: command-injection
  const out = execSync(`git checkout ${branch} && npm run build`);
  return new NextResponse(out);
}

export async function versionHandler() {
  // ok: command-injection
  const out = execSync('git describe --tags');
  return new NextResponse(out);
}
