// The app's mysql2 pool as auth.ts uses it (`execute(sql, params)` → `[rows, fields]`), over a
// real SQLite database: both drivers take `?` placeholders.
import Database from 'better-sqlite3';

export const sqlite = new Database(':memory:');
sqlite.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL)');

export const pool = {
  async execute(sql: string, params: unknown[] = []): Promise<[unknown[], unknown[]]> {
    return [sqlite.prepare(sql).all(...params), []];
  },
};
