// Next.js Pages Router API routes of the same site: comments, files, admin helpers.
import type { NextApiRequest, NextApiResponse } from 'next';
import { exec, execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import mysql from 'mysql';
import got from 'got';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const conn = mysql.createConnection({ host: 'db', user: 'web', database: 'web' });
const UPLOADS = path.join(process.cwd(), 'uploads');

export async function comments(req: NextApiRequest, res: NextApiResponse) {
  // expect: sql-injection
  const rows = await prisma.$queryRawUnsafe(`SELECT * FROM comments WHERE post = '${req.query.post}'`);
  res.json(rows);
}

export async function commentsSafe(req: NextApiRequest, res: NextApiResponse) {
  // ok: sql-injection
  const rows = await prisma.$queryRaw`SELECT * FROM comments WHERE post = ${String(req.query.post)}`;
  res.json(rows);
}

export async function commentsOrm(req: NextApiRequest, res: NextApiResponse) {
  // ok: sql-injection
  const rows = await prisma.comment.findMany({ where: { post: String(req.query.post) } });
  res.json(rows);
}

export function legacyComments(req: NextApiRequest, res: NextApiResponse) {
  // expect: sql-injection
  conn.query('SELECT * FROM comments WHERE author = "' + req.body.author + '"', (err: unknown, rows: unknown) => res.json(rows));
}

export function legacyCommentsSafe(req: NextApiRequest, res: NextApiResponse) {
  // ok: sql-injection
  conn.query('SELECT * FROM comments WHERE author = ?', [req.body.author], (err: unknown, rows: unknown) => res.json(rows));
}

export function upload(req: NextApiRequest, res: NextApiResponse) {
  // expect: path-traversal
  fs.writeFileSync(path.join(UPLOADS, req.headers['x-filename'] as string), req.body);
  res.status(201).end();
}

export function uploadSafe(req: NextApiRequest, res: NextApiResponse) {
  const name = `${Date.now()}-${path.basename(String(req.headers['x-filename']))}`;
  // ok: path-traversal
  fs.writeFileSync(path.join(UPLOADS, name), req.body);
  res.status(201).end();
}

export function removeUpload(req: NextApiRequest, res: NextApiResponse) {
  // expect: path-traversal
  fs.rmSync(UPLOADS + '/' + req.query.name, { force: true });
  res.status(204).end();
}

export async function unfurl(req: NextApiRequest, res: NextApiResponse) {
  // expect: ssrf
  const page = await got(String(req.query.url)).text();
  res.send(page.slice(0, 500));
}

export async function unfurlKnown(req: NextApiRequest, res: NextApiResponse) {
  const u = new URL(String(req.query.url));
  if (u.protocol !== 'https:' || !['youtube.com', 'vimeo.com'].includes(u.hostname)) return res.status(400).end();
  // ok: ssrf
  const page = await got(u.toString()).text();
  res.send(page.slice(0, 500));
}

export function lint(req: NextApiRequest, res: NextApiResponse) {
  // expect: command-injection
  exec('npx eslint ' + req.body.file, (err, out) => res.send(out));
}

export function lintSafe(req: NextApiRequest, res: NextApiResponse) {
  // ok: command-injection
  res.send(execFileSync('npx', ['eslint', '--', String(req.body.file)]));
}

export function evalFilter(req: NextApiRequest, res: NextApiResponse) {
  // expect: code-injection
  const keep = eval('(row) => ' + req.body.filter);
  res.json([].filter(keep));
}

export function html(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('content-type', 'text/html');
  // expect: xss
  res.end(`<title>${req.query.title}</title>`);
}

export function backTo(req: NextApiRequest, res: NextApiResponse) {
  // expect: open-redirect
  res.redirect(302, String(req.query.url));
}

export function backToFixed(req: NextApiRequest, res: NextApiResponse) {
  // ok: open-redirect
  res.redirect(302, '/dashboard');
}

export function cookieSet(req: NextApiRequest, res: NextApiResponse) {
  // expect: insecure-cookie
  res.setHeader('Set-Cookie', `token=${String(req.query.t)}; Path=/`);
  res.end();
}

export function cookieSetSafe(req: NextApiRequest, res: NextApiResponse) {
  // ok: insecure-cookie
  res.setHeader('Set-Cookie', 'theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax');
  res.end();
}
