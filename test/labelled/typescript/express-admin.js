// Express admin console (CommonJS): users, audit log, impersonation, templates.
const express = require('express');
const { exec } = require('child_process');
const fs = require('fs');
const path = require('path');
const sqlite3 = require('sqlite3');
const { MongoClient } = require('mongodb');
const ejs = require('ejs');
const pug = require('pug');
const winston = require('winston');
const http = require('http');

const router = express.Router();
const db = new sqlite3.Database('admin.db');
const mongo = new MongoClient(process.env.MONGO_URL || 'mongodb://localhost');
const logger = winston.createLogger();

router.get('/users', (req, res) => {
  // expect: sql-injection
  db.all("SELECT * FROM users WHERE role = '" + req.query.role + "'", (err, rows) => res.json(rows));
});

router.get('/users/safe', (req, res) => {
  // ok: sql-injection
  db.all('SELECT * FROM users WHERE role = ?', [req.query.role], (err, rows) => res.json(rows));
});

router.post('/users/delete', (req, res) => {
  // expect: sql-injection
  db.run(`DELETE FROM users WHERE id = ${req.body.id}`, () => res.end());
});

router.post('/users/find', async (req, res) => {
  // expect: nosql-injection
  const user = await mongo.db('admin').collection('users').findOne({ name: req.body.name, password: req.body.password });
  res.json(user);
});

router.post('/users/find/safe', async (req, res) => {
  // ok: nosql-injection
  const user = await mongo.db('admin').collection('users').findOne({ name: String(req.body.name) });
  res.json(user);
});

router.get('/logs/:file', (req, res) => {
  // expect: path-traversal
  res.download(path.join('/var/log/app', req.params.file));
});

router.get('/logs/v2/:file', (req, res) => {
  const allowed = ['app.log', 'error.log', 'access.log'];
  if (!allowed.includes(req.params.file)) return res.sendStatus(404);
  // ok: path-traversal
  res.download(path.join('/var/log/app', req.params.file));
});

router.post('/diag', (req, res) => {
  // expect: command-injection
  exec('nslookup ' + req.body.host, (err, out) => res.send(out));
});

router.post('/render', (req, res) => {
  // expect: template-injection
  res.send(ejs.render(req.body.template, { user: req.user }));
});

router.post('/render/pug', (req, res) => {
  // expect: template-injection
  res.send(pug.render(req.body.source));
});

router.get('/render/fixed', (req, res) => {
  // ok: template-injection
  res.send(ejs.render('<p><%= name %></p>', { name: req.query.name }));
});

router.get('/render/unescaped', (req, res) => {
  // expect: xss
  res.send(ejs.render('<p><%- name %></p>', { name: req.query.name }));
});

router.post('/login', (req, res) => {
  // expect: log-injection
  logger.info('login failed for ' + req.body.user);
  res.sendStatus(401);
});

router.post('/login/safe', (req, res) => {
  // ok: log-injection
  logger.info('login failed', { user: JSON.stringify(String(req.body.user)) });
  res.sendStatus(401);
});

router.post('/session/login', (req, res) => {
  // expect: session-fixation (2 lines)
  req.session.userId = req.body.userId;
  res.redirect('/');
});

router.post('/session/login/safe', (req, res) => {
  req.session.regenerate(() => {
    // ok: session-fixation
    req.session.userId = req.body.userId;
    res.redirect('/');
  });
});

router.get('/download', (req, res) => {
  // expect: header-injection
  res.setHeader('Content-Disposition', 'attachment; filename=' + req.query.name);
  res.end();
});

router.get('/proxy', (req, res) => {
  // expect: ssrf
  http.get(req.query.url, (up) => up.pipe(res));
});

router.get('/settings/:key', (req, res) => {
  const settings = {};
  // expect: prototype-pollution
  settings[req.params.key] = req.query.value;
  res.json(settings);
});

router.get('/impersonate', (req, res) => {
  // expect: open-redirect
  res.redirect(req.query.return_to);
});

router.get('/echo', (req, res) => {
  // expect: xss
  res.write('<pre>' + req.query.text + '</pre>');
  res.end();
});

router.get('/config-file', (req, res) => {
  // expect: code-injection
  const cfg = require(path.join(__dirname, 'configs', req.query.name));
  res.json(cfg);
});

router.get('/backup', (req, res) => {
  // ok: path-traversal
  fs.readFile(path.join(__dirname, 'backup.json'), 'utf8', (err, text) => res.type('json').send(text));
});

module.exports = router;
