// Installer portal: a page and its script, served by Express.
const path = require('path');
const express = require('express');

// expect: missing-security-headers
const app = express();
app.use(express.static(path.join(__dirname, 'public')));
app.get('/api/installers', (_req, res) => {
  res.json([{ id: 1, name: 'Sunny Roofs' }]);
});

module.exports = app;
