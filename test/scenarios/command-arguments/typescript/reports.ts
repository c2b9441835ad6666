// Echoes the report arguments (the real tool takes the same ones).
import { exec } from 'child_process';
import { Router } from 'express';

export const reports = Router();

reports.get('/reports/args', (req, res) => {
  const folder = req.query.folder; // string | string[] | ParsedQs…: the template makes it text
  const pattern = typeof req.query.pattern === 'string' ? req.query.pattern : '*.txt';
  exec(`echo ${folder} ${pattern}`, (error, stdout) => {
    if (error) {
      res.status(500).send(error.message);
      return;
    }
    res.type('text/plain').send(stdout);
  });
});
