// node-postgres's API over pg-mem, an in-memory PostgreSQL engine that parses and binds `$1`
// placeholders as the server does (no server to start in a test).
import { newDb } from 'pg-mem';
import type { Pool } from 'pg';

const { Pool: MemPool } = newDb().adapters.createPg();
export const pool: Pool = new MemPool();

export async function seed(statements: string[]): Promise<void> {
  for (const sql of statements) await pool.query(sql);
}
