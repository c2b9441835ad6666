// The app's mysql2 pool (`query(sql, values)` → `[rows, fields]`) over a real SQLite database:
// no MySQL server runs in a test, and both bind `?` placeholders in order.
import Database from 'better-sqlite3';
import type { Pool } from 'mysql2/promise';

const sqlite = new Database(':memory:');

export const pool = {
  async query(sql: string, values: unknown[] = []): Promise<[unknown[], unknown[]]> {
    return [sqlite.prepare(sql).all(...values), []];
  },
} as unknown as Pool;

export async function seed(statements: string[]): Promise<void> {
  for (const sql of statements) sqlite.exec(sql);
}
