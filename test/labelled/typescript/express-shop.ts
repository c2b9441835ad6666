// Express shop API: products, orders, exports and an admin console.
import express, { Request, Response } from 'express';
import { exec, execFile, execSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import mysql from 'mysql2/promise';
import axios from 'axios';
import serialize from 'node-serialize';

const app = express();
app.use(express.json());
const pool = mysql.createPool({ host: 'db', user: 'shop', database: 'shop', password: process.env.DB_PASSWORD });
const EXPORTS = '/srv/shop/exports';
const SORTABLE = new Set(['price', 'name', 'created_at']);

app.get('/products', async (req: Request, res: Response) => {
  const q = req.query.q as string;
  // expect: sql-injection
  const [rows] = await pool.query(`SELECT id, name FROM products WHERE name LIKE '%${q}%'`);
  res.json(rows);
});

app.get('/products/safe', async (req: Request, res: Response) => {
  const q = String(req.query.q ?? '');
  // ok: sql-injection
  const [rows] = await pool.query('SELECT id, name FROM products WHERE name LIKE ?', [`%${q}%`]);
  res.json(rows);
});

app.get('/orders/:id', async (req: Request, res: Response) => {
  // expect: sql-injection
  const [rows] = await pool.execute('SELECT * FROM orders WHERE id = ' + req.params.id);
  res.json(rows);
});

app.get('/orders', async (req: Request, res: Response) => {
  const sort = String(req.query.sort ?? 'created_at');
  if (!SORTABLE.has(sort)) return res.status(400).end();
  // ok: sql-injection
  const [rows] = await pool.query(`SELECT * FROM orders ORDER BY ${sort}`);
  res.json(rows);
});

app.get('/orders/page', async (req: Request, res: Response) => {
  const limit = Number.parseInt(String(req.query.limit ?? '20'), 10);
  // ok: sql-injection
  const [rows] = await pool.query(`SELECT * FROM orders LIMIT ${limit}`);
  res.json(rows);
});

app.get('/customers', async (req: Request, res: Response) => {
  // expect: sql-injection (2 lines)
  const sql = "SELECT name FROM customers WHERE city = '" + req.query.city + "'";
  const [rows] = await pool.query(sql);
  res.json(rows);
});

app.get('/tools/ping', (req: Request, res: Response) => {
  // expect: command-injection
  exec(`ping -c 1 ${req.query.host}`, (err, out) => res.send(out));
});

app.get('/tools/ping2', (req: Request, res: Response) => {
  // ok: command-injection
  execFile('ping', ['-c', '1', '--', String(req.query.host)], (err, out) => res.send(out));
});

app.post('/tools/archive', (req: Request, res: Response) => {
  // expect: command-injection
  const out = execSync('tar czf /srv/backups/out.tgz ' + req.body.name);
  res.send(out);
});

app.post('/tools/convert', (req: Request, res: Response) => {
  // expect: command-injection
  const child = spawn('convert ' + req.body.src + ' out.png', { shell: true });
  child.on('close', () => res.end());
});

app.get('/tools/uptime', (_req: Request, res: Response) => {
  // ok: command-injection
  execFile('uptime', (err, out) => res.send(out));
});

app.get('/calc', (req: Request, res: Response) => {
  // expect: code-injection
  res.send(String(eval(String(req.query.expr))));
});

app.post('/rules', (req: Request, res: Response) => {
  // expect: code-injection
  const rule = new Function('order', req.body.code);
  res.json({ ok: typeof rule === 'function' });
});

app.post('/cart/restore', (req: Request, res: Response) => {
  // expect: deserialization
  const cart = serialize.unserialize(req.body.cart);
  res.json({ items: cart.length });
});

app.post('/cart/restore/json', (req: Request, res: Response) => {
  // ok: deserialization
  const cart = JSON.parse(req.body.cart);
  res.json({ items: cart.length });
});

app.get('/exports/:name', (req: Request, res: Response) => {
  // expect: path-traversal
  res.sendFile(path.join(EXPORTS, req.params.name));
});

app.get('/exports/v2/:name', (req: Request, res: Response) => {
  // ok: path-traversal
  res.sendFile(req.params.name, { root: EXPORTS });
});

app.get('/exports/v3/:name', (req: Request, res: Response) => {
  const target = path.resolve(EXPORTS, req.params.name);
  if (!target.startsWith(EXPORTS + path.sep)) return res.status(404).end();
  // ok: path-traversal
  fs.createReadStream(target).pipe(res);
});

app.get('/notes', (req: Request, res: Response) => {
  // expect: path-traversal
  fs.readFile('/srv/shop/notes/' + req.query.note, 'utf8', (err, text) => res.send(text));
});

app.post('/notes', (req: Request, res: Response) => {
  // expect: path-traversal
  fs.writeFileSync(path.join('/srv/shop/notes', req.body.title), req.body.text);
  res.status(201).end();
});

app.get('/preview', async (req: Request, res: Response) => {
  // expect: ssrf
  const r = await axios.get(String(req.query.url));
  res.send(r.data);
});

app.get('/preview/partner', async (req: Request, res: Response) => {
  const slug = String(req.query.slug);
  if (!/^[a-z0-9-]+$/.test(slug)) return res.status(400).end();
  // ok: ssrf
  const r = await axios.get(`https://partners.example.com/items/${slug}`);
  res.send(r.data);
});

app.get('/hook/test', async (req: Request, res: Response) => {
  // expect: ssrf
  const r = await fetch(req.query.target as string);
  res.status(r.status).end();
});

app.get('/hello', (req: Request, res: Response) => {
  // expect: xss
  res.send('<h1>Hello ' + req.query.name + '</h1>');
});

app.get('/hello/json', (req: Request, res: Response) => {
  // ok: xss
  res.json({ greeting: `Hello ${req.query.name}` });
});

app.get('/login/done', (req: Request, res: Response) => {
  // expect: open-redirect
  res.redirect(String(req.query.next));
});

app.get('/login/done2', (req: Request, res: Response) => {
  const next = String(req.query.next ?? '/');
  // ok: open-redirect
  res.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/');
});

app.get('/lang/:code', (req: Request, res: Response) => {
  // ok: open-redirect
  res.redirect(req.params.code === 'de' ? '/de/' : '/en/');
});

app.get('/search', (req: Request, res: Response) => {
  // expect: redos
  const rx = new RegExp(String(req.query.pattern));
  res.json({ ok: rx.test('x') });
});

app.get('/search/escaped', (req: Request, res: Response) => {
  const term = String(req.query.term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ok: redos
  const rx = new RegExp(term, 'i');
  res.json({ ok: rx.test('x') });
});

app.listen(3000);
